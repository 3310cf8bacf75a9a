/**
 * The turn state machine of an interview (five turns, one for a self-introduction) over `interview_sessions` and
 * `interview_turns`: starting an interview with its first turn, claiming the current turn
 * exactly once under the session lock, the state a conflicting request is told about, and
 * releasing a claimed turn as `failed` when an AI step fails.
 */
import type { Sql, TxSql } from "../../db/client.ts";
import {
  type AnswerState,
  claimTurn,
  findSession,
  findSessionById,
  findTurn,
  insertSession,
  insertTurn,
  listTurns,
  lockSession,
  releaseTurn,
  type SessionRow,
  type SessionStatus,
  type TurnClaim,
  type TurnRow,
} from "../../db/interviews.ts";
import type {
  InterviewLanguage,
  InterviewMode,
  InterviewSetup,
  ProviderName,
  UsageEvent,
} from "../ai/types.ts";
import { DEFAULT_SETUP, INTERVIEW_LANGUAGES, INTERVIEW_MODES, turnsFor } from "../ai/types.ts";
import { usageRecorder } from "../usage/mod.ts";
import { AppError, notFound } from "../errors.ts";
import { type InterviewDeps, loadInterviewContext, logWarn, measure } from "./feedback_job.ts";
import { PREP_SECONDS } from "./prep.ts";
import { type QuestionView, questionView } from "./question_audio.ts";

/**
 * A turn claimed longer ago than this is taken to be abandoned (its instance died) and may be
 * claimed again; the old claim then can no longer commit.
 */
export const STALE_CLAIM_MS = 3 * 60_000;

/** `POST /api/interviews/start` response. */
export interface StartedInterview {
  session_id: string;
  status: "in_progress";
  ai_provider: ProviderName;
  mode: InterviewMode;
  language: InterviewLanguage;
  /** Questions in this interview: 1 for a self-introduction, else 5. */
  total_turns: number;
  /** After the last answer the interview waits in `reviewing` for transcript corrections. */
  transcript_review: boolean;
  current_turn: QuestionView;
  prep_seconds: number;
}

/**
 * The setup of a form's `mode` and `language` fields (blank means the default); an unknown
 * value is refused before anything is created.
 */
export function parseSetup(mode: string | undefined, language: string | undefined): InterviewSetup {
  const m = mode?.trim() || DEFAULT_SETUP.mode;
  const l = language?.trim() || DEFAULT_SETUP.language;
  const fields = [
    ...(INTERVIEW_MODES.includes(m as InterviewMode)
      ? []
      : [{ path: "mode", message: "Unknown interview mode" }]),
    ...(INTERVIEW_LANGUAGES.includes(l as InterviewLanguage)
      ? []
      : [{ path: "language", message: "Unknown interview language" }]),
  ];
  if (fields.length) {
    throw new AppError(
      "invalid",
      "invalid_input",
      `Invalid input: ${fields.map((f) => f.path).join(", ")}`,
      { fields },
    );
  }
  return { mode: m as InterviewMode, language: l as InterviewLanguage };
}

/** A form's `prep_seconds` field (blank means the default); anything else is refused. */
export function parsePrepSeconds(raw: string | undefined): number {
  const v = raw?.trim() || String(PREP_SECONDS.default);
  if (/^\d{1,2}$/.test(v) && Number(v) <= PREP_SECONDS.max) return Number(v);
  const message = `Must be an integer from ${PREP_SECONDS.min} to ${PREP_SECONDS.max}`;
  throw new AppError("invalid", "invalid_input", "Invalid input: prep_seconds", {
    fields: [{ path: "prep_seconds", message }],
  });
}

/**
 * Starts an interview on one of the user's cover letters, in the mode and language chosen
 * (validated by the caller), and asks the first question. With `transcriptReview` the candidate
 * corrects the transcripts after the last answer, before feedback is made.
 */
