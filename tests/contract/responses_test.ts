/**
 * Every response the API sends validates against what `/api/openapi.json` declares for its
 * operation and status. Two real apps (the OpenAI provider on the fake server, and the offline
 * provider with low rate limits) are driven through every operation, success and each error
 * status the route can produce; every answer goes through {@link ContractChecker}.
 */
import assert from "node:assert/strict";
import { createOfflineProvider } from "../../lib/ai/offline/mod.ts";
import { runPendingJobs } from "../../lib/interview/mod.ts";
import type { App } from "../../routes/app.ts";
import { type FakeOpenAI, fakeOpenAiProvider, startFakeOpenAI } from "../fake_openai.ts";
import { createTestApp, type TestApp } from "../helpers.ts";
import { fixture, form, LETTER_TEXT, POSTING_TEXT } from "../security/support.ts";
import { type Call, ContractChecker } from "./contract.ts";

const PASSWORD = "correct horse battery";
const NOBODY = "00000000-0000-4000-8000-000000000000";
const MB = 1024 * 1024;
/** A browser session cookie without its CSRF token: unsafe requests are refused with 403. */
const COOKIE_ONLY = { cookie: "mi_at=x" };

/** Sends calls to one app, asserting the expected status (the scenario) on top of the contract. */
function driver(checker: ContractChecker, app: App) {
  return async (expected: number | number[], call: Call) => {
    const answer = await checker.send(app, call);
    const ok = Array.isArray(expected) ? expected : [expected];
    assert.ok(
      ok.includes(answer.status),
      `${call.method} ${call.path}: expected ${ok.join("|")}, got ${answer.status} ` +
        new TextDecoder().decode(answer.bytes.slice(0, 300)),
    );
    return answer;
  };
}

/** Registers and logs in a fresh user; returns the access and refresh tokens. */
async function account(send: ReturnType<typeof driver>) {
  const email = `c-${crypto.randomUUID().slice(0, 8)}@example.com`;
  await send(201, { method: "POST", path: "/auth/register", json: { email, password: PASSWORD } });
  const pair = await send(200, {
    method: "POST",
    path: "/auth/login",
    json: { email, password: PASSWORD },
  });
  return { email, access: pair.json.access_token as string, refresh: pair.json.refresh_token };
}

/** The malformed, wrong-type and invalid variants every JSON-body route must answer. */
async function badJson(
  send: ReturnType<typeof driver>,
  call: Omit<Call, "json" | "body">,
  invalid: unknown,
) {
  await send(400, { ...call, body: "{", headers: { "content-type": "application/json" } });
  await send(415, { ...call, body: "x", headers: { "content-type": "text/plain" } });
  await send(422, { ...call, json: invalid });
}

