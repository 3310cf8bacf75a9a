/**
 * Retry and compare on both providers: a question of a completed interview answered again by
 * recording (file STT on the fake OpenAI server, the browser's transcript offline) and by
 * typing; attempts kept and compared in the result; bad input refused with nothing stored; a
 * failing AI step keeps the recording and the attempt scores on a re-run.
 */
import assert from "node:assert/strict";
import { createOfflineProvider } from "../../../lib/ai/offline/mod.ts";
import { CONTENT_DIMENSIONS, RUBRIC_DIMENSIONS } from "../../../lib/ai/rubric.ts";
import type { AiProvider } from "../../../lib/ai/types.ts";
import { AppError } from "../../../lib/errors.ts";
import { MAX_RETRIES_PER_TURN } from "../../../lib/interview/mod.ts";
import {
  type FakeOpenAI,
  fakeOpenAiProvider,
  startFakeOpenAI,
} from "../../../tests/fake_openai.ts";
import { createLocalStorage } from "../../../lib/storage/local.ts";
import type { Storage } from "../../../lib/storage/types.ts";
import { createTestApp, filesUnder, signUp, type TestApp } from "../../../tests/helpers.ts";
import { completedInterview, letterFor } from "../../../tests/interview_helpers.ts";

const fixture = (name: string) =>
  Deno.readFile(new URL(`../../../tests/fixtures/audio/${name}`, import.meta.url));
const speech = await fixture("speech.webm");

const SPOKEN = "저는 PostgreSQL 실행 계획을 분석해서 인덱스를 다시 설계했습니다. 그 결과 " +
  "주문 조회 응답 시간을 40% 줄였고, 매주 느린 쿼리를 점검했습니다.";
const TYPED = "PostgreSQL 인덱스를 다시 설계해 주문 조회 응답 시간을 40% 줄였습니다. " +
  "실행 계획을 매주 점검하고, 느린 쿼리 알림을 Grafana로 만들었습니다.";

type Provider = "offline" | "openai";

interface Env {
  t: TestApp;
  provider: Provider;
  fake: FakeOpenAI | null;
  /** Makes the next `answerFeedback` calls fail (the fake's chat, or the offline engine). */
  failFeedback(n: number): void;
}

/** A test on each provider. */
function both(name: string, fn: (env: Env) => Promise<void>) {
  for (const provider of ["offline", "openai"] as const) {
    Deno.test(`${provider}: ${name}`, async () => {
      const fake = provider === "openai" ? await startFakeOpenAI() : null;
      let failing = 0;
      const offline = createOfflineProvider();
      const ai: AiProvider = fake ? fakeOpenAiProvider(fake) : {
        ...offline,
        answerFeedback: (ctx, qa, call) =>
          failing-- > 0
            ? Promise.reject(new AppError("upstream", "ai_llm_failed", "Injected failure"))
            : offline.answerFeedback(ctx, qa, call),
      };
      const t = await createTestApp({ ai });
      try {
        await fn({
          t,
          provider,
          fake,
          failFeedback: (n) => fake ? fake.failNext("chat", n, 500) : (failing = n),
        });
      } finally {
        await t.close();
        await fake?.close();
      }
    });
  }
}

// deno-lint-ignore no-explicit-any -- JSON bodies, checked field by field
type Json = any;

