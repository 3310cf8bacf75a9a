import { findOwned } from "./owned.ts";
import type { PendingQuery, Row } from "postgres";
import { firstRow, type Sql, type TxSql } from "./client.ts";
import type { Gender, InterviewLanguage, InterviewMode, ProviderName } from "./types.ts";

type Q = Sql | TxSql;

/**
 * Session lifecycle: answering, the candidate correcting the transcripts (only when started
 * with transcript review), waiting for the feedback job, done, or feedback given up on.
 */
export type SessionStatus =
  | "in_progress"
  | "reviewing"
  | "feedback_pending"
  | "completed"
  | "failed";
/** Answer lifecycle of one turn (see the comment in 0001_init.sql). */
export type AnswerState = "awaiting" | "received" | "failed" | "answered";

/** A row of `interview_sessions`. */
export interface SessionRow {
  id: string;
  user_id: string;
  cover_letter_id: string;
  status: SessionStatus;
  total_feedback: string | null;
  feedback: unknown;
  /** Requirements and the answers that evidence them (lib/ai `RequirementMap`); null before. */
  requirement_map: unknown;
  failure_reason: string | null;
  ai_provider: ProviderName;
  mode: InterviewMode;
  language: InterviewLanguage;
  /** After the last answer the candidate corrects the transcripts before feedback is queued. */
  transcript_review: boolean;
  /** Seconds of preparation countdown before each recording (0 to 30). */
  prep_seconds: number;
  created_at: Date;
  completed_at: Date | null;
}

/** A row of `interview_turns`. */
export interface TurnRow {
  id: string;
  session_id: string;
  turn_number: number;
  question_text: string;
  question_audio_key: string | null;
  question_audio_type: string | null;
  answer_state: AnswerState;
  answer_audio_key: string | null;
  answer_audio_type: string | null;
  answer_audio_size: number | null;
  answer_source: "audio" | "text" | null;
  answer_stt_text: string | null;
  /** The transcript as first heard when the candidate corrected it; null when never corrected. */
  original_stt_text: string | null;
  transcript_source: TranscriptSource | null;
  answer_error: string | null;
  metrics: unknown;
  turn_feedback: string | null;
  feedback: unknown;
  /** The model answer with its sources (lib/interview `StoredModelAnswer`); null until made. */
  model_answer: unknown;
  created_at: Date;
  answered_at: Date | null;
  claimed_at: Date | null;
}

/** What an interview is based on: the cover letter, its posting (if any) and the profile. */
export interface InterviewSourceRow {
  cover_letter_id: string;
  content: string;
  posting_title: string | null;
  posting_analysis: { keywords?: unknown; requirements?: unknown; preferred?: unknown } | null;
  has_posting: boolean;
  age: number | null;
  gender: Gender | null;
  name: string | null;
  career_summary: string | null;
  certifications: string | null;
}

/** Loads a cover letter of `userId` with its posting and the author's profile, or null. */
export function findInterviewSource(
  sql: Q,
  userId: string,
  coverLetterId: string,
): Promise<InterviewSourceRow | null> {
  return firstRow(sql<InterviewSourceRow[]>`
    select cl.id as cover_letter_id, cl.content,
      jp.title as posting_title, jp.ai_analysis as posting_analysis, jp.id is not null as has_posting,
      u.name, u.age, u.gender, u.career_summary, u.certifications
    from cover_letters cl
    join users u on u.id = cl.user_id
    left join job_postings jp on jp.id = cl.job_posting_id and jp.user_id = cl.user_id
    where cl.id = ${coverLetterId} and cl.user_id = ${userId}`);
}

/** Creates a session. */
export async function insertSession(
  sql: Q,
  s: {
    userId: string;
    coverLetterId: string;
    aiProvider: string;
    mode: InterviewMode;
    language: InterviewLanguage;
    transcriptReview: boolean;
    prepSeconds: number;
  },
): Promise<SessionRow> {
  const rows = await sql<SessionRow[]>`
    insert into interview_sessions
      (user_id, cover_letter_id, ai_provider, mode, language, transcript_review, prep_seconds)
    values (${s.userId}, ${s.coverLetterId}, ${s.aiProvider}, ${s.mode}, ${s.language},
      ${s.transcriptReview}, ${s.prepSeconds})
    returning *`;
  return rows[0];
}

/** Adds the question of turn `n`; null when that turn already exists. */
export function insertTurn(
  sql: Q,
  sessionId: string,
  n: number,
  questionText: string,
): Promise<TurnRow | null> {
  return firstRow(sql<TurnRow[]>`
    insert into interview_turns (session_id, turn_number, question_text)
    values (${sessionId}, ${n}, ${questionText})
    on conflict (session_id, turn_number) do nothing
    returning *`);
}

