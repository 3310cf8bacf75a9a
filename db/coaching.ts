/**
 * Writes to an interview's turns after the answers: the candidate's transcript corrections
 * (before the feedback) and the model answers (after it). Attempts have db/attempts.ts.
 */
import type { Sql, TxSql } from "./client.ts";

type Q = Sql | TxSql;

/**
 * Replaces the transcript of answered turn `n` with the candidate's correction and its
 * recomputed metrics, keeping the transcript as first heard in `original_stt_text` (once: a
 * second correction keeps the first original; one back to the original clears it). A text
 * equal to the current one changes nothing. True when the turn changed.
 */
export async function correctTranscript(
  sql: Q,
  sessionId: string,
  n: number,
  text: string,
  metrics: unknown,
): Promise<boolean> {
  const rows = await sql`
    update interview_turns
    set original_stt_text = nullif(coalesce(original_stt_text, answer_stt_text), ${text}),
      answer_stt_text = ${text}, metrics = ${sql.json(metrics as never)}
    where session_id = ${sessionId} and turn_number = ${n} and answer_state = 'answered'
      and answer_stt_text is distinct from ${text}
    returning id`;
  return rows.length > 0;
}

/** Stores (or replaces) the model answer of a turn. */
export async function setModelAnswer(sql: Q, turnId: string, answer: unknown): Promise<void> {
  await sql`update interview_turns set model_answer = ${
    sql.json(answer as never)
  } where id = ${turnId}`;
}
