/**
 * The voice interview: a five-turn state machine over `interview_sessions` and
 * `interview_turns`. The API routes and the web pages both call these functions.
 *
 * Answer pipeline (the hot path): claim the turn exactly once, store the audio while it is
 * transcribed, then ask for the next question. Every step that can fail comes after the audio
 * is durable, and a retry resumes from what is stored. Question audio is never synthesised
 * inside start/answer: the response carries a signed URL whose route streams TTS on demand
 * (lib/question_audio.ts).
 */
import type { TxSql } from "../db/client.ts";
import {
  type AnswerState,
  claimTurn,
  completeTurn,
  findSession,
  findSessionById,
  findTurn,
  insertSession,
  insertTurn,
  listSessions,
  listTurns,
  lockSession,
  recordAnswer,
  recordTranscript,
  releaseTurn,
  type SessionRow,
  type SessionStatus,
  setSessionStatus,
  type TurnClaim,
  type TurnRow,
} from "../db/interviews.ts";
import { enqueueJob } from "../db/jobs.ts";
import { inspectAudio, makeSeekable } from "./media/mod.ts";
import { transcriptionKeywords } from "./ai/stt_hints.ts";
import type {
  DeliveryMetrics,
  InterviewContext,
  ProviderName,
  QA,
  TranscribeOptions,
  UsageEvent,
} from "./ai/types.ts";
import { TURNS_PER_INTERVIEW } from "./ai/types.ts";
import { type InterviewUsage, interviewUsage, usageRecorder } from "./ai_usage.ts";
import { deliveryMetrics } from "./delivery_metrics.ts";
import { AppError, notFound } from "./errors.ts";
import {
  FEEDBACK_JOB,
  type FeedbackJobOptions,
  type InterviewDeps,
  loadInterviewContext,
  logWarn,
  measure,
  runSessionFeedback,
} from "./feedback_job.ts";
import { type QuestionView, questionView } from "./question_audio.ts";
import { assertStorageQuota } from "./quota.ts";
import { AnswerText, type Pagination } from "./schemas.ts";
import { URL_TTL_SEC } from "./storage/types.ts";
import { readLimited } from "./upload.ts";

export type { InterviewDeps, Stage } from "./feedback_job.ts";
export type { QuestionView } from "./question_audio.ts";

/** Largest accepted answer recording. */
export const MAX_ANSWER_AUDIO_BYTES = 10 * 1024 * 1024;
/** Longest accepted answer: the recorder stops at 60 s; a few seconds of container slack. */
export const MAX_ANSWER_SECONDS = 65;
/**
 * A turn claimed longer ago than this is taken to be abandoned (its instance died) and may be
 * claimed again; the old claim then can no longer commit.
 */
export const STALE_CLAIM_MS = 3 * 60_000;
/** How long a result poll waits for feedback it runs itself before answering "pending". */
export const RESULT_POLL_WAIT_MS = 20_000;

/** `POST /api/interviews/start` response. */
export interface StartedInterview {
  session_id: string;
  status: "in_progress";
  ai_provider: ProviderName;
  current_turn: QuestionView;
}

/** `POST /api/interviews/{id}/answer` (and turn retry) response. */
export interface AnswerResult {
  turn_number: number;
  answer_audio_url: string | null;
  answer_stt_text: string;
  metrics: DeliveryMetrics;
  next_turn?: QuestionView;
  interview_completed?: true;
  message?: string;
}

/** One turn of a result. */
export interface ResultTurn extends QuestionView {
  answer_audio_url: string | null;
  answer_stt_text: string | null;
  turn_feedback: string | null;
  feedback: unknown;
  metrics: DeliveryMetrics | null;
  answer_source: "audio" | "text" | null;
}

/** `GET /api/interviews/{id}/result` response. */
export interface InterviewResult {
  session_id: string;
  status: SessionStatus;
  ai_provider: ProviderName;
  total_feedback: string | null;
  feedback: unknown;
  failure_reason: string | null;
  turns: ResultTurn[];
  created_at: string;
  completed_at: string | null;
  /** What the interview's AI calls consumed, with an estimate at list prices. */
  usage: InterviewUsage;
}

/** An answer: a recording or typed text, for turn `turnNumber`. */
export interface AnswerInput {
  turnNumber: number;
  audio?: { bytes: Uint8Array; declaredType?: string | null };
  text?: string;
}

