import assert from "node:assert/strict";
import { createOfflineProvider } from "../../../lib/ai/offline/mod.ts";
import { runPendingJobs } from "../../../lib/interview/mod.ts";
import { inspectAudio } from "../../../lib/media/mod.ts";
import {
  type FakeOpenAI,
  fakeOpenAiProvider,
  startFakeOpenAI,
} from "../../../tests/fake_openai.ts";
import {
  createTestApp,
  filesUnder,
  jsonReq,
  signUp,
  storedRecording,
  type TestApp,
} from "../../../tests/helpers.ts";

const audioFixture = (name: string) =>
  Deno.readFile(new URL(`../../../tests/fixtures/audio/${name}`, import.meta.url));

const POSTING = `백엔드 개발자 채용 (결제 플랫폼)

자격 요건
- Java, Spring Boot 실무 경력 3년 이상
- PostgreSQL 쿼리 최적화 경험
- 대용량 트래픽 처리 경험`;

const LETTER = "저는 결제 시스템 백엔드를 3년간 개발하며 Spring Boot와 PostgreSQL로 " +
  "대용량 트래픽을 처리해 왔습니다. 특히 쿼리 최적화로 응답 시간을 절반으로 줄인 경험이 있습니다.";

const TURN_KEYS = [
  "answer_audio_url",
  "answer_source",
  "answer_stt_text",
  "attempts",
  "feedback",
  "metrics",
  "model_answer",
  "original_stt_text",
  "question_audio_url",
  "question_text",
  "transcript_corrected",
  "transcript_source",
  "turn_feedback",
  "turn_number",
];

/** A test against the fake OpenAI server. */
function withFake(name: string, fn: (t: TestApp, fake: FakeOpenAI) => Promise<void>) {
  Deno.test(name, async () => {
    const fake = await startFakeOpenAI();
    const t = await createTestApp({ ai: fakeOpenAiProvider(fake) });
    try {
      await fn(t, fake);
    } finally {
      await t.close();
      await fake.close();
    }
  });
}

/** A test with the offline provider (typed answers, no speech). */
function offline(name: string, fn: (t: TestApp) => Promise<void>) {
  Deno.test(name, async () => {
    const t = await createTestApp({ ai: createOfflineProvider() });
    try {
      await fn(t);
    } finally {
      await t.close();
    }
  });
}

interface Candidate {
  token: string;
  coverLetterId: string;
}

/** Signs up a user with a profile, a posting and a cover letter, through the API. */
async function candidate(t: TestApp): Promise<Candidate> {
  const user = await signUp(t.app, {
    age: 29,
    career_summary: "결제 플랫폼 백엔드 개발 3년",
    certifications: "정보처리기사",
  });
  const form = new FormData();
  form.append("text", POSTING);
  form.append("title", "백엔드 개발자");
  const posting = await t.app.request("/api/job-postings", {
    method: "POST",
    headers: { authorization: `Bearer ${user.access}` },
    body: form,
  });
  assert.equal(posting.status, 201, await posting.clone().text());
  const { id: postingId } = await posting.json();
  const letter = await t.app.request(
    "/api/cover-letters",
    jsonReq("POST", { job_posting_id: postingId, content: LETTER }, user.access),
  );
  assert.equal(letter.status, 201, await letter.clone().text());
  return { token: user.access, coverLetterId: (await letter.json()).id };
}

async function start(t: TestApp, c: Candidate) {
  const res = await t.app.request(
    "/api/interviews/start",
    jsonReq("POST", { cover_letter_id: c.coverLetterId }, c.token),
  );
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  return body;
}

type AnswerFields = {
  audio?: Uint8Array;
  audioName?: string;
  text?: string;
  /** `client_transcript` and `client_transcript_source`. */
  transcript?: string;
  transcriptSource?: string;
};