async function call(t: TestApp, token: string, path: string, init: RequestInit = {}) {
  const res = await t.app.request(path, {
    ...init,
    headers: { ...init.headers, authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: await res.json() as Json };
}

/** A user with a completed interview of typed answers. */
async function finished(t: TestApp) {
  const user = await signUp(t.app, { career_summary: "결제 백엔드 3년" });
  const letter = await letterFor(t, user.access, "백엔드 개발자");
  const result = await completedInterview(t, user.access, letter);
  return { token: user.access, letter, sid: result.session_id as string };
}

/** Answers turn `n` again: a recording (with the client's transcript offline) or text. */
function retry(
  env: Env,
  token: string,
  sid: string,
  n: number,
  a: { text?: string; audio?: Uint8Array; transcript?: string },
) {
  const form = new FormData();
  if (a.text !== undefined) form.append("answer_text", a.text);
  if (a.audio) form.append("audio", new Blob([a.audio as BlobPart]), "retry.webm");
  if (a.transcript !== undefined) form.append("client_transcript", a.transcript);
  return call(env.t, token, `/api/interviews/${sid}/turns/${n}/attempts`, {
    method: "POST",
    body: form,
  });
}

/** A spoken retry as each provider takes it: file STT (the fake says `SPOKEN`) or offline text. */
function spoken(env: Env, token: string, sid: string, n: number) {
  if (env.fake) {
    env.fake.queueTranscripts(SPOKEN);
    return retry(env, token, sid, n, { audio: speech });
  }
  return retry(env, token, sid, n, { audio: speech, transcript: SPOKEN });
}

async function result(env: Env, token: string, sid: string): Promise<Json> {
  const res = await call(env.t, token, `/api/interviews/${sid}/result`);
  assert.equal(res.status, 200);
  return res.body;
}

const attemptRows = (t: TestApp) =>
  t.db.sql<Json[]>`select * from turn_attempts order by attempt_number`;

/** The diff's runs spell the earlier text (equal + removed) and the later (equal + added). */
function assertReconstructs(diff: Json[], before: string, after: string) {
  const join = (ops: string[]) =>
    diff.filter((s) => ops.includes(s.op)).map((s) => s.text).join("");
  assert.equal(join(["equal", "removed"]), before);
  assert.equal(join(["equal", "added"]), after);
}

both("answered again by voice and by typing: kept, scored and compared", async (env) => {
  const { t } = env;
  const { token, sid, letter } = await finished(t);

  const first = await spoken(env, token, sid, 2);
  assert.equal(first.status, 201, JSON.stringify(first.body));
  const a2 = first.body;
  assert.equal(a2.turn_number, 2);
  assert.equal(a2.attempt_number, 2);
  assert.equal(a2.state, "scored");
  assert.equal(a2.answer_source, "audio");
  assert.equal(a2.answer_stt_text, SPOKEN);
  assert.equal(a2.transcript_source, env.fake ? "server" : "browser");
  assert.match(a2.answer_audio_url, /^\/files\/users\/.+\.webm\?exp=/);
  assert.ok(a2.metrics.duration_sec > 0, "a recording has a duration");
  assert.equal(a2.score, a2.feedback.score);
  assert.ok(a2.feedback.rubric.delivery, "a recording is scored on delivery");
  if (env.fake) {
    const stt = env.fake.requests.filter((r) => r.endpoint === "transcription");
    assert.equal(stt.length, 1, "file STT of the retry");
  }
  // The recording plays back from its signed URL.
  const audio = await t.app.request(a2.answer_audio_url);
  assert.equal(audio.status, 200);
  assert.ok((await audio.arrayBuffer()).byteLength > 1000);

  const typed = await retry(env, token, sid, 2, { text: TYPED });
  assert.equal(typed.status, 201, JSON.stringify(typed.body));
  const a3 = typed.body;
  assert.equal(a3.attempt_number, 3);
  assert.equal(a3.answer_source, "text");
  assert.equal(a3.answer_audio_url, null);
  assert.equal(a3.metrics.duration_sec, null);
  assert.equal(a3.feedback.rubric.delivery, null, "a typed answer has no delivery");

  const r = await result(env, token, sid);
  const turn = r.turns[1];
  assert.deepEqual(turn.attempts.map((a: Json) => a.attempt_number), [2, 3]);
  // Each answer came back compared already, as the result compares it.
  assert.equal(a2.comparison.against_attempt, 1);
  assert.equal(a3.comparison.against_attempt, 2);
  assert.deepEqual(a3.comparison, turn.attempts[1].comparison);
  for (const other of [0, 2, 3, 4]) assert.deepEqual(r.turns[other].attempts, []);
  assert.equal(turn.attempts[0].answer_stt_text, SPOKEN);
  assert.match(turn.attempts[0].answer_audio_url, /\?exp=\d+&sig=/);

  // Each score change is the difference of the stored rubric scores.
  const [original] = await t.db.sql<Json[]>`
    select t.feedback, t.answer_stt_text from interview_turns t
    where t.session_id = ${sid} and t.turn_number = 2`;
  const stored = await attemptRows(t);
  assert.deepEqual(stored.map((s) => s.state), ["scored", "scored"]);
  const sides = [original, ...stored];
  for (const [i, a] of turn.attempts.entries()) {
    const before = sides[i].feedback, after = sides[i + 1].feedback;
    assert.equal(a.comparison.against_attempt, i + 1);
    assert.deepEqual(a.feedback, after);
    assert.equal(a.comparison.score_change.overall, after.score - before.score);
    for (const d of CONTENT_DIMENSIONS) {
      assert.equal(
        a.comparison.score_change[d],
        after.rubric[d].score - before.rubric[d].score,
        `${d} of attempt ${a.attempt_number}`,
      );
    }
    assertReconstructs(
      a.comparison.transcript_diff,
      sides[i].answer_stt_text,
      sides[i + 1].answer_stt_text,
    );
    assert.ok(a.comparison.transcript_diff.some((s: Json) => s.op === "added"));
  }
  // The original and the last were typed: no delivery on one side means no change.
  assert.equal(turn.attempts[0].comparison.score_change.delivery, null);
  assert.equal(turn.attempts[1].comparison.score_change.delivery, null);
  assert.deepEqual(
    Object.keys(turn.attempts[0].comparison.score_change).sort(),
    ["overall", ...RUBRIC_DIMENSIONS].sort(),
  );

  // Deleting the letter deletes its interviews, and with them the retries' recordings.
  assert.equal((await filesUnder(`${t.dataDir}/files`)).length > 0, true);
  const gone = await t.app.request(`/api/cover-letters/${letter}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(gone.status, 204);
  assert.deepEqual(await filesUnder(`${t.dataDir}/files`), []);
  assert.equal((await attemptRows(t)).length, 0);
});

both("only a completed interview of the user; bad input stores nothing", async (env) => {
  const { t } = env;
  const { token, sid, letter } = await finished(t);
  const expectError = (res: { status: number; body: Json }, status: number, code: string) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.error.code, code);
    return res.body.error;
  };

  const running = await completedInterview(t, token, letter, { finish: false });
  const early = expectError(
    await retry(env, token, running.session_id, 1, { text: TYPED }),
    409,
    "interview_not_completed",
  );
  assert.equal(early.details.status, "in_progress");

  const stranger = await signUp(t.app);
  expectError(
    await retry(env, stranger.access, sid, 2, { text: TYPED }),
    404,
    "interview_not_found",
  );
  expectError(
    await retry(env, token, crypto.randomUUID(), 2, { text: TYPED }),
    404,
    "interview_not_found",
  );

  expectError(await retry(env, token, sid, 2, {}), 422, "invalid_input");
  expectError(
    await retry(env, token, sid, 2, { text: TYPED, audio: speech, transcript: SPOKEN }),
    422,
    "invalid_input",
  );
  expectError(
    await retry(env, token, sid, 2, {
      audio: new TextEncoder().encode("not audio at all ".repeat(20)),
      transcript: SPOKEN,
    }),
    415,
    "unsupported_audio",
  );
  expectError(
    await retry(env, token, sid, 2, {
      audio: new Uint8Array(10 * 1024 * 1024 + 1),
      transcript: SPOKEN,
    }),
    413,
    "file_too_large",
  );
  expectError(
    await retry(env, token, sid, 2, { audio: await fixture("silence.webm"), transcript: SPOKEN }),
    422,
    "no_speech",
  );
  if (!env.fake) {
    // No server STT and no transcript of the recording.
    expectError(await retry(env, token, sid, 2, { audio: speech }), 422, "transcript_required");
  }
  assert.equal((await attemptRows(t)).length, 0);
  assert.deepEqual(await filesUnder(`${t.dataDir}/files`), [], "no recording was stored");
  if (env.fake) {
    assert.equal(env.fake.requests.filter((r) => r.endpoint === "transcription").length, 0);
  }
});

both("a failing AI step keeps the attempt and its recording; a re-run scores it", async (env) => {
  const { t } = env;
  const { token, sid } = await finished(t);
  env.failFeedback(1);
  const failed = await spoken(env, token, sid, 3);
  // The fake's 500 is the provider being unavailable (503); the offline one's failure a 502.
  assert.equal(failed.status, env.fake ? 503 : 502, JSON.stringify(failed.body));
  assert.equal(failed.body.error.details.attempt_number, 2);
  assert.equal(failed.body.error.details.turn_number, 3);
  assert.equal(failed.body.error.details.retryable, true);

  const [row] = await attemptRows(t);
  assert.equal(row.state, "failed");
  assert.ok(row.error);
  assert.equal(row.answer_stt_text, SPOKEN, "the transcript is kept too");
  const files = await filesUnder(`${t.dataDir}/files`);
  assert.equal(files.filter((f) => f.includes(row.answer_audio_key)).length, 1);
  const listed = (await result(env, token, sid)).turns[2].attempts;
  assert.equal(listed[0].state, "failed");
  assert.equal(listed[0].comparison.score_change.overall, null, "nothing to compare yet");

  const path = `/api/interviews/${sid}/turns/3/attempts/2/retry`;
  const rerun = await call(t, token, path, { method: "POST" });
  assert.equal(rerun.status, 200, JSON.stringify(rerun.body));
  assert.equal(rerun.body.state, "scored");
  assert.equal(rerun.body.answer_stt_text, SPOKEN);
  assert.equal(rerun.body.score, rerun.body.feedback.score);
  assert.equal((await attemptRows(t))[0].answer_audio_key, row.answer_audio_key);

  const again = await call(t, token, path, { method: "POST" });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, "attempt_not_failed");
  const missing = await call(t, token, `/api/interviews/${sid}/turns/3/attempts/3/retry`, {
    method: "POST",
  });
  assert.equal(missing.status, 404);
  const stranger = await signUp(t.app);
  assert.equal((await call(t, stranger.access, path, { method: "POST" })).status, 404);
});

Deno.test("openai: a failed transcription keeps the recording; the re-run transcribes it", async () => {
  const fake = await startFakeOpenAI();
  const t = await createTestApp({ ai: fakeOpenAiProvider(fake) });
  const env: Env = { t, provider: "openai", fake, failFeedback: () => {} };
  try {
    const { token, sid } = await finished(t);
    fake.failNext("transcription", 1, 500);
    const failed = await retry(env, token, sid, 1, { audio: speech });
    assert.equal(failed.status, 503, JSON.stringify(failed.body));
    assert.equal(failed.body.error.code, "ai_stt_unavailable");
    const [row] = await attemptRows(t);
    assert.equal(row.state, "failed");
    assert.equal(row.answer_stt_text, null);
    assert.ok(row.answer_audio_key);

    fake.queueTranscripts(SPOKEN);
    const rerun = await call(t, token, `/api/interviews/${sid}/turns/1/attempts/2/retry`, {
      method: "POST",
    });
    assert.equal(rerun.status, 200, JSON.stringify(rerun.body));
    assert.equal(rerun.body.answer_stt_text, SPOKEN);
    assert.equal(rerun.body.transcript_source, "server");
    assert.ok(rerun.body.metrics.duration_sec > 0);
    assert.equal(rerun.body.state, "scored");
  } finally {
    await t.close();
    await fake.close();
  }
});

Deno.test("offline: a question can be answered again at most MAX_RETRIES_PER_TURN times", async () => {
  const t = await createTestApp();
  const env: Env = { t, provider: "offline", fake: null, failFeedback: () => {} };
  try {
    const { token, sid } = await finished(t);
    for (let i = 0; i < MAX_RETRIES_PER_TURN; i++) {
      const res = await retry(env, token, sid, 4, { text: `${TYPED} ${i}` });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.attempt_number, i + 2);
    }
    const over = await retry(env, token, sid, 4, { text: TYPED });
    assert.equal(over.status, 409);
    assert.equal(over.body.error.code, "attempt_limit_reached");
    assert.equal((await attemptRows(t)).length, MAX_RETRIES_PER_TURN);
  } finally {
    await t.close();
  }
});

Deno.test("offline: the same answer again scores the same; an abandoned scoring is taken over", async () => {
  const t = await createTestApp();
  const env: Env = { t, provider: "offline", fake: null, failFeedback: () => {} };
  try {
    const { token, sid } = await finished(t);
    const before = (await result(env, token, sid)).turns[0];
    const same = await retry(env, token, sid, 1, { text: before.answer_stt_text });
    assert.equal(same.status, 201, JSON.stringify(same.body));
    assert.deepEqual(same.body.feedback, before.feedback, "one rubric, one judgement");
    const [compared] = (await result(env, token, sid)).turns[0].attempts;
    assert.deepEqual(compared.comparison.score_change, {
      overall: 0,
      conclusion_first: 0,
      specifics: 0,
      relevance: 0,
      structure: 0,
      delivery: null,
    });
    assert.deepEqual(compared.comparison.transcript_diff, [
      { op: "equal", text: before.answer_stt_text },
    ]);

    // A scoring run still holding the attempt is left alone; one abandoned long ago is taken over.
    const path = `/api/interviews/${sid}/turns/1/attempts/2/retry`;
    await t.db.sql`update turn_attempts set state = 'pending', feedback = null,
      claimed_at = now()`;
    const busy = await call(t, token, path, { method: "POST" });
    assert.equal(busy.status, 409);
    assert.equal(busy.body.error.details.state, "pending");
    await t.db.sql`update turn_attempts set claimed_at = now() - interval '1 hour'`;
    const taken = await call(t, token, path, { method: "POST" });
    assert.equal(taken.status, 200, JSON.stringify(taken.body));
    assert.deepEqual(taken.body.feedback, before.feedback);
  } finally {
    await t.close();
  }
});

Deno.test("offline: a recording that cannot be stored is refused with nothing kept", async () => {
  const dir = await Deno.makeTempDir({ prefix: "mi-attempt-files-" });
  const local = createLocalStorage({ dir, secret: "test-file-secret", baseUrl: "" });
  let down = false;
  const storage: Storage = {
    ...local,
    put: (...args) => down ? Promise.reject(new Error("disk full")) : local.put(...args),
  };
  const t = await createTestApp({ storage });
  const env: Env = { t, provider: "offline", fake: null, failFeedback: () => {} };
  try {
    const { token, sid } = await finished(t);
    down = true;
    const refused = await spoken(env, token, sid, 2);
    assert.equal(refused.status, 503);
    assert.equal(refused.body.error.code, "storage_unavailable");
    assert.equal(refused.body.error.details.retryable, true);
    assert.equal((await attemptRows(t)).length, 0);
    down = false;
    assert.equal((await spoken(env, token, sid, 2)).body.attempt_number, 2, "sent again");
  } finally {
    await t.close();
    await Deno.remove(dir, { recursive: true });
  }
});
