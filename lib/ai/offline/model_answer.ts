/**
 * The offline model answer: chosen, never written. Every source sentence (profile, letter,
 * answers) is read for how closely it answers the question (the question's own terms, the
 * posting's technologies and requirements, the candidate's answer to this very question) and
 * for what it proves (numbers, an action, a result). The most direct claim opens the answer
 * (두괄식), the best supporting sentences follow in situation → task → action → result order,
 * near-duplicates (the letter and an answer often tell the same thing) are left out, and the
 * answer stops at the mode's length. Each sentence is its source's text, at most without a
 * leading connective ("그래서"), so it traces back to exactly one source id.
 */
import type { InterviewContext, ModelAnswer, ModelAnswerInput, SourceSentence } from "../types.ts";
import { DEFAULT_SETUP } from "../types.ts";
import { contentTerms, hangulCount, normalizeKey } from "../korean.ts";
import { findSkillHits, lookupSkill, mentions } from "../skills.ts";
import { answerBudget, answerLength } from "../model_answer.ts";
import { listRequirements } from "../requirement_map.ts";
import { quantities, readSentences, STAR_PARTS, type StarPart } from "./evidence.ts";
import { questionTerms, techKeywords, topicTerms, unique } from "./context.ts";

/** A source sentence with what it shows and how well it serves the question. */
interface Scored {
  source: SourceSentence;
  text: string;
  /** How many of the question's own terms it names. */
  asked: number;
  /** How directly it answers the question: its terms, or the answer given to it. */
  direct: number;
  /** How much it serves the question and the posting together. */
  relevance: number;
  /** How strongly it supports a claim: numbers, an action, a result. */
  support: number;
  /** First STAR part it tells (its place in the story), or null for a plain claim. */
  part: StarPart | null;
  onlySituation: boolean;
  /** A promise or plan, where the question does not ask for one. */
  promise: boolean;
}

/** A sentence this short ("백엔드 3년") is a note, not something to say. */
const MIN_CHARS = 12;
/** Shares this much of its content words (of both together) with a chosen one: a repeat. */
const DUPLICATE_OVERLAP = 0.5;
/** Words a sentence may open with that only link it to the one before it. */
const LEAD_CONNECTIVE =
  /^(?:그래서|그리고|또한|또|하지만|그런데|그러나|게다가|특히|네|음|어|So|And|Also|But|Then)[,\s]+(?=\S)/;
/** Questions about what comes next, where a plan is an answer rather than a mere promise. */
const PLAN_QUESTION =
  /계획|포부|입사\s*후|앞으로|목표|이루고|\b(?:plan|plans|future|goal|goals)\b/i;

/** The model answer to `input.question` from `input.sources`. */
export function modelAnswer(ctx: InterviewContext, input: ModelAnswerInput): ModelAnswer {
  const setup = ctx.setup ?? DEFAULT_SETUP;
  const budget = answerBudget(setup);
  const topic = topicOf(ctx, input);
  const scored = inLanguage(input.sources, setup.language)
    .map((s) => score(topic, s))
    .filter((s) => answerLength(s.text, "chars") >= MIN_CHARS);
  if (!scored.length) return { sentences: [] };
  // The conclusion: the most direct claim; a bare scene-setting sentence never opens.
  const conclusion =
    [...scored].sort((a, b) => opening(b) - opening(a) || a.source.id - b.source.id)[0];
  const onTopic = relevantTo(scored);
  const chosen = [conclusion];
  let used = answerLength(conclusion.text, budget.unit);
  const strength = (s: Scored) => s.relevance + s.support;
  const byStrength = scored.filter((s) => s !== conclusion)
    .sort((a, b) => strength(b) - strength(a) || a.source.id - b.source.id);
  for (const s of byStrength) {
    // Beyond what answers the question, only a 1분 자기소개 still short of its length goes on.
    const filling = used < budget.min && !s.promise;
    // A piece of the story (its situation) stays even when it proves nothing by itself.
    if (!filling && (!onTopic(s) || (strength(s) <= 0 && s.part === null) || s.promise)) continue;
    if (chosen.some((c) => sameClaim(c, s))) continue;
    const n = answerLength(s.text, budget.unit);
    if (used + n > budget.max) continue;
    chosen.push(s);
    used += n;
  }
  // The support told story by story (the letter, each answer), strongest story first, each in
  // situation → task → action → result order.
  const story = (s: Scored) => `${s.source.kind}:${s.source.turn_number ?? ""}`;
  const best = new Map<string, number>();
  for (const s of chosen.slice(1)) {
    best.set(story(s), Math.max(best.get(story(s)) ?? -Infinity, strength(s)));
  }
  const support = chosen.slice(1).sort((a, b) =>
    best.get(story(b))! - best.get(story(a))! || story(a).localeCompare(story(b)) ||
    storyRank(a) - storyRank(b) || a.source.id - b.source.id
  );
  return {
    sentences: [conclusion, ...support].map((s) => ({ text: s.text, source_ids: [s.source.id] })),
  };
}