function answer(t: TestApp, token: string, sessionId: string, n: number, f: AnswerFields) {
  const form = new FormData();
  form.append("turn_number", String(n));
  if (f.audio) form.append("audio", new Blob([f.audio as BlobPart]), f.audioName ?? "answer.webm");
  if (f.text !== undefined) form.append("answer_text", f.text);
  if (f.transcript !== undefined) form.append("client_transcript", f.transcript);
  if (f.transcriptSource) form.append("client_transcript_source", f.transcriptSource);
  return t.app.request(`/api/interviews/${sessionId}/answer`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
}

const get = (t: TestApp, path: string, token?: string, headers: Record<string, string> = {}) =>
  t.app.request(path, {
    headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers,
  });

async function expectError(res: Response, status: number, code: string) {
  const body = await res.json();
  assert.equal(res.status, status, JSON.stringify(body));
  assert.equal(body.error.code, code, JSON.stringify(body));
  assert.equal(typeof body.error.message, "string");
  return body.error;
}

async function turnRow(t: TestApp, sessionId: string, n: number) {
  const [row] = await t.db.sql<Record<string, unknown>[]>`
    select * from interview_turns where session_id = ${sessionId} and turn_number = ${n}`;
  return row;
}

/** Chat requests asking for an interview question, in order. */
function questionPrompts(fake: FakeOpenAI): string[] {
  return fake.requests
    .filter((r) =>
      r.endpoint === "chat" &&
      (r.body.response_format as { json_schema?: { name?: string } })?.json_schema?.name ===
        "interview_question"
    )
    .map((r) =>
      (r.body.messages as { role: string; content: string }[]).map((m) => m.content).join("\n")
    );
}

const ANSWERS = [
  "첫째 답변입니다. 결제 승인 서버의 장애율을 낮춘 경험을 말씀드리겠습니다 알파.",
  "둘째 답변입니다. 음, 쿼리 인덱스를 다시 설계해서 응답 시간을 절반으로 줄였습니다 브라보.",
  "셋째 답변입니다. 팀원들과 코드 리뷰 문화를 만들어 배포 사고를 줄였습니다 찰리.",
  "넷째 답변입니다. 트래픽이 열 배로 늘 때 캐시를 도입해 대응했습니다 델타.",
  "다섯째 답변입니다. 입사 후에는 정산 시스템의 안정성을 높이고 싶습니다 에코.",
];

withFake("a full voice interview follows the contract turn by turn", async (t, fake) => {
  const c = await candidate(t);
  const speech = await audioFixture("speech.webm");
  const started = await start(t, c);
  assert.deepEqual(Object.keys(started).sort(), [
    "ai_provider",
    "current_turn",
    "language",
    "mode",
    "prep_seconds",
    "session_id",
    "status",
    "total_turns",
    "transcript_review",
  ]);
  // Without a choice: a Korean job interview of five questions.
  assert.deepEqual([started.mode, started.language, started.total_turns], ["job", "ko", 5]);
  assert.equal(started.status, "in_progress");
  assert.equal(started.ai_provider, "openai");
  assert.equal(started.current_turn.turn_number, 1);
  assert.ok(started.current_turn.question_text.length > 0);
  const sid = started.session_id;
  assert.match(
    started.current_turn.question_audio_url,
    new RegExp(`^/api/interviews/${sid}/turns/1/question-audio\\?exp=\\d+&sig=[0-9a-f]{64}$`),
  );
  // The first question was written from the profile, the posting analysis and the letter.
  const first = questionPrompts(fake)[0];
  assert.ok(first.includes("결제 플랫폼 백엔드 개발 3년"));
  assert.ok(first.includes("쿼리 최적화로 응답 시간을 절반으로"));
  assert.ok(first.includes("<<<POSTING_ANALYSIS"));
  // Nothing was synthesised yet: TTS runs only when the audio is fetched.
  assert.equal(fake.requests.filter((r) => r.endpoint === "speech").length, 0);

  fake.queueTranscripts(...ANSWERS);
  let question = started.current_turn;
  for (let n = 1; n <= 5; n++) {
    assert.equal(question.turn_number, n);
    const res = await answer(t, c.token, sid, n, { audio: speech });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.turn_number, n);
    assert.equal(body.answer_stt_text, ANSWERS[n - 1]);
    assert.match(body.answer_audio_url, /^\/files\/users\/.+\.webm\?exp=\d+&sig=[0-9a-f]{64}$/);
    assert.equal(typeof body.metrics.duration_sec, "number");
    assert.ok(body.metrics.char_count > 10);
    if (n < 5) {
      assert.deepEqual(Object.keys(body).sort(), [
        "answer_audio_url",
        "answer_stt_text",
        "metrics",
        "next_turn",
        "turn_number",
      ]);
      assert.deepEqual(Object.keys(body.next_turn).sort(), [
        "question_audio_url",
        "question_text",
        "turn_number",
      ]);
      assert.equal(body.next_turn.turn_number, n + 1);
      // The follow-up question was asked with every answer so far in the prompt.
      const prompt = questionPrompts(fake).at(-1)!;
      for (let k = 1; k <= n; k++) {
        assert.ok(prompt.includes(`<<<ANSWER_${k}\n${ANSWERS[k - 1]}`), `answer ${k} in prompt`);
      }
      assert.ok(!prompt.includes(`ANSWER_${n + 1}`));
      question = body.next_turn;
    } else {
      assert.deepEqual(Object.keys(body).sort(), [
        "answer_audio_url",
        "answer_stt_text",
        "interview_completed",
        "message",
        "metrics",
        "turn_number",
      ]);
      assert.equal(body.interview_completed, true);
      assert.equal(typeof body.message, "string");
    }
  }
  const [job] = await t.db.sql`select * from jobs where payload ->> 'session_id' = ${sid}`;
  assert.equal(job.kind, "interview_feedback");
  assert.equal(job.status, "pending");

  // The result poll runs the pending feedback job itself.
  const res = await get(t, `/api/interviews/${sid}/result`, c.token);
  const result = await res.json();
  assert.equal(res.status, 200, JSON.stringify(result));
  assert.deepEqual(Object.keys(result).sort(), [
    "ai_provider",
    "completed_at",
    "created_at",
    "failure_reason",
    "feedback",
    "language",
    "mode",
    "prep_seconds",
    "requirement_map",
    "session_id",
    "status",
    "total_feedback",
    "total_turns",
    "transcript_review",
    "turns",
    "usage",
  ]);
  assert.equal(result.session_id, sid);
  assert.equal(result.status, "completed");
  assert.equal(result.ai_provider, "openai");
  assert.equal(result.failure_reason, null);
  assert.ok(result.total_feedback.length > 0);
  assert.equal(result.feedback.summary, result.total_feedback);
  assert.ok(Number.isInteger(result.feedback.score));
  assert.ok(!Number.isNaN(Date.parse(result.created_at)));
  assert.ok(Date.parse(result.completed_at) >= Date.parse(result.created_at));
  assert.equal(result.turns.length, 5);
  // deno-lint-ignore no-explicit-any -- a JSON body checked field by field
  result.turns.forEach((turn: any, i: number) => {
    assert.deepEqual(Object.keys(turn).sort(), TURN_KEYS);
    assert.equal(turn.turn_number, i + 1);
    assert.equal(turn.answer_stt_text, ANSWERS[i]);
    assert.equal(turn.answer_source, "audio");
    assert.equal(turn.transcript_source, "server");
    assert.match(turn.answer_audio_url, /^\/files\/users\//);
    assert.match(turn.question_audio_url, /question-audio\?exp=\d+&sig=/);
    assert.ok(turn.turn_feedback.length > 0);
    assert.equal(turn.feedback.feedback, turn.turn_feedback);
    assert.equal(turn.feedback.turn_number, i + 1);
    assert.equal(typeof turn.metrics.char_count, "number");
  });
  // The feedback prompt carried all five answers.
  const fbPrompt = fake.requests.filter((r) => r.endpoint === "chat").at(-1)!;
  const fbText = JSON.stringify(fbPrompt.body.messages);
  for (const a of ANSWERS) assert.ok(fbText.includes(a));
  const [done] = await t.db.sql`select status from jobs where id = ${job.id}`;
  assert.equal(done.status, "done");

  // Replay: the stored (seekable) answer audio, whole and by range.
  const stored = await storedRecording(speech);
  const whole = await get(t, result.turns[0].answer_audio_url);
  assert.equal(whole.status, 200);
  assert.deepEqual(new Uint8Array(await whole.arrayBuffer()), stored);
  const part = await get(t, result.turns[0].answer_audio_url, undefined, { range: "bytes=0-99" });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get("content-range"), `bytes 0-99/${stored.byteLength}`);
  assert.deepEqual(new Uint8Array(await part.arrayBuffer()), stored.subarray(0, 100));

  const history = await (await get(t, "/api/interviews/history", c.token)).json();
  assert.equal(history.total, 1);
  assert.deepEqual(history.items, [{
    session_id: sid,
    cover_letter_id: c.coverLetterId,
    status: "completed",
    posting_title: "백엔드 개발자",
    mode: "job",
    language: "ko",
    score: result.feedback.score,
    created_at: result.created_at,
    completed_at: result.completed_at,
  }]);
});