/** Starts an interview on one of the user's cover letters and asks the first question. */
export async function startInterview(
  deps: InterviewDeps,
  userId: string,
  coverLetterId: string,
): Promise<StartedInterview> {
  const ctx = await loadInterviewContext(deps.sql, userId, coverLetterId);
  deps.ai.prepareSpeech?.();
  // The session does not exist yet: its usage is recorded once it does.
  const used: UsageEvent[] = [];
  const question = await measure(
    deps,
    "llm",
    () => deps.ai.firstQuestion(ctx, { onUsage: (u) => used.push(u) }),
  );
  const { session, turn } = await deps.sql.begin(async (tx) => {
    const session = await insertSession(tx, {
      userId,
      coverLetterId,
      aiProvider: deps.ai.name,
    });
    const turn = (await insertTurn(tx, session.id, 1, question))!;
    return { session, turn };
  });
  const usage = usageRecorder(deps, { userId, sessionId: session.id });
  for (const u of used) usage.for("first_question").onUsage(u);
  await usage.settled();
  return {
    session_id: session.id,
    status: "in_progress",
    ai_provider: session.ai_provider,
    current_turn: await questionView(deps, turn),
  };
}

/**
 * Records the answer to the current turn and moves the interview on. Exactly one of several
 * concurrent submissions for a turn wins; the others get `turn_conflict`.
 */
export async function submitAnswer(
  deps: InterviewDeps,
  userId: string,
  sessionId: string,
  input: AnswerInput,
): Promise<AnswerResult> {
  const session = await findSession(deps.sql, userId, sessionId);
  if (!session) throw notFound("interview");
  // Cheap early answer before any audio work; the locked check below is the one that counts.
  assertClaimable(session, await listTurns(deps.sql, sessionId), input.turnNumber);

  if ((input.audio === undefined) === (input.text === undefined)) {
    throw new AppError("invalid", "invalid_input", "Send either an audio recording or a text");
  }
  if (input.text !== undefined) {
    const parsed = AnswerText.safeParse(input.text);
    if (!parsed.success) {
      throw new AppError("invalid", "invalid_input", "The answer text is empty or too long");
    }
    return await answerWithText(deps, session, input.turnNumber, parsed.data);
  }
  return await answerWithAudio(deps, session, input.turnNumber, input.audio!.bytes);
}

async function answerWithText(
  deps: InterviewDeps,
  session: SessionRow,
  n: number,
  text: string,
): Promise<AnswerResult> {
  const metrics = deliveryMetrics(text, null);
  const { claim } = await claimCurrentTurn(deps, session, n, async (tx, claim) => {
    await recordAnswer(tx, claim, {
      answer_source: "text",
      answer_audio_key: null,
      answer_audio_type: null,
      answer_audio_size: null,
      answer_stt_text: text,
      metrics,
    });
  });
  return await advance(deps, session, claim, n, { key: null, transcript: text, metrics });
}

