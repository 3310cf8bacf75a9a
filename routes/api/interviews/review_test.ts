/**
 * Transcript correction before scoring (issue 15) through the JSON API, on the offline engine
 * and on the OpenAI provider against the fake server: an interview started with
 * `transcript_review` waits in `reviewing` after its last answer, takes the candidate's
 * corrections, and only then is its feedback made, from the corrected text.
 */
import assert from "node:assert/strict";
import { createOfflineProvider } from "../../../lib/ai/offline/mod.ts";
import { RUBRIC_DIMENSIONS } from "../../../lib/ai/rubric.ts";
import { FEEDBACK_JOB } from "../../../lib/interview/feedback_job.ts";
import {
  type FakeOpenAI,
  fakeOpenAiProvider,
  startFakeOpenAI,
  toneWav,
} from "../../../tests/fake_openai.ts";
import { createTestApp, jsonReq, signUp, type TestApp } from "../../../tests/helpers.ts";
import { letterFor, typedAnswers } from "../../../tests/interview_helpers.ts";

interface Candidate {
  token: string;
  coverLetterId: string;
}

async function candidate(t: TestApp): Promise<Candidate> {
  const user = await signUp(t.app);
  return { token: user.access, coverLetterId: await letterFor(t, user.access, "백엔드 개발자") };
}

async function start(t: TestApp, c: Candidate, setup: Record<string, unknown>) {
  const res = await t.app.request(
    "/api/interviews/start",
    jsonReq("POST", { cover_letter_id: c.coverLetterId, ...setup }, c.token),
  );
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  return body;
}