withFake(
  "question audio streams from TTS once, then comes from storage with ranges",
  async (t, fake) => {
    const c = await candidate(t);
    const started = await start(t, c);
    const url: string = started.current_turn.question_audio_url;
    const sid = started.session_id;

    // No Authorization header: the signature authorises.
    const live = await get(t, url);
    assert.equal(live.status, 200);
    assert.equal(live.headers.get("content-type"), "audio/mpeg");
    const mp3 = new Uint8Array(await live.arrayBuffer());
    assert.ok(mp3.byteLength > 1000);
    assert.equal(fake.requests.filter((r) => r.endpoint === "speech").length, 1);

    // The tee'd branch lands in storage; wait for it by polling the row.
    let row = await turnRow(t, sid, 1);
    for (let i = 0; i < 100 && !row.question_audio_key; i++) {
      await new Promise((r) => setTimeout(r, 20));
      row = await turnRow(t, sid, 1);
    }
    assert.equal(row.question_audio_type, "audio/mpeg");

    const stored = await get(t, url, undefined, { range: "bytes=10-19" });
    assert.equal(stored.status, 206);
    assert.equal(stored.headers.get("content-range"), `bytes 10-19/${mp3.byteLength}`);
    assert.deepEqual(new Uint8Array(await stored.arrayBuffer()), mp3.subarray(10, 20));
    const again = await get(t, `/api/interviews/${sid}/turns/1/question-audio`, c.token);
    assert.equal(again.status, 200);
    assert.deepEqual(new Uint8Array(await again.arrayBuffer()), mp3);
    assert.equal(fake.requests.filter((r) => r.endpoint === "speech").length, 1);

    const bad = await get(t, `/api/interviews/${sid}/turns/1/question-audio`, c.token, {
      range: "bytes=999999-",
    });
    assert.equal(bad.status, 416);
    await bad.body?.cancel();

    // A signature is bound to its session and turn, and expires.
    const sig = new URL(url, "http://x").searchParams;
    await expectError(
      await get(t, `/api/interviews/${sid}/turns/2/question-audio?${sig}`),
      404,
      "question_audio_not_found",
    );
    const forged = url.replace(/sig=[0-9a-f]{4}/, "sig=0000");
    await expectError(await get(t, forged), 404, "question_audio_not_found");
    const expired = url.replace(/exp=\d+/, "exp=1000");
    await expectError(await get(t, expired), 404, "question_audio_not_found");
    await expectError(
      await get(t, `/api/interviews/${sid}/turns/1/question-audio`),
      401,
      "missing_token",
    );
  },
);

