import assert from "node:assert/strict";
import { claimJob, finishJob } from "../../db/jobs.ts";
import { createTestApp, signUp, type TestApp } from "../../tests/helpers.ts";
import { createOfflineProvider } from "../ai/offline/mod.ts";
import type { AiProvider } from "../ai/types.ts";
import {
  defaultBackoffMs,
  FEEDBACK_JOB,
  type InterviewDeps,
  runPendingJobs,
  startFeedbackWorker,
} from "./feedback_job.ts";
import { getResult, startInterview, submitAnswer } from "./mod.ts";

const LETTER = "저는 물류 회사에서 3년간 재고 관리 시스템을 운영하며 입고 오류를 30% 줄였습니다. " +
  "데이터 분석으로 발주 주기를 최적화한 경험을 살리고 싶습니다.";

function test(
  name: string,
  fn: (t: TestApp, deps: InterviewDeps) => Promise<void>,
  ai?: AiProvider,
) {
  Deno.test(name, async () => {
    const t = await createTestApp({ ai: ai ?? createOfflineProvider() });
    try {
      await fn(t, t.deps);
    } finally {
      await t.close();
    }
  });
}

/** A user whose five-turn interview (typed answers) is waiting for feedback. */
async function finishedInterview(t: TestApp, deps: InterviewDeps) {
  const user = await signUp(t.app, { career_summary: "물류 재고 관리 3년" });
  const [posting] = await t.db.sql`
    insert into job_postings (user_id, title, original_text, ai_analysis)
    values (${user.id}, '물류 운영 매니저', '물류 운영 매니저 채용 공고 본문입니다. 재고 관리 경험 필수.',
      ${t.db.sql.json({ keywords: ["재고 관리"], requirements: ["재고 관리 경험"] })})
    returning id`;
  const [letter] = await t.db.sql`
    insert into cover_letters (user_id, job_posting_id, content)
    values (${user.id}, ${posting.id}, ${LETTER}) returning id`;
  const started = await startInterview(deps, user.id, letter.id);
  for (let n = 1; n <= 5; n++) {
    await submitAnswer(deps, user.id, started.session_id, {
      turnNumber: n,
      text: `${n}번째 답변: 재고 실사 주기를 바꿔 오류를 줄였습니다.`,
    });
  }
  return { userId: user.id, sessionId: started.session_id };
}

async function jobOf(t: TestApp, sessionId: string) {
  const [job] = await t.db.sql`
    select * from jobs where kind = ${FEEDBACK_JOB} and payload ->> 'session_id' = ${sessionId}`;
  return job;
}

test(
  "a job whose worker died is taken over once its lease lapses; the old attempt cannot commit",
  async (t, deps) => {
    const { userId, sessionId } = await finishedInterview(t, deps);
    // A worker claims the job with a tiny lease and "dies" (never finishes).
    const dead = await claimJob(t.db.sql, FEEDBACK_JOB, 1);
    assert.ok(dead);
    assert.equal(dead.attempts, 1);
    await t.db.sql`select pg_sleep(0.01)`;
    assert.equal(await runPendingJobs(deps), 1);
    const job = await jobOf(t, sessionId);
    assert.equal(job.status, "done");
    assert.equal(job.attempts, 2);
    const result = await getResult(deps, userId, sessionId);
    assert.equal(result.status, "completed");
    assert.ok(result.turns.every((turn) => turn.turn_feedback));
    // The dead worker's attempt is fenced off.
    assert.equal(await t.db.sql.begin((tx) => finishJob(tx, dead.id, dead.attempts)), false);
  },
);

test("a job claimed past its last attempt fails the session", async (t, deps) => {
  const { userId, sessionId } = await finishedInterview(t, deps);
  await t.db.sql`update jobs set attempts = max_attempts, status = 'running',
    locked_until = now() - interval '1 second'`;
  assert.equal(await runPendingJobs(deps), 1);
  assert.equal((await jobOf(t, sessionId)).status, "failed");
  const result = await getResult(deps, userId, sessionId);
  assert.equal(result.status, "failed");
  assert.match(result.failure_reason!, /interrupted/);
});

test("a job for a session no longer waiting is finished without asking the AI", async (t, deps) => {
  const { sessionId } = await finishedInterview(t, deps);
  await t.db.sql`update interview_sessions set status = 'completed' where id = ${sessionId}`;
  let asked = 0;
  const counting = {
    ...deps,
    ai: { ...deps.ai, interviewFeedback: () => (asked++, Promise.reject(new Error("no"))) },
  };
  assert.equal(await runPendingJobs(counting), 1);
  assert.equal(asked, 0);
  assert.equal((await jobOf(t, sessionId)).status, "done");
});

test(
  "the worker keeps its lease while the model works, then completes the job",
  async (t, deps) => {
    const { userId, sessionId } = await finishedInterview(t, deps);
    let release!: () => void;
    const gate = new Promise<void>((r) => release = r);
    let called!: () => void;
    const started = new Promise<void>((r) => called = r);
    const offline = createOfflineProvider();
    const slow: InterviewDeps = {
      ...deps,
      ai: {
        ...offline,
        async interviewFeedback(ctx, turns) {
          called();
          await gate;
          return await offline.interviewFeedback(ctx, turns);
        },
      },
    };
    const worker = startFeedbackWorker(slow, { intervalMs: 10, leaseMs: 300 });
    try {
      await started;
      // Several lease lengths later the job is still held: heartbeats renewed it.
      await new Promise((r) => setTimeout(r, 1_200));
      assert.equal(await claimJob(t.db.sql, FEEDBACK_JOB, 300), null);
      release();
      let result = await getResult(deps, userId, sessionId, { waitMs: 0 });
      for (let i = 0; i < 200 && result.status !== "completed"; i++) {
        await new Promise((r) => setTimeout(r, 10));
        result = await getResult(deps, userId, sessionId, { waitMs: 0 });
      }
      assert.equal(result.status, "completed");
      assert.equal((await jobOf(t, sessionId)).attempts, 1);
    } finally {
      release();
      await worker.stop();
    }
  },
);

Deno.test("backoff doubles from 5 s and is capped at 5 minutes", () => {
  assert.deepEqual([1, 2, 3, 4].map(defaultBackoffMs), [5_000, 10_000, 20_000, 40_000]);
  assert.equal(defaultBackoffMs(20), 300_000);
});
