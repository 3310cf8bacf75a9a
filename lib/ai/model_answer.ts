/**
 * What both providers share about model answers: the numbered source sentences (the profile's
 * career summary and certifications, the cover letter, the interview's answers; never name, age
 * or gender), the length the mode allows, and the check that every sentence cites a real source,
 * so a model answer can never show the candidate a claim they did not make themselves.
 */
import type { InterviewContext, InterviewSetup, ModelAnswer, QA, SourceSentence } from "./types.ts";
import { DEFAULT_SETUP } from "./types.ts";
import { charCountNoSpace, clip, splitSentences } from "./korean.ts";
import { SELF_INTRO_TARGET } from "./rubric.ts";
import { LIMITS } from "./prompts.ts";

/** A source sentence longer than this is cut at a word boundary (still a verbatim quote). */
const SOURCE_CHARS = 300;

/**
 * The numbered sentences a model answer may use, in a fixed order: profile, cover letter, then
 * the answers by turn. Only the career summary and certifications are read from the profile
 * (blind hiring). Each text is an exact substring of its field, without a list bullet; each
 * field gives at most as much as the other prompts take of it (`LIMITS`), so the sources of a
 * long letter never crowd out the answers.
 */
export function sourceSentences(
  ctx: Pick<InterviewContext, "profile" | "coverLetter">,
  turns: Pick<QA, "turn_number" | "answer">[],
): SourceSentence[] {
  const out: SourceSentence[] = [];
  const add = (
    kind: SourceSentence["kind"],
    text: string | null | undefined,
    maxChars: number,
    turn?: number,
  ) => {
    let used = 0;
    for (const sentence of splitSentences(text ?? "")) {
      const t = clip(sentence.replace(/^(?:[-*•·]|\d+[.)])\s+/, ""), SOURCE_CHARS);
      if (!t) continue;
      used += t.length;
      if (used > maxChars) break;
      out.push({
        id: out.length + 1,
        kind,
        ...(turn !== undefined && { turn_number: turn }),
        text: t,
      });
    }
  };
  add("profile", ctx.profile.career_summary, LIMITS.profileField);
  add("profile", ctx.profile.certifications, LIMITS.profileField);
  add("cover_letter", ctx.coverLetter, LIMITS.coverLetter);
  for (const t of turns) add("answer", t.answer, LIMITS.answer, t.turn_number);
  return out;
}

/** How long a model answer may be: Korean in characters without spaces, English in words. */
export interface AnswerBudget {
  unit: "chars" | "words";
  /** What a 1분 자기소개 must reach when the sources allow it; 0 for other questions. */
  min: number;
  max: number;
}

/**
 * Spoken pace the budget rests on: 375 characters (without spaces) in 57 s is the 1분 자기소개
 * target's middle; 150 words a minute is a natural interview pace in English.
 */
const PER_SECOND = { chars: 375 / 57, words: 150 / 60 } as const;

/**
 * The budget of an answer in `setup`: every answer is spoken in at most 60 s, so at most 400
 * characters (150 words); a 1분 자기소개 should also fill its 350–400 characters (130–150 words).
 */
export function answerBudget(setup: InterviewSetup = DEFAULT_SETUP): AnswerBudget {
  const selfIntro = setup.mode === "self_intro";
  if (setup.language === "en") return { unit: "words", min: selfIntro ? 130 : 0, max: 150 };
  const [min, max] = SELF_INTRO_TARGET.chars;
  return { unit: "chars", min: selfIntro ? min : 0, max };
}

/** The length of `text` in the budget's unit. */
export function answerLength(text: string, unit: AnswerBudget["unit"]): number {
  return unit === "chars" ? charCountNoSpace(text) : text.split(/\s+/).filter(Boolean).length;
}

/** Seconds `text` takes to say at a natural pace. */
export function spokenSeconds(text: string, unit: AnswerBudget["unit"]): number {
  return Math.round(answerLength(text, unit) / PER_SECOND[unit]);
}

/**
 * The sentences that fit the budget, in order: the first (the conclusion) always stays, a later
 * one that would overrun it is left out.
 */
export function fitBudget<T extends { text: string }>(sentences: T[], budget: AnswerBudget): T[] {
  const out: T[] = [];
  let used = 0;
  for (const s of sentences) {
    const n = answerLength(s.text, budget.unit);
    if (out.length && used + n > budget.max) continue;
    out.push(s);
    used += n;
  }
  return out;
}

/**
 * A model's sentences, checked against the sources: source ids that name no source are dropped,
 * and so is every sentence left without one, so what remains is traceable sentence by sentence.
 */
export function keepSourced(
  got: { text: string; source_ids: number[] }[],
  sources: SourceSentence[],
): ModelAnswer {
  const known = new Set(sources.map((s) => s.id));
  const sentences = got.map((s) => ({
    text: s.text.replace(/\s+/g, " ").trim(),
    source_ids: [...new Set(s.source_ids)].filter((id) => known.has(id)),
  })).filter((s) => s.text && s.source_ids.length);
  return { sentences };
}