offline("offline: typed answers run a whole interview without speech", async (t) => {
  const c = await candidate(t);
  const started = await start(t, c);
  assert.equal(started.ai_provider, "offline");
  assert.equal(started.current_turn.question_audio_url, null);
  const sid = started.session_id;

  // No speech recognition offline: a recording needs the client's transcript.
  const speech = await audioFixture("speech.webm");
  await expectError(
    await answer(t, c.token, sid, 1, { audio: speech }),
    422,
    "transcript_required",
  );

  for (let n = 1; n <= 5; n++) {
    const res = await answer(t, c.token, sid, n, { text: ANSWERS[n - 1] });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.answer_audio_url, null);
    assert.equal(body.answer_stt_text, ANSWERS[n - 1]);
    assert.equal(body.metrics.duration_sec, null);
    assert.equal(body.metrics.syllables_per_minute, null);
    if (n < 5) {
      assert.equal(body.next_turn.turn_number, n + 1);
      assert.equal(body.next_turn.question_audio_url, null);
    } else assert.equal(body.interview_completed, true);
  }
  // No worker in tests: the poll completes the feedback.
  const result = await (await get(t, `/api/interviews/${sid}/result`, c.token)).json();
  assert.equal(result.status, "completed");
  assert.equal(result.ai_provider, "offline");
  for (const turn of result.turns) {
    assert.deepEqual(Object.keys(turn).sort(), TURN_KEYS);
    assert.equal(turn.answer_source, "text");
    assert.equal(turn.transcript_source, "typed");
    assert.equal(turn.answer_audio_url, null);
    assert.equal(turn.question_audio_url, null);
    assert.ok(turn.turn_feedback);
  }
  // Answering a finished interview conflicts.
  const err = await expectError(
    await answer(t, c.token, sid, 5, { text: "또 답합니다" }),
    409,
    "turn_conflict",
  );
  assert.equal(err.details.status, "completed");
});

