/**
 * Failing dependencies: the AI provider (500, 429, timeouts), S3 storage (server stopped
 * mid-run) and PostgreSQL (the app's connections terminated). Each failure must answer a JSON
 * 502/503, never a 500, and once the dependency is back everything works with nothing lost.
 */
import assert from "node:assert/strict";
import { connectUrl } from "../../db/client.ts";
import { createS3Storage } from "../../lib/storage/s3.ts";
import type { FailureKind, FakeEndpoint } from "../fake_openai.ts";
import { fakeOpenAiProvider, startFakeOpenAI } from "../fake_openai.ts";
import { createTestApp, jsonReq, signUp, storedRecording, type TestApp } from "../helpers.ts";
import { hasNode, S3RVER_CREDENTIALS, startS3rver } from "../s3rver.ts";
import {
  assertEnvelope,
  bearer,
  figures,
  fixture,
  form,
  LETTER_TEXT,
  POSTING_TEXT,
  serverSetup,
} from "./support.ts";

type Call = () => Response | Promise<Response>;

/** Answers turn `n` of a session with a recording. */
function answer(app: TestApp, token: string, sid: string, n: number, audio: Uint8Array): Call {
  return () =>
    app.app.request(`/api/interviews/${sid}/answer`, {
      method: "POST",
      headers: bearer(token),
      body: form({ turn_number: String(n) }, { audio: { bytes: audio, name: "answer.webm" } }),
    });
}

async function turnRow(app: TestApp, sid: string, n: number) {
  const [row] = await app.deps.sql`
    select answer_state, answer_audio_key, answer_stt_text from interview_turns
    where session_id = ${sid} and turn_number = ${n}`;
  return row as {
    answer_state: string;
    answer_audio_key: string | null;
    answer_stt_text: string | null;
  };
}

