/**
 * What the interview is about, shared by the question planner and the judge: the posting's
 * technologies in order of concreteness, the role's name, the topical terms of a text, whether a
 * text covers a requirement, and the key terms of a question without the words our own templates
 * and Korean request phrases ("관련해", "말씀해 주세요") add.
 */
import type { InterviewContext, QA } from "../types.ts";
import { contentTokens, josa, type JosaPair, splitSentences } from "../korean.ts";
import { findSkillHits, findSkills, lookupSkill } from "../skills.ts";
import type { SkillCategory } from "../skill_list.ts";
import { evidences } from "./evidence.ts";

export const unique = <T>(xs: T[]) => [...new Set(xs)];

export const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** "A, B, C" with a particle fitted to the last item. */
export function listWith(items: string[], particle: JosaPair): string {
  return josa(items.join(", "), particle);
}

/** Drops a leading "저는"/"그래서"-style word from a quote; what is left is still verbatim. */
export const trimLeadIn = (quote: string) =>
  quote.replace(
    /^(?:저는|제가|저희는|그래서|그리고|(?:그\s+)?결과|결과적으로|네|음|어|사실|또한)\s+(?=\S)/,
    "",
  );

// Concrete technologies make better questions than methods, domains or soft skills.
const CATEGORY_RANK: SkillCategory[] = [
  "language",
  "framework",
  "database",
  "cloud",
  "tool",
  "method",
  "domain",
];

/** Keywords with concrete technologies first, stable within a rank. */
export function byConcreteness(keywords: string[]): string[] {
  const rank = (k: string) => {
    const i = CATEGORY_RANK.indexOf(lookupSkill(k)?.category as SkillCategory);
    return i < 0 ? CATEGORY_RANK.length : i;
  };
  return keywords.map((k, i) => ({ k, i, r: rank(k) })).sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.k);
}

/** Posting keywords, concrete first; skills named in the cover letter when there is no posting. */
export function techKeywords(ctx: InterviewContext): string[] {
  const keywords = ctx.posting?.analysis.keywords ?? [];
  return byConcreteness(keywords.length ? keywords : findSkills(ctx.coverLetter));
}

/** The position as a short noun phrase, from the posting title or its domain keyword. */
export function roleName(ctx: InterviewContext): string | null {
  let title = (ctx.posting?.title ?? "").replace(/[[\]【】<>()]/g, " ").replace(/\s+/g, " ").trim();
  for (let prev = ""; prev !== title;) {
    prev = title;
    title = title.replace(/\s*(?:채용|모집|공고|채용공고|모집공고)$/, "").trim();
  }
  if (title) return title;
  const domain = ctx.posting?.analysis.keywords.find((k) => lookupSkill(k)?.category === "domain");
  return domain ? `${domain} 직무` : null;
}

export const roleTopic = (role: string | null) =>
  !role ? "이 직무" : /(?:직무|포지션|분야|직군)$/.test(role) ? role : `${role} 포지션`;

/**
 * What `text` is about: dictionary skills, then the other content terms outside those mentions
 * ("REST API" once, not also "rest" and "api").
 */
export function topicTerms(text: string): { skills: string[]; terms: string[] } {
  const hits = findSkillHits(text);
  const inHit = (i: number) => hits.some((h) => i >= h.index && i < h.index + h.text.length);
  const terms = contentTokens(text)
    .filter((t) => !inHit(t.index) && !lookupSkill(t.term) && !isRequestWord(t.term))
    .map((t) => (t.latin ? t.term.toLowerCase() : t.term));
  return { skills: unique(hits.map((h) => h.skill.name)), terms: unique(terms) };
}

/**
 * Whether `text` shows a requirement: one of its skills, or half of its content words, in
 * sentences that are not promises to learn.
 */
