import { listOwned } from "./owned.ts";
import type { PostingAnalysis, ProviderName } from "./types.ts";
import { firstRow, type Sql } from "./client.ts";

/** A cover letter as stored. */
export interface CoverLetterRow {
  id: string;
  user_id: string;
  /** Null once the posting it was written for is deleted. */
  job_posting_id: string | null;
  content: string;
  ai_feedback: string | null;
  /** The feedback's sections; null for letters reviewed before they were stored. */
  ai_feedback_structured: unknown;
  ai_provider: ProviderName;
  created_at: Date;
  updated_at: Date;
}

/** A cover letter with the posting it was written for, when that still exists. */
export interface CoverLetterWithPosting extends CoverLetterRow {
  job_posting: { id: string; title: string | null; ai_analysis: PostingAnalysis } | null;
}

type LetterAi = Pick<CoverLetterRow, "ai_feedback" | "ai_feedback_structured" | "ai_provider">;

const structured = (sql: Sql, v: unknown) => v === null ? null : sql.json(v as never);

/**
 * Inserts a letter for one of the user's own postings, in one statement, so a posting deleted
 * (or never owned) in between yields null instead of a foreign-key error.
 */
export function insertCoverLetter(
  sql: Sql,
  l: { user_id: string; job_posting_id: string; content: string } & LetterAi,
): Promise<CoverLetterRow | null> {
  return firstRow(sql<CoverLetterRow[]>`
    insert into cover_letters
      (user_id, job_posting_id, content, ai_feedback, ai_feedback_structured, ai_provider)
    select ${l.user_id}, p.id, ${l.content}, ${l.ai_feedback},
      ${structured(sql, l.ai_feedback_structured)}, ${l.ai_provider}
    from job_postings p where p.id = ${l.job_posting_id} and p.user_id = ${l.user_id}
    returning *`);
}

/** One page of a user's letters, newest first, and how many they have in all. */
export function listCoverLetters(
  sql: Sql,
  userId: string,
  page: { limit: number; offset: number },
): Promise<{ items: CoverLetterRow[]; total: number }> {
  return listOwned(sql, "cover_letters", "*", userId, page);
}

/** A user's letter with its posting; null when absent or someone else's. */
export async function findCoverLetter(
  sql: Sql,
  userId: string,
  id: string,
): Promise<CoverLetterWithPosting | null> {
  const rows = await sql<(CoverLetterRow & { p_title: string | null; p_analysis: unknown })[]>`
    select c.*, p.title as p_title, p.ai_analysis as p_analysis
    from cover_letters c
    left join job_postings p on p.id = c.job_posting_id and p.user_id = c.user_id
    where c.id = ${id} and c.user_id = ${userId}`;
  const r = rows[0];
  if (!r) return null;
  const { p_title, p_analysis, ...letter } = r;
  return {
    ...letter,
    job_posting: letter.job_posting_id && p_analysis
      ? {
        id: letter.job_posting_id,
        title: p_title,
        ai_analysis: p_analysis as PostingAnalysis,
      }
      : null,
  };
}

/** Replaces a user's letter text and feedback; null when absent or someone else's. */
export function updateCoverLetter(
  sql: Sql,
  userId: string,
  id: string,
  l: { content: string } & LetterAi,
): Promise<CoverLetterRow | null> {
  return firstRow(sql<CoverLetterRow[]>`
    update cover_letters
    set content = ${l.content}, ai_feedback = ${l.ai_feedback},
        ai_feedback_structured = ${structured(sql, l.ai_feedback_structured)},
        ai_provider = ${l.ai_provider}, updated_at = now()
    where id = ${id} and user_id = ${userId}
    returning *`);
}

/**
 * Deletes a user's letter and, by cascade, the interviews practised on it. Returns the storage
 * keys of those interviews' audio, answers given again included (for the caller to remove), or
 * null when the letter is absent or someone else's.
 */
export async function deleteCoverLetter(
  sql: Sql,
  userId: string,
  id: string,
): Promise<{ fileKeys: string[] } | null> {
  return await sql.begin(async (tx) => {
    const keys = await tx<{ key: string }[]>`
      select k.key from interview_turns t
      join interview_sessions s on s.id = t.session_id
      cross join lateral (values (t.question_audio_key), (t.answer_audio_key)) as k (key)
      where s.cover_letter_id = ${id} and s.user_id = ${userId} and k.key is not null
      union all
      select a.answer_audio_key from turn_attempts a
      join interview_turns t on t.id = a.turn_id
      join interview_sessions s on s.id = t.session_id
      where s.cover_letter_id = ${id} and s.user_id = ${userId}
        and a.answer_audio_key is not null`;
    const rows = await tx`
      delete from cover_letters where id = ${id} and user_id = ${userId} returning id`;
    return rows.length ? { fileKeys: keys.map((k) => k.key) } : null;
  });
}