Deno.test("AI failures answer 502/503 JSON, and retries recover with nothing lost", async (t) => {
  const fake = await startFakeOpenAI();
  // A short per-attempt limit so an injected hang becomes a timeout quickly.
  const app = await createTestApp({ ai: fakeOpenAiProvider(fake, { timeoutMs: 2_000 }) });
  const kinds: FailureKind[] = [500, 429, "timeout"];
  let faults = 0;
  /** Injects one failure and expects a 502/503 envelope with an `ai_*` code. */
  const expectAiFailure = async (endpoint: FakeEndpoint, kind: FailureKind, call: Call) => {
    fake.failNext(endpoint, 1, kind);
    const failed = await call();
    assert.ok([502, 503].includes(failed.status), `${endpoint} ${kind}: ${failed.status}`);
    const code = await assertEnvelope(failed, `${endpoint} ${kind}`);
    assert.match(code, /^ai_/, `${endpoint} ${kind}: ${code}`);
    faults++;
  };
  /** A failure, checks of what it left behind, then a successful retry. */
  const failThenRecover = async (
    endpoint: FakeEndpoint,
    kind: FailureKind,
    call: Call,
    okStatus: number,
    afterFailure?: () => Promise<void>,
    retry: Call = call,
  ) => {
    await expectAiFailure(endpoint, kind, call);
    await afterFailure?.();
    const ok = await retry();
    assert.equal(ok.status, okStatus, `${endpoint} after ${kind}: ${await ok.clone().text()}`);
    return ok;
  };

  try {
    const user = await signUp(app.app);
    const speech = await fixture("audio/speech.webm");
    let postingId = "";
    let letterId = "";
    let sid = "";

    await t.step("posting analysis, cover-letter feedback and interview start", async () => {
      for (const kind of kinds) {
        const res = await failThenRecover("chat", kind, () =>
          app.app.request("/api/job-postings", {
            method: "POST",
            headers: bearer(user.access),
            body: form({ text: POSTING_TEXT }),
          }), 201);
        postingId = (await res.json()).id;
      }
      for (const kind of kinds) {
        const res = await failThenRecover("chat", kind, () =>
          app.app.request(
            "/api/cover-letters",
            jsonReq("POST", { job_posting_id: postingId, content: LETTER_TEXT }, user.access),
          ), 201);
        letterId = (await res.json()).id;
      }
      for (const kind of kinds) {
        const res = await failThenRecover("chat", kind, () =>
          app.app.request(
            "/api/interviews/start",
            jsonReq("POST", { cover_letter_id: letterId }, user.access),
          ), 201);
        sid = (await res.json()).session_id;
      }
      // A failed call leaves nothing behind: one row per success.
      const [counts] = await app.deps.sql`
        select (select count(*) from job_postings) as postings,
               (select count(*) from cover_letters) as letters,
               (select count(*) from interview_sessions) as sessions`;
      assert.deepEqual(
        { ...counts },
        { postings: kinds.length, letters: kinds.length, sessions: kinds.length },
      );
    });

    await t.step("speech-to-text and next-question failures keep the recording", async () => {
      const retry = (n: number): Call => () =>
        app.app.request(`/api/interviews/${sid}/turns/${n}/retry`, {
          method: "POST",
          headers: bearer(user.access),
        });
      // Turns 1–3: transcription fails; the audio is stored, the turn `failed`, retry resumes.
      for (const [i, kind] of kinds.entries()) {
        const n = i + 1;
        await failThenRecover(
          "transcription",
          kind,
          answer(app, user.access, sid, n, speech),
          200,
          async () => {
            const row = await turnRow(app, sid, n);
            assert.equal(row.answer_state, "failed");
            assert.ok(row.answer_audio_key, "the recording is stored before transcription");
            await app.deps.storage.get(row.answer_audio_key!).then((o) => o.body.cancel());
          },
          retry(n),
        );
      }
      // Turn 4: the next question fails, then fails twice more on retry; the transcript stays.
      await expectAiFailure("chat", kinds[0], answer(app, user.access, sid, 4, speech));
      for (const kind of kinds.slice(1)) await expectAiFailure("chat", kind, retry(4));
      const row = await turnRow(app, sid, 4);
      assert.equal(row.answer_state, "failed");
      assert.ok(row.answer_audio_key && row.answer_stt_text, "recording and transcript kept");
      const resumed = await retry(4)();
      assert.equal(resumed.status, 200, await resumed.text());
    });

    await t.step("text-to-speech failures, then the question plays", async () => {
      // One turn per failure: once a question played it is served from storage, not TTS.
      for (const [i, kind] of kinds.entries()) {
        const q = `/api/interviews/${sid}/turns/${i + 3}/question-audio`;
        const res = await failThenRecover(
          "speech",
          kind,
          () => app.app.request(q, { headers: bearer(user.access) }),
          200,
        );
        assert.ok((await res.arrayBuffer()).byteLength > 0);
      }
    });

    await t.step("feedback failure stays pending, then completes", async () => {
      const last = await answer(app, user.access, sid, 5, speech)();
      assert.equal(last.status, 200, await last.text());
      fake.failNext("chat", 1, 500);
      const pending = await app.app.request(`/api/interviews/${sid}/result`, {
        headers: bearer(user.access),
      });
      assert.equal(pending.status, 200);
      assert.equal((await pending.json()).status, "feedback_pending");
      faults++;
      // The job backs off for seconds; bring its next attempt forward instead of waiting.
      await app.deps.sql`update jobs set run_at = now() where status = 'pending'`;
      const done = await (await app.app.request(`/api/interviews/${sid}/result`, {
        headers: bearer(user.access),
      })).json();
      assert.equal(done.status, "completed");
      assert.ok(done.total_feedback);
      // Nothing lost: five answers, each with its transcript, recording and feedback.
      assert.equal(done.turns.length, 5);
      for (const turn of done.turns) {
        assert.ok(turn.answer_stt_text && turn.turn_feedback, `turn ${turn.turn_number}`);
        const audio = await app.app.request(
          new URL(turn.answer_audio_url, "http://x").pathname +
            new URL(turn.answer_audio_url, "http://x").search,
        );
        assert.deepEqual(new Uint8Array(await audio.arrayBuffer()), await storedRecording(speech));
      }
    });
    figures("ai_faults", { faults_injected: faults, data_lost: 0 });
  } finally {
    await app.close();
    await fake.close();
  }
});