offline("offline: a recording with the browser's transcript is stored as spoken", async (t) => {
  const c = await candidate(t);
  const sid = (await start(t, c)).session_id;
  const speech = await audioFixture("speech.webm");
  const files = () => filesUnder(`${t.dataDir}/files`);

  // Neither server STT nor a transcript (a blank one is none): refused, nothing stored.
  for (const transcript of [undefined, "   "]) {
    await expectError(
      await answer(t, c.token, sid, 1, { audio: speech, transcript }),
      422,
      "transcript_required",
    );
  }
  // Longer than a typed answer may be: refused by the schema (the API's 422), nothing stored.
  const long = await expectError(
    await answer(t, c.token, sid, 1, { audio: speech, transcript: "가".repeat(5001) }),
    422,
    "invalid_input",
  );
  assert.equal(long.details.fields[0].path, "client_transcript");
  assert.deepEqual(await files(), []);
  assert.equal((await turnRow(t, sid, 1)).answer_state, "awaiting");

  const res = await answer(t, c.token, sid, 1, {
    audio: speech,
    transcript: `  ${ANSWERS[0]}\n`,
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.answer_stt_text, ANSWERS[0], "trimmed");
  assert.match(body.answer_audio_url, /^\/files\/users\/.+\.webm\?exp=/);
  // Delivery metrics come from the recording's real length.
  const seconds = (await inspectAudio(speech))!.durationSec!;
  assert.ok(Math.abs(body.metrics.duration_sec - seconds) < 0.1, String(body.metrics.duration_sec));
  assert.ok(body.metrics.syllables_per_minute > 0);
  const row = await turnRow(t, sid, 1);
  assert.equal(row.answer_source, "audio");
  assert.equal(row.transcript_source, "browser");
  assert.deepEqual(
    await (await get(t, body.answer_audio_url)).bytes(),
    await storedRecording(speech),
  );

  // Typed in full under the recording: the source says so.
  const typed = await answer(t, c.token, sid, 2, {
    audio: speech,
    transcript: ANSWERS[1],
    transcriptSource: "typed",
  });
  assert.equal(typed.status, 200, await typed.clone().text());
  assert.equal((await turnRow(t, sid, 2)).transcript_source, "typed");
  assert.equal((await turnRow(t, sid, 2)).answer_source, "audio");
  assert.equal((await files()).filter((f) => f.endsWith(".webm")).length, 2, "two recordings");
});

withFake("with server STT the client's transcript is ignored", async (t, fake) => {
  const c = await candidate(t);
  const sid = (await start(t, c)).session_id;
  fake.queueTranscripts(ANSWERS[0]);
  const res = await answer(t, c.token, sid, 1, {
    audio: await audioFixture("speech.webm"),
    transcript: "브라우저가 잘못 들은 문장",
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.answer_stt_text, ANSWERS[0]);
  assert.equal((await turnRow(t, sid, 1)).transcript_source, "server");
  assert.equal(fake.requests.filter((r) => r.endpoint === "transcription").length, 1);
});

offline("answers must target the current turn and carry one answer", async (t) => {
  const c = await candidate(t);
  const sid = (await start(t, c)).session_id;
  const err = await expectError(
    await answer(t, c.token, sid, 2, { text: "답" }),
    409,
    "turn_conflict",
  );
  assert.deepEqual(err.details, {
    current_turn: 1,
    status: "in_progress",
    answer_state: "awaiting",
  });
  await expectError(await answer(t, c.token, sid, 1, {}), 422, "invalid_input");
  await expectError(await answer(t, c.token, sid, 6, { text: "답" }), 422, "invalid_input");
  await expectError(
    await answer(t, c.token, sid, 1, { text: "답", audio: new Uint8Array(200) }),
    422,
    "invalid_input",
  );
  assert.equal((await answer(t, c.token, sid, 1, { text: "첫 답변입니다" })).status, 200);
  const again = await expectError(
    await answer(t, c.token, sid, 1, { text: "다시" }),
    409,
    "turn_conflict",
  );
  assert.equal(again.details.current_turn, 2);
});

withFake("two concurrent submissions of a turn: exactly one is taken", async (t, fake) => {
  const c = await candidate(t);
  const sid = (await start(t, c)).session_id;
  const speech = await audioFixture("speech.webm");
  // Slow STT keeps the first submission in flight while the second arrives.
  fake.setLatency("transcription", 200);
  const results = await Promise.all([
    answer(t, c.token, sid, 1, { audio: speech }),
    answer(t, c.token, sid, 1, { audio: speech }),
  ]);
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 409]);
  const loser = results.find((r) => r.status === 409)!;
  assert.equal((await loser.json()).error.code, "turn_conflict");
  await results.find((r) => r.status === 200)!.body?.cancel();
  assert.equal(fake.requests.filter((r) => r.endpoint === "transcription").length, 1);
  const turns = await t.db.sql`
    select turn_number, answer_state from interview_turns where session_id = ${sid}
    order by turn_number`;
  assert.deepEqual(turns.map((r) => [r.turn_number, r.answer_state]), [
    [1, "answered"],
    [2, "awaiting"],
  ]);
});

