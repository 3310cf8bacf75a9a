/**
 * What an interview looks like afterwards: its result (every turn with its feedback and usage),
 * the user's history of interviews, and re-queuing feedback whose job gave up.
 */
import type { SessionStatus, TranscriptSource } from "../../db/interviews.ts";
import { findSession, listSessions, listTurns, lockSession } from "../../db/interviews.ts";
import type {
  DeliveryMetrics,
  InterviewLanguage,
  InterviewMode,
  ProviderName,
  RequirementMap,
} from "../ai/types.ts";
import { turnsFor } from "../ai/types.ts";
import { type InterviewUsage, interviewUsage } from "../usage/mod.ts";
import { AppError, notFound } from "../errors.ts";
import type { Pagination } from "../schemas.ts";
import { URL_TTL_SEC } from "../storage/types.ts";
import {
  type FeedbackJobOptions,
  type InterviewDeps,
  queueFeedback,
  runSessionFeedback,
} from "./feedback_job.ts";
import { type QuestionView, questionView } from "./question_audio.ts";
import type { StoredModelAnswer } from "./model_answer.ts";
import { type ResultAttempt, resultAttempts } from "./attempts.ts";

/** How long a result poll waits for feedback it runs itself before answering "pending". */
export const RESULT_POLL_WAIT_MS = 20_000;

/** One turn of a result. */
export interface ResultTurn extends QuestionView {
  answer_audio_url: string | null;
  answer_stt_text: string | null;
  /** The transcript as first heard, when the candidate corrected it before feedback. */
  original_stt_text: string | null;
  transcript_corrected: boolean;
  turn_feedback: string | null;
  feedback: unknown;
  metrics: DeliveryMetrics | null;
  answer_source: "audio" | "text" | null;
  transcript_source: TranscriptSource | null;
  /** Made on demand (`createModelAnswer`); null until then. */
  model_answer: StoredModelAnswer | null;
  /** Answers given again after the interview (attempt 2, 3, …), each against the one before. */
  attempts: ResultAttempt[];
}

/** `GET /api/interviews/{id}/result` response. */
export interface InterviewResult {
  session_id: string;
  status: SessionStatus;
  ai_provider: ProviderName;
  mode: InterviewMode;
  language: InterviewLanguage;
  /** Questions in this interview: 1 for a self-introduction, else 5. */
  total_turns: number;
  /** The candidate corrects the transcripts (status `reviewing`) before feedback is made. */
  transcript_review: boolean;
  total_feedback: string | null;
  feedback: unknown;
  failure_reason: string | null;
  requirement_map: RequirementMap | null;
  turns: ResultTurn[];
  /** The room's preparation countdown before each recording, in seconds. */
  prep_seconds: number;
  created_at: string;
  completed_at: string | null;
  /** What the interview's AI calls consumed, with an estimate at list prices. */
  usage: InterviewUsage;
}

/**
 * The interview with every turn and, once ready, its feedback. While feedback is pending this
 * also runs the feedback job if no worker holds it (waiting at most `waitMs`), so deployments
 * without a background worker still finish.
 */
export async function getResult(
  deps: InterviewDeps,
  userId: string,
  sessionId: string,
  opts: FeedbackJobOptions & { waitMs?: number } = {},
): Promise<InterviewResult> {
  let session = await findSession(deps.sql, userId, sessionId);
  if (!session) throw notFound("interview");
  if (session.status === "feedback_pending") {
    await runSessionFeedback(deps, session.id, opts.waitMs ?? RESULT_POLL_WAIT_MS, opts);
    session = (await findSession(deps.sql, userId, sessionId))!;
  }
  const turns = await listTurns(deps.sql, session.id);
  const attempts = await resultAttempts(deps, session.id, turns);
  return {
    session_id: session.id,
    status: session.status,
    ai_provider: session.ai_provider,
    mode: session.mode,
    language: session.language,
    total_turns: turnsFor(session.mode),
    transcript_review: session.transcript_review,
    total_feedback: session.total_feedback,
    feedback: session.feedback ?? null,
    failure_reason: session.failure_reason,
    requirement_map: (session.requirement_map as RequirementMap | null) ?? null,
    turns: await Promise.all(turns.map(async (t) => ({
      ...(await questionView(deps, t)),
      answer_audio_url: t.answer_audio_key
        ? await deps.storage.url(t.answer_audio_key, URL_TTL_SEC)
        : null,
      answer_stt_text: t.answer_stt_text,
      original_stt_text: t.original_stt_text,
      transcript_corrected: t.original_stt_text !== null,
      turn_feedback: t.turn_feedback,
      feedback: t.feedback ?? null,
      metrics: (t.metrics as DeliveryMetrics | null) ?? null,
      answer_source: t.answer_source,
      transcript_source: t.transcript_source,
      model_answer: (t.model_answer as StoredModelAnswer | null) ?? null,
      attempts: attempts.get(t.id) ?? [],
    }))),
    created_at: session.created_at.toISOString(),
    completed_at: session.completed_at?.toISOString() ?? null,
    usage: await interviewUsage(deps.sql, session.id),
    prep_seconds: session.prep_seconds,
  };
}

/** A page of the user's interviews, newest first. */
export async function listHistory(
  deps: Pick<InterviewDeps, "sql">,
  userId: string,
  page: Pagination,
): Promise<{
  items: {
    session_id: string;
    cover_letter_id: string;
    status: SessionStatus;
    posting_title: string | null;
    mode: InterviewMode;
    language: InterviewLanguage;
    score: number | null;
    created_at: string;
    completed_at: string | null;
  }[];
  total: number;
}> {
  const { items, total } = await listSessions(deps.sql, userId, page.limit, page.offset);
  return {
    items: items.map((s) => ({
      session_id: s.id,
      cover_letter_id: s.cover_letter_id,
      status: s.status,
      posting_title: s.posting_title,
      mode: s.mode,
      language: s.language,
      score: s.score,
      created_at: s.created_at.toISOString(),
      completed_at: s.completed_at?.toISOString() ?? null,
    })),
    total,
  };
}

/** Re-queues feedback of an interview whose feedback job gave up. */
export async function retryFeedback(
  deps: InterviewDeps,
  userId: string,
  sessionId: string,
): Promise<{ session_id: string; status: "feedback_pending" }> {
  await deps.sql.begin(async (tx) => {
    const session = await lockSession(tx, userId, sessionId);
    if (!session) throw notFound("interview");
    if (session.status !== "failed") {
      throw new AppError("conflict", "feedback_not_failed", "Feedback has not failed", {
        status: session.status,
      });
    }
    await queueFeedback(tx, session.id);
  });
  return { session_id: sessionId, status: "feedback_pending" };
}
