import type { Queryable } from "./client.ts";

/** Bytes a user keeps in storage: posting PDFs and recorded answers (retries included). */
export async function storedBytes(sql: Queryable, userId: string): Promise<number> {
  const [{ used }] = await sql<{ used: number }[]>`
    select (
      coalesce((select sum(file_size) from job_postings where user_id = ${userId}), 0) +
      coalesce((
        select sum(t.answer_audio_size) from interview_turns t
        join interview_sessions s on s.id = t.session_id
        where s.user_id = ${userId}
      ), 0) +
      coalesce((
        select sum(a.answer_audio_size) from turn_attempts a
        join interview_turns t on t.id = a.turn_id
        join interview_sessions s on s.id = t.session_id
        where s.user_id = ${userId}
      ), 0)
    )::bigint as used`;
  return Number(used);
}
