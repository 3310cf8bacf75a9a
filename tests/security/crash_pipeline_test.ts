/**
 * Crash safety of the answer pipeline (tests/crash_test.ts covers the feedback job): the real
 * server runs as a subprocess and is SIGKILLed while an answer is inside speech-to-text, while
 * the next question is being generated, and while question audio is streaming from TTS. Each
 * time it starts again on the same DATA_DIR and database, and:
 *
 * - every answer the client got a success for is still there;
 * - the killed turn is `awaiting` (resend) or `received`/`failed` (retry resumes from what is
 *   stored, without transcribing again);
 * - the interview finishes and gets its feedback.
 *
 * A turn left `received` by a dead instance is claimable again only after STALE_CLAIM_MS
 * (3 minutes); while the server is down the test moves that claim back instead of waiting.
 */
import { storedRecording } from "../helpers.ts";
import assert from "node:assert/strict";
import { connectEmbedded, connectUrl, type Database } from "../../db/client.ts";
import { STALE_CLAIM_MS } from "../../lib/interview/mod.ts";
import { type FakeOpenAI, startFakeOpenAI } from "../fake_openai.ts";
import {
  bearer,
  figures,
  fixture,
  form,
  jsonCaller,
  LETTER_TEXT,
  POSTING_TEXT,
  serverSetup,
  waitFor,
} from "./support.ts";