const node = await hasNode();
if (!node) console.warn("SKIPPED: S3 outage test needs node/npx for s3rver");

Deno.test({
  name: "S3 outage: uploads answer 503 storage_unavailable, then work again, nothing lost",
  ignore: !node,
  async fn() {
    const bucket = "fault-bucket";
    const s3 = await startS3rver(bucket);
    const storage = createS3Storage({
      bucket,
      region: "us-east-1",
      endpoint: s3.endpoint,
      forcePathStyle: true,
      ...S3RVER_CREDENTIALS,
    });
    const fake = await startFakeOpenAI();
    const app = await createTestApp({ ai: fakeOpenAiProvider(fake), storage });
    let faults = 0;
    try {
      const user = await signUp(app.app);
      const speech = await fixture("audio/speech.webm");
      const pdf = await fixture("pdf/posting_ko.pdf");
      const uploadPdf = () =>
        app.app.request("/api/job-postings", {
          method: "POST",
          headers: bearer(user.access),
          body: form({}, { file: { bytes: pdf, name: "posting.pdf", type: "application/pdf" } }),
        });
      const posting = await uploadPdf();
      assert.equal(posting.status, 201, await posting.clone().text());
      const letter = await app.app.request(
        "/api/cover-letters",
        jsonReq(
          "POST",
          { job_posting_id: (await posting.json()).id, content: LETTER_TEXT },
          user.access,
        ),
      );
      const started = await app.app.request(
        "/api/interviews/start",
        jsonReq("POST", { cover_letter_id: (await letter.json()).id }, user.access),
      );
      const sid = (await started.json()).session_id;
      const first = await answer(app, user.access, sid, 1, speech)();
      assert.equal(first.status, 200, await first.clone().text());
      const firstUrl = (await first.json()).answer_audio_url as string;
      const q1 = `/api/interviews/${sid}/turns/1/question-audio`;
      const played = await app.app.request(q1, { headers: bearer(user.access) });
      assert.equal(played.status, 200);
      await played.arrayBuffer();
      // The live stream is stored in the background; wait until the row names the object.
      for (let i = 0; i < 100; i++) {
        const [row] = await app.deps.sql`select question_audio_key from interview_turns
          where session_id = ${sid} and turn_number = 1`;
        if (row.question_audio_key) break;
        await new Promise((r) => setTimeout(r, 50));
      }

      await s3.stop();
      const down = await answer(app, user.access, sid, 2, speech)();
      assert.equal(down.status, 503);
      assert.equal(await assertEnvelope(down, "answer while S3 is down"), "storage_unavailable");
      assert.equal((await turnRow(app, sid, 2)).answer_state, "awaiting", "client may resend");
      const pdfDown = await uploadPdf();
      assert.equal(pdfDown.status, 503);
      assert.equal(await assertEnvelope(pdfDown, "PDF while S3 is down"), "storage_unavailable");
      const audioDown = await app.app.request(q1, { headers: bearer(user.access) });
      assert.equal(audioDown.status, 503);
      await assertEnvelope(audioDown, "question audio while S3 is down");
      faults += 3;

      await s3.start();
      const resent = await answer(app, user.access, sid, 2, speech)();
      assert.equal(resent.status, 200, await resent.clone().text());
      assert.equal((await uploadPdf()).status, 201);
      const replay = await app.app.request(q1, { headers: bearer(user.access) });
      assert.equal(replay.status, 200);
      await replay.arrayBuffer();

      // Nothing lost: both recordings (one from before the outage) download intact.
      for (const url of [firstUrl, (await resent.json()).answer_audio_url as string]) {
        const res = await fetch(url);
        assert.equal(res.status, 200, url);
        assert.deepEqual(new Uint8Array(await res.arrayBuffer()), await storedRecording(speech));
      }
      const [{ count }] = await app.deps.sql`select count(*) from job_postings`;
      assert.equal(count, 2, "the failed PDF upload left no posting behind");
      figures("s3_outage", { faults_injected: faults, storage_restarts: 1, data_lost: 0 });
    } finally {
      await app.close();
      await fake.close();
      storage.close();
      await s3.dispose();
    }
  },
});

