import assert from "node:assert/strict";
import { createOfflineProvider } from "../../../lib/ai/offline/mod.ts";
import { fakeOpenAiProvider, startFakeOpenAI } from "../../../tests/fake_openai.ts";
import { createTestApp, jsonReq, signUp, type TestApp } from "../../../tests/helpers.ts";
import { completedInterview, letterFor, typedAnswers } from "../../../tests/interview_helpers.ts";

const progress = async (t: TestApp, token?: string) =>
  await t.app.request("/api/users/me/progress", jsonReq("GET", undefined, token));

Deno.test("progress: the user's completed interviews oldest first, never another user's", async () => {
  const t = await createTestApp({ ai: createOfflineProvider() });
  try {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const letterA = await letterFor(t, a.access, "결제 백엔드");
    const first = await completedInterview(t, a.access, letterA, { answers: typedAnswers(1) });
    const second = await completedInterview(t, a.access, letterA, { answers: typedAnswers(3) });
    await completedInterview(t, a.access, letterA, { finish: false });
    const theirs = await completedInterview(t, b.access, await letterFor(t, b.access, "B 공고"));

    const res = await progress(t, a.access);
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual(Object.keys(body), ["points"]);
    assert.deepEqual(
      body.points.map((p: { session_id: string }) => p.session_id),
      [first.session_id, second.session_id],
      "completed only, oldest first",
    );
    for (const [p, r] of [[body.points[0], first], [body.points[1], second]]) {
      assert.equal(p.completed_at, r.completed_at);
      assert.equal(p.posting_title, "결제 백엔드");
      assert.equal(p.mode, "job");
      assert.equal(p.score, r.feedback.score);
      assert.equal(p.requirement_coverage, Math.round(r.requirement_map.coverage * 1000) / 1000);
      // Each dimension is the mean of the answers' rubric scores; typed answers have no delivery.
      for (const d of ["conclusion_first", "specifics", "relevance", "structure"] as const) {
        // deno-lint-ignore no-explicit-any -- JSON rows
        const scores = r.turns.map((x: any) => x.feedback.rubric[d].score);
        const mean = scores.reduce((a: number, b: number) => a + b, 0) / scores.length;
        assert.equal(p.rubric[d], Math.round(mean * 100) / 100, d);
      }
      assert.equal(p.rubric.delivery, null);
      // Typed answers have no voice.
      assert.equal(p.syllables_per_minute, null);
      assert.equal(p.fillers_per_minute, null);
    }
    assert.ok(
      body.points[1].requirement_coverage > body.points[0].requirement_coverage,
      "more requirements shown, more coverage",
    );
    const other = await (await progress(t, b.access)).json();
    assert.deepEqual(other.points.map((p: { session_id: string }) => p.session_id), [
      theirs.session_id,
    ]);
    assert.equal((await progress(t)).status, 401);

    const history = await (await t.app.request(
      "/api/interviews/history",
      jsonReq("GET", undefined, a.access),
    )).json();
    assert.deepEqual(
      // deno-lint-ignore no-explicit-any -- JSON rows
      history.items.map((i: any) => [i.posting_title, i.mode, i.score]),
      [
        ["결제 백엔드", "job", null],
        ["결제 백엔드", "job", second.feedback.score],
        ["결제 백엔드", "job", first.feedback.score],
      ],
    );
  } finally {
    await t.close();
  }
});

Deno.test("progress (OpenAI): pace and fillers are the duration-weighted means of the answers", async () => {
  const fake = await startFakeOpenAI();
  const t = await createTestApp({ ai: fakeOpenAiProvider(fake) });
  try {
    const a = await signUp(t.app);
    const audio = await Deno.readFile(
      new URL("../../../tests/fixtures/audio/speech.webm", import.meta.url),
    );
    const result = await completedInterview(t, a.access, await letterFor(t, a.access, "공고"), {
      audio,
    });
    const [point] = (await (await progress(t, a.access)).json()).points;
    // deno-lint-ignore no-explicit-any -- JSON rows
    const turns = result.turns.map((x: any) => x.metrics);
    const seconds = turns.reduce((s: number, m: { duration_sec: number }) => s + m.duration_sec, 0);
    const weighted = (k: string) =>
      // deno-lint-ignore no-explicit-any -- JSON rows
      turns.reduce((s: number, m: any) => s + m[k] * m.duration_sec, 0) / seconds;
    assert.ok(point.syllables_per_minute > 0);
    assert.equal(
      point.syllables_per_minute,
      Math.round(weighted("syllables_per_minute") * 10) / 10,
    );
    assert.equal(point.fillers_per_minute, Math.round(weighted("fillers_per_minute") * 100) / 100);
    assert.equal(point.score, result.feedback.score);
    assert.equal(typeof point.requirement_coverage, "number");
    // Spoken answers are scored on delivery too.
    // deno-lint-ignore no-explicit-any -- JSON rows
    const delivery = result.turns.map((x: any) => x.feedback.rubric.delivery.score);
    assert.equal(
      point.rubric.delivery,
      Math.round(delivery.reduce((a: number, b: number) => a + b, 0) / delivery.length * 100) / 100,
    );
  } finally {
    await t.close();
    await fake.close();
  }
});
