import { findOwned, listOwned } from "./owned.ts";
import type { PostingAnalysis, ProviderName } from "./types.ts";
import type { Sql } from "./client.ts";

/** A job posting as stored. */
export interface JobPostingRow {
  id: string;
  user_id: string;
  title: string | null;
  original_text: string;
  ai_analysis: PostingAnalysis;
  ai_provider: ProviderName;
  /** Storage key of the uploaded PDF, null for pasted text. */
  file_key: string | null;
  file_size: number | null;
  created_at: Date;
}

/** The columns a list shows. */
export type JobPostingSummary = Pick<
  JobPostingRow,
  "id" | "title" | "ai_analysis" | "ai_provider" | "created_at"
>;

/** Inserts a posting with a caller-chosen id (the PDF's storage key contains it). */
export async function insertPosting(
  sql: Sql,
  p: Omit<JobPostingRow, "created_at">,
): Promise<JobPostingRow> {
  const [row] = await sql<JobPostingRow[]>`
    insert into job_postings
      (id, user_id, title, original_text, ai_analysis, ai_provider, file_key, file_size)
    values (${p.id}, ${p.user_id}, ${p.title}, ${p.original_text},
            ${sql.json(analysisJson(p.ai_analysis))}, ${p.ai_provider},
            ${p.file_key}, ${p.file_size})
    returning *`;
  return row;
}

/** Exactly the documented keys, whatever else the provider's object carries. */
function analysisJson(a: PostingAnalysis) {
  return { keywords: a.keywords, requirements: a.requirements, preferred: a.preferred ?? [] };
}

/** One page of a user's postings, newest first, and how many they have in all. */
export function listPostings(
  sql: Sql,
  userId: string,
  page: { limit: number; offset: number },
): Promise<{ items: JobPostingSummary[]; total: number }> {
  const columns = ["id", "title", "ai_analysis", "ai_provider", "created_at"];
  return listOwned(sql, "job_postings", columns, userId, page);
}

/** A user's posting by id; null when absent or someone else's. */
export function findPosting(
  sql: Sql,
  userId: string,
  id: string,
): Promise<JobPostingRow | null> {
  return findOwned(sql, "job_postings", userId, id);
}

/** Deletes a user's posting; returns its file key (or null) when it existed, else undefined. */
export async function deletePosting(
  sql: Sql,
  userId: string,
  id: string,
): Promise<{ file_key: string | null } | undefined> {
  const rows = await sql<{ file_key: string | null }[]>`
    delete from job_postings where id = ${id} and user_id = ${userId} returning file_key`;
  return rows[0];
}