withFake(
  "an AI failure mid-turn keeps the audio; retry and resubmission resume",
  async (t, fake) => {
    const c = await candidate(t);
    const sid = (await start(t, c)).session_id;
    const speech = await audioFixture("speech.webm");

    // STT fails: the audio is stored anyway and the retry transcribes it from storage.
    fake.failNext("transcription", 1, 500);
    const sttErr = await expectError(
      await answer(t, c.token, sid, 1, { audio: speech }),
      503,
      "ai_stt_unavailable",
    );
    assert.deepEqual(sttErr.details, { upstream_status: 500, retryable: true, turn_number: 1 });
    let row = await turnRow(t, sid, 1);
    assert.equal(row.answer_state, "failed");
    assert.equal(row.answer_stt_text, null);
    const kept = await t.deps.storage.get(row.answer_audio_key as string);
    assert.deepEqual(
      new Uint8Array(await new Response(kept.body).arrayBuffer()),
      await storedRecording(speech),
    );
    fake.queueTranscripts(ANSWERS[0]);
    const retried = await t.app.request(
      `/api/interviews/${sid}/turns/1/retry`,
      jsonReq("POST", undefined, c.token),
    );
    const retriedBody = await retried.json();
    assert.equal(retried.status, 200, JSON.stringify(retriedBody));
    assert.equal(retriedBody.answer_stt_text, ANSWERS[0]);
    assert.equal(retriedBody.next_turn.turn_number, 2);

    // The LLM fails after STT: the transcript is kept too, so the retry only asks again.
    fake.queueTranscripts(ANSWERS[1]);
    fake.failNext("chat", 1, 500);
    const llmErr = await expectError(
      await answer(t, c.token, sid, 2, { audio: speech }),
      503,
      "ai_unavailable",
    );
    assert.equal(llmErr.details.turn_number, 2);
    row = await turnRow(t, sid, 2);
    assert.equal(row.answer_state, "failed");
    assert.equal(row.answer_stt_text, ANSWERS[1]);
    assert.ok(row.answer_audio_key);
    const sttCalls = fake.requests.filter((r) => r.endpoint === "transcription").length;
    const ok = await t.app.request(
      `/api/interviews/${sid}/turns/2/retry`,
      jsonReq("POST", undefined, c.token),
    );
    const okBody = await ok.json();
    assert.equal(ok.status, 200, JSON.stringify(okBody));
    assert.equal(okBody.answer_stt_text, ANSWERS[1]);
    assert.equal(okBody.next_turn.turn_number, 3);
    assert.equal(fake.requests.filter((r) => r.endpoint === "transcription").length, sttCalls);

    // Retrying a turn that has not failed conflicts; a failed turn also takes a new submission.
    await expectError(
      await t.app.request(
        `/api/interviews/${sid}/turns/3/retry`,
        jsonReq("POST", undefined, c.token),
      ),
      409,
      "nothing_to_retry",
    );
    fake.failNext("chat", 1, 500);
    await expectError(
      await answer(t, c.token, sid, 3, { text: "타이핑한 답변" }),
      503,
      "ai_unavailable",
    );
    const resubmitted = await answer(t, c.token, sid, 3, { text: "다시 타이핑한 답변" });
    const resubmittedBody = await resubmitted.json();
    assert.equal(resubmitted.status, 200, JSON.stringify(resubmittedBody));
    assert.equal(resubmittedBody.answer_stt_text, "다시 타이핑한 답변");
    assert.equal((await turnRow(t, sid, 3)).answer_source, "text");
  },
);