/** A session of `userId`, or null (absent and not-yours look the same). */
export function findSession(
  sql: Q,
  userId: string,
  sessionId: string,
): Promise<SessionRow | null> {
  return findOwned(sql, "interview_sessions", userId, sessionId);
}

/** A session by id alone, for background jobs that act on behalf of its owner. */
export function findSessionById(sql: Q, sessionId: string): Promise<SessionRow | null> {
  return firstRow(sql<SessionRow[]>`select * from interview_sessions where id = ${sessionId}`);
}

/** Locks a session of `userId` until the transaction ends, serialising its state changes. */
export function lockSession(
  tx: TxSql,
  userId: string,
  sessionId: string,
): Promise<SessionRow | null> {
  return firstRow(tx<SessionRow[]>`
    select * from interview_sessions where id = ${sessionId} and user_id = ${userId} for update`);
}

/** The turns of a session in order. */
export function listTurns(sql: Q, sessionId: string): Promise<TurnRow[]> {
  return sql<TurnRow[]>`
    select * from interview_turns where session_id = ${sessionId} order by turn_number`;
}

/** One turn of a session, or null. */
export function findTurn(sql: Q, sessionId: string, n: number): Promise<TurnRow | null> {
  return firstRow(sql<TurnRow[]>`
    select * from interview_turns where session_id = ${sessionId} and turn_number = ${n}`);
}

/**
 * Claims turn `n` for one answer pipeline: only an unanswered, failed, or abandoned (claimed
 * more than `staleMs` ago) turn can be claimed, so of two concurrent submissions exactly one
 * gets the row. `claimed_at` is truncated to milliseconds so it round-trips through a JS Date
 * and serves as the claim's fencing token.
 */
export function claimTurn(
  sql: Q,
  sessionId: string,
  n: number,
  staleMs: number,
): Promise<TurnRow | null> {
  return firstRow(sql<TurnRow[]>`
    update interview_turns
    set answer_state = 'received', answer_error = null,
      claimed_at = date_trunc('milliseconds', clock_timestamp())
    where session_id = ${sessionId} and turn_number = ${n}
      and (answer_state in ('awaiting', 'failed')
        or (answer_state = 'received'
          and claimed_at < now() - ${staleMs} * interval '1 millisecond'))
    returning *`);
}

/** A claim on a turn: the row id and its fencing token. */
export interface TurnClaim {
  turnId: string;
  claimedAt: Date;
}

/** Where a transcript came from (file STT, live STT, the browser's recognition, typed). */
export type TranscriptSource = "server" | "live" | "browser" | "typed";

/** Fields of an answer recorded by the pipeline. */
export interface AnswerFields {
  answer_source: "audio" | "text";
  answer_audio_key: string | null;
  answer_audio_type: string | null;
  answer_audio_size: number | null;
  answer_stt_text: string | null;
  transcript_source: TranscriptSource | null;
  metrics: unknown;
}

/**
 * Applies `changes` to a claimed turn while the claim still holds (`claimed_at` is its fencing
 * token) and `extra` is true of the row; false if the claim is lost.
 */
async function updateClaimed(
  sql: Q,
  claim: TurnClaim,
  changes: PendingQuery<Row[]>,
  extra: PendingQuery<Row[]> = sql``,
): Promise<boolean> {
  const rows = await sql`
    update interview_turns set ${changes}
    where id = ${claim.turnId} and claimed_at = ${claim.claimedAt} ${extra}
    returning id`;
  return rows.length > 0;
}

/** Records the answer (audio, transcript, metrics) of a claimed turn; false if the claim is lost. */
export function recordAnswer(sql: Q, claim: TurnClaim, a: AnswerFields): Promise<boolean> {
  return updateClaimed(
    sql,
    claim,
    sql`answer_source = ${a.answer_source},
      answer_audio_key = ${a.answer_audio_key}, answer_audio_type = ${a.answer_audio_type},
      answer_audio_size = ${a.answer_audio_size}, answer_stt_text = ${a.answer_stt_text},
      transcript_source = ${a.transcript_source},
      metrics = ${a.metrics === null ? null : sql.json(a.metrics as never)}`,
  );
}

