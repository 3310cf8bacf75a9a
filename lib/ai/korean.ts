/**
 * Small, dependency-free helpers for Korean (and mixed Korean/English) text: particle choice,
 * crude stemming, tokenising, sentence splitting and quoting. Good enough for the offline
 * heuristics; not a morphological analyser.
 */
import { isStopword } from "./korean_stopwords.ts";

const HANGUL_START = 0xac00;
const HANGUL_END = 0xd7a3;

/** True for a precomposed Hangul syllable. */
export function isHangul(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return c >= HANGUL_START && c <= HANGUL_END;
}

/** Number of Hangul syllables in `text`. */
export function hangulCount(text: string): number {
  let n = 0;
  for (const ch of text) if (isHangul(ch)) n++;
  return n;
}

const DIGIT_BATCHIM = new Set(["0", "1", "3", "6", "7", "8"]);

/**
 * How the last sound of a Latin word is read in Korean: "ㄹ" (SQL → 에스큐엘, Excel → 엑셀),
 * another final consonant (Python → 파이썬, Git → 깃, Slack → 슬랙), or a vowel (React →
 * 리액트, AWS → 에스, FastAPI → 패스트에이피아이).
 */
function latinEnding(word: string): "rieul" | "consonant" | "vowel" {
  // Trailing capitals are spelled out letter by letter: L, R → ㄹ; M, N → other final.
  const caps = word.match(/(?:^|[^A-Z])([A-Z]+)$/)?.[1];
  if (caps && (caps.length > 1 || word.length === 1)) {
    return /[LR]$/.test(caps) ? "rieul" : /[MN]$/.test(caps) ? "consonant" : "vowel";
  }
  const lower = word.toLowerCase();
  if (/l$/.test(lower)) return "rieul";
  if (/(?:[mn]|ng)$/.test(lower)) return "consonant";
  // A single short vowel before k/t/p keeps the stop as a final (깃, 슬랙, 웹팩); after
  // another consonant or a long vowel it gains a vowel (리액트, 부트).
  return /(?:^|[^aeiou])[aeiou](?:ck|[ktp])$/.test(lower) ? "consonant" : "vowel";
}