export function requirementCovered(requirement: string, text: string): boolean {
  const { skills, terms } = topicTerms(requirement);
  if (skills.length) return skills.some((s) => evidences(text, s));
  // Nothing checkable ("3년 이상"): do not claim it is missing.
  if (!terms.length) return true;
  return terms.filter((t) => evidences(text, t)).length * 2 >= terms.length;
}

/**
 * The posting's requirements the answers so far have not shown: the context builder's gaps
 * (required before preferred) when it gave them, else this engine's own reading.
 */
export function openRequirements(ctx: InterviewContext, history: QA[]): string[] {
  if (ctx.requirementGaps) return ctx.requirementGaps;
  const answers = history.map((h) => h.answer).join("\n");
  return (ctx.posting?.analysis.requirements ?? []).filter((r) => !requirementCovered(r, answers));
}

/**
 * The sentences of `text` that show `requirement` (as `requirementCovered` judges it): none
 * when it is not shown, or names nothing a sentence could show ("3년 이상").
 */
export function requirementEvidence(requirement: string, text: string): string[] {
  const { skills, terms } = topicTerms(requirement);
  const words = skills.length ? skills : terms;
  if (!words.length || !requirementCovered(requirement, text)) return [];
  return splitSentences(text).filter((s) => words.some((w) => evidences(s, w)));
}

/**
 * Words a question uses to ask rather than to name a topic: "관련해", "말씀해", "설명해",
 * "대해", "있으신가요", "tell me about". They are never the question's key terms.
 */
const REQUEST_RE =
  /^(?:관련|말씀|설명|대해|대한|대하|얘기|이야기|소개|부탁|알려|들려|공유|궁금|구체|본인|자세|간단|어떻|어떤|무엇|있으|있나|있다|있었|있는|했던|하셨|하신|해\s*주)|(?:해|하여|하셨|했던|하신|주세요|주시겠|인가요|나요|가요|는지|었는지|했는지|다면|이라면|습니까|입니까|십시오|니까)$|^(?:다시|말고|하면|아니라|정확히|얼마나)$|^(?:tell|describe|explain|share|give|walk|example|time|times|about|decide|gets)$/i;

export const isRequestWord = (term: string) => REQUEST_RE.test(term);

/** The opening that acknowledges the previous answer; not part of what the question asks. */
export const BRIDGE_RE =
  /^(?:'[^']*' 부분 잘 들었습니다\.|답변 잘 들었습니다\.|방금 답변은 조금 짧았습니다\. 이번 질문에는 실제 사례를 들어 답해 주세요\.)\s*/;

/** Words our own question templates use; sharing them says nothing about relevance. */
const TEMPLATE_WORDS = new Set(
  ("공고 요건 실제 실제로 문제 해결 순서 역할 행동 결과 성과 상황 목표 계획 이유 과정 방금 질문 " +
    "답변 자기소개 자기소개서 지원한 지원하신 입사 확인 측정 수치 직접 조금 우대 핵심 선택한 적용 " +
    "어려운 합니다 경험 사례 부분 당시 마지막 실무 프로젝트 활용 동기 역량 포부 강점 1년 안에 이루고 싶은")
    .split(
      " ",
    ),
);

/** Topical terms of a question: without the bridge, the role name, template and request words. */
export function questionTerms(ctx: InterviewContext, question: string): string[] {
  const core = question.replace(BRIDGE_RE, "");
  const role = topicKey(roleName(ctx) ?? "");
  const { skills, terms } = topicTerms(core);
  return [...skills, ...terms].filter((t) => !TEMPLATE_WORDS.has(t) && !role.includes(topicKey(t)));
}

export const topicKey = (t: string) => t.toLowerCase().replace(/\s+/g, "");

/** Whether a topic is still new to the interview: no question asked so far names it. */
export function notAskedYet(history: QA[]): (topic: string) => boolean {
  const asked = history.map((h) => topicKey(h.question));
  return (topic) => !asked.some((q) => q.includes(topicKey(topic)));
}