const dbUrl = Deno.env.get("TEST_DATABASE_URL");
if (!dbUrl) {
  console.warn("SKIPPED: database-restart test needs TEST_DATABASE_URL (a PostgreSQL server)");
}

Deno.test({
  name: "database connections killed under a real server: 503 or success, never 500 or a crash",
  ignore: !dbUrl,
  async fn() {
    const setup = await serverSetup("dbkill", { FEEDBACK_WORKER: "false" });
    const { base } = setup;
    const admin = connectUrl(dbUrl!, 1).sql;
    const rounds = 5;
    let terminated = 0;
    let unavailable = 0;
    /** A request that may not hang: a poisoned connection pool shows up as a timeout. */
    const call = (path: string, init: RequestInit = {}) =>
      fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
    try {
      const server = await setup.boot();
      let alive = true;
      server.exited().then(() => alive = false);
      const dbName = new URL(setup.databaseUrl!).pathname.slice(1);
      const email = `dbkill-${crypto.randomUUID().slice(0, 8)}@example.com`;
      const password = "correct horse battery";
      await (await call("/api/auth/register", jsonReq("POST", { email, password }))).body?.cancel();
      const login = await (await call("/api/auth/login", jsonReq("POST", { email, password })))
        .json();
      const token = login.access_token as string;
      const posting = await call("/api/job-postings", {
        method: "POST",
        headers: bearer(token),
        body: form({ text: POSTING_TEXT }),
      });
      const postingId = (await posting.json()).id;
      // Only the server's connections to its own database: never the shared server's others.
      // The timeout makes the call wait until each backend has exited, so no connection dies
      // later, under the requests that the test expects to succeed.
      const kill = async () => {
        const rows = await admin`
          select pg_terminate_backend(pid, 5000) from pg_stat_activity
          where datname = ${dbName} and application_name = 'mock-interview'`;
        terminated += rows.length;
      };
      const check = async (res: Response, what: string) => {
        if (res.status === 503) {
          unavailable++;
          assert.equal(await assertEnvelope(res, what), "database_unavailable");
        } else {
          assert.ok(res.status < 300, `${what}: ${res.status} ${await res.clone().text()}`);
          await res.body?.cancel();
        }
        return res.status;
      };

      let created = 0;
      for (let round = 0; round < rounds; round++) {
        // Writes in flight while the connections die: each is acknowledged or 503.
        const writes = Array.from({ length: 8 }, () =>
          call(
            "/api/cover-letters",
            jsonReq("POST", { job_posting_id: postingId, content: LETTER_TEXT }, token),
          ));
        await kill();
        for (const res of await Promise.all(writes)) {
          if ((await check(res, `round ${round}: write during the kill`)) === 201) created++;
        }
        await check(await call("/healthz"), `round ${round}: health after the kill`);
        // postgres.js reconnects: from now on everything succeeds.
        for (let i = 0; i < 3; i++) {
          const res = await call("/api/cover-letters", { headers: bearer(token) });
          assert.equal(res.status, 200, `round ${round}: request ${i} after reconnecting`);
          await res.body?.cancel();
        }
        assert.ok(alive, `round ${round}: the server process died`);
      }
      const list = await (await call("/api/cover-letters?limit=100", { headers: bearer(token) }))
        .json();
      // Every acknowledged write is there; a write whose commit raced the kill may exist
      // without having been acknowledged (that client saw 503 and may retry).
      assert.ok(list.total >= created, `${list.total} letters stored, ${created} acknowledged`);
      assert.ok(terminated >= rounds, "connections were terminated");
      server.kill("SIGTERM");
      const { status } = await server.exited();
      assert.equal(status.code, 0, "clean shutdown after the restarts");
      figures("db_restarts", {
        rounds,
        connections_terminated: terminated,
        answered_503: unavailable,
        acknowledged_writes: created,
        stored_writes: list.total,
        data_lost: 0,
      });
    } catch (e) {
      throw await setup.failure(e);
    } finally {
      await setup.close();
      await admin.end();
    }
  },
});
