/**
 * Interview feedback as a durable job. Finishing turn 5 enqueues a `jobs` row in the same
 * transaction; any worker (the polling loop in `main.ts`, or a result poll on platforms without
 * long-lived processes) claims it with `FOR UPDATE SKIP LOCKED` under a lease it keeps
 * extending while the model works. A worker that dies stops extending, its lease lapses, and
 * another one takes the job over; an attempt commits only while it still holds the job.
 */
import type { LiveTranscriptions } from "./live_transcription.ts";
import type { Sql, TxSql } from "../../db/client.ts";
import {
  failPendingSession,
  findInterviewSource,
  findSessionById,
  listTurns,
  saveFeedback,
  type SessionRow,
  setSessionStatus,
} from "../../db/interviews.ts";
import {
  claimJob,
  enqueueJob,
  extendLease,
  failJob,
  finishJob,
  type JobRow,
  rescheduleJob,
} from "../../db/jobs.ts";
import { pickProfile } from "../../db/users.ts";
import type {
  AiProvider,
  DeliveryMetrics,
  InterviewContext,
  InterviewSetup,
  QA,
} from "../ai/types.ts";
import { DEFAULT_SETUP } from "../ai/types.ts";
import { usageRecorder } from "../usage/mod.ts";
import type { Config } from "../config.ts";
import { AppError, notFound } from "../errors.ts";
import type { Storage } from "../storage/types.ts";

/** A stage of the answer pipeline whose latency is reported to `timings`. */
export type Stage = "storage" | "stt" | "llm" | "tts_first_byte";

/** What the interview engine needs; `AppDeps` satisfies it. */
export interface InterviewDeps {
  config: Pick<Config, "jwtSecret" | "PUBLIC_URL">;
  sql: Sql;
  storage: Storage;
  ai: AiProvider;
  /** Receives the duration of each pipeline stage (a later issue exports them as metrics). */
  timings?: (stage: Stage, ms: number) => void;
  log?: (entry: Record<string, unknown>) => void;
  /** Live transcriptions of answers being spoken; without it answers use file STT only. */
  live?: LiveTranscriptions;
}

/** `jobs.kind` of interview feedback. */
export const FEEDBACK_JOB = "interview_feedback";

/** Tuning of the job runner; tests shorten the backoff. */
export interface FeedbackJobOptions {
  /** How long a claim is valid without renewal; renewed every third of it while running. */
  leaseMs?: number;
  /** Delay before attempt `attempt + 1` after attempt `attempt` failed. */
  backoffMs?: (attempt: number) => number;
  /** Upper bound on jobs one `runPendingJobs` call runs. */
  maxJobs?: number;
}

const DEFAULT_LEASE_MS = 15_000;

/** Exponential backoff: 5 s, 10 s, 20 s, … capped at 5 minutes. */
export function defaultBackoffMs(attempt: number): number {
  return Math.min(5 * 60_000, 5_000 * 2 ** Math.max(0, attempt - 1));
}

/** Runs `fn`, reporting its duration to `deps.timings` under `stage`, whether it fails or not. */
export async function measure<T>(
  deps: Pick<InterviewDeps, "timings">,
  stage: Stage,
  fn: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    deps.timings?.(stage, performance.now() - started);
  }
}

/** Logs a warning with the error's name and message only (no transcripts, no secrets). */
export function logWarn(deps: Pick<InterviewDeps, "log">, msg: string, e: unknown) {
  (deps.log ?? ((x) => console.log(JSON.stringify(x))))({
    level: "warn",
    msg,
    error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
  });
}

/** How a stored session was set up. */
export function setupOf(session: Pick<SessionRow, "mode" | "language">): InterviewSetup {
  return { mode: session.mode, language: session.language };
}

/** The interviewer's context for a cover letter of `userId`; not-found when it is not theirs. */
export async function loadInterviewContext(
  sql: Sql,
  userId: string,
  coverLetterId: string,
  setup: InterviewSetup = DEFAULT_SETUP,
): Promise<InterviewContext> {
  const src = await findInterviewSource(sql, userId, coverLetterId);
  if (!src) throw notFound("cover_letter");
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : [];
  // Blind hiring: no name, age or gender reaches a question or the judgement of an answer.
  const { career_summary, certifications } = pickProfile(src);
  return {
    profile: { career_summary, certifications },
    posting: src.has_posting
      ? {
        title: src.posting_title,
        analysis: {
          keywords: strings(src.posting_analysis?.keywords),
          requirements: strings(src.posting_analysis?.requirements),
          preferred: strings(src.posting_analysis?.preferred),
        },
      }
      : null,
    coverLetter: src.content,
    setup,
  };
}

/**
 * Sets the session waiting for its feedback and queues the feedback job, inside the caller's
 * transaction (which holds the session lock), so a session never waits for a job that is not
 * there. The last answer, the transcript review and a feedback retry all go through here.
 */
export async function queueFeedback(tx: TxSql, sessionId: string): Promise<void> {
  await setSessionStatus(tx, sessionId, "feedback_pending");
  await enqueueJob(tx, FEEDBACK_JOB, { session_id: sessionId });
}

/**
 * Claims and runs feedback jobs until none is due (at most `maxJobs`); returns how many ran.
 * Exported for tests and for platforms that drive work from requests.
 */
export async function runPendingJobs(
  deps: InterviewDeps,
  opts: FeedbackJobOptions = {},
): Promise<number> {
  const max = opts.maxJobs ?? 100;
  let ran = 0;
  while (ran < max) {
    const job = await claimJob(deps.sql, FEEDBACK_JOB, opts.leaseMs ?? DEFAULT_LEASE_MS);
    if (!job) break;
    await runJob(deps, job, opts);
    ran++;
  }
  return ran;
}

