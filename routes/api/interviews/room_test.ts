/**
 * The interview room (issue 15, scope 1) through the JSON API and the pages: the preparation
 * countdown chosen at the start (validated, stored, returned), the room that resumes at the
 * current turn with a way out to the history, and the retry page of a finished interview.
 */
import assert from "node:assert/strict";
import { ensureAssets } from "../../../lib/assets.ts";
import { fakeOpenAiProvider, startFakeOpenAI } from "../../../tests/fake_openai.ts";
import { createTestApp, jsonReq, signUp, type TestApp } from "../../../tests/helpers.ts";
import { completedInterview, letterFor } from "../../../tests/interview_helpers.ts";

async function withApp(
  fn: (t: TestApp, token: string, letter: string) => Promise<void>,
  opts: Parameters<typeof createTestApp>[0] = {},
) {
  await ensureAssets();
  const t = await createTestApp(opts);
  try {
    const user = await signUp(t.app);
    await fn(t, user.access, await letterFor(t, user.access, "백엔드 개발자"));
  } finally {
    await t.close();
  }
}

const SPEECH = new URL("../../../tests/fixtures/audio/speech.webm", import.meta.url);

const start = (t: TestApp, token: string, body: Record<string, unknown>) =>
  t.app.request("/api/interviews/start", jsonReq("POST", body, token));

/** A page as the signed-in browser gets it (the access cookie holds the same token). */
const page = (t: TestApp, token: string, path: string) =>
  t.app.request(path, { headers: { cookie: `mi_at=${token}` }, redirect: "manual" });

/** The island props the page embedded. */
async function islandProps(res: Response) {
  const html = await res.text();
  const json = html.match(/<script[^>]*type="application\/json"[^>]*>([^<]*)<\/script>/)?.[1];
  assert.ok(json, "the page embeds the island's props");
  return { html, props: JSON.parse(json) };
}

Deno.test("prep_seconds: out of range or not a whole number is 422 and creates nothing", async () => {
  await withApp(async (t, token, letter) => {
    for (const prep_seconds of [-1, 31, 2.5, "5", null]) {
      const res = await start(t, token, { cover_letter_id: letter, prep_seconds });
      const body = await res.json();
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(body.error.code, "invalid_input");
      assert.ok(
        body.error.details.fields.some((f: { path: string }) => f.path === "prep_seconds"),
        JSON.stringify(body.error.details),
      );
    }
    const [{ n }] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from interview_sessions`;
    assert.equal(n, 0);
  });
});

Deno.test("prep_seconds: stored on the session, returned by start and result; 5 by default", async () => {
  await withApp(async (t, token, letter) => {
    const auth = { authorization: `Bearer ${token}` };
    for (const [sent, kept] of [[undefined, 5], [0, 0], [12, 12], [30, 30]] as const) {
      const res = await start(t, token, { cover_letter_id: letter, prep_seconds: sent });
      const body = await res.json();
      assert.equal(res.status, 201, JSON.stringify(body));
      assert.equal(body.prep_seconds, kept);
      const result = await (await t.app.request(
        `/api/interviews/${body.session_id}/result`,
        { headers: auth },
      )).json();
      assert.equal(result.prep_seconds, kept);
      // The room follows it.
      const { props } = await islandProps(await page(t, token, `/interviews/${body.session_id}`));
      assert.equal(props.prepSeconds, kept);
    }
  });
});

Deno.test("the room resumes at the current turn, links out to the history, which says continue", async () => {
  await withApp(async (t, token, letter) => {
    const { session_id } = await completedInterview(t, token, letter, { finish: false });
    const room = await page(t, token, `/interviews/${session_id}`);
    assert.equal(room.status, 200);
    const { html, props } = await islandProps(room);
    assert.equal(props.turn, 2, "turn 1 was answered");
    assert.equal(props.postUrl, `/api/interviews/${session_id}/answer`);
    assert.equal(props.retryPending, false);
    assert.match(html, /id="rec-leave"[^>]*>나가기 \(나중에 이어서 하기\)/s);
    assert.match(html, /href="\/history"[^>]*id="rec-leave"|id="rec-leave"[^>]*href="\/history"/);
    const history = await (await page(t, token, "/history")).text();
    assert.match(history, new RegExp(`href="/interviews/${session_id}"[^>]*>이어서 하기<`));
  });
});

Deno.test("the room reopens a turn whose kept answer failed to process on its server retry", async () => {
  const fake = await startFakeOpenAI();
  try {
    await withApp(async (t, token, letter) => {
      const auth = { authorization: `Bearer ${token}` };
      const { session_id } = await completedInterview(t, token, letter, { finish: false });
      const form = new FormData();
      form.append("turn_number", "2");
      form.append("audio", new Blob([await Deno.readFile(SPEECH)]), "answer.webm");
      fake.failNext("transcription", 1, 500);
      const failed = await t.app.request(`/api/interviews/${session_id}/answer`, {
        method: "POST",
        headers: auth,
        body: form,
      });
      assert.equal(failed.status, 503, await failed.clone().text());
      await failed.body?.cancel();
      const { props } = await islandProps(await page(t, token, `/interviews/${session_id}`));
      assert.equal(props.turn, 2);
      assert.equal(props.retryPending, true, "the room resumes it on the server");
    }, { ai: fakeOpenAiProvider(fake) });
  } finally {
    await fake.close();
  }
});

Deno.test("the retry page: only for a finished interview, one question posting its attempts", async () => {
  await withApp(async (t, token, letter) => {
    const open = await completedInterview(t, token, letter, { finish: false });
    const early = await page(t, token, `/interviews/${open.session_id}/turns/1/retry`);
    assert.equal(early.status, 303);
    assert.equal(early.headers.get("location"), `/interviews/${open.session_id}/result`);

    const done = await completedInterview(t, token, letter);
    const id = done.session_id;
    const res = await page(t, token, `/interviews/${id}/turns/3/retry`);
    assert.equal(res.status, 200);
    const { props } = await islandProps(res);
    assert.equal(props.mode, "retry");
    assert.equal(props.turn, 3);
    assert.equal(props.total, 1);
    assert.equal(props.question, done.turns[2].question_text);
    assert.equal(props.postUrl, `/api/interviews/${id}/turns/3/attempts`);
    assert.equal(props.resultUrl, `/interviews/${id}/result#turn-3`);
    assert.equal(props.live, undefined);
    assert.equal(props.retryPending, false);

    for (const n of ["9", "x"]) {
      assert.equal((await page(t, token, `/interviews/${id}/turns/${n}/retry`)).status, 404);
    }
    // Someone else's interview is not found either.
    const other = await signUp(t.app);
    assert.equal((await page(t, other.access, `/interviews/${id}/turns/3/retry`)).status, 404);
  });
});