/** Sets the transcript and metrics of a claimed turn; false if the claim is lost. */
export function recordTranscript(
  sql: Q,
  claim: TurnClaim,
  transcript: string,
  source: TranscriptSource,
  metrics: unknown,
): Promise<boolean> {
  return updateClaimed(
    sql,
    claim,
    sql`answer_stt_text = ${transcript}, transcript_source = ${source},
      metrics = ${sql.json(metrics as never)}`,
  );
}

/** Ends a claim without an answer: back to `state` with an optional error. */
export function releaseTurn(
  sql: Q,
  claim: TurnClaim,
  state: "awaiting" | "failed",
  error: string | null,
): Promise<boolean> {
  return updateClaimed(
    sql,
    claim,
    sql`answer_state = ${state}, answer_error = ${error}, claimed_at = null`,
  );
}

/** Marks a claimed turn answered; false if the claim is lost. */
export function completeTurn(sql: Q, claim: TurnClaim): Promise<boolean> {
  return updateClaimed(
    sql,
    claim,
    sql`answer_state = 'answered', answer_error = null, answered_at = now(), claimed_at = null`,
    sql`and answer_state = 'received'`,
  );
}

/** Remembers where a turn's synthesised question is stored. */
export async function setQuestionAudio(
  sql: Q,
  turnId: string,
  key: string,
  contentType: string,
): Promise<void> {
  await sql`
    update interview_turns set question_audio_key = ${key}, question_audio_type = ${contentType}
    where id = ${turnId}`;
}

/** Moves a session to `status`, clearing the failure reason unless one is given. */
export async function setSessionStatus(
  sql: Q,
  sessionId: string,
  status: SessionStatus,
  failureReason: string | null = null,
): Promise<void> {
  await sql`
    update interview_sessions set status = ${status}, failure_reason = ${failureReason}
    where id = ${sessionId}`;
}

/** Marks a session waiting for feedback as failed, with a reason the user may read. */
export async function failPendingSession(sql: Q, sessionId: string, reason: string): Promise<void> {
  await sql`
    update interview_sessions set status = 'failed', failure_reason = ${reason}
    where id = ${sessionId} and status = 'feedback_pending'`;
}

/** Per-turn feedback to store. */
export interface TurnFeedbackUpdate {
  turn_number: number;
  text: string;
  structured: unknown;
}

/** Stores the feedback of a whole interview, and its requirement map, and completes the session. */
export async function saveFeedback(
  tx: TxSql,
  sessionId: string,
  total: { text: string; structured: unknown },
  turns: TurnFeedbackUpdate[],
  requirementMap: unknown = null,
): Promise<void> {
  for (const t of turns) {
    await tx`
      update interview_turns
      set turn_feedback = ${t.text}, feedback = ${tx.json(t.structured as never)}
      where session_id = ${sessionId} and turn_number = ${t.turn_number}`;
  }
  await tx`
    update interview_sessions
    set status = 'completed', total_feedback = ${total.text},
      feedback = ${tx.json(total.structured as never)},
      requirement_map = ${requirementMap === null ? null : tx.json(requirementMap as never)},
      failure_reason = null, completed_at = now()
    where id = ${sessionId}`;
}

/** The columns a history listing needs (not the feedback, which can be large). */
export type SessionSummary =
  & Pick<
    SessionRow,
    "id" | "cover_letter_id" | "status" | "mode" | "language" | "created_at" | "completed_at"
  >
  & {
    posting_title: string | null;
    score: number | null;
  };

/** A user's sessions, newest first, one page of summaries plus the total. */
export async function listSessions(
  sql: Q,
  userId: string,
  limit: number,
  offset: number,
): Promise<{ items: SessionSummary[]; total: number }> {
  // One round trip: the window count rides along with the page.
  const rows = await sql<(SessionSummary & { total: number })[]>`
    select s.id, s.cover_letter_id, s.status, s.mode, s.language, s.created_at, s.completed_at,
      jp.title as posting_title, (s.feedback ->> 'score')::float8 as score,
      count(*) over ()::int as total
    from interview_sessions s
    left join cover_letters cl on cl.id = s.cover_letter_id
    left join job_postings jp on jp.id = cl.job_posting_id and jp.user_id = s.user_id
    where s.user_id = ${userId}
    order by s.created_at desc, s.id desc limit ${limit} offset ${offset}`;
  // The rows still carry `total`; callers pick the fields they show, so no copy is made here.
  if (rows.length > 0 || offset === 0) return { items: rows, total: rows[0]?.total ?? 0 };
  // Past the last page the window is empty, so count separately.
  const [{ total }] = await sql<{ total: number }[]>`
    select count(*)::int as total from interview_sessions where user_id = ${userId}`;
  return { items: [], total };
}