/**
 * Which sentences answer the question: those with its terms and the sentences next to them in
 * the same text (the rest of that story; an answer that told another story is left out); when
 * no sentence names what the question asks (a self-introduction), the answer given to it and
 * those that touch the posting.
 */
function relevantTo(scored: Scored[]): (s: Scored) => boolean {
  const direct = scored.filter((s) => s.asked > 0);
  if (!direct.length) return (s) => s.relevance > 0;
  const near = (a: SourceSentence, b: SourceSentence) =>
    a.kind === b.kind && a.turn_number === b.turn_number && Math.abs(a.id - b.id) === 1;
  return (s) => s.asked > 0 || direct.some((d) => near(d.source, s.source));
}

/** Sources in the interview's language (an English answer from English sentences), if any. */
function inLanguage(sources: SourceSentence[], language: "ko" | "en"): SourceSentence[] {
  const fits = sources.filter((s) => (hangulCount(s.text) > 0) === (language === "ko"));
  return fits.length ? fits : sources;
}

/** What the question and the posting are about: the terms a source is scored against. */
interface Topic {
  turn: number;
  question: string;
  asked: string[];
  posting: string[];
}

function topicOf(ctx: InterviewContext, input: ModelAnswerInput): Topic {
  return {
    turn: input.turn_number,
    question: input.question,
    asked: questionTerms(ctx, input.question),
    posting: unique([
      ...techKeywords(ctx),
      ...listRequirements(ctx.posting).flatMap((r) => {
        const { skills, terms } = topicTerms(r.requirement);
        return skills.length ? skills : terms;
      }),
    ]),
  };
}

function score(topic: Topic, source: SourceSentence): Scored {
  const text = source.text.replace(LEAD_CONNECTIVE, "");
  const named = mentioner(text);
  const asked = topic.asked.filter(named).length;
  const posting = topic.posting.filter(named).length;
  const own = source.kind === "answer" && source.turn_number === topic.turn;
  const readings = readSentences(text);
  const parts = new Set(readings.flatMap((r) => [...r.parts]));
  const numbers = readings.reduce((n, r) => n + r.numbers, 0);
  const outcome = readings.some((r) => r.outcome);
  const plan = PLAN_QUESTION.test(topic.question);
  const promise = readings.some((r) => r.commitment) && !plan;
  const vague = readings.every((r) => r.vague);
  const direct = 3 * asked + (own ? 2 : 0) - (promise ? 3 : 0);
  const support = (outcome ? 2 : 0) + Math.min(numbers, 2) + (parts.has("행동") ? 1 : 0) -
    (vague ? 2 : 0) - (promise ? 2 : 0);
  return {
    source,
    text,
    asked,
    direct,
    relevance: direct + Math.min(posting, 3),
    support,
    part: STAR_PARTS.find((p) => parts.has(p)) ?? null,
    onlySituation: parts.size === 1 && parts.has("상황"),
    promise,
  };
}

/**
 * How well a sentence opens the answer: naming what the question asks counts most (more than
 * any proof), then being the answer given to it, the posting's terms a little, proof breaks
 * ties; a sentence that only sets the scene never opens.
 */
function opening(s: Scored): number {
  return s.asked * 6 + (s.direct - 3 * s.asked) + (s.relevance - s.direct) / 2 + s.support -
    (s.onlySituation ? 4 : 0);
}

/**
 * `mentions(text, term)` for many terms: the dictionary is scanned once per sentence, not once
 * per term (the same judgement: a dictionary term is mentioned through any of its aliases).
 */
function mentioner(text: string): (term: string) => boolean {
  const skills = new Set(findSkillHits(text).map((h) => h.skill));
  return (term) => {
    const skill = lookupSkill(term);
    return skill ? skills.has(skill) : mentions(text, term);
  };
}

/** Where a sentence goes in the story after the conclusion: plain claims, then S, T, A, R. */
function storyRank(s: Scored): number {
  return s.part === null ? -1 : STAR_PARTS.indexOf(s.part);
}

/**
 * Whether two sentences tell the same thing: one holds the other, they tell the same part of a
 * story with the same number about a shared topic ("응답 시간을 40% 줄였습니다" in the letter
 * and in an answer), or most of their words are shared.
 */
function sameClaim(x: Scored, y: Scored): boolean {
  const [a, b] = [x.text, y.text];
  const ka = normalizeKey(a);
  const kb = normalizeKey(b);
  if (ka.includes(kb) || kb.includes(ka)) return true;
  const ta = new Set(contentTerms(a));
  const tb = new Set(contentTerms(b));
  const shared = [...ta].filter((t) => tb.has(t)).length;
  const numbers = (s: string) => new Set(quantities(s).map((q) => q[0].replace(/\s+/g, "")));
  const na = numbers(a);
  if (shared && x.part === y.part && [...numbers(b)].some((n) => na.has(n))) return true;
  return shared / (ta.size + tb.size - shared || 1) >= DUPLICATE_OVERLAP;
}