async function answerWithAudio(
  deps: InterviewDeps,
  session: SessionRow,
  n: number,
  bytes: Uint8Array,
): Promise<AnswerResult> {
  if (!deps.ai.capabilities.stt) {
    throw new AppError(
      "invalid",
      "stt_unavailable",
      "Speech recognition is not available; please type your answer instead",
    );
  }
  if (bytes.byteLength > MAX_ANSWER_AUDIO_BYTES) {
    throw new AppError("too_large", "file_too_large", "The recording is larger than 10 MB", {
      max_bytes: MAX_ANSWER_AUDIO_BYTES,
    });
  }
  const audio = await inspectAudio(bytes);
  if (!audio) {
    throw new AppError(
      "unsupported",
      "unsupported_audio",
      "Unsupported audio format; send webm, ogg, mp4/m4a, wav or mp3",
    );
  }
  if (audio.durationSec !== null && audio.durationSec > MAX_ANSWER_SECONDS) {
    throw new AppError("invalid", "audio_too_long", "The recording is longer than 60 seconds", {
      duration_sec: audio.durationSec,
      max_sec: MAX_ANSWER_SECONDS,
    });
  }
  if (!audio.speechLikely) throw noSpeech(audio.reason);
  await assertStorageQuota(deps.sql, session.user_id, bytes.byteLength);

  const [{ claim, before }, ctx] = await Promise.all([
    claimCurrentTurn(deps, session, n),
    loadInterviewContext(deps.sql, session.user_id, session.cover_letter_id),
  ]);
  const usage = usageRecorder(deps, { userId: session.user_id, sessionId: session.id });
  const key =
    `users/${session.user_id}/interviews/${session.id}/answers/${n}-${crypto.randomUUID()}.${audio.ext}`;
  // Stored seekable (CPU only; it falls back to the bytes as sent). Storing and transcribing run
  // side by side; success needs both, but a transcription failure after a good put keeps the
  // audio for the retry.
  const stored = makeSeekable(bytes, audio, (e) => logWarn(deps, "answer audio not remuxed", e));
  const [put, stt] = await Promise.allSettled([
    stored.then((s) =>
      measure(deps, "storage", () => deps.storage.put(key, s.bytes, s.contentType))
    ),
    measure(
      deps,
      "stt",
      () =>
        deps.ai.transcribe(
          bytes,
          `answer.${audio.ext}`,
          audio.contentType,
          transcriptionHints(ctx, before.question_text, usage.for("transcription")),
        ),
    ),
  ]);
  await usage.settled();
  if (put.status === "rejected") {
    // Nothing new is stored; the client still holds the recording and can send it again.
    await releaseTurn(deps.sql, claim, resumeState(before), before.answer_error);
    logWarn(deps, "answer audio storage failed", put.reason);
    throw new AppError(
      "unavailable",
      "storage_unavailable",
      "Could not save the recording; please send it again",
      { retryable: true, turn_number: n },
    );
  }
  const transcript = stt.status === "fulfilled" ? stt.value.text.trim() : null;
  if (transcript === "") {
    await deps.storage.delete(key).catch(() => {});
    await releaseTurn(deps.sql, claim, resumeState(before), before.answer_error);
    throw noSpeech("silent");
  }
  const durationSec = audio.durationSec ??
    (stt.status === "fulfilled" ? stt.value.durationSec : null);
  const metrics = transcript === null ? null : deliveryMetrics(transcript, durationSec);
  const held = await recordAnswer(deps.sql, claim, {
    answer_source: "audio",
    answer_audio_key: key,
    answer_audio_type: audio.contentType,
    answer_audio_size: (await stored).bytes.byteLength,
    answer_stt_text: transcript,
    metrics,
  });
  if (!held) throw turnConflict(await currentState(deps, session.id));
  if (stt.status === "rejected") throw await failTurn(deps, claim, n, stt.reason, "ai_stt_failed");
  return await advance(deps, session, claim, n, {
    key,
    transcript: transcript!,
    metrics: metrics!,
  }, ctx);
}

/** What the recogniser is told: the interview's domain terms and the question answered. */
function transcriptionHints(
  ctx: InterviewContext,
  question: string,
  call: TranscribeOptions,
): TranscribeOptions {
  return { ...call, keywords: transcriptionKeywords(ctx), prompt: question };
}

/**
 * Resumes a failed turn from what is stored: transcribes the stored audio if that had failed,
 * then asks for the next question (or completes the interview).
 */
export async function retryTurn(
  deps: InterviewDeps,
  userId: string,
  sessionId: string,
  turnNumber: number,
): Promise<AnswerResult> {
  const session = await findSession(deps.sql, userId, sessionId);
  if (!session) throw notFound("interview");
  const { claim, before } = await claimCurrentTurn(
    deps,
    session,
    turnNumber,
    (_tx, _claim, turn) => {
      if (turn.answer_state === "awaiting" || (!turn.answer_audio_key && !turn.answer_stt_text)) {
        throw new AppError("conflict", "nothing_to_retry", "No stored answer to retry; send one", {
          turn_number: turnNumber,
        });
      }
      return Promise.resolve();
    },
  );
  let transcript = before.answer_stt_text;
  let metrics = before.metrics as DeliveryMetrics | null;
  if (transcript === null) {
    const key = before.answer_audio_key!;
    let bytes: Uint8Array;
    try {
      const obj = await measure(deps, "storage", () => deps.storage.get(key));
      bytes = await readLimited(obj.body, MAX_ANSWER_AUDIO_BYTES);
    } catch (e) {
      await releaseTurn(deps.sql, claim, "failed", before.answer_error);
      logWarn(deps, "stored answer audio unreadable", e);
      throw new AppError("unavailable", "storage_unavailable", "Could not read the recording", {
        retryable: true,
        turn_number: turnNumber,
      });
    }
    const contentType = before.answer_audio_type ?? "application/octet-stream";
    const audio = await inspectAudio(bytes);
    const usage = usageRecorder(deps, { userId, sessionId: session.id });
    let stt;
    try {
      const ctx = await loadInterviewContext(deps.sql, userId, session.cover_letter_id);
      const hints = transcriptionHints(ctx, before.question_text, usage.for("transcription"));
      stt = await measure(
        deps,
        "stt",
        () => deps.ai.transcribe(bytes, `answer.${audio?.ext ?? "webm"}`, contentType, hints),
      );
    } catch (e) {
      throw await failTurn(deps, claim, turnNumber, e, "ai_stt_failed");
    } finally {
      await usage.settled();
    }
    transcript = stt.text.trim();
    if (!transcript) {
      await releaseTurn(deps.sql, claim, "awaiting", null);
      throw noSpeech("silent");
    }
    metrics = deliveryMetrics(transcript, audio?.durationSec ?? stt.durationSec);
    if (!(await recordTranscript(deps.sql, claim, transcript, metrics))) {
      throw turnConflict(await currentState(deps, session.id));
    }
  }
  return await advance(deps, session, claim, turnNumber, {
    key: before.answer_audio_key,
    transcript,
    metrics: metrics ?? deliveryMetrics(transcript, null),
  });
}