/** Auth, users, postings, letters and the voice interview on the fake OpenAI server. */
async function driveOpenAi(checker: ContractChecker, t: TestApp, fake: FakeOpenAI) {
  const send = driver(checker, t.app);

  // Auth.
  const user = await account(send);
  const register = { method: "POST", path: "/auth/register" };
  await send(409, { ...register, json: { email: user.email, password: PASSWORD } });
  await badJson(send, register, { email: "not-an-email", password: PASSWORD });
  await send(422, { ...register, json: { email: "short@example.com", password: "1234567" } });
  const login = { method: "POST", path: "/auth/login" };
  await send(401, { ...login, json: { email: user.email, password: "wrong password" } });
  await badJson(send, login, {});
  const refresh = { method: "POST", path: "/auth/refresh" };
  const rotated = await send(200, { ...refresh, json: { refresh_token: user.refresh } });
  await send(401, { ...refresh, json: { refresh_token: "not-a-token" } });
  await badJson(send, refresh, { refresh_token: "" });
  const logout = { method: "POST", path: "/auth/logout" };
  await send(204, { ...logout, json: { refresh_token: rotated.json.refresh_token } });
  await badJson(send, logout, {});
  const token = user.access;

  // Users.
  const me = { method: "GET", path: "/users/me" };
  await send(200, { ...me, token });
  const noToken = await send(401, me);
  assert.equal(noToken.headers.get("www-authenticate"), "Bearer");
  const badToken = await send(401, { ...me, token: "garbage" });
  assert.equal(badToken.headers.get("www-authenticate"), 'Bearer error="invalid_token"');
  const patchMe = { method: "PATCH", path: "/users/me", token };
  await send(200, { ...patchMe, json: { name: "계약", age: 30, gender: "other" } });
  await send(401, { ...patchMe, token: undefined, json: { name: "x" } });
  await send(403, { ...patchMe, token: undefined, headers: COOKIE_ONLY, json: { name: "x" } });
  await badJson(send, patchMe, { age: 5 });

  // Job postings.
  const postings = { method: "POST", path: "/job-postings", token };
  const posting = await send(201, { ...postings, body: form({ text: POSTING_TEXT, title: "T" }) });
  const pdf = await fixture("pdf/posting_ko.pdf");
  await send(201, { ...postings, body: form({}, { file: { bytes: pdf, name: "p.pdf" } }) });
  await send(401, { ...postings, token: undefined, body: form({ text: POSTING_TEXT }) });
  await send(403, { ...postings, token: undefined, headers: COOKIE_ONLY, body: form({}) });
  await send(413, {
    ...postings,
    body: form({}, { file: { bytes: new Uint8Array(10.5 * MB), name: "big.pdf" } }),
  });
  await send(415, { ...postings, json: { text: POSTING_TEXT } });
  await send(415, {
    ...postings,
    body: form({}, { file: { bytes: await fixture("pdf/not_a_pdf.pdf"), name: "x.pdf" } }),
  });
  await send(422, { ...postings, body: form({}) });
  await send(422, { ...postings, body: form({ text: "too short" }) });
  await send(400, {
    ...postings,
    body: "garbage",
    headers: { "content-type": "multipart/form-data; boundary=x" },
  });
  fake.queueChatContent("not json");
  await send(502, { ...postings, body: form({ text: POSTING_TEXT }) });
  fake.failNext("chat", 1, 500);
  await send(503, { ...postings, body: form({ text: POSTING_TEXT }) });
  const list = { method: "GET", path: "/job-postings", token };
  await send(200, list);
  await send(200, { ...list, query: "limit=1&offset=1" });
  await send(401, { ...list, token: undefined });
  await send(422, { ...list, query: "offset=null" });
  await send(422, { ...list, query: "limit=0" });
  const onePosting = { method: "GET", path: "/job-postings/{id}", token };
  await send(200, { ...onePosting, params: { id: posting.json.id } });
  await send(401, { ...onePosting, token: undefined, params: { id: posting.json.id } });
  await send(404, { ...onePosting, params: { id: NOBODY } });
  await send(422, { ...onePosting, params: { id: "not-a-uuid" } });

  // Cover letters.
  const letters = { method: "POST", path: "/cover-letters", token };
  const letterBody = { job_posting_id: posting.json.id, content: LETTER_TEXT };
  const letter = await send(201, { ...letters, json: letterBody });
  await send(401, { ...letters, token: undefined, json: letterBody });
  await send(403, { ...letters, token: undefined, headers: COOKIE_ONLY, json: letterBody });
  await send(404, { ...letters, json: { ...letterBody, job_posting_id: NOBODY } });
  await badJson(send, letters, { ...letterBody, content: "짧다" });
  fake.queueChatContent("not json");
  await send(502, { ...letters, json: letterBody });
  fake.failNext("chat", 1, 500);
  await send(503, { ...letters, json: letterBody });
  const letterList = { method: "GET", path: "/cover-letters", token };
  await send(200, letterList);
  await send(401, { ...letterList, token: undefined });
  await send(422, { ...letterList, query: "limit=101" });
  const oneLetter = { path: "/cover-letters/{id}", token, params: { id: letter.json.id } };
  await send(200, { ...oneLetter, method: "GET" });
  await send(401, { ...oneLetter, method: "GET", token: undefined });
  await send(404, { ...oneLetter, method: "GET", params: { id: NOBODY } });
  await send(422, { ...oneLetter, method: "GET", params: { id: "x" } });
  const patchLetter = { ...oneLetter, method: "PATCH" };
  const rewrite = { content: `${LETTER_TEXT} 다시 씁니다.` };
  await send(200, { ...patchLetter, json: rewrite });
  await send(401, { ...patchLetter, token: undefined, json: rewrite });
  await send(403, { ...patchLetter, token: undefined, headers: COOKIE_ONLY, json: rewrite });
  await send(404, { ...patchLetter, params: { id: NOBODY }, json: rewrite });
  await send(422, { ...patchLetter, params: { id: "x" }, json: rewrite });
  await badJson(send, patchLetter, { content: "" });
  fake.queueChatContent("not json");
  await send(502, { ...patchLetter, json: rewrite });
  fake.failNext("chat", 1, 500);
  await send(503, { ...patchLetter, json: rewrite });

  // A posting deleted under its letter: the letter's `job_posting` becomes null.
  const spare = await send(201, { ...postings, body: form({ text: POSTING_TEXT }) });
  const orphan = await send(201, {
    ...letters,
    json: { job_posting_id: spare.json.id, content: LETTER_TEXT },
  });
  const deletePosting = { method: "DELETE", path: "/job-postings/{id}", token };
  await send(204, { ...deletePosting, params: { id: spare.json.id } });
  await send(401, { ...deletePosting, token: undefined, params: { id: spare.json.id } });
  await send(403, { ...deletePosting, token: undefined, headers: COOKIE_ONLY, params: { id: 1 } });
  await send(404, { ...deletePosting, params: { id: spare.json.id } });
  await send(422, { ...deletePosting, params: { id: "x" } });
  const detached = await send(200, { ...oneLetter, method: "GET", params: { id: orphan.json.id } });
  assert.equal(detached.json.job_posting, null);
  const deleteLetter = { ...oneLetter, method: "DELETE", params: { id: orphan.json.id } };
  await send(204, deleteLetter);
  await send(401, { ...deleteLetter, token: undefined });
  await send(403, { ...deleteLetter, token: undefined, headers: COOKIE_ONLY });
  await send(404, deleteLetter);
  await send(422, { ...deleteLetter, params: { id: "x" } });

  // The interview: start, question audio, answers (audio and typed), failures and retries.
  const start = { method: "POST", path: "/interviews/start", token };
  const startBody = { cover_letter_id: letter.json.id };
  await send(401, { ...start, token: undefined, json: startBody });
  await send(403, { ...start, token: undefined, headers: COOKIE_ONLY, json: startBody });
  await send(404, { ...start, json: { cover_letter_id: NOBODY } });
  await badJson(send, start, { cover_letter_id: "x" });
  fake.queueChatContent("not json");
  await send(502, { ...start, json: startBody });
  fake.failNext("chat", 1, 500);
  await send(503, { ...start, json: startBody });
  const started = await send(201, { ...start, json: startBody });
  const session_id = started.json.session_id as string;

  const result = { method: "GET", path: "/interviews/{session_id}/result", token };
  const fresh = await send(200, { ...result, params: { session_id } });
  assert.equal(fresh.json.turns[0].metrics, null, "an unanswered turn has no metrics");
  await send(401, { ...result, token: undefined, params: { session_id } });
  await send(404, { ...result, params: { session_id: NOBODY } });
  await send(422, { ...result, params: { session_id: "x" } });
  const modelAnswer = {
    method: "POST",
    path: "/interviews/{session_id}/turns/{turn_number}/model-answer",
    token,
    params: { session_id, turn_number: 1 },
  };
  await send(409, modelAnswer);

  const audioPath = "/interviews/{session_id}/turns/{turn_number}/question-audio";
  const audio = { method: "GET", path: audioPath, token, params: { session_id, turn_number: 1 } };
  await send(200, audio);
  // The first request streams from TTS while storing; ranges are served once it is stored.
  let ranged = await send([200, 206], { ...audio, headers: { range: "bytes=0-9" } });
  for (let i = 0; ranged.status !== 206 && i < 100; i++) {
    await new Promise((r) => setTimeout(r, 50));
    ranged = await send([200, 206], { ...audio, headers: { range: "bytes=0-9" } });
  }
  assert.equal(ranged.status, 206);
  await send(416, { ...audio, headers: { range: "bytes=9-1" } });
  const signed = new URL(started.json.current_turn.question_audio_url, "http://x");
  await send(200, { ...audio, token: undefined, query: signed.search.slice(1) });
  await send(404, { ...audio, token: undefined, query: "exp=1&sig=forged" });
  await send(401, { ...audio, token: undefined });
  await send(404, { ...audio, params: { session_id, turn_number: 2 } });
  await send(404, { ...audio, params: { session_id: NOBODY, turn_number: 1 } });
  await send(422, { ...audio, params: { session_id, turn_number: 6 } });

  const answer = { method: "POST", path: "/interviews/{session_id}/answer", token };
  const at = { ...answer, params: { session_id } };
  const speech = await fixture("audio/speech.webm");
  const voice = (n: number) =>
    form({ turn_number: String(n) }, { audio: { bytes: speech, name: "a.webm" } });
  await send(401, { ...at, token: undefined, body: voice(1) });
  await send(403, { ...at, token: undefined, headers: COOKIE_ONLY, body: voice(1) });
  await send(404, { ...answer, params: { session_id: NOBODY }, body: voice(1) });
  await send(409, { ...at, body: voice(2) });
  await send(413, {
    ...at,
    body: form({ turn_number: "1" }, { audio: { bytes: new Uint8Array(10.5 * MB), name: "a" } }),
  });
  await send(415, { ...at, json: { turn_number: 1, answer_text: "안녕하세요" } });
  await send(415, {
    ...at,
    body: form({ turn_number: "1" }, { audio: { bytes: pdf, name: "a.webm" } }),
  });
  await send(422, { ...at, body: form({ turn_number: "6", answer_text: "네" }) });
  await send(422, { ...at, body: form({ turn_number: "1" }) });
  await send(422, {
    ...at,
    body: form({ turn_number: "1", answer_text: "네" }, { audio: { bytes: speech, name: "a" } }),
  });
  await send(400, {
    ...at,
    body: "garbage",
    headers: { "content-type": "multipart/form-data; boundary=x" },
  });
  await send(200, { ...at, body: voice(1) });
  await send(409, { ...at, body: voice(1) });
  // Answering again waits for the interview to be complete.
  const again = {
    method: "POST",
    path: "/interviews/{session_id}/turns/{turn_number}/attempts",
    token,
    params: { session_id, turn_number: 1 },
  };
  const retake = () => form({}, { audio: { bytes: speech, name: "a.webm" } });
  await send(409, { ...again, body: form({ answer_text: "다시 쓴 답변입니다." }) });

  // Turn 2 fails at STT, then at the next question (the recording is kept, the turn `failed`);
  // the retry resumes it from stored state.
  const retry = {
    method: "POST",
    path: "/interviews/{session_id}/turns/{turn_number}/retry",
    token,
    params: { session_id, turn_number: 2 },
  };
  await send(409, retry);
  fake.failNext("transcription", 1, 500);
  await send(503, { ...at, body: voice(2) });
  fake.failNext("transcription", 1, 429);
  await send(503, retry);
  fake.queueChatContent("not json");
  await send(502, retry);
  await send(401, { ...retry, token: undefined });
  await send(403, { ...retry, token: undefined, headers: COOKIE_ONLY });
  await send(404, { ...retry, params: { session_id: NOBODY, turn_number: 2 } });
  await send(422, { ...retry, params: { session_id, turn_number: 0 } });
  await send(200, retry);
  await send(200, { ...at, body: form({ turn_number: "3", answer_text: "타이핑한 답변입니다." }) });
  await send(200, { ...at, body: voice(4) });
  fake.failNext("speech", 1, 500);
  await send(503, { ...audio, params: { session_id, turn_number: 5 } });

  // Turn 5 completes it; feedback fails every attempt, so the session fails and is retried.
  fake.failNext("chat", 50, 500);
  await send(200, { ...at, body: form({ turn_number: "5", answer_text: "마지막 답변입니다." }) });
  for (let i = 0; i < 10; i++) {
    await t.db.sql`update jobs set run_at = now() where status = 'pending'`;
    await runPendingJobs(t.deps, { backoffMs: () => 0 });
  }
  const failed = await send(200, { ...result, params: { session_id } });
  assert.equal(failed.json.status, "failed");
  const feedbackRetry = {
    method: "POST",
    path: "/interviews/{session_id}/feedback/retry",
    token,
    params: { session_id },
  };
  await send(401, { ...feedbackRetry, token: undefined });
  await send(403, { ...feedbackRetry, token: undefined, headers: COOKIE_ONLY });
  await send(404, { ...feedbackRetry, params: { session_id: NOBODY } });
  await send(422, { ...feedbackRetry, params: { session_id: "x" } });
  fake.reset();
  await send(202, feedbackRetry);
  await send(409, feedbackRetry);
  const done = await send(200, { ...result, params: { session_id } });
  assert.equal(done.json.status, "completed");

  // A model answer once turns are answered; one citing no real source is refused.
  const made = await send(200, modelAnswer);
  const shown = await send(200, { ...result, params: { session_id } });
  assert.deepEqual(shown.json.turns[0].model_answer.sentences, made.json.sentences);
  await send(401, { ...modelAnswer, token: undefined });
  await send(403, { ...modelAnswer, token: undefined, headers: COOKIE_ONLY });
  await send(404, { ...modelAnswer, params: { session_id: NOBODY, turn_number: 1 } });
  await send(422, { ...modelAnswer, params: { session_id, turn_number: 0 } });
  fake.queueChatContent(JSON.stringify({ sentences: [{ text: "지어낸 말", source_ids: [999] }] }));
  await send(502, modelAnswer);
  fake.failNext("chat", 1, 500);
  await send(503, modelAnswer);
  // Retry and compare: turn 1 answered again, by voice and typed; a failed one scored again.
  await send(201, { ...again, body: retake() });
  await send(201, { ...again, body: form({ answer_text: "다시 쓴 답변입니다." }) });
  await send(401, { ...again, token: undefined, body: retake() });
  await send(403, { ...again, token: undefined, headers: COOKIE_ONLY, body: retake() });
  await send(404, { ...again, params: { session_id: NOBODY, turn_number: 1 }, body: retake() });
  await send(422, { ...again, params: { session_id, turn_number: 6 }, body: retake() });
  await send(413, {
    ...again,
    body: form({}, { audio: { bytes: new Uint8Array(10.5 * MB), name: "a" } }),
  });
  await send(415, { ...again, body: form({}, { audio: { bytes: pdf, name: "a.webm" } }) });
  await send(422, { ...again, body: form({}) });
  await send(400, {
    ...again,
    body: "garbage",
    headers: { "content-type": "multipart/form-data; boundary=x" },
  });
  fake.failNext("chat", 1, 500);
  const unscored = await send(503, { ...again, body: retake() });
  const rerun = {
    method: "POST",
    path: "/interviews/{session_id}/turns/{turn_number}/attempts/{attempt_number}/retry",
    token,
    params: {
      session_id,
      turn_number: 1,
      attempt_number: unscored.json.error.details.attempt_number,
    },
  };
  fake.queueChatContent("not json");
  await send(502, rerun);
  await send(401, { ...rerun, token: undefined });
  await send(403, { ...rerun, token: undefined, headers: COOKIE_ONLY });
  await send(404, { ...rerun, params: { ...rerun.params, attempt_number: 6 } });
  await send(422, { ...rerun, params: { ...rerun.params, attempt_number: 1 } });
  await send(200, rerun);
  await send(409, rerun);
  const compared = await send(200, { ...result, params: { session_id } });
  assert.equal(compared.json.turns[0].attempts.length, 3);

  const progress = { method: "GET", path: "/users/me/progress", token };
  const points = await send(200, progress);
  assert.ok(points.json.points.some((p: { session_id: string }) => p.session_id === session_id));
  await send(401, { ...progress, token: undefined });

  const history = { method: "GET", path: "/interviews/history", token };
  await send(200, history);
  await send(401, { ...history, token: undefined });
  await send(422, { ...history, query: "offset=-1" });

  // A wrong method on a real path: 405 with Allow, before authentication.
  await send(405, { method: "DELETE", path: "/users/me" });
  await send(405, { method: "PUT", path: "/job-postings/{id}", params: { id: NOBODY }, token });
  await send(405, { method: "GET", path: "/interviews/start", token });
}