/** The last sound of `word` as read in Korean. */
function ending(word: string): "rieul" | "consonant" | "vowel" {
  const trimmed = word.replace(/[\s'"’”)\]}.,!?]+$/u, "");
  const last = [...trimmed].at(-1);
  if (!last) return "vowel";
  if (isHangul(last)) {
    const final = (last.codePointAt(0)! - HANGUL_START) % 28;
    return final === 0 ? "vowel" : final === 8 ? "rieul" : "consonant";
  }
  if (/\d/.test(last)) {
    // Sino-Korean readings: 일, 칠, 팔 end in ㄹ; 영, 삼, 육 in another final.
    return "178".includes(last) ? "rieul" : DIGIT_BATCHIM.has(last) ? "consonant" : "vowel";
  }
  return /[A-Za-z]/.test(last) ? latinEnding(trimmed.match(/[A-Za-z]+$/)![0]) : "vowel";
}

/** Whether `word` ends in a final consonant (받침) as it is read in Korean. */
export function hasBatchim(word: string): boolean {
  return ending(word) !== "vowel";
}

/** A particle pair: the form after a final consonant, then the form after a vowel. */
export type JosaPair = "을/를" | "이/가" | "은/는" | "과/와" | "으로/로" | "이라고/라고";

/** `word` followed by the particle form that fits its last sound, e.g. josa("Python", "을/를"). */
export function josa(word: string, pair: JosaPair): string {
  const [withFinal, withoutFinal] = pair.split("/");
  const end = ending(word);
  // ㄹ takes 로, not 으로 ("서울로"), but 을/이/은/과 like any final consonant.
  if (pair === "으로/로" && end === "rieul") return word + withoutFinal;
  return word + (end === "vowel" ? withoutFinal : withFinal);
}

/**
 * Particles and light verb endings that may follow a noun. Longest first so stripping removes
 * "에서는" before "는".
 */
const NOUN_TAILS: readonly string[] = [
  "하였습니다",
  "했습니다",
  "합니다",
  "입니다",
  "에서부터",
  "으로부터",
  "에서는",
  "에서도",
  "에서의",
  "으로는",
  "으로도",
  "으로서",
  "으로써",
  "에게서",
  "이라는",
  "이라고",
  "이라면",
  "이지만",
  "적으로",
  "이며",
  "이고",
  "이나",
  "이란",
  "에게",
  "에서",
  "으로",
  "로서",
  "로써",
  "까지",
  "부터",
  "보다",
  "처럼",
  "만큼",
  "과는",
  "와는",
  "과의",
  "와의",
  "에는",
  "에도",
  "라는",
  "라고",
  "마다",
  "하는",
  "하고",
  "하며",
  "하여",
  "해서",
  "했던",
  "하던",
  "하신",
  "하실",
  "하기",
  "하게",
  "하면",
  "되는",
  "되어",
  "적인",
  "들의",
  "들이",
  "들을",
  "들과",
  "들은",
  "을",
  "를",
  "이",
  "가",
  "은",
  "는",
  "에",
  "의",
  "와",
  "과",
  "도",
  "로",
  "만",
  "들",
  "한",
  "할",
  "된",
  "적",
];

const TAIL_SET = new Set(NOUN_TAILS);

/** Nouns that merely end like a particle ("전문가" is not "전문" + 가). */
const PROTECTED = new Set([
  "전문가",
  "분석가",
  "사업가",
  "창업가",
  "예술가",
  "이해도",
  "만족도",
  "숙련도",
  "기여도",
  "완성도",
  "인지도",
  "신뢰도",
  "정확도",
  "난이도",
  "활용도",
  "집중도",
  "몰입도",
  "워크플로",
  "매크로",
  "마이크로",
  "플레이",
  "디스플레이",
  "릴레이",
  "서비스",
  "프로세스",
]);

/** Whether `rest` (what follows a noun inside one Hangul run) is only a particle or ending. */
export function isNounTail(rest: string): boolean {
  return rest === "" || TAIL_SET.has(rest);
}

/**
 * Strips up to two trailing particles/endings from a Hangul token ("데이터를" → "데이터",
 * "팀원들과" → "팀원"), keeping at least two syllables so short nouns survive.
 */
export function stem(token: string): string {
  let t = token;
  for (let pass = 0; pass < 2; pass++) {
    if (PROTECTED.has(t)) return t;
    const tail = NOUN_TAILS.find((s) => t.endsWith(s) && [...t].length - [...s].length >= 2);
    if (!tail) break;
    t = t.slice(0, t.length - tail.length);
  }
  return t;
}

/** A token with its position in the source text. */
export interface Token {
  /** Exact text as it appears in the source. */
  raw: string;
  /** Stemmed (Korean) or as-is (Latin) form used for counting. */
  term: string;
  index: number;
  latin: boolean;
}

const TOKEN_RE = /[A-Za-z][A-Za-z0-9+#.\-]*[A-Za-z0-9+#]|[A-Za-z]|[가-힣]+|\d+/g;

/** All word tokens in `text`, Korean ones stemmed. */
function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const raw = m[0];
    const latin = /^[A-Za-z]/.test(raw);
    out.push({ raw, term: latin ? raw : stem(raw), index: m.index, latin });
  }
  return out;
}

/**
 * Topic-bearing tokens: Korean stems of two or more syllables and Latin words of two or more
 * letters, without stopwords, numbers or verb forms.
 */
export function contentTokens(text: string): Token[] {
  return tokenize(text).filter((t) => {
    if (/^\d+$/.test(t.term)) return false;
    if (t.latin) return t.term.length >= 2 && !isStopword(t.term);
    if ([...t.term].length < 2 || isStopword(t.term)) return false;
    // Inflected verbs and adjectives ("좋았습니다", "해결했고") are not topics.
    return !/(?:니다|세요|어요|아요|해요|에요|예요|었고|았고|였고|었다|았다|였다|겠다|지만|면서|는데|했고|하다|된다|한다|있다|없다|였던|었던|았던|으며|려고|도록|으면|해야)$/
      .test(t.term);
  });
}

/** Content terms of `text`, lower-cased for Latin, in order of appearance (with repeats). */
export function contentTerms(text: string): string[] {
  return contentTokens(text).map((t) => (t.latin ? t.term.toLowerCase() : t.term));
}

/**
 * Splits text into sentences: at line breaks, after ., !, ? followed by space, and after a
 * polite ending followed by space (speech transcripts often lack punctuation). Each sentence is
 * an exact, trimmed substring of `text`, so it can be quoted as evidence.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const boundary =
    /(?<=[.!?。？！])\s+|(?<=(?:니다|어요|아요|에요|예요|해요|까요|세요))\s+(?=\S)|\n+/g;
  let start = 0;
  for (const m of text.matchAll(boundary)) {
    const piece = text.slice(start, m.index).trim();
    if (piece) out.push(piece);
    start = m.index + m[0].length;
  }
  const last = text.slice(start).trim();
  if (last) out.push(last);
  return out;
}

/**
 * About the first `max` characters of `text`, ending at a clause or word boundary: never inside
 * a word, so a long single word is kept whole. The result is an exact substring of `text` (no
 * ellipsis added), so it is safe to present as a quote.
 */
export function clip(text: string, max: number): string {
  const t = text.trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max + 1);
  // A comma closes a clause: prefer ending there when it keeps most of the text.
  const comma = Math.max(cut.lastIndexOf(", "), cut.lastIndexOf("; "));
  if (comma >= max * 0.6) return t.slice(0, comma);
  const space = cut.lastIndexOf(" ");
  if (space > 0) return t.slice(0, space).replace(/[\s,·]+$/, "");
  const next = t.search(/\s/);
  return next < 0 ? t : t.slice(0, next);
}

