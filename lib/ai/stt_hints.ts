/**
 * Hints for transcribing an answer: the domain terms the candidate is likely to say, so the
 * recogniser spells "FastAPI", "PostgreSQL" or "정산" right. Terms come from the posting's
 * analysis keywords first (curated by the model), then the distinctive terms of the cover
 * letter: dictionary skills, Latin-script words, and Korean nouns the letter repeats.
 */
import { contentTokens } from "./korean.ts";
import { findSkills } from "./skills.ts";
import type { InterviewContext } from "./types.ts";

/** At most this many keywords go along with one transcription. */
export const MAX_KEYWORDS = 30;
/** A longer "keyword" is a phrase or a sentence, not a term: it is dropped, not cut. */
export const MAX_KEYWORD_CHARS = 40;

/**
 * Cleans candidate terms: whitespace collapsed, any term containing `<`, `>`, CR or LF dropped
 * (one such term makes gpt-transcribe reject the whole request), over-long ones dropped,
 * duplicates (ignoring case and spacing) removed keeping the first, at most `max`.
 */
export function sanitizeKeywords(terms: readonly string[], max = MAX_KEYWORDS): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of terms) {
    if (out.length >= max) break;
    if (/[<>\r\n]/.test(raw)) continue;
    const term = raw.replace(/\s+/g, " ").trim();
    // Symbols stay in the key: "C", "C++" and "C#" are different terms.
    const key = term.toLowerCase().replace(/\s+/g, "");
    if (!key || [...term].length > MAX_KEYWORD_CHARS || seen.has(key)) continue;
    seen.add(key);
    out.push(term);
  }
  return out;
}

/** Distinctive terms of a text: dictionary skills, Latin words, repeated Korean nouns. */
export function distinctiveTerms(text: string): string[] {
  const counts = new Map<string, number>();
  const latin: string[] = [];
  for (const t of contentTokens(text)) {
    if (t.latin) latin.push(t.raw);
    else counts.set(t.term, (counts.get(t.term) ?? 0) + 1);
  }
  const repeated = [...counts.entries()].filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1]).map(([term]) => term);
  return [...findSkills(text), ...latin, ...repeated];
}

/** The keywords for transcribing answers in this interview. */
export function transcriptionKeywords(ctx: InterviewContext): string[] {
  return sanitizeKeywords([
    ...(ctx.posting?.analysis.keywords ?? []),
    ...distinctiveTerms(ctx.coverLetter),
  ]);
}