/** A whole typed interview on the offline provider, then every rate limit. */
async function driveOffline(checker: ContractChecker, t: TestApp) {
  const send = driver(checker, t.app);
  const user = await account(send);
  const token = user.access;
  const posting = await send(201, {
    method: "POST",
    path: "/job-postings",
    token,
    body: form({ text: POSTING_TEXT }),
  });
  const letter = await send(201, {
    method: "POST",
    path: "/cover-letters",
    token,
    json: { job_posting_id: posting.json.id, content: LETTER_TEXT },
  });
  const started = await send(201, {
    method: "POST",
    path: "/interviews/start",
    token,
    json: { cover_letter_id: letter.json.id, transcript_review: true },
  });
  const session_id = started.json.session_id;
  assert.equal(started.json.current_turn.question_audio_url, null);
  const audio = {
    method: "GET",
    path: "/interviews/{session_id}/turns/{turn_number}/question-audio",
    token,
    params: { session_id, turn_number: 1 },
  };
  await send([404, 503], audio);
  for (let n = 1; n <= 5; n++) {
    await send(200, {
      method: "POST",
      path: "/interviews/{session_id}/answer",
      token,
      params: { session_id },
      body: form({
        turn_number: String(n),
        answer_text: `${n}번째 답변: 결제 시스템을 만들었습니다.`,
      }),
    });
  }
  const resultCall = {
    method: "GET",
    path: "/interviews/{session_id}/result",
    token,
    params: { session_id },
  };
  const reviewing = await send(200, resultCall);
  assert.equal(reviewing.json.status, "reviewing");
  // Transcript review: the corrections, then the feedback.
  const review = { method: "POST", path: "/interviews/{session_id}/review", token };
  const correction = {
    corrections: [{ turn_number: 1, text: "1번째 답변: 결제 서버를 만들었습니다." }],
  };
  await send(401, { ...review, token: undefined, params: { session_id }, json: correction });
  await send(403, {
    ...review,
    token: undefined,
    headers: COOKIE_ONLY,
    params: { session_id },
    json: correction,
  });
  await send(404, { ...review, params: { session_id: NOBODY }, json: correction });
  await send(422, {
    ...review,
    params: { session_id },
    json: { corrections: [{ turn_number: 2, text: "a" }, { turn_number: 2, text: "b" }] },
  });
  await badJson(send, { ...review, params: { session_id } }, { corrections: [{ turn_number: 1 }] });
  const reviewed = await send(202, { ...review, params: { session_id }, json: correction });
  assert.deepEqual(reviewed.json.corrected_turns, [1]);
  await send(409, { ...review, params: { session_id }, json: correction });
  const done = await send(200, resultCall);
  assert.equal(done.json.status, "completed");
  assert.equal(done.json.turns[0].transcript_corrected, true);

  // The per-user AI limit: one bucket for every AI route; invalid calls count too.
  const aiCalls: Call[] = [
    { method: "POST", path: "/job-postings", token, body: form({}) },
    { method: "POST", path: "/cover-letters", token, json: {} },
    {
      method: "PATCH",
      path: "/cover-letters/{id}",
      token,
      params: { id: letter.json.id },
      json: {},
    },
    { method: "POST", path: "/interviews/start", token, json: {} },
    {
      method: "POST",
      path: "/interviews/{session_id}/answer",
      token,
      params: { session_id },
      body: form({}),
    },
    {
      method: "POST",
      path: "/interviews/{session_id}/turns/{turn_number}/retry",
      token,
      params: { session_id, turn_number: 1 },
    },
    {
      method: "POST",
      path: "/interviews/{session_id}/feedback/retry",
      token,
      params: { session_id },
    },
    {
      method: "POST",
      path: "/interviews/{session_id}/turns/{turn_number}/model-answer",
      token,
      params: { session_id, turn_number: 1 },
    },
    {
      method: "POST",
      path: "/interviews/{session_id}/review",
      token,
      params: { session_id },
      json: { corrections: [] },
    },
  ];
  await exhaust(checker, t.app, aiCalls[0]);
  for (const call of aiCalls) {
    const limited = await send(429, call);
    assert.match(limited.headers.get("retry-after") ?? "", /^\d+$/);
  }

  // The per-address auth limit: register, login and refresh share it.
  const authCalls: Call[] = [
    { method: "POST", path: "/auth/login", json: { email: user.email, password: "wrong" } },
    {
      method: "POST",
      path: "/auth/register",
      json: { email: "x@example.com", password: PASSWORD },
    },
    { method: "POST", path: "/auth/refresh", json: { refresh_token: user.refresh } },
  ];
  await exhaust(checker, t.app, authCalls[0]);
  for (const call of authCalls) await send(429, call);
}