/**
 * Finishes a turn whose answer is recorded: asks for the next question and adds it, or, after
 * the last turn, completes the interview and queues its feedback in the same transaction.
 */
async function advance(
  deps: InterviewDeps,
  session: SessionRow,
  claim: TurnClaim,
  n: number,
  answer: { key: string | null; transcript: string; metrics: DeliveryMetrics },
  known?: InterviewContext,
): Promise<AnswerResult> {
  const base = {
    turn_number: n,
    answer_audio_url: answer.key ? await deps.storage.url(answer.key, URL_TTL_SEC) : null,
    answer_stt_text: answer.transcript,
    metrics: answer.metrics,
  };
  if (n >= TURNS_PER_INTERVIEW) {
    await deps.sql.begin(async (tx) => {
      await lockSession(tx, session.user_id, session.id);
      if (!(await completeTurn(tx, claim))) {
        throw turnConflict(await currentState(deps, session.id, tx));
      }
      await setSessionStatus(tx, session.id, "feedback_pending");
      await enqueueJob(tx, FEEDBACK_JOB, { session_id: session.id });
    });
    return {
      ...base,
      interview_completed: true,
      message: "The interview is complete. Your feedback is being prepared.",
    };
  }

  let question: string;
  const usage = usageRecorder(deps, { userId: session.user_id, sessionId: session.id });
  try {
    const ctx = known ??
      await loadInterviewContext(deps.sql, session.user_id, session.cover_letter_id);
    const turns = await listTurns(deps.sql, session.id);
    const history: QA[] = turns.filter((t) => t.turn_number <= n).map((t) => ({
      turn_number: t.turn_number,
      question: t.question_text,
      answer: t.turn_number === n ? answer.transcript : t.answer_stt_text ?? "",
      metrics: t.turn_number === n ? answer.metrics : (t.metrics as DeliveryMetrics | null),
    }));
    question = await measure(
      deps,
      "llm",
      () => deps.ai.nextQuestion(ctx, history, usage.for("next_question")),
    );
  } catch (e) {
    throw await failTurn(deps, claim, n, e, "ai_llm_failed");
  } finally {
    await usage.settled();
  }
  const next = await deps.sql.begin(async (tx) => {
    await lockSession(tx, session.user_id, session.id);
    if (!(await completeTurn(tx, claim))) {
      throw turnConflict(await currentState(deps, session.id, tx));
    }
    return (await insertTurn(tx, session.id, n + 1, question)) ??
      (await findTurn(tx, session.id, n + 1))!;
  });
  return { ...base, next_turn: await questionView(deps, next) };
}

/**
 * Claims turn `n` inside a transaction holding the session lock: the session must be in
 * progress and `n` its current turn. `extra` runs in the same transaction with the claim and
 * the turn as it was before.
 */
async function claimCurrentTurn(
  deps: InterviewDeps,
  session: SessionRow,
  n: number,
  extra?: (tx: TxSql, claim: TurnClaim, before: TurnRow) => Promise<unknown>,
): Promise<{ claim: TurnClaim; before: TurnRow }> {
  const claimed = await deps.sql.begin(async (tx) => {
    const locked = await lockSession(tx, session.user_id, session.id);
    if (!locked) throw notFound("interview");
    const turns = await listTurns(tx, session.id);
    const before = assertClaimable(locked, turns, n);
    const row = await claimTurn(tx, session.id, n, STALE_CLAIM_MS);
    if (!row) throw turnConflict(stateOf(locked, turns));
    const claim = { turnId: row.id, claimedAt: row.claimed_at! };
    if (extra) await extra(tx, claim, before);
    return { claim, before };
  });
  // A next question will be spoken: open the TTS connection (a Realtime socket) now, so its
  // handshake overlaps STT and the LLM instead of adding to the turn gap.
  if (n < TURNS_PER_INTERVIEW) deps.ai.prepareSpeech?.();
  return claimed;
}

