/**
 * The keyword check of a cover letter, the same for every AI provider: which posting keywords
 * the letter shows, and its sentences with each mention marked, so the page can highlight them.
 * A sentence that only promises to learn a skill shows no skill (as the offline judge reads it).
 */
import { splitSentences } from "../ai/korean.ts";
import { isCommitment } from "../ai/offline/evidence.ts";
import { mentionSpans } from "../ai/skills.ts";

/** One sentence of the letter with the posting keywords it mentions. */
export interface MarkedSentence {
  text: string;
  /** Offsets into `text`, in order, never overlapping. */
  marks: { start: number; end: number; keyword: string }[];
}

/** Posting keywords found in or missing from the letter, and its marked sentences. */
export interface KeywordCheck {
  keywords: { keyword: string; found: boolean }[];
  sentences: MarkedSentence[];
}

/** Checks `content` against the posting's `keywords`. */
export function keywordCheck(content: string, keywords: string[]): KeywordCheck {
  const sentences = splitSentences(content).map((text): MarkedSentence => {
    if (isCommitment(text)) return { text, marks: [] };
    const all = keywords.flatMap((keyword) =>
      mentionSpans(text, keyword).map((s) => ({ ...s, keyword }))
    ).sort((a, b) => a.start - b.start || b.end - a.end);
    const marks: MarkedSentence["marks"] = [];
    for (const m of all) if (!marks.some((k) => m.start < k.end)) marks.push(m);
    return { text, marks };
  });
  const found = new Set(sentences.flatMap((s) => s.marks.map((m) => m.keyword)));
  return {
    keywords: keywords.map((keyword) => ({ keyword, found: found.has(keyword) })),
    sentences,
  };
}