/**
 * Runs the feedback job of one session if it can be claimed now, waiting for it at most
 * `waitMs`; a job still running after that goes on in the background. Used by the result poll,
 * so a deployment without a worker still completes feedback, and a poll never hangs.
 */
export async function runSessionFeedback(
  deps: InterviewDeps,
  sessionId: string,
  waitMs: number,
  opts: FeedbackJobOptions = {},
): Promise<void> {
  const job = await claimJob(deps.sql, FEEDBACK_JOB, opts.leaseMs ?? DEFAULT_LEASE_MS, sessionId);
  if (!job) return;
  const run = runJob(deps, job, opts);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => timer = setTimeout(resolve, waitMs));
  try {
    await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A running worker loop. */
export interface FeedbackWorker {
  /** Stops polling; waits for a job in progress at most `graceMs`, then lets its lease lapse. */
  stop(): Promise<void>;
}

/** Polls for due feedback jobs every `intervalMs` until stopped. */
export function startFeedbackWorker(
  deps: InterviewDeps,
  opts: FeedbackJobOptions & { intervalMs?: number; graceMs?: number } = {},
): FeedbackWorker {
  const intervalMs = opts.intervalMs ?? 2_000;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: Promise<void> | null = null;
  const tick = () => {
    current = runPendingJobs(deps, opts)
      .then(
        () => {},
        (e) => logOf(deps)({ level: "error", msg: "feedback worker", error: text(e) }),
      )
      .finally(() => {
        current = null;
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (!current) return;
      let grace: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        current,
        new Promise<void>((r) => grace = setTimeout(r, opts.graceMs ?? 5_000)),
      ]);
      clearTimeout(grace);
    },
  };
}

/** Runs one claimed job to completion, rescheduling or giving up when it fails. */
async function runJob(deps: InterviewDeps, job: JobRow, opts: FeedbackJobOptions): Promise<void> {
  const { sql } = deps;
  const attempt = job.attempts;
  const sessionId = String(job.payload.session_id ?? "");
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const log = logOf(deps);
  const heartbeat = setInterval(() => {
    extendLease(sql, job.id, attempt, leaseMs).catch((e) =>
      log({
        level: "warn",
        msg: "feedback job lease renewal failed",
        job_id: job.id,
        error: text(e),
      })
    );
  }, Math.max(50, Math.floor(leaseMs / 3)));
  try {
    // Past its last attempt: a worker died holding the final try.
    if (attempt > job.max_attempts) {
      await giveUp(sql, job, sessionId, "Feedback generation was interrupted too many times");
      return;
    }
    const session = await findSessionById(sql, sessionId);
    if (!session || session.status !== "feedback_pending") {
      await sql.begin((tx) => finishJob(tx, job.id, attempt));
      return;
    }
    const ctx = await loadInterviewContext(
      sql,
      session.user_id,
      session.cover_letter_id,
      setupOf(session),
    );
    const turns = await listTurns(sql, sessionId);
    const qa: QA[] = turns.map((t) => ({
      turn_number: t.turn_number,
      question: t.question_text,
      answer: t.answer_stt_text ?? "",
      metrics: (t.metrics as DeliveryMetrics | null) ?? null,
    }));
    const usage = usageRecorder(deps, { userId: session.user_id, sessionId });
    // Both calls run side by side; both are awaited, so neither outlives a failed attempt.
    const [fb, map] = await measure(deps, "llm", async () => {
      const [fb, map] = await Promise.allSettled([
        deps.ai.interviewFeedback(ctx, qa, usage.for("feedback")),
        deps.ai.requirementMap(ctx, qa, usage.for("requirement_map")),
      ]);
      if (fb.status === "rejected") throw fb.reason;
      if (map.status === "rejected") throw map.reason;
      return [fb.value, map.value] as const;
    }).finally(() => usage.settled());
    const { turns: perTurn, ...overall } = fb;
    await sql.begin(async (tx) => {
      // Lost the lease meanwhile: whoever holds the job now writes its result.
      if (!(await finishJob(tx, job.id, attempt))) return;
      await saveFeedback(
        tx,
        sessionId,
        { text: fb.summary, structured: overall },
        perTurn.map((t) => ({ turn_number: t.turn_number, text: t.feedback, structured: t })),
        map,
      );
    });
    log({ level: "info", msg: "interview feedback done", job_id: job.id, session_id: sessionId });
  } catch (e) {
    const reason = e instanceof AppError ? e.message : "Feedback generation failed";
    log({
      level: "warn",
      msg: "feedback job failed",
      job_id: job.id,
      session_id: sessionId,
      attempt,
      error: text(e),
    });
    if (attempt >= job.max_attempts) {
      await giveUp(sql, job, sessionId, reason);
    } else {
      const delay = (opts.backoffMs ?? defaultBackoffMs)(attempt);
      await rescheduleJob(sql, job.id, attempt, text(e), delay);
    }
  } finally {
    clearInterval(heartbeat);
  }
}

/** Fails the job for good and marks its session failed, together. */
async function giveUp(sql: Sql, job: JobRow, sessionId: string, reason: string): Promise<void> {
  await sql.begin(async (tx) => {
    if (!(await failJob(tx, job.id, job.attempts, reason))) return;
    if (sessionId) await failPendingSession(tx, sessionId, reason);
  });
}

function logOf(deps: InterviewDeps) {
  return deps.log ?? ((e: Record<string, unknown>) => console.log(JSON.stringify(e)));
}

function text(e: unknown): string {
  if (e instanceof AppError) return `${e.code}: ${e.message}`;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