/** The turn `n` if it is the session's current, answerable turn; else `turn_conflict`. */
function assertClaimable(session: SessionRow, turns: TurnRow[], n: number): TurnRow {
  const state = stateOf(session, turns);
  const turn = turns.find((t) => t.turn_number === n);
  const claimable = turn && session.status === "in_progress" && state.current_turn === n &&
    (turn.answer_state !== "received" ||
      (turn.claimed_at !== null && Date.now() - turn.claimed_at.getTime() > STALE_CLAIM_MS));
  if (!claimable) throw turnConflict(state);
  return turn;
}

interface SessionState {
  current_turn: number | null;
  status: SessionStatus;
  answer_state: AnswerState | null;
}

function stateOf(session: SessionRow, turns: TurnRow[]): SessionState {
  const current = turns.find((t) => t.answer_state !== "answered") ?? null;
  return {
    current_turn: current?.turn_number ?? null,
    status: session.status,
    answer_state: current?.answer_state ?? null,
  };
}

async function currentState(
  deps: InterviewDeps,
  sessionId: string,
  tx?: TxSql,
): Promise<SessionState> {
  const sql = tx ?? deps.sql;
  const session = await findSessionById(sql, sessionId);
  return stateOf(session!, await listTurns(sql, sessionId));
}

function turnConflict(state: SessionState): AppError {
  const message = state.status !== "in_progress"
    ? "This interview is no longer taking answers"
    : state.answer_state === "received"
    ? "This turn's answer is already being processed"
    : `Turn ${state.current_turn} is the one awaiting an answer`;
  return new AppError("conflict", "turn_conflict", message, { ...state });
}

function noSpeech(reason?: string): AppError {
  return new AppError("invalid", "no_speech", "No speech detected — please record again", {
    reason: reason ?? "silent",
  });
}

/** What a released turn goes back to: `failed` keeps an earlier stored answer retryable. */
function resumeState(before: TurnRow): "awaiting" | "failed" {
  return before.answer_audio_key || before.answer_stt_text !== null ? "failed" : "awaiting";
}

/**
 * Marks a claimed turn failed after an AI step failed, and returns the error to throw: the
 * provider's own `ai_*` error when it has one, with details telling the client to retry.
 */
async function failTurn(
  deps: InterviewDeps,
  claim: TurnClaim,
  n: number,
  cause: unknown,
  fallbackCode: string,
): Promise<AppError> {
  const err = cause instanceof AppError ? cause : null;
  await releaseTurn(deps.sql, claim, "failed", err ? `${err.code}: ${err.message}` : String(cause));
  if (!err) logWarn(deps, "answer pipeline failed", cause);
  // An unreadable recording will not transcribe on retry either: ask for a new one.
  if (err && err.kind === "invalid") {
    return new AppError(err.kind, err.code, err.message, {
      ...err.details,
      retryable: false,
      turn_number: n,
    });
  }
  const code = err?.code.startsWith("ai_") ? err.code : fallbackCode;
  return new AppError(
    err?.kind === "unavailable" ? "unavailable" : "upstream",
    code,
    err?.message ?? "The AI service failed; please retry",
    { ...err?.details, retryable: true, turn_number: n },
  );
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
  return {
    session_id: session.id,
    status: session.status,
    ai_provider: session.ai_provider,
    total_feedback: session.total_feedback,
    feedback: session.feedback ?? null,
    failure_reason: session.failure_reason,
    turns: await Promise.all(turns.map(async (t) => ({
      ...(await questionView(deps, t)),
      answer_audio_url: t.answer_audio_key
        ? await deps.storage.url(t.answer_audio_key, URL_TTL_SEC)
        : null,
      answer_stt_text: t.answer_stt_text,
      turn_feedback: t.turn_feedback,
      feedback: t.feedback ?? null,
      metrics: (t.metrics as DeliveryMetrics | null) ?? null,
      answer_source: t.answer_source,
    }))),
    created_at: session.created_at.toISOString(),
    completed_at: session.completed_at?.toISOString() ?? null,
    usage: await interviewUsage(deps.sql, session.id),
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
    await setSessionStatus(tx, session.id, "feedback_pending");
    await enqueueJob(tx, FEEDBACK_JOB, { session_id: session.id });
  });
  return { session_id: sessionId, status: "feedback_pending" };
}