export async function startInterview(
  deps: InterviewDeps,
  userId: string,
  coverLetterId: string,
  setup: InterviewSetup = DEFAULT_SETUP,
  /** The room's preparation countdown (validated by the caller, see prep.ts), and review. */
  room: { prepSeconds?: number; transcriptReview?: boolean } = {},
): Promise<StartedInterview> {
  const ctx = await loadInterviewContext(deps.sql, userId, coverLetterId, setup);
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
      mode: setup.mode,
      language: setup.language,
      transcriptReview: room.transcriptReview ?? false,
      prepSeconds: room.prepSeconds ?? PREP_SECONDS.default,
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
    mode: session.mode,
    language: session.language,
    total_turns: turnsFor(session.mode),
    transcript_review: session.transcript_review,
    current_turn: await questionView(deps, turn),
    prep_seconds: session.prep_seconds,
  };
}

/**
 * Claims turn `n` inside a transaction holding the session lock: the session must be in
 * progress and `n` its current turn. `extra` runs in the same transaction with the claim and
 * the turn as it was before.
 */
export async function claimCurrentTurn(
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
  if (n < turnsFor(session.mode)) deps.ai.prepareSpeech?.();
  return claimed;
}

/** The turn `n` if it is the session's current, answerable turn; else `turn_conflict`. */
export function assertClaimable(session: SessionRow, turns: TurnRow[], n: number): TurnRow {
  const state = stateOf(session, turns);
  const turn = turns.find((t) => t.turn_number === n);
  const claimable = turn && session.status === "in_progress" && state.current_turn === n &&
    (turn.answer_state !== "received" ||
      (turn.claimed_at !== null && Date.now() - turn.claimed_at.getTime() > STALE_CLAIM_MS));
  if (!claimable) throw turnConflict(state);
  return turn;
}

export interface SessionState {
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

export async function currentState(
  deps: InterviewDeps,
  sessionId: string,
  tx?: TxSql,
): Promise<SessionState> {
  const sql = tx ?? deps.sql;
  const session = await findSessionById(sql, sessionId);
  return stateOf(session!, await listTurns(sql, sessionId));
}

export function turnConflict(state: SessionState): AppError {
  const message = state.status !== "in_progress"
    ? "This interview is no longer taking answers"
    : state.answer_state === "received"
    ? "This turn's answer is already being processed"
    : `Turn ${state.current_turn} is the one awaiting an answer`;
  return new AppError("conflict", "turn_conflict", message, { ...state });
}

/**
 * Marks a claimed turn failed after an AI step failed, and returns the error to throw: the
 * provider's own `ai_*` error when it has one, with details telling the client to retry.
 */
export async function failTurn(
  deps: InterviewDeps,
  claim: TurnClaim,
  n: number,
  cause: unknown,
  fallbackCode: string,
): Promise<AppError> {
  const err = cause instanceof AppError ? cause : null;
  await releaseTurn(deps.sql, claim, "failed", err ? `${err.code}: ${err.message}` : String(cause));
  if (!err) logWarn(deps, "answer pipeline failed", cause);
  return aiStepError(cause, fallbackCode, { turn_number: n });
}

/**
 * The error a client gets for a failed AI step of a stored answer: the provider's own `ai_*`
 * error when it has one, with `details` and whether sending the retry can help.
 */
export function aiStepError(
  cause: unknown,
  fallbackCode: string,
  details: Record<string, unknown>,
): AppError {
  const err = cause instanceof AppError ? cause : null;
  // An unreadable recording will not transcribe on retry either: ask for a new one.
  if (err && err.kind === "invalid") {
    return new AppError(err.kind, err.code, err.message, {
      ...err.details,
      retryable: false,
      ...details,
    });
  }
  const code = err?.code.startsWith("ai_") ? err.code : fallbackCode;
  return new AppError(
    err?.kind === "unavailable" ? "unavailable" : "upstream",
    code,
    err?.message ?? "The AI service failed; please retry",
    { ...err?.details, retryable: true, ...details },
  );
}

/** Turn `n` of the user's interview; not-found when the interview is not theirs or lacks it. */
export async function ownedTurn(
  sql: Sql,
  userId: string,
  sessionId: string,
  n: number,
): Promise<{ session: SessionRow; turn: TurnRow }> {
  const session = await findSession(sql, userId, sessionId);
  if (!session) throw notFound("interview");
  const turn = await findTurn(sql, session.id, n);
  if (!turn) throw notFound("turn");
  return { session, turn };
}