withFake(
  "a storage failure answers 503 and leaves the turn open for the same recording",
  async (t, fake) => {
    const c = await candidate(t);
    const sid = (await start(t, c)).session_id;
    const speech = await audioFixture("speech.webm");
    const storage = t.deps.storage;
    const put = storage.put;
    storage.put = () => Promise.reject(new Error("disk full"));
    try {
      const err = await expectError(
        await answer(t, c.token, sid, 1, { audio: speech }),
        503,
        "storage_unavailable",
      );
      assert.deepEqual(err.details, { retryable: true, turn_number: 1 });
    } finally {
      storage.put = put;
    }
    const row = await turnRow(t, sid, 1);
    assert.equal(row.answer_state, "awaiting");
    assert.equal(row.answer_audio_key, null);
    fake.queueTranscripts(ANSWERS[0]);
    const again = await answer(t, c.token, sid, 1, { audio: speech });
    assert.equal(again.status, 200);
    assert.equal((await again.json()).answer_stt_text, ANSWERS[0]);
  },
);

withFake("silent, unknown, over-long and oversized recordings are refused", async (t, fake) => {
  const c = await candidate(t);
  const sid = (await start(t, c)).session_id;
  for (const name of ["silence.webm", "silence.wav", "silence_chrome.webm"]) {
    const err = await expectError(
      await answer(t, c.token, sid, 1, { audio: await audioFixture(name), audioName: name }),
      422,
      "no_speech",
    );
    assert.equal(err.message, "No speech detected — please record again");
  }
  await expectError(
    await answer(t, c.token, sid, 1, {
      audio: new TextEncoder().encode("not audio at all ".repeat(20)),
    }),
    415,
    "unsupported_audio",
  );
  await expectError(
    await answer(t, c.token, sid, 1, { audio: toneWav(70), audioName: "long.wav" }),
    422,
    "audio_too_long",
  );
  await expectError(
    await answer(t, c.token, sid, 1, { audio: new Uint8Array(10 * 1024 * 1024 + 1) }),
    413,
    "file_too_large",
  );
  // The turn is untouched, nothing was stored, and no AI call was made.
  const row = await turnRow(t, sid, 1);
  assert.equal(row.answer_state, "awaiting");
  assert.equal(row.answer_audio_key, null);
  assert.equal(fake.requests.filter((r) => r.endpoint === "transcription").length, 0);
  const files = await filesUnder(`${t.dataDir}/files`);
  assert.deepEqual(files.filter((f) => f.includes("/answers/")), []);
});

withFake("another user's session, result and audio are not found", async (t) => {
  const owner = await candidate(t);
  const sid = (await start(t, owner)).session_id;
  await answer(t, owner.token, sid, 1, { audio: await audioFixture("speech.webm") });
  const other = await candidate(t);
  await expectError(
    await t.app.request(
      "/api/interviews/start",
      jsonReq("POST", { cover_letter_id: owner.coverLetterId }, other.token),
    ),
    404,
    "cover_letter_not_found",
  );
  await expectError(
    await get(t, `/api/interviews/${sid}/result`, other.token),
    404,
    "interview_not_found",
  );
  await expectError(
    await answer(t, other.token, sid, 2, { text: "남의 면접" }),
    404,
    "interview_not_found",
  );
  await expectError(
    await t.app.request(
      `/api/interviews/${sid}/turns/2/retry`,
      jsonReq("POST", undefined, other.token),
    ),
    404,
    "interview_not_found",
  );
  await expectError(
    await t.app.request(
      `/api/interviews/${sid}/feedback/retry`,
      jsonReq("POST", undefined, other.token),
    ),
    404,
    "interview_not_found",
  );
  await expectError(
    await get(t, `/api/interviews/${sid}/turns/1/question-audio`, other.token),
    404,
    "question_audio_not_found",
  );
  const history = await (await get(t, "/api/interviews/history", other.token)).json();
  assert.deepEqual(history, { items: [], total: 0 });
  await expectError(await get(t, `/api/interviews/${sid}/result`), 401, "missing_token");
});

