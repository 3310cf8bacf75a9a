/**
 * What a sentence shows, read the way an interviewer reads it: numbers that measure an outcome,
 * the part of a situation-task-action-result story it tells, promises to learn (which are not
 * evidence of a skill) and stock phrases that say nothing. Every judgement is made on the
 * sentence that holds the words, so a number in the situation never passes for a result.
 */
import { splitSentences } from "../korean.ts";
import { findSkillHits, mentions } from "../skills.ts";

/**
 * A number with a unit that shows an outcome or a scale: 40%, 3배, 120명, 500건, 2억 원, 1위,
 * 70 minutes, $48. Years and months are left out: "3년간 근무" is tenure, not an achievement;
 * weeks and days ("2주 앞당겼다") usually are outcomes.
 */
const QUANT_RE =
  /(?<![\d.,])\d[\d,]*(?:\.\d+)?\s*(?:%p?|퍼센트|배|명|건|억\s*원?|천\s*만\s*원|만\s*원|원|만|천|위|회|개|곳|점|단계|가지|ms|초|분|시간|주|일|TPS|QPS|RPS|MAU|DAU|GB|TB|달러|(?:minutes?|mins?|hours?|seconds?|days?|weeks?|requests|users|customers|orders|DAGs|times|x)\b)|\$\d[\d,.]*|(?:두|세|네|다섯|열)\s*배|절반|\b(?:half|twice|zero)\b/gi;

/** Matches of QUANT_RE in `text`. */
export function quantities(text: string): RegExpMatchArray[] {
  return [...text.matchAll(QUANT_RE)];
}

/** Words that report a change that happened: the mark of a result sentence. */
const OUTCOME_RE =
  /줄였|줄었|줄어들었|줄어들어|단축|감소|증가|늘었|늘어났|늘렸|올랐|올라|높였|높아졌|낮췄|낮아졌|절감|향상|개선(?:했|되|됐|됨)|달성|빨라|없앴|없어졌|사라졌|복구했|아꼈|떨어졌|결정했|유지했|유지하기로|채택|[이가]\s*되었|그\s*결과|결과적으로|이후\s*\d|뒤로|\b(?:reduced|cut|dropped|fell|rose|increased|improved|decreased|saved|grew|halved|doubled|went (?:up|down|back)|finished in|recovered|decided)\b/i;

/** A "from A to B" change: "4시간에서 1시간 50분으로", "8%에서 11%로", "from 900 ms to 120 ms". */
const CHANGE_RE =
  /\d[^.\n]{0,20}?에서\s*[^.\n]{0,20}?\d[^\s]*\s*(?:으로|로)|\bfrom\s+\S*\d\S*(?:\s+\S+)?\s+to\s+\S*\d/i;

const SITUATION_RE =
  /상황|당시|문제|어려움|이슈|장애|병목|위기|갈등|느려|느린|불만|걸려|걸리던|걸렸|지연|실패하|실패가|갈렸|갈려|달했|넘는|넘어|넘겨|머물|흩어져|잦았|밀리|멈췄|많았|투입|부족|낮은|있었습니다|\b(?:problem|issue|incident|outage|slow|missed|peaked|because|was taking)\b/i;

/** Words that say outright the sentence describes the starting point. */
const SCENE_RE =
  /상황이었|상황에서|당시|문제가\s*있|문제였|이슈가\s*있|장애가\s*(?:있|났)|\bwas (?:slow|failing|taking)\b/i;

const TASK_RE =
  /맡았|맡아|맡고|맡게|담당|역할|목표|책임|주도|\b(?:I owned|I was responsible|my role|I led|tasked|goal)\b/i;

const ACTION_RE =
  /(?:분석|설계|도입|구현|추가|개발|적용|정리|제안|자동화|교체|구성|구축|학습|배포|검증|계산|실험|진행|수정|튜닝|집계|양자화|기획|운영|격리|롤백|분류|정의|이관|전환|측정|설득|조율|통합|최적화|검수|대사)(?:을|를)?\s?(?:했|해|하여|하고|하며|하도록|하면서|한\s*뒤)|고쳤|고쳐|바꿨|바꿔|바꾸고|옮겼|옮기고|만들었|만들고|만들어|붙여|붙였|넣었|넣고|나눠|나눴|보냈|매겨|찾아|찾았|줄이고|합치고|합쳐|세웠|써서|늘렸|올렸|맞췄|막아|막았|없앴|가져갔|\b(?:I|we)\s+(?:\w+\s+){0,2}(?:added|built|moved|split|ran|designed|introduced|wrote|migrated|implemented|created|proposed|cut|owned|reduced|changed|replaced|set up|rewrote|automated|led|launched|found|look|looked|measured)\b/i;

/** Words that put the speaker in the story: the task part is theirs. */
const OWNER_RE = /제가|저는|제\s*역할|\bI\b/;