async function answer(
  t: TestApp,
  c: Candidate,
  sid: string,
  n: number,
  f: { text?: string; audio?: Uint8Array; clientTranscript?: string },
) {
  const form = new FormData();
  form.append("turn_number", String(n));
  if (f.text !== undefined) form.append("answer_text", f.text);
  if (f.audio) form.append("audio", new Blob([f.audio as BlobPart]), "answer.wav");
  if (f.clientTranscript) form.append("client_transcript", f.clientTranscript);
  const res = await t.app.request(`/api/interviews/${sid}/answer`, {
    method: "POST",
    headers: { authorization: `Bearer ${c.token}` },
    body: form,
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body;
}

async function result(t: TestApp, c: Candidate, sid: string) {
  const res = await t.app.request(`/api/interviews/${sid}/result`, {
    headers: { authorization: `Bearer ${c.token}` },
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body;
}

function review(t: TestApp, token: string, sid: string, body: unknown) {
  return t.app.request(`/api/interviews/${sid}/review`, jsonReq("POST", body, token));
}

/** What a refused request must leave untouched: the session, its turns and its jobs. */
async function snapshot(t: TestApp, sid: string) {
  const [session] = await t.db.sql`
    select status, total_feedback from interview_sessions where id = ${sid}`;
  const turns = await t.db.sql`
    select turn_number, answer_stt_text, original_stt_text, metrics from interview_turns
    where session_id = ${sid} order by turn_number`;
  const jobs = await t.db.sql`
    select id, status from jobs where kind = ${FEEDBACK_JOB} and payload ->> 'session_id' = ${sid}`;
  return JSON.stringify({ session, turns, jobs });
}

async function feedbackJobs(t: TestApp, sid: string): Promise<number> {
  const [{ n }] = await t.db.sql<{ n: number }[]>`
    select count(*)::int as n from jobs
    where kind = ${FEEDBACK_JOB} and payload ->> 'session_id' = ${sid}`;
  return n;
}

/** Every quote the feedback of a turn rests on. */
// deno-lint-ignore no-explicit-any -- a result turn's JSON, checked by the caller
function quotesOf(turn: any): string[] {
  const rubric = RUBRIC_DIMENSIONS.filter((d) => d !== "delivery")
    .map((d) => turn.feedback.rubric?.[d]?.evidence ?? "");
  return [...turn.feedback.evidence, ...rubric].filter((q: string) => q !== "");
}

/** A mis-heard answer (the number came out as words) and what the candidate really said. */
const HEARD =
  "정산 배치를 맡아서 쿼리를 합쳤고 처리 시간을 사십 프로 줄였습니다. 음 그 결과 장애가 줄었습니다.";
const MEANT =
  "정산 배치를 맡아서 쿼리를 합쳤고 처리 시간을 40% 줄였습니다. 그 결과 야간 장애가 절반으로 줄었습니다.";

Deno.test("offline: review → corrected transcripts are scored, the originals are kept", async () => {
  const t = await createTestApp({ ai: createOfflineProvider() });
  try {
    const c = await candidate(t);
    const started = await start(t, c, { transcript_review: true });
    assert.equal(started.transcript_review, true);
    const sid = started.session_id;
    const answers = typedAnswers(3);
    answers[2] = answers[2].replace(". ", ".\n");
    for (let n = 1; n <= 5; n++) {
      // Turn 2 is spoken: the offline engine takes the browser's transcript of the recording.
      const body = n === 2
        ? await answer(t, c, sid, n, { audio: toneWav(12), clientTranscript: HEARD })
        : await answer(t, c, sid, n, { text: answers[n - 1] });
      if (n < 5) continue;
      assert.equal(body.interview_completed, true);
      assert.equal(body.review_required, true);
    }

    // Waiting for the candidate: no job, no feedback, however often the result is polled.
    const waiting = await result(t, c, sid);
    assert.equal(waiting.status, "reviewing");
    assert.equal(waiting.transcript_review, true);
    assert.equal(waiting.feedback, null);
    assert.equal(await feedbackJobs(t, sid), 0);
    assert.ok(
      waiting.turns.every((x: { original_stt_text: null }) => x.original_stt_text === null),
    );
    const heardMetrics = waiting.turns[1].metrics;
    assert.equal(heardMetrics.filler_count, 1, "음 in what was heard");
    const history = await (await t.app.request("/api/interviews/history", {
      headers: { authorization: `Bearer ${c.token}` },
    })).json();
    assert.equal(history.items[0].status, "reviewing");

    const res = await review(t, c.token, sid, {
      corrections: [
        { turn_number: 2, text: `  ${MEANT}  ` },
        // Sent unchanged (its line break as LF; the multipart answer stored CRLF): no correction.
        { turn_number: 3, text: answers[2] },
      ],
    });
    const body = await res.json();
    assert.equal(res.status, 202, JSON.stringify(body));
    assert.deepEqual(body, { session_id: sid, status: "feedback_pending", corrected_turns: [2] });
    assert.equal(await feedbackJobs(t, sid), 1, "queued exactly once");

    const done = await result(t, c, sid);
    assert.equal(done.status, "completed", JSON.stringify(done.failure_reason));
    const [t1, t2, t3] = done.turns;
    assert.equal(t2.answer_stt_text, MEANT, "stored trimmed");
    assert.equal(t2.original_stt_text, HEARD);
    assert.equal(t2.transcript_corrected, true);
    for (const x of [t1, t3]) {
      assert.equal(x.original_stt_text, null);
      assert.equal(x.transcript_corrected, false);
    }
    assert.equal(t3.answer_stt_text, answers[2].replace("\n", "\r\n"), "as stored, unchanged");
    // Text-derived metrics follow the corrected text; the recording's duration and pauses stay.
    assert.equal(t2.metrics.filler_count, 0);
    assert.equal(t2.metrics.char_count, MEANT.replace(/\s/g, "").length);
    assert.notEqual(t2.metrics.char_count, heardMetrics.char_count);
    assert.equal(t2.metrics.duration_sec, heardMetrics.duration_sec);
    assert.equal(t2.metrics.long_pause_count, heardMetrics.long_pause_count);
    assert.notEqual(t2.metrics.syllables_per_minute, heardMetrics.syllables_per_minute);
    // The feedback quotes the corrected answer, never what was mis-heard.
    const quotes = quotesOf(t2);
    assert.ok(quotes.length > 0);
    for (const q of quotes) assert.ok(MEANT.includes(q), `quote not from the correction: ${q}`);
    assert.ok(quotes.some((q) => q.includes("40%")), quotes.join(" | "));

    // Done: a second review is refused and changes nothing.
    const before = await snapshot(t, sid);
    const again = await review(t, c.token, sid, { corrections: [] });
    assert.equal(again.status, 409);
    const err = (await again.json()).error;
    assert.equal(err.code, "not_reviewing");
    assert.equal(err.details.status, "completed");
    assert.equal(await snapshot(t, sid), before);
  } finally {
    await t.close();
  }
});

Deno.test("offline: bad corrections, another user's interview and the wrong status change nothing", async () => {
  const t = await createTestApp({ ai: createOfflineProvider() });
  try {
    const c = await candidate(t);
    const started = await start(t, c, { mode: "self_intro", transcript_review: true });
    const sid = started.session_id;
    // Still answering: not reviewing yet.
    const early = await review(t, c.token, sid, { corrections: [] });
    assert.equal(early.status, 409);
    assert.deepEqual((await early.json()).error.details, { status: "in_progress" });

    const intro = "안녕하십니까. 결제 시스템을 3년간 개발한 백엔드 개발자입니다.";
    const last = await answer(t, c, sid, 1, { text: intro });
    assert.equal(last.review_required, true);
    const before = await snapshot(t, sid);

    const bad: [unknown, string][] = [
      [{}, "invalid_input"],
      [{ corrections: [{ turn_number: 1, text: "   " }] }, "invalid_input"],
      [{ corrections: [{ turn_number: 1, text: "가".repeat(5001) }] }, "invalid_input"],
      [{ corrections: [{ turn_number: 1, text: "a\0b" }] }, "invalid_input"],
      [{ corrections: [{ turn_number: 6, text: "고친 답" }] }, "invalid_input"],
      [{ corrections: [{ turn_number: "1", text: "고친 답" }] }, "invalid_input"],
      [{
        corrections: [{ turn_number: 1, text: "하나" }, { turn_number: 1, text: "둘" }],
      }, "invalid_input"],
      // A self-introduction has one turn: turn 2 is not there (and the valid turn 1 is not kept).
      [{
        corrections: [{ turn_number: 1, text: "고친 자기소개" }, {
          turn_number: 2,
          text: "없는 답",
        }],
      }, "unknown_turn"],
    ];
    for (const [body, code] of bad) {
      const res = await review(t, c.token, sid, body);
      const err = (await res.json()).error;
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(err.code, code, JSON.stringify(body));
      assert.equal(await snapshot(t, sid), before, JSON.stringify(body));
    }
    const dup = await review(t, c.token, sid, {
      corrections: [{ turn_number: 1, text: "하나" }, { turn_number: 1, text: "둘" }],
    });
    assert.match(JSON.stringify((await dup.json()).error.details), /corrected once/);

    // Another user: the interview does not exist for them.
    const other = await signUp(t.app);
    const foreign = await review(t, other.access, sid, { corrections: [] });
    assert.equal(foreign.status, 404);
    assert.equal((await foreign.json()).error.code, "interview_not_found");
    const nobody = await review(t, c.token, crypto.randomUUID(), { corrections: [] });
    assert.equal(nobody.status, 404);
    assert.equal(await snapshot(t, sid), before);

    // Accepting as heard: nothing is corrected, the feedback is made.
    const ok = await review(t, c.token, sid, { corrections: [] });
    assert.equal(ok.status, 202);
    assert.deepEqual((await ok.json()).corrected_turns, []);
    const done = await result(t, c, sid);
    assert.equal(done.status, "completed");
    assert.equal(done.turns[0].answer_stt_text, intro);
    assert.equal(done.turns[0].transcript_corrected, false);
  } finally {
    await t.close();
  }
});

Deno.test("offline: without transcript_review the feedback is queued after the last answer, as before", async () => {
  const t = await createTestApp({ ai: createOfflineProvider() });
  try {
    const c = await candidate(t);
    const started = await start(t, c, { mode: "self_intro" });
    assert.equal(started.transcript_review, false);
    const last = await answer(t, c, started.session_id, 1, {
      text: "안녕하십니까. 백엔드 개발자입니다.",
    });
    assert.equal(last.interview_completed, true);
    assert.equal(last.review_required, undefined);
    assert.equal(await feedbackJobs(t, started.session_id), 1);
    const [{ status }] = await t.db.sql`
      select status from interview_sessions where id = ${started.session_id}`;
    assert.equal(status, "feedback_pending");
    const res = await review(t, c.token, started.session_id, { corrections: [] });
    assert.equal(res.status, 409);
    assert.equal((await res.json()).error.details.status, "feedback_pending");
    const done = await result(t, c, started.session_id);
    assert.equal(done.status, "completed");
    assert.equal(done.transcript_review, false);
  } finally {
    await t.close();
  }
});

/** The feedback prompts the fake received. */
function feedbackPrompts(fake: FakeOpenAI): string[] {
  return fake.requests.filter((r) =>
    r.endpoint === "chat" &&
    (r.body.response_format as { json_schema?: { name?: string } })?.json_schema?.name ===
      "interview_feedback"
  ).map((r) => JSON.stringify(r.body.messages));
}

Deno.test("openai: the feedback model is sent the corrected transcripts, not the heard ones", async () => {
  const fake = await startFakeOpenAI();
  const t = await createTestApp({ ai: fakeOpenAiProvider(fake) });
  try {
    const c = await candidate(t);
    const started = await start(t, c, { transcript_review: true });
    const sid = started.session_id;
    const heard = [
      "저는 결재 API를 삼 년간 개발했습니다.",
      HEARD,
      "팀원들과 코드 리뷰 규칙을 만들었습니다.",
      "AWS 비용을 이십 퍼센트 줄였습니다.",
      "입사 후 정산 시스템을 개선하고 싶습니다.",
    ];
    fake.queueTranscripts(...heard);
    for (let n = 1; n <= 5; n++) {
      const body = await answer(t, c, sid, n, { audio: toneWav(8) });
      assert.equal(body.answer_stt_text, heard[n - 1]);
      if (n === 5) assert.equal(body.review_required, true);
    }
    const waiting = await result(t, c, sid);
    assert.equal(waiting.status, "reviewing");
    assert.equal(feedbackPrompts(fake).length, 0, "no feedback before the review");
    assert.equal(await feedbackJobs(t, sid), 0);

    const fixed1 = "저는 결제 API를 3년간 개발했습니다.";
    const res = await review(t, c.token, sid, {
      corrections: [{ turn_number: 1, text: fixed1 }, { turn_number: 2, text: MEANT }],
    });
    assert.equal(res.status, 202, await res.clone().text());
    assert.deepEqual((await res.json()).corrected_turns, [1, 2]);

    const done = await result(t, c, sid);
    assert.equal(done.status, "completed", JSON.stringify(done.failure_reason));
    const prompts = feedbackPrompts(fake);
    assert.equal(prompts.length, 1);
    for (const text of [fixed1, MEANT, heard[2]]) {
      assert.ok(prompts[0].includes(JSON.stringify(text).slice(1, -1)), `sent: ${text}`);
    }
    for (const text of [heard[0], HEARD]) {
      assert.ok(!prompts[0].includes(JSON.stringify(text).slice(1, -1)), `not sent: ${text}`);
    }
    assert.deepEqual(
      done.turns.map((x: { original_stt_text: string | null }) => x.original_stt_text),
      [heard[0], HEARD, null, null, null],
    );
    assert.equal(done.turns[0].answer_stt_text, fixed1);
    assert.equal(done.turns[0].metrics.duration_sec, waiting.turns[0].metrics.duration_sec);
    assert.equal(done.turns[0].transcript_source, "server", "where the heard text came from");
  } finally {
    await t.close();
    await fake.close();
  }
});