withFake(
  "feedback failures back off, then fail the session; the retry endpoint recovers",
  async (t, fake) => {
    const c = await candidate(t);
    const sid = (await start(t, c)).session_id;
    for (let n = 1; n <= 5; n++) {
      assert.equal((await answer(t, c.token, sid, n, { text: ANSWERS[n - 1] })).status, 200);
    }
    // First attempt fails: rescheduled with a backoff, so a poll right after does not rerun it.
    fake.failNext("chat", 1, 500);
    assert.equal(await runPendingJobs(t.deps), 1);
    const [job] = await t.db.sql`
    select *, run_at > now() as later from jobs where payload ->> 'session_id' = ${sid}`;
    assert.equal(job.status, "pending");
    assert.equal(job.attempts, 1);
    assert.equal(job.later, true);
    assert.match(job.last_error, /ai_unavailable/);
    const chats = fake.requests.filter((r) => r.endpoint === "chat").length;
    const pending = await (await get(t, `/api/interviews/${sid}/result`, c.token)).json();
    assert.equal(pending.status, "feedback_pending");
    assert.equal(pending.total_feedback, null);
    assert.equal(fake.requests.filter((r) => r.endpoint === "chat").length, chats);

    // The remaining attempts fail too (backoff shortened): the session is failed. Each attempt
    // makes two calls (the feedback and the requirement map).
    fake.failNext("chat", 8, 500);
    await t.db.sql`update jobs set run_at = now() where id = ${job.id}`;
    assert.equal(await runPendingJobs(t.deps, { backoffMs: () => 0 }), 4);
    const [failedJob] = await t.db.sql`select status, attempts from jobs where id = ${job.id}`;
    assert.deepEqual({ ...failedJob }, { status: "failed", attempts: 5 });
    const failed = await (await get(t, `/api/interviews/${sid}/result`, c.token)).json();
    assert.equal(failed.status, "failed");
    assert.equal(typeof failed.failure_reason, "string");

    const retry = await t.app.request(
      `/api/interviews/${sid}/feedback/retry`,
      jsonReq("POST", undefined, c.token),
    );
    assert.equal(retry.status, 202);
    assert.deepEqual(await retry.json(), { session_id: sid, status: "feedback_pending" });
    const done = await (await get(t, `/api/interviews/${sid}/result`, c.token)).json();
    assert.equal(done.status, "completed");
    assert.equal(done.failure_reason, null);
    assert.ok(done.total_feedback);
    await expectError(
      await t.app.request(
        `/api/interviews/${sid}/feedback/retry`,
        jsonReq("POST", undefined, c.token),
      ),
      409,
      "feedback_not_failed",
    );
  },
);

offline("history pages newest first; the OpenAPI document lists every route", async (t) => {
  const c = await candidate(t);
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push((await start(t, c)).session_id);
  const page = await (await get(t, "/api/interviews/history?limit=2&offset=0", c.token)).json();
  assert.equal(page.total, 3);
  assert.deepEqual(page.items.map((i: { session_id: string }) => i.session_id), [ids[2], ids[1]]);
  assert.equal(page.items[0].status, "in_progress");
  assert.equal(page.items[0].completed_at, null);
  const rest = await (await get(t, "/api/interviews/history?limit=2&offset=2", c.token)).json();
  assert.deepEqual(rest.items.map((i: { session_id: string }) => i.session_id), [ids[0]]);
  await expectError(await get(t, "/api/interviews/history?limit=0", c.token), 422, "invalid_input");

  const doc = await (await get(t, "/api/openapi.json")).json();
  for (
    const [path, method] of [
      ["/interviews/start", "post"],
      ["/interviews/history", "get"],
      ["/interviews/{session_id}/answer", "post"],
      ["/interviews/{session_id}/turns/{turn_number}/retry", "post"],
      ["/interviews/{session_id}/turns/{turn_number}/question-audio", "get"],
      ["/interviews/{session_id}/result", "get"],
      ["/interviews/{session_id}/feedback/retry", "post"],
    ]
  ) {
    assert.ok(doc.paths[path]?.[method], `${method} ${path}`);
  }
  const form = doc.paths["/interviews/{session_id}/answer"].post.requestBody.content;
  assert.ok(form["multipart/form-data"]);
});

/** A WAV of a 440 Hz tone, `seconds` long (8 kHz, 16-bit mono). */
function toneWav(seconds: number): Uint8Array {
  const rate = 8000;
  const samples = rate * seconds;
  const buf = new ArrayBuffer(44 + samples * 2);
  const v = new DataView(buf);
  const str = (o: number, s: string) =>
    [...s].forEach((ch, i) => v.setUint8(o + i, ch.charCodeAt(0)));
  str(0, "RIFF");
  v.setUint32(4, 36 + samples * 2, true);
  str(8, "WAVE");
  str(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  str(36, "data");
  v.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) {
    v.setInt16(44 + i * 2, Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), true);
  }
  return new Uint8Array(buf);
}
