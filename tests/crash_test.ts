/**
 * Crash safety of interview feedback: the real server runs as a subprocess, is killed with
 * SIGKILL while its worker is generating feedback, and is started again on the same data. The
 * job's lease lapses, the new process takes the job over, and the result completes.
 */
import assert from "node:assert/strict";
import { type FakeOpenAI, startFakeOpenAI } from "./fake_openai.ts";
import { jsonCaller, serverSetup, waitFor } from "./security/support.ts";

Deno.test("feedback survives a SIGKILL of the server in the middle of the job", async () => {
  const fake: FakeOpenAI = await startFakeOpenAI();
  const setup = await serverSetup("crash", {
    OPENAI_API_KEY: "x",
    OPENAI_BASE_URL: fake.url,
    OPENAI_MAX_RETRIES: "0",
    FEEDBACK_WORKER: "true",
  });
  const { base, boot } = setup;
  const call = jsonCaller(base);

  try {
    const first = await boot();
    const email = `crash-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const password = "correct horse battery";
    assert.equal(
      (await call("POST", "/api/auth/register", undefined, { email, password })).status,
      201,
    );
    const token = (await call("POST", "/api/auth/login", undefined, { email, password })).json
      .access_token;
    const postingForm = new FormData();
    postingForm.append(
      "text",
      "데이터 엔지니어 채용. 자격 요건: Python, Airflow, SQL 실무 경험 2년 이상.",
    );
    const posting = await call("POST", "/api/job-postings", token, postingForm);
    assert.equal(posting.status, 201, JSON.stringify(posting.json));
    const letter = await call("POST", "/api/cover-letters", token, {
      job_posting_id: posting.json.id,
      content:
        "저는 Airflow로 일일 배치 파이프라인 40개를 운영하며 실패율을 5%에서 1%로 낮춘 데이터 엔지니어입니다.",
    });
    assert.equal(letter.status, 201, JSON.stringify(letter.json));
    const started = await call("POST", "/api/interviews/start", token, {
      cover_letter_id: letter.json.id,
    });
    assert.equal(started.status, 201, JSON.stringify(started.json));
    const sid = started.json.session_id;
    const speech = await Deno.readFile(new URL("./fixtures/audio/speech.webm", import.meta.url));
    for (let n = 1; n <= 5; n++) {
      const form = new FormData();
      form.append("turn_number", String(n));
      form.append("audio", new Blob([speech]), "answer.webm");
      const res = await call("POST", `/api/interviews/${sid}/answer`, token, form);
      assert.equal(res.status, 200, JSON.stringify(res.json));
    }

    // Feedback takes long now; kill the server once its worker has asked for it.
    fake.setLatency("chat", 60_000);
    const isFeedback = (r: FakeOpenAI["requests"][number]) =>
      r.endpoint === "chat" &&
      (r.body.response_format as { json_schema?: { name?: string } })?.json_schema?.name ===
        "interview_feedback";
    await waitFor(
      "the feedback request",
      () => Promise.resolve(fake.requests.some(isFeedback) ? true : null),
    );
    first.kill("SIGKILL");
    const killed = await first.exited();
    assert.equal(killed.status.signal, "SIGKILL", killed.output);

    // Back on the same data, with a quicker (but not instant) model.
    fake.reset();
    fake.setLatency("chat", 300);
    const second = await boot();
    const result = await waitFor("the completed result", async () => {
      const r = await call("GET", `/api/interviews/${sid}/result`, token);
      return r.json.status === "completed" ? r.json : null;
    });
    assert.equal(result.turns.length, 5);
    assert.ok(result.total_feedback);
    assert.ok(result.turns.every((t: { turn_feedback: string | null }) => t.turn_feedback));
    assert.equal(fake.requests.filter(isFeedback).length, 1);

    second.kill("SIGTERM");
    const stopped = await second.exited();
    assert.equal(stopped.status.code, 0, stopped.output);
  } catch (e) {
    throw await setup.failure(e);
  } finally {
    await setup.close();
    await fake.close();
  }
});