/**
 * An exact substring of `text` around `text.slice(at, at + length)`, widened to whole words
 * within the same sentence up to about `max` characters: used to quote the part of an answer
 * that mentions a number or a term.
 */
export function quoteAround(text: string, at: number, length: number, max = 40): string {
  // A full stop ends a sentence only before a space or the end: "0.3초" and "Node.js" stay whole.
  const stop = (i: number) =>
    text[i] === "\n" ||
    (/[.!?。]/.test(text[i]) && (i + 1 >= text.length || /\s/.test(text[i + 1])));
  let sentenceStart = at;
  while (sentenceStart > 0 && !stop(sentenceStart - 1)) sentenceStart--;
  let sentenceEnd = at + length;
  while (sentenceEnd < text.length && !stop(sentenceEnd)) sentenceEnd++;
  // Within the sentence, the clause that holds the term: a comma or a connective ending
  // ("…했고", "…하며", "…지만") closes a clause.
  const clauseEnd = /(?:[,;，]|(?:었|았|였|했|하|되|이)고|으며|하며|해서|어서|아서|는데|지만)$/;
  const words = [...text.slice(sentenceStart, sentenceEnd).matchAll(/\S+/g)].map((m) => ({
    start: sentenceStart + m.index,
    end: sentenceStart + m.index + m[0].length,
  }));
  let first = words.findIndex((w) => w.end > at);
  if (first < 0) return text.slice(at, at + length);
  let last = first;
  while (last + 1 < words.length && words[last].end < at + length) last++;
  const closesClause = (i: number) => clauseEnd.test(text.slice(words[i].start, words[i].end));
  // Grow a word at a time, context before first: Korean puts the object before the verb.
  for (let grew = true; grew;) {
    grew = false;
    if (first > 0 && !closesClause(first - 1) && words[last].end - words[first - 1].start <= max) {
      first--;
      grew = true;
    }
    if (
      last + 1 < words.length && !closesClause(last) &&
      words[last + 1].end - words[first].start <= max
    ) {
      last++;
      grew = true;
    }
  }
  return text.slice(words[first].start, words[last].end).replace(/[,·]+$/, "");
}

/** A comparison key: lower-cased, without whitespace or punctuation. */
export function normalizeKey(text: string): string {
  return text.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, "");
}

/** Characters without whitespace (how Korean cover-letter limits are often counted). */
export function charCountNoSpace(text: string): number {
  return [...text.replace(/\s+/g, "")].length;
}

/** A 32-bit FNV-1a hash, for deterministic choices among templates. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