/** Repeats `call` (each answer checked) until it is rate limited; fails after 100 tries. */
async function exhaust(checker: ContractChecker, app: App, call: Call) {
  for (let i = 0; i < 100; i++) {
    if ((await checker.send(app, call)).status === 429) return;
  }
  throw new Error(`${call.method} ${call.path} was never rate limited`);
}

Deno.test("every response of every operation validates against /api/openapi.json", async () => {
  const fake = await startFakeOpenAI();
  const openai = await createTestApp({ ai: fakeOpenAiProvider(fake) });
  const offline = await createTestApp({
    ai: createOfflineProvider(),
    env: { RATE_LIMIT_AI_USER: "20", RATE_LIMIT_AUTH_IP: "10", RATE_LIMIT_AUTH_ACCOUNT: "10" },
  });
  try {
    const checker = await ContractChecker.load(openai.app);
    await driveOpenAi(checker, openai, fake);
    await driveOffline(checker, offline);

    assert.deepEqual(checker.mismatches, [], checker.mismatches.join("\n"));
    const operations = checker.operations();
    assert.ok(operations.length >= 22, `only ${operations.length} operations`);
    const missing = operations.filter((op) => {
      const statuses = [...checker.seen.get(op) ?? []];
      return !statuses.some((s) => s < 300) || !statuses.some((s) => s >= 400);
    });
    assert.deepEqual(missing, [], "every operation answers at least one success and one error");
    const pairs = [...checker.seen.values()].reduce((n, s) => n + s.size, 0);
    console.log(
      `CONTRACT-FIGURES operations=${operations.length} responses=${checker.responses} ` +
        `operation_status_pairs=${pairs}`,
    );
  } finally {
    await openai.close();
    await offline.close();
    await fake.close();
  }
});
