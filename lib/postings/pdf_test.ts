import assert from "node:assert/strict";
import { AppError } from "../errors.ts";
import { extractPdfText, isPdf } from "./pdf.ts";

const fixture = (name: string) =>
  Deno.readFile(new URL(`../../tests/fixtures/pdf/${name}`, import.meta.url));

/** Asserts that `p` rejects with an AppError of this kind and code. */
async function rejectsWith(p: Promise<unknown>, kind: string, code: string) {
  await assert.rejects(p, (e) => {
    assert.ok(e instanceof AppError, `expected AppError, got ${e}`);
    assert.equal(e.kind, kind);
    assert.equal(e.code, code);
    return true;
  });
}

Deno.test("isPdf: sniffs the %PDF- header in the first kilobyte", async () => {
  assert.equal(isPdf(await fixture("posting_ko.pdf")), true);
  assert.equal(isPdf(await fixture("scanned.pdf")), true);
  assert.equal(isPdf(await fixture("not_a_pdf.pdf")), false);
  assert.equal(isPdf(new Uint8Array()), false);
  assert.equal(isPdf(new TextEncoder().encode("%PDF")), false);
  const prefixed = new TextEncoder().encode(" ".repeat(1000) + "%PDF-1.7\n");
  assert.equal(isPdf(prefixed), true);
  const tooLate = new TextEncoder().encode(" ".repeat(1020) + "%PDF-1.7\n");
  assert.equal(isPdf(tooLate), false);
});

Deno.test("extractPdfText: Korean posting printed by Chromium", async () => {
  const bytes = await fixture("posting_ko.pdf");
  const size = bytes.byteLength;
  const { text, pages } = await extractPdfText(bytes);
  assert.equal(pages, 1);
  assert.match(text, /백엔드 개발자 채용/);
  assert.match(text, /3년 이상/);
  for (const word of ["Python", "FastAPI", "PostgreSQL"]) assert.ok(text.includes(word), word);
  assert.equal(text, text.normalize("NFC"));
  assert.ok(!/\n{3,}/.test(text), "blank-line runs are squeezed");
  // PDF.js must not have detached the caller's buffer.
  assert.equal(bytes.byteLength, size);
});

Deno.test("extractPdfText: an image-only PDF has no text layer", async () => {
  await rejectsWith(extractPdfText(await fixture("scanned.pdf")), "invalid", "pdf_no_text");
});

Deno.test("extractPdfText: a file renamed .pdf is an unsupported media type", async () => {
  await rejectsWith(
    extractPdfText(await fixture("not_a_pdf.pdf")),
    "unsupported",
    "unsupported_media_type",
  );
});

Deno.test("extractPdfText: a damaged PDF is invalid input", async () => {
  const junk = new TextEncoder().encode("%PDF-1.4\n" + "garbage ".repeat(200));
  await rejectsWith(extractPdfText(junk), "invalid", "pdf_invalid");
});

Deno.test("extractPdfText: page and time caps", async () => {
  const bytes = await fixture("posting_ko.pdf");
  await rejectsWith(extractPdfText(bytes, { maxPages: 0 }), "invalid", "pdf_too_many_pages");
  // A zero cap fires before the first page is read: timers of equal delay run in order, and
  // extraction yields a timer turn before each page.
  await rejectsWith(extractPdfText(bytes, { timeoutMs: 0 }), "invalid", "pdf_too_complex");
});
