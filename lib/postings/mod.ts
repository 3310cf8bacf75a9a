/**
 * Job postings (SPEC §5 "Posting analysis"): pasted text or an uploaded PDF becomes a stored
 * posting with an AI analysis. Used by the JSON API and the web pages alike.
 */
import type { Sql } from "../../db/client.ts";
import * as db from "../../db/job_postings.ts";
import type { AiProvider } from "../ai/types.ts";
import { usageRecorder } from "../usage/mod.ts";
import { AppError, notFound } from "../errors.ts";
import { extractPdfText, PDF_MAX_BYTES } from "./pdf.ts";
import { assertStorageQuota } from "../usage/quota.ts";
import { PostingText, PostingTitle } from "../schemas.ts";
import type { Storage } from "../storage/types.ts";
import { readUpload, type Upload } from "../upload.ts";

/** What the posting functions need. */
export interface PostingDeps {
  sql: Sql;
  storage: Storage;
  ai: AiProvider;
}

/** A new posting: exactly one of pasted `text` or an uploaded `pdf`. */
export interface NewPosting {
  title?: string | null;
  text?: string | null;
  pdf?: Upload | null;
}

/** A posting as shown to its owner; times are ISO 8601 strings, as the API sends them. */
export type Posting =
  & Pick<db.JobPostingRow, "id" | "title" | "original_text" | "ai_analysis" | "ai_provider">
  & { created_at: string };

/** Longest title derived from the posting text. */
export const DERIVED_TITLE_MAX = 60;

/**
 * Creates a posting. The AI analysis runs before anything is written, so a provider failure
 * leaves neither a row nor a stored file; the PDF is stored before the row and removed again
 * if the insert fails.
 */
export async function createPosting(
  deps: PostingDeps,
  userId: string,
  input: NewPosting,
): Promise<Posting> {
  const hasText = typeof input.text === "string" && input.text.trim() !== "";
  if (hasText && input.pdf) {
    throw new AppError(
      "invalid",
      "file_and_text",
      "Send either a PDF file or the posting text, not both",
    );
  }
  if (!hasText && !input.pdf) {
    throw new AppError("invalid", "file_or_text_required", "Send a PDF file or the posting text");
  }
  let pdfBytes: Uint8Array | null = null;
  let rawText: string;
  if (input.pdf) {
    pdfBytes = await readUpload(input.pdf, PDF_MAX_BYTES);
    await assertStorageQuota(deps.sql, userId, pdfBytes.byteLength);
    rawText = (await extractPdfText(pdfBytes)).text;
  } else {
    rawText = input.text!;
  }
  const text = parseText(rawText);
  const title = parseTitle(input.title) ?? deriveTitle(text);

  const usage = usageRecorder(deps, { userId, sessionId: null });
  const analysis = await deps.ai.analyzePosting(text, title, usage.for("posting_analysis"))
    .finally(() => usage.settled());

  const id = crypto.randomUUID();
  const fileKey = pdfBytes ? `users/${userId}/postings/${id}.pdf` : null;
  if (pdfBytes) await deps.storage.put(fileKey!, pdfBytes, "application/pdf");
  try {
    const row = await db.insertPosting(deps.sql, {
      id,
      user_id: userId,
      title,
      original_text: text,
      ai_analysis: analysis,
      ai_provider: deps.ai.name,
      file_key: fileKey,
      file_size: pdfBytes?.byteLength ?? null,
    });
    return view(row);
  } catch (e) {
    if (fileKey) await deps.storage.delete(fileKey).catch(() => {});
    throw e;
  }
}

/** One page of the user's postings, newest first. */
export async function listPostings(
  deps: Pick<PostingDeps, "sql">,
  userId: string,
  page: { limit: number; offset: number },
): Promise<{ items: db.JobPostingSummary[]; total: number }> {
  return await db.listPostings(deps.sql, userId, page);
}

/** The user's posting; `job_posting_not_found` when absent or someone else's. */
export async function getPosting(
  deps: Pick<PostingDeps, "sql">,
  userId: string,
  id: string,
): Promise<Posting> {
  const row = await db.findPosting(deps.sql, userId, id);
  if (!row) throw notFound("job_posting");
  return view(row);
}

/**
 * Deletes the user's posting and its PDF. Cover letters written for it keep their text and
 * lose the link (SPEC §3: set null). A file that cannot be removed is left behind rather than
 * failing a deletion the database already made.
 */
export async function deletePosting(
  deps: Pick<PostingDeps, "sql" | "storage">,
  userId: string,
  id: string,
): Promise<void> {
  const gone = await db.deletePosting(deps.sql, userId, id);
  if (!gone) throw notFound("job_posting");
  if (gone.file_key) await deps.storage.delete(gone.file_key).catch(() => {});
}

/**
 * A posting's first meaningful line (one with at least two letters or digits), whitespace
 * squeezed and cut at a word boundary to about {@link DERIVED_TITLE_MAX} characters.
 */
export function deriveTitle(text: string): string | null {
  const line = text.split("\n")
    .map((l) => l.replace(/\s+/g, " ").trim())
    .find((l) => (l.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= 2);
  if (!line) return null;
  const chars = Array.from(line);
  if (chars.length <= DERIVED_TITLE_MAX) return line;
  const cut = chars.slice(0, DERIVED_TITLE_MAX - 1).join("");
  const space = cut.lastIndexOf(" ");
  return `${space >= DERIVED_TITLE_MAX / 2 ? cut.slice(0, space) : cut}…`;
}

function parseText(raw: string): string {
  // Multipart form fields arrive with CRLF line breaks.
  const r = PostingText.safeParse(raw.replace(/\r\n?/g, "\n"));
  if (r.success) return r.data;
  const tooLong = r.error.issues.some((i) => i.code === "too_big");
  throw tooLong
    ? new AppError(
      "invalid",
      "posting_too_long",
      "The posting text is too long; paste only the posting itself",
    )
    : new AppError("invalid", "posting_too_short", "The posting text is too short");
}

function parseTitle(raw: string | null | undefined): string | null {
  const r = PostingTitle.safeParse(raw);
  if (!r.success) throw new AppError("invalid", "title_too_long", "The title is too long");
  return r.data;
}

function view(r: db.JobPostingRow): Posting {
  return {
    id: r.id,
    title: r.title,
    original_text: r.original_text,
    ai_analysis: r.ai_analysis,
    ai_provider: r.ai_provider,
    created_at: r.created_at.toISOString(),
  };
}
