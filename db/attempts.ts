/**
 * `turn_attempts`: answers given to a question again after the interview (attempt 2, 3, … of a
 * turn; the turn's own answer is attempt 1). Scoring writes are fenced by `claimed_at`, like
 * the answer pipeline's on `interview_turns`.
 */
import { firstRow, type Sql, type TxSql } from "./client.ts";
import type { AnswerFields, TranscriptSource } from "./interviews.ts";

type Q = Sql | TxSql;

/** `pending` while stored and being scored, then `scored` or `failed` (audio kept). */
export type AttemptState = "pending" | "scored" | "failed";

/** A row of `turn_attempts`: the answer's own columns, plus the attempt's number and scoring. */
export interface AttemptRow extends AnswerFields {
  id: string;
  turn_id: string;
  attempt_number: number;
  state: AttemptState;
  feedback: unknown;
  error: string | null;
  created_at: Date;
  claimed_at: Date | null;
  scored_at: Date | null;
}

/** A scoring run's hold on an attempt: the row id and its fencing token. */
export interface AttemptClaim {
  attemptId: string;
  claimedAt: Date;
}

const json = (sql: Q, v: unknown) => v === null ? null : sql.json(v as never);

/**
 * Adds the next attempt of a turn (numbered after the highest, 2 at first), claimed for
 * scoring; null when the turn already has `maxNumber`. Run it under the session lock so two
 * retries never race for a number.
 */
export function insertAttempt(
  tx: TxSql,
  turnId: string,
  maxNumber: number,
  a: AnswerFields,
): Promise<AttemptRow | null> {
  return firstRow(tx<AttemptRow[]>`
    insert into turn_attempts (turn_id, attempt_number, answer_source, answer_audio_key,
      answer_audio_type, answer_audio_size, answer_stt_text, transcript_source, metrics,
      claimed_at)
    select ${turnId}, n, ${a.answer_source}, ${a.answer_audio_key}, ${a.answer_audio_type},
      ${a.answer_audio_size}, ${a.answer_stt_text}, ${a.transcript_source},
      ${json(tx, a.metrics)}, date_trunc('milliseconds', clock_timestamp())
    from (select coalesce(max(attempt_number), 1) + 1 as n
      from turn_attempts where turn_id = ${turnId}) next
    where n <= ${maxNumber}
    returning *`);
}

/** How many retries a turn has. */
export async function countAttempts(sql: Q, turnId: string): Promise<number> {
  const [{ n }] = await sql<{ n: number }[]>`
    select count(*)::int as n from turn_attempts where turn_id = ${turnId}`;
  return n;
}

/** One attempt of a turn, or null. */
export function findAttempt(sql: Q, turnId: string, n: number): Promise<AttemptRow | null> {
  return firstRow(sql<AttemptRow[]>`
    select * from turn_attempts where turn_id = ${turnId} and attempt_number = ${n}`);
}

/** Every attempt of a session's turns, by turn then number. */
export function listSessionAttempts(sql: Q, sessionId: string): Promise<AttemptRow[]> {
  return sql<AttemptRow[]>`
    select a.* from turn_attempts a
    join interview_turns t on t.id = a.turn_id
    where t.session_id = ${sessionId}
    order by t.turn_number, a.attempt_number`;
}

/**
 * Claims an attempt for scoring again: a `failed` one, or a `pending` one whose run was
 * abandoned (claimed more than `staleMs` ago); null otherwise.
 */
export function reclaimAttempt(
  sql: Q,
  attemptId: string,
  staleMs: number,
): Promise<AttemptRow | null> {
  return firstRow(sql<AttemptRow[]>`
    update turn_attempts
    set state = 'pending', error = null,
      claimed_at = date_trunc('milliseconds', clock_timestamp())
    where id = ${attemptId}
      and (state = 'failed'
        or (state = 'pending' and claimed_at < now() - ${staleMs} * interval '1 millisecond'))
    returning *`);
}

/** Sets the transcript and metrics of a claimed attempt; false if the claim is lost. */
export async function recordAttemptTranscript(
  sql: Q,
  claim: AttemptClaim,
  transcript: string,
  source: TranscriptSource,
  metrics: unknown,
): Promise<boolean> {
  const rows = await sql`
    update turn_attempts set answer_stt_text = ${transcript}, transcript_source = ${source},
      metrics = ${json(sql, metrics)}
    where id = ${claim.attemptId} and claimed_at = ${claim.claimedAt} returning id`;
  return rows.length > 0;
}

/** Stores the feedback of a claimed attempt and marks it scored; null if the claim is lost. */
export function scoreAttempt(
  sql: Q,
  claim: AttemptClaim,
  feedback: unknown,
): Promise<AttemptRow | null> {
  return firstRow(sql<AttemptRow[]>`
    update turn_attempts set state = 'scored', feedback = ${json(sql, feedback)}, error = null,
      scored_at = now(), claimed_at = null
    where id = ${claim.attemptId} and claimed_at = ${claim.claimedAt} returning *`);
}

/** Marks a claimed attempt failed with `error` (its audio stays); false if the claim is lost. */
export async function failAttempt(sql: Q, claim: AttemptClaim, error: string): Promise<boolean> {
  const rows = await sql`
    update turn_attempts set state = 'failed', error = ${error}, claimed_at = null
    where id = ${claim.attemptId} and claimed_at = ${claim.claimedAt} returning id`;
  return rows.length > 0;
}

/** Deletes an attempt still held by `claim` (its recording had no speech); false if lost. */
export async function deleteClaimedAttempt(sql: Q, claim: AttemptClaim): Promise<boolean> {
  const rows = await sql`
    delete from turn_attempts where id = ${claim.attemptId} and claimed_at = ${claim.claimedAt}
    returning id`;
  return rows.length > 0;
}
