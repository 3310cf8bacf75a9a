/**
 * How the fake's transcription uses `keywords`: a span of the transcript that is a near-miss
 * spelling of a keyword (spacing, case, a Hangul rendering of an English term: "패스트 API",
 * "포스트그레스큐엘", "정 산") is written as the keyword. A keyword whose sound is not in the
 * transcript is never inserted — hints steer spelling, they do not invent words.
 */

/** Hangul renderings of English pieces of tech terms, longest first when applied. */
const LOANWORDS: [string, string][] = [
  ["쿠버네티스", "kubernetes"],
  ["타입스크립트", "typescript"],
  ["자바스크립트", "javascript"],
  ["포스트그레스", "postgres"],
  ["에이피아이", "api"],
  ["그래프큐엘", "graphql"],
  ["포스트그레", "postgre"],
  ["에스큐엘", "sql"],
  ["엔진엑스", "nginx"],
  ["파이썬", "python"],
  ["코틀린", "kotlin"],
  ["스프링", "spring"],
  ["패스트", "fast"],
  ["레디스", "redis"],
  ["카프카", "kafka"],
  ["리액트", "react"],
  ["몽고", "mongo"],
  ["도커", "docker"],
  ["장고", "django"],
  ["부트", "boot"],
  ["노드", "node"],
  ["자바", "java"],
  ["시퀄", "sql"],
  ["큐엘", "ql"],
  ["디비", "db"],
  ["마이", "my"],
];

/** Particles and punctuation that may follow a term and stay where they are. */
const TAIL = /(으로|에서|에게|까지|부터|처럼|로|을|를|은|는|이|가|과|와|의|에|도|만)?[.,!?'"”’)]*$/;

const key = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}+#]/gu, "");

function transliterate(s: string): string {
  let out = s;
  for (const [ko, en] of LOANWORDS) out = out.replaceAll(ko, en);
  return out;
}

/** The transcript with near-miss spellings of `keywords` replaced by the keywords. */
export function applyKeywords(text: string, keywords: readonly string[]): string {
  const wanted = new Map<string, string>();
  for (const k of keywords) if (key(k)) wanted.set(key(k), k);
  if (!wanted.size) return text;
  const words = [...text.matchAll(/\S+/g)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
  let out = "";
  let at = 0;
  for (let i = 0; i < words.length;) {
    let matched = 0;
    for (let n = Math.min(3, words.length - i); n >= 1 && !matched; n--) {
      const span = text.slice(words[i].start, words[i + n - 1].end);
      const tail = span.match(TAIL)![0];
      const body = span.slice(0, span.length - tail.length);
      const keyword = body && wanted.get(key(transliterate(body)));
      if (keyword) {
        out += text.slice(at, words[i].start) + keyword + tail;
        at = words[i + n - 1].end;
        matched = n;
      }
    }
    i += matched || 1;
  }
  return out + text.slice(at);
}
