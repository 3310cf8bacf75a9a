/**
 * Cover letters (SPEC §5 "Cover-letter feedback"): the candidate's letter for one of their
 * postings, with AI feedback that weighs their profile and the posting analysis. Used by the
 * JSON API and the web pages alike.
 */
import * as db from "../../db/cover_letters.ts";
import type { Sql } from "../../db/client.ts";
import { findPosting } from "../../db/job_postings.ts";
import { findUser, pickProfile } from "../../db/users.ts";
import type {
  AiProvider,
  CoverLetterFeedback,
  CoverLetterReview,
  PostingAnalysis,
  Profile,
} from "../ai/types.ts";
import { type KeywordCheck, keywordCheck } from "./keyword_check.ts";
import { usageRecorder } from "../usage/mod.ts";
import { notFound } from "../errors.ts";
import type { Storage } from "../storage/types.ts";

/** What the cover-letter functions need. */
export interface CoverLetterDeps {
  sql: Sql;
  storage: Storage;
  ai: AiProvider;
}

/**
 * Cover-letter feedback in sections, with the keyword check against the posting it was written
 * for (null when there was none).
 */
export interface StructuredLetterFeedback extends CoverLetterFeedback {
  keyword_check: KeywordCheck | null;
}

/** A cover letter as listed and as returned on creation; times are ISO 8601 strings. */
export type CoverLetter =
  & Pick<db.CoverLetterRow, "id" | "job_posting_id" | "content" | "ai_feedback" | "ai_provider">
  & {
    /** Null for letters reviewed before feedback was kept in sections. */
    ai_feedback_structured: StructuredLetterFeedback | null;
    created_at: string;
  };

/** A cover letter with its posting, as shown on its own. */
export type CoverLetterDetail = CoverLetter & Pick<db.CoverLetterWithPosting, "job_posting"> & {
  updated_at: string;
};

/**
 * Writes a letter for one of the user's postings (else `job_posting_not_found`). Feedback is
 * asked for before anything is written, so a provider failure stores nothing.
 */
export async function createCoverLetter(
  deps: CoverLetterDeps,
  userId: string,
  input: { job_posting_id: string; content: string },
): Promise<CoverLetter> {
  const posting = await findPosting(deps.sql, userId, input.job_posting_id);
  if (!posting) throw notFound("job_posting");
  const usage = usageRecorder(deps, { userId, sessionId: null });
  const context = { title: posting.title, analysis: posting.ai_analysis };
  const review = await deps.ai.coverLetterFeedback({
    profile: await profileOf(deps.sql, userId),
    posting: context,
    content: input.content,
  }, usage.for("cover_letter_feedback")).finally(() => usage.settled());
  const row = await db.insertCoverLetter(deps.sql, {
    user_id: userId,
    job_posting_id: posting.id,
    content: input.content,
    ...stored(review, input.content, context),
    ai_provider: deps.ai.name,
  });
  // The posting was deleted while the feedback was being written.
  if (!row) throw notFound("job_posting");
  return summary(row);
}

/** One page of the user's letters, newest first. */
export async function listCoverLetters(
  deps: Pick<CoverLetterDeps, "sql">,
  userId: string,
  page: { limit: number; offset: number },
): Promise<{ items: CoverLetter[]; total: number }> {
  const { items, total } = await db.listCoverLetters(deps.sql, userId, page);
  return { items: items.map(summary), total };
}

/** The user's letter with its posting; `cover_letter_not_found` when absent or not theirs. */
export async function getCoverLetter(
  deps: Pick<CoverLetterDeps, "sql">,
  userId: string,
  id: string,
): Promise<CoverLetterDetail> {
  const row = await db.findCoverLetter(deps.sql, userId, id);
  if (!row) throw notFound("cover_letter");
  return detail(row);
}

/**
 * Replaces the letter's text and asks for fresh feedback on it (against its posting, when that
 * still exists). Nothing changes when the provider fails.
 */
export async function updateCoverLetter(
  deps: CoverLetterDeps,
  userId: string,
  id: string,
  input: { content: string },
): Promise<CoverLetterDetail> {
  const current = await db.findCoverLetter(deps.sql, userId, id);
  if (!current) throw notFound("cover_letter");
  const usage = usageRecorder(deps, { userId, sessionId: null });
  const context = postingContext(current.job_posting);
  const review = await deps.ai.coverLetterFeedback({
    profile: await profileOf(deps.sql, userId),
    posting: context,
    content: input.content,
  }, usage.for("cover_letter_feedback")).finally(() => usage.settled());
  const row = await db.updateCoverLetter(deps.sql, userId, id, {
    content: input.content,
    ...stored(review, input.content, context),
    ai_provider: deps.ai.name,
  });
  if (!row) throw notFound("cover_letter");
  return detail({ ...row, job_posting: current.job_posting });
}

/**
 * Deletes the user's letter and the interviews practised on it, then their recordings. A file
 * that cannot be removed is left behind rather than failing a deletion already made.
 */
export async function deleteCoverLetter(
  deps: Pick<CoverLetterDeps, "sql" | "storage">,
  userId: string,
  id: string,
): Promise<void> {
  const gone = await db.deleteCoverLetter(deps.sql, userId, id);
  if (!gone) throw notFound("cover_letter");
  await Promise.all(gone.fileKeys.map((k) => deps.storage.delete(k).catch(() => {})));
}

async function profileOf(sql: Sql, userId: string): Promise<Profile> {
  const u = await findUser(sql, userId);
  return u ? pickProfile(u) : {};
}

function postingContext(
  p: { title: string | null; ai_analysis: PostingAnalysis } | null,
): { title: string | null; analysis: PostingAnalysis } | null {
  return p ? { title: p.title, analysis: p.ai_analysis } : null;
}

/** The feedback columns of a review: its text, and its sections with the keyword check. */
function stored(
  review: CoverLetterReview,
  content: string,
  posting: { analysis: PostingAnalysis } | null,
): { ai_feedback: string; ai_feedback_structured: StructuredLetterFeedback } {
  return {
    ai_feedback: review.text,
    ai_feedback_structured: {
      ...review.structured,
      keyword_check: posting ? keywordCheck(content, posting.analysis.keywords) : null,
    },
  };
}

function summary(r: db.CoverLetterRow): CoverLetter {
  return {
    id: r.id,
    job_posting_id: r.job_posting_id,
    content: r.content,
    ai_feedback: r.ai_feedback,
    ai_feedback_structured: (r.ai_feedback_structured as StructuredLetterFeedback | null) ?? null,
    ai_provider: r.ai_provider,
    created_at: r.created_at.toISOString(),
  };
}

function detail(r: db.CoverLetterWithPosting): CoverLetterDetail {
  return { ...summary(r), job_posting: r.job_posting, updated_at: r.updated_at.toISOString() };
}
