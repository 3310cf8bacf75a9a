/**
 * Finds the skill dictionary's entries (skill_list.ts) in a text with a matcher that is
 * case-insensitive and word-boundary aware ("Java" does not match "JavaScript", "자바" does not
 * match "자바스크립트", but "Python을" and "자바를" match).
 */
import { isHangul, isNounTail, normalizeKey } from "./korean.ts";
import { type Skill, SKILLS } from "./skill_list.ts";

/** One occurrence of a dictionary entry in a text. */
export interface SkillHit {
  skill: Skill;
  /** Position and exact matched text in the source. */
  index: number;
  text: string;
}

interface CompiledAlias {
  skill: Skill;
  re: RegExp;
  startsHangul: boolean;
  endsHangul: boolean;
}

const WORD_CHAR = /[A-Za-z0-9+#]/;

// Nouns written without a space after a Korean alias in compounds ("백엔드개발자", "보안업무").
const COMPOUND_HEADS = [
  "개발자",
  "개발",
  "엔지니어",
  "경험",
  "경력",
  "업무",
  "직무",
  "분야",
  "관련",
  "기반",
  "담당",
  "역량",
  "능력",
  "활용",
  "운영",
  "설계",
  "직군",
  "포지션",
  "전문가",
  "자격증",
  "프로젝트",
  "팀",
];

// "분석했고", "배포되어": a Korean noun turned into a verb is still a mention of the noun.
const LIGHT_VERB = /^(?:하|했|해|되|된|됐|됩|합|함|할|한|시켜|시킨)/;

const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

function compile(skill: Skill, alias: string, caseSensitive: boolean): CompiledAlias {
  // Spaces and hyphens inside an alias are optional ("Spring Boot", "SpringBoot", "Spring-Boot").
  const body = alias.split(/[\s-]+/).map(escape).join("[\\s-]*");
  const chars = [...alias];
  return {
    skill,
    re: new RegExp(body, caseSensitive ? "g" : "gi"),
    startsHangul: isHangul(chars[0]),
    endsHangul: isHangul(chars.at(-1)!),
  };
}

const COMPILED: CompiledAlias[] = SKILLS.flatMap((skill) => [
  ...[...new Set(skill.aliases)].map((a) => compile(skill, a, false)),
  ...(skill.exact ?? []).map((a) => compile(skill, a, true)),
]);

function boundaryOk(text: string, start: number, end: number, alias: CompiledAlias): boolean {
  const before = text[start - 1] ?? "";
  const matched = text.slice(start, end);
  if (
    alias.startsHangul ? isHangul(before) : WORD_CHAR.test(matched[0]) && WORD_CHAR.test(before)
  ) {
    return false;
  }
  if (alias.endsHangul) {
    // A Korean alias may be followed by a particle in the same word ("자바를"), not by more
    // syllables ("자바스크립트").
    let runEnd = end;
    while (runEnd < text.length && isHangul(text[runEnd])) runEnd++;
    const rest = text.slice(end, runEnd);
    return isNounTail(rest) || LIGHT_VERB.test(rest) ||
      COMPOUND_HEADS.some((h) => rest.startsWith(h) && isNounTail(rest.slice(h.length)));
  }
  const after = text[end] ?? "";
  // "C++" and "C#" end in symbols: only a following letter or digit extends them.
  return WORD_CHAR.test(matched.at(-1)!) ? !WORD_CHAR.test(after) : !/[A-Za-z0-9]/.test(after);
}

/**
 * Every dictionary occurrence in `text`, in order of position. When matches overlap, the longer
 * one wins ("Spring Boot" hides its "Spring", "React Native" its "React").
 */
export function findSkillHits(text: string): SkillHit[] {
  const all: { skill: Skill; start: number; end: number }[] = [];
  for (const alias of COMPILED) {
    alias.re.lastIndex = 0;
    for (const m of text.matchAll(alias.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (m[0].length && boundaryOk(text, start, end, alias)) {
        all.push({ skill: alias.skill, start, end });
      }
    }
  }
  all.sort((a, b) => (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  const taken: { start: number; end: number }[] = [];
  const kept: SkillHit[] = [];
  for (const h of all) {
    if (taken.some((t) => h.start < t.end && t.start < h.end)) continue;
    taken.push(h);
    kept.push({ skill: h.skill, index: h.start, text: text.slice(h.start, h.end) });
  }
  return kept.sort((a, b) => a.index - b.index);
}

/** Names of the dictionary entries found in `text`, deduplicated, in order of first mention. */
export function findSkills(text: string): string[] {
  return [...new Set(findSkillHits(text).map((h) => h.skill.name))];
}

// Symbols stay in the key: "C", "C++" and "C#" are different languages.
const lookupKey = (term: string) => term.toLowerCase().replace(/[\s-]+/g, "");
const BY_KEY = new Map<string, Skill>();
for (const skill of SKILLS) {
  for (const a of [skill.name, ...skill.aliases, ...(skill.exact ?? [])]) {
    const key = lookupKey(a);
    if (!BY_KEY.has(key)) BY_KEY.set(key, skill);
  }
}

/** The dictionary entry a name or alias refers to, if any ("파이썬" → Python). */
export function lookupSkill(term: string): Skill | undefined {
  return BY_KEY.get(lookupKey(term));
}

// A cache of compiled ad-hoc terms: answers and questions are matched against the same few.
const TERMS = new Map<string, CompiledAlias>();

/** Where `term` occurs in `text` as a word of its own (a particle may follow). */
function occurrences(text: string, term: string): Span[] {
  let alias = TERMS.get(term);
  if (!alias) {
    alias = compile({ name: term, category: "domain", aliases: [term] }, term, false);
    if (TERMS.size > 500) TERMS.clear();
    TERMS.set(term, alias);
  }
  alias.re.lastIndex = 0;
  const out: Span[] = [];
  for (const m of text.matchAll(alias.re)) {
    const end = m.index + m[0].length;
    if (m[0].length && boundaryOk(text, m.index, end, alias)) out.push({ start: m.index, end });
  }
  return out;
}

/** A range of a text, `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Where `text` mentions `term`, as `mentions` judges it, in order: every alias of a dictionary
 * term, else the term itself, else (for a multi-word term every word of which occurs) its words.
 */
export function mentionSpans(text: string, term: string): Span[] {
  const skill = lookupSkill(term);
  if (skill) {
    return findSkillHits(text).filter((h) => h.skill === skill)
      .map((h) => ({ start: h.index, end: h.index + h.text.length }));
  }
  const t = term.trim();
  if (!normalizeKey(t)) return [];
  const whole = occurrences(text, t);
  if (whole.length) return whole;
  const parts = t.split(/\s+/).filter((p) => [...normalizeKey(p)].length >= 2);
  const each = parts.map((p) => occurrences(text, p));
  return parts.length > 1 && each.every((e) => e.length)
    ? each.flat().sort((a, b) => a.start - b.start)
    : [];
}

/**
 * Whether `text` mentions `term` as a word of its own: through any alias when the term is in the
 * dictionary, otherwise ignoring case and inner spacing, or — for a multi-word term — when every
 * word of it occurs ("데이터를 분석" mentions "데이터 분석"). A term inside a longer word or
 * name is no mention: "페이핀테크" does not mention 핀테크.
 */
export function mentions(text: string, term: string): boolean {
  return mentionSpans(text, term).length > 0;
}