/** A promise or plan to learn, or a plain admission of no experience: not evidence of a skill. */
const COMMITMENT_RE =
  /(?:배우|익히|적응하|공부하|습득하|노력하|키우)겠|(?:공부|학습|습득)할\s*(?:예정|계획)|(?:배울|익힐)\s*(?:예정|계획|것)|(?:공부|학습)하고\s*있|아직\s*(?:\S+\s+){0,3}?\S*(?:못|않|없)|(?:경험|적)(?:은|이)\s*없|\b(?:will|plan to|going to|want to)\s+(?:\w+\s+)?(?:learn|study|pick up)|\bnot yet\b|\bhaven't\b|\bhave not\b|fast learner|learn it quickly|eager to learn/i;

/** Stock phrases that state an attitude instead of showing a fact. */
const VAGUE_RE =
  /열심히|최선을?\s*다|노력하|노력해|성실|책임감|항상|중요하다고|중요합니다|중요한\s*일|생각합니다|좋아합니다|좋아했|다양한\s*시도|여러\s*가지|괜찮았|자신\s*있|할\s*수\s*있습니다|관심이\s*많|\b(?:passionate|worked hard|always|I think|I believe|important|it depends|data-driven)\b/i;

export type StarPart = "상황" | "과제" | "행동" | "결과";
export const STAR_PARTS: readonly StarPart[] = ["상황", "과제", "행동", "결과"];

/** One sentence and what it shows. */
export interface SentenceReading {
  text: string;
  parts: Set<StarPart>;
  /** Numbers in the sentence; `outcome` when the sentence reports a change. */
  numbers: number;
  outcome: boolean;
  /** The clause that reports the outcome, an exact substring of `text`. */
  outcomeClause: string | null;
  commitment: boolean;
  vague: boolean;
}

/** Reads each sentence of `text`. */
export function readSentences(text: string): SentenceReading[] {
  return splitSentences(text).map((s) => {
    const commitment = COMMITMENT_RE.test(s);
    const numbers = quantities(s).length;
    // "…이탈이 늘어나는 상황이었습니다" sets the scene; a clause after it may still report the
    // result ("…문제가 있었고, 제가 … 1시간으로 단축했습니다").
    const clauses = s.split(CLAUSE_BREAK);
    const reports = (c: string) =>
      !(SCENE_RE.test(c) && !/결과/.test(c)) && (OUTCOME_RE.test(c) || CHANGE_RE.test(c));
    const outcomeClause = commitment ? null : clauses.find(reports) ?? null;
    const outcome = outcomeClause !== null;
    const parts = new Set<StarPart>();
    if (!commitment) {
      if (clauses.some((c) => SITUATION_RE.test(c) && !reports(c))) parts.add("상황");
      if (TASK_RE.test(s)) parts.add("과제");
      if (ACTION_RE.test(s)) parts.add("행동");
      if (outcome) parts.add("결과");
    }
    const vague = !numbers && !parts.has("행동") && !outcome && VAGUE_RE.test(s);
    return { text: s, parts, numbers, outcome, outcomeClause, commitment, vague };
  });
}

/** Where one clause of a sentence ends: a comma or a connective ending ("…했고", "…지만"). */
const CLAUSE_BREAK = /(?<=[,;]|(?:었|았|였|했|하|되|이)고|으며|하며|지만|는데)\s+/;

/**
 * The STAR parts a text holds. The task counts as told when the speaker owns an action
 * ("제가 … 도입했습니다"): a separate "my task was" sentence is rare in spoken answers.
 */
export function starParts(readings: SentenceReading[]): StarPart[] {
  const found = new Set<StarPart>();
  for (const r of readings) for (const p of r.parts) found.add(p);
  if (!found.has("과제") && readings.some((r) => r.parts.has("행동") && OWNER_RE.test(r.text))) {
    found.add("과제");
  }
  return STAR_PARTS.filter((p) => found.has(p));
}

/** The sentence that reports the outcome, preferring one with a number. */
export function resultSentence(readings: SentenceReading[]): SentenceReading | undefined {
  const results = readings.filter((r) => r.parts.has("결과"));
  return results.find((r) => r.numbers) ?? results[0];
}

/**
 * Whether `text` gives evidence of `term`: a sentence mentions it and is not a promise to
 * learn it ("FastAPI는 입사 후 적응하겠습니다" mentions FastAPI but shows no FastAPI work).
 */
export function evidences(text: string, term: string): boolean {
  return splitSentences(text).some((s) => !COMMITMENT_RE.test(s) && mentions(s, term));
}

/** Dictionary skills (no soft skills) named in sentences that are not promises to learn. */
export function evidencedSkills(readings: SentenceReading[]): string[] {
  const names = new Set<string>();
  for (const r of readings) {
    if (r.commitment) continue;
    for (const h of findSkillHits(r.text)) {
      if (h.skill.category !== "soft") names.add(h.skill.name);
    }
  }
  return [...names];
}

/** Whether a sentence is a promise to learn or an admission of no experience. */
export const isCommitment = (sentence: string) => COMMITMENT_RE.test(sentence);