Deno.test("answer pipeline survives SIGKILL at STT, next question and TTS", async () => {
  const fake: FakeOpenAI = await startFakeOpenAI();
  const setup = await serverSetup("pipeline", {
    OPENAI_API_KEY: "sk-test",
    OPENAI_BASE_URL: fake.url,
    OPENAI_MAX_RETRIES: "0",
    FEEDBACK_WORKER: "true",
  });
  const { base, dataDir, databaseUrl } = setup;
  try {
    /** The server's database, opened while the server is down (embedded PGlite is exclusive). */
    const openDb = (): Promise<Database> =>
      databaseUrl ? Promise.resolve(connectUrl(databaseUrl, 1)) : connectEmbedded(dataDir);

    let server = await setup.boot();
    let restarts = 0;
    const kill = async () => {
      server.kill("SIGKILL");
      const { status } = await server.exited();
      assert.equal(status.signal, "SIGKILL");
    };
    const restart = async () => {
      fake.reset(); // releases requests held by injected latency
      server = await setup.boot();
      restarts++;
    };
    const call = jsonCaller(base);
    const speech = await fixture("audio/speech.webm");
    const stored = await storedRecording(speech);
    const answerForm = (n: number) =>
      form({ turn_number: String(n) }, { audio: { bytes: speech, name: "answer.webm" } });
    const counts = (endpoint: "transcription" | "speech") =>
      fake.requests.filter((r) => r.endpoint === endpoint).length;
    const isQuestion = (r: FakeOpenAI["requests"][number]) =>
      r.endpoint === "chat" &&
      (r.body.response_format as { json_schema?: { name?: string } })?.json_schema?.name ===
        "interview_question";

    /** The turn's stored state; with `age`, also makes a claim left by a dead instance stale. */
    const inspect = async (sid: string, n: number, age: boolean) => {
      const db = await openDb();
      try {
        const [turn] = await db.sql`
        select answer_state, answer_audio_key, answer_stt_text from interview_turns
        where session_id = ${sid} and turn_number = ${n}`;
        if (age) {
          await db.sql`
          update interview_turns
          set claimed_at = claimed_at - ${`${STALE_CLAIM_MS + 1000} milliseconds`}::interval
          where session_id = ${sid} and turn_number = ${n} and claimed_at is not null`;
        }
        return turn as {
          answer_state: string;
          answer_audio_key: string | null;
          answer_stt_text: string | null;
        };
      } finally {
        await db.close();
      }
    };

    const succeeded = new Map<number, string>(); // turn → transcript the client was given
    const email = `pipeline-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const password = "correct horse battery";
    assert.equal(
      (await call("POST", "/api/auth/register", undefined, { email, password })).status,
      201,
    );
    const login = async () =>
      (await call("POST", "/api/auth/login", undefined, { email, password })).json.access_token;
    let token = await login();
    const posting = await call("POST", "/api/job-postings", token, form({ text: POSTING_TEXT }));
    assert.equal(posting.status, 201);
    const letter = await call("POST", "/api/cover-letters", token, {
      job_posting_id: posting.json.id,
      content: LETTER_TEXT,
    });
    const started = await call("POST", "/api/interviews/start", token, {
      cover_letter_id: letter.json.id,
    });
    assert.equal(started.status, 201, JSON.stringify(started.json));
    const sid = started.json.session_id as string;
    const answer = async (n: number) => {
      const res = await call("POST", `/api/interviews/${sid}/answer`, token, answerForm(n));
      assert.equal(res.status, 200, `turn ${n}: ${JSON.stringify(res.json)}`);
      succeeded.set(n, res.json.answer_stt_text);
    };
    await answer(1);

    // 1. Killed while the answer of turn 2 is being transcribed.
    fake.setLatency("transcription", 600_000);
    const sttBefore = counts("transcription");
    const inStt = call("POST", `/api/interviews/${sid}/answer`, token, answerForm(2));
    inStt.catch(() => {});
    await waitFor(
      "turn 2 in speech-to-text",
      () => Promise.resolve(counts("transcription") > sttBefore ? true : null),
    );
    await kill();
    await assert.rejects(inStt, "the client saw no success");
    // Embedded PGlite can only be opened while the server is down.
    const afterStt = await inspect(sid, 2, !databaseUrl);
    assert.ok(
      ["awaiting", "received", "failed"].includes(afterStt.answer_state),
      afterStt.answer_state,
    );
    await restart();
    token = await login();
    let resendRefused = "n/a";
    if (databaseUrl && afterStt.answer_state === "received") {
      // The dead instance's claim holds the turn until it is stale: a resend waits for that.
      const early = await call("POST", `/api/interviews/${sid}/answer`, token, answerForm(2));
      assert.equal(early.status, 409, JSON.stringify(early.json));
      assert.equal(early.json.error.code, "turn_conflict");
      resendRefused = "409_until_stale";
      await inspect(sid, 2, true);
    }
    await answer(2); // the client sends the recording again

    // 2. Killed while the question after turn 3 is being generated.
    fake.setLatency("chat", 600_000);
    const questionsBefore = fake.requests.filter(isQuestion).length;
    const inLlm = call("POST", `/api/interviews/${sid}/answer`, token, answerForm(3));
    inLlm.catch(() => {});
    await waitFor(
      "turn 3 waiting for its next question",
      () =>
        Promise.resolve(fake.requests.filter(isQuestion).length > questionsBefore ? true : null),
    );
    await kill();
    await assert.rejects(inLlm);
    const afterLlm = await inspect(sid, 3, true);
    assert.equal(afterLlm.answer_state, "received", "audio and transcript were recorded");
    assert.ok(afterLlm.answer_audio_key && afterLlm.answer_stt_text);
    await restart();
    token = await login();
    const sttBeforeRetry = counts("transcription");
    const retried = await call("POST", `/api/interviews/${sid}/turns/3/retry`, token);
    assert.equal(retried.status, 200, JSON.stringify(retried.json));
    assert.equal(counts("transcription"), sttBeforeRetry, "the retry did not transcribe again");
    succeeded.set(3, retried.json.answer_stt_text);
    await answer(4);

    // 3. Killed while the question of turn 5 streams from TTS (first bytes already played).
    fake.setLatency("speech", { firstByteMs: 0, totalMs: 600_000 });
    const audio = await fetch(`${base}/api/interviews/${sid}/turns/5/question-audio`, {
      headers: bearer(token),
    });
    assert.equal(audio.status, 200);
    const reader = audio.body!.getReader();
    assert.ok(((await reader.read()).value?.byteLength ?? 0) > 0, "playback started");
    await kill();
    await reader.read().catch(() => {});
    await restart();
    token = await login();
    const replay = await fetch(`${base}/api/interviews/${sid}/turns/5/question-audio`, {
      headers: bearer(token),
    });
    assert.equal(replay.status, 200);
    assert.ok((await replay.arrayBuffer()).byteLength > 1000, "the question plays in full");
    await answer(5);

    // Every acknowledged answer is there, the recordings download, feedback completes.
    const result = await waitFor("the completed result", async () => {
      const r = await call("GET", `/api/interviews/${sid}/result`, token);
      return r.json.status === "completed" ? r.json : null;
    });
    assert.equal(result.turns.length, 5);
    for (const [n, transcript] of succeeded) {
      const turn = result.turns.find((t: { turn_number: number }) => t.turn_number === n);
      assert.equal(turn.answer_stt_text, transcript, `turn ${n}`);
      assert.ok(turn.turn_feedback, `turn ${n} has feedback`);
      const file = await fetch(new URL(turn.answer_audio_url, base));
      assert.deepEqual(new Uint8Array(await file.arrayBuffer()), stored, `turn ${n} audio`);
    }
    assert.ok(result.total_feedback);
    server.kill("SIGTERM");
    assert.equal((await server.exited()).status.code, 0);
    figures("crash_pipeline", {
      sigkills: 3,
      state_after_stt_kill: afterStt.answer_state,
      early_resend: resendRefused,
      state_after_llm_kill: afterLlm.answer_state,
      restarts_survived: restarts,
      acknowledged_answers: succeeded.size,
      answers_lost: 0,
      feedback: result.status,
    });
  } catch (e) {
    throw await setup.failure(e);
  } finally {
    await setup.close();
    await fake.close();
  }
});
