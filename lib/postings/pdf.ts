/**
 * Text extraction from uploaded PDFs with unpdf (PDF.js). Uploads are untrusted, so the work is
 * capped: the bytes must look like a PDF, the page count and the extraction time are bounded,
 * and every failure is a domain error a client can act on, never a crash.
 */
import { getDocumentProxy } from "unpdf";
import { AppError } from "../errors.ts";

/** Largest PDF accepted, in bytes. */
export const PDF_MAX_BYTES = 10 * 1024 * 1024;
/** Most pages read from one PDF; a job posting is a few pages. */
export const PDF_MAX_PAGES = 50;
/** Longest extraction allowed before giving up. */
export const PDF_EXTRACT_TIMEOUT_MS = 10_000;
/** Fewer non-space characters than this means there is no usable text layer. */
export const PDF_MIN_TEXT_CHARS = 20;

const MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
/** PDF readers accept the header anywhere in the first kilobyte (some generators prefix junk). */
const MAGIC_WINDOW = 1024;

/** Whether `bytes` carry the `%PDF-` header within the first kilobyte. */
export function isPdf(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.byteLength, MAGIC_WINDOW) - MAGIC.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < MAGIC.length; j++) {
      if (bytes[i + j] !== MAGIC[j]) continue outer;
    }
    return true;
  }
  return false;
}

/** Options for {@link extractPdfText}; the defaults are the product's limits. */
export interface PdfLimits {
  maxPages?: number;
  timeoutMs?: number;
  minTextChars?: number;
}

/** Text of a PDF, one string with pages separated by a blank line. */
export interface PdfText {
  text: string;
  pages: number;
}

/**
 * Extracts the text layer of a PDF. Throws AppError:
 * `unsupported_media_type` (415) when the bytes are not a PDF; `pdf_invalid`,
 * `pdf_encrypted`, `pdf_too_many_pages`, `pdf_too_complex` (time cap) and `pdf_no_text` (422).
 * The caller's buffer is left intact (PDF.js may take ownership of what it is given).
 */
export async function extractPdfText(bytes: Uint8Array, limits: PdfLimits = {}): Promise<PdfText> {
  const maxPages = limits.maxPages ?? PDF_MAX_PAGES;
  const timeoutMs = limits.timeoutMs ?? PDF_EXTRACT_TIMEOUT_MS;
  const minTextChars = limits.minTextChars ?? PDF_MIN_TEXT_CHARS;
  if (!isPdf(bytes)) {
    throw new AppError("unsupported", "unsupported_media_type", "Only PDF files are accepted");
  }

  let timedOut = false;
  let destroy: (() => Promise<void>) | undefined;
  const work = (async () => {
    const pdf = await getDocumentProxy(bytes.slice(), {
      verbosity: 0,
      // Nothing is rendered: no fonts are loaded into the runtime, no XFA forms are built.
      disableFontFace: true,
      enableXfa: false,
      useSystemFonts: false,
    }).catch((e) => {
      throw pdfOpenError(e);
    });
    destroy = () => pdf.loadingTask.destroy();
    if (pdf.numPages > maxPages) {
      throw new AppError(
        "invalid",
        "pdf_too_many_pages",
        `The PDF has ${pdf.numPages} pages; at most ${maxPages} are accepted`,
        { pages: pdf.numPages, max_pages: maxPages },
      );
    }
    const pages: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      // PDF.js can work through a page on microtasks alone; yielding a macrotask before each
      // page lets the time cap fire and keeps other requests served meanwhile.
      await new Promise((r) => setTimeout(r, 0));
      if (timedOut) break;
      const content = await (await pdf.getPage(n)).getTextContent();
      pages.push(
        content.items.map((i) => "str" in i ? i.str + (i.hasEOL ? "\n" : "") : "").join(""),
      );
    }
    return { pages: pdf.numPages, text: pages.map(cleanPageText).filter(Boolean).join("\n\n") };
  })();

  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(
        new AppError(
          "invalid",
          "pdf_too_complex",
          "Reading this PDF took too long — paste the posting text instead",
        ),
      );
    }, timeoutMs);
  });
  try {
    const result = await Promise.race([work, timeout]);
    if (result.text.replace(/\s/g, "").length < minTextChars) {
      throw new AppError(
        "invalid",
        "pdf_no_text",
        "This PDF has no text layer (scanned?) — paste the posting text instead",
      );
    }
    return result;
  } finally {
    clearTimeout(timer);
    // After a timeout the extraction may still be inside a page: destroying the document makes
    // it stop and reject, which nobody awaits any more.
    work.catch(() => {});
    await destroy?.().catch(() => {});
  }
}

function pdfOpenError(e: unknown): AppError {
  if ((e as { name?: string })?.name === "PasswordException") {
    return new AppError("invalid", "pdf_encrypted", "The PDF is password-protected");
  }
  return new AppError("invalid", "pdf_invalid", "The PDF could not be read (damaged file?)");
}

/**
 * NFC-normalises a page's text, drops control characters, trims each line and squeezes runs
 * of blank lines, so what is stored and sent to the model is plain readable text.
 */
function cleanPageText(page: string): string {
  return page
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/g, "")
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0\u3000]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
