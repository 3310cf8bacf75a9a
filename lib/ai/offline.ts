/**
 * The offline AI provider: a deterministic, Korean-first heuristic engine used when no OpenAI
 * key is configured. It never touches the network. It analyses postings with a skill
 * dictionary and term frequencies, checks cover letters with measurable rules, plans interview
 * questions from templates filled with the posting, the letter and the previous answers, and
 * scores answers on length, specificity, structure, keyword coverage, relevance and delivery.
 * It has no speech: clients use browser speech synthesis and typed answers.
 */
import { AppError } from "../errors.ts";
import {
  type AiProvider,
  type InterviewContext,
  type InterviewFeedback,
  type PostingAnalysis,
  type Profile,
  type QA,
  type TurnFeedback,
  TURNS_PER_INTERVIEW,
} from "./types.ts";
import {
  charCountNoSpace,
  clip,
  contentTerms,
  contentTokens,
  hangulCount,
  hash,
  josa,
  normalizeKey,
  quoteAround,
  splitSentences,
} from "./korean.ts";
import { findSkillHits, findSkills, lookupSkill, mentions, type SkillCategory } from "./skills.ts";

/** Creates the offline provider. */
export function createOfflineProvider(): AiProvider {
  return {
    name: "offline",
    capabilities: { tts: false, stt: false },
    analyzePosting: (text, title) => Promise.resolve(analyzePosting(text, title ?? null)),
    coverLetterFeedback: (input) => Promise.resolve(coverLetterFeedback(input)),
    firstQuestion: (ctx) => Promise.resolve(firstQuestion(ctx)),
    nextQuestion: (ctx, history) => Promise.resolve(nextQuestion(ctx, history)),
    interviewFeedback: (ctx, turns) => Promise.resolve(interviewFeedback(ctx, turns)),
    speak: () =>
      Promise.reject(
        new AppError(
          "unsupported",
          "tts_unavailable",
          "The offline AI provider cannot synthesize speech; the browser reads the question aloud instead",
        ),
      ),
    transcribe: () =>
      Promise.reject(
        new AppError(
          "unsupported",
          "stt_unavailable",
          "The offline AI provider cannot transcribe speech; type the answer instead",
        ),
      ),
  };
}

// ---------------------------------------------------------------------------------------------
// Shared measures
// ---------------------------------------------------------------------------------------------

/**
 * A number with a unit that shows an outcome or a scale: 40%, 3배, 120명, 500건, 2억 원, 1위.
 * Years and months are left out: "3년간 근무" is tenure, not an achievement; weeks and days
 * ("2주 앞당겼다") usually are outcomes.
 */
const QUANT_RE =
  /(?<![\d.,])\d[\d,]*(?:\.\d+)?\s*(?:%|퍼센트|배|명|건|억\s*원?|천\s*만\s*원|만\s*원|원|만|천|위|회|개|곳|점|ms|초|분|시간|주|일|TPS|QPS|RPS|MAU|DAU|GB|TB|달러)|(?:두|세|네|다섯|열)\s*배|절반/gi;

/** Matches of QUANT_RE in `text`. */
function quantities(text: string): RegExpMatchArray[] {
  return [...text.matchAll(QUANT_RE)];
}

/** STAR cues: words that signal situation, task, action and result. */
const STAR: { label: string; re: RegExp }[] = [
  { label: "상황", re: /상황|당시|배경|문제|어려움|이슈|장애|위기|갈등|situation/i },
  { label: "과제", re: /과제|목표|역할|담당|맡|책임|미션|task|goal/i },
  {
    label: "행동",
    re: /해결|도입|설계|구현|제안|분석|시도|적용|주도|조율|설득|개발했|만들었|자동화|action/i,
  },
  {
    label: "결과",
    re: /결과|성과|달성|향상|감소|증가|절감|단축|개선|줄였|늘렸|높였|낮췄|배웠|배운|result/i,
  },
];

const starLabels = (text: string) => STAR.filter((s) => s.re.test(text)).map((s) => s.label);

const CLAIM_RE =
  /주도|개선|달성|성공|최초|1위|기여|해결|절감|향상|단축|증가|감소|수상|이끌|리드|구축/;

const unique = <T>(xs: T[]) => [...new Set(xs)];

/** Drops a leading "저는"/"그래서"-style word from a quote; what is left is still verbatim. */
const trimLeadIn = (quote: string) =>
  quote.replace(
    /^(?:저는|제가|저희는|그래서|그리고|(?:그\s+)?결과|결과적으로|네|음|어|사실|또한)\s+(?=\S)/,
    "",
  );

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** "A, B, C" with a particle fitted to the last item. */
function listWith(items: string[], particle: Parameters<typeof josa>[1]): string {
  return josa(items.join(", "), particle);
}

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
function byConcreteness(keywords: string[]): string[] {
  const rank = (k: string) => {
    const i = CATEGORY_RANK.indexOf(lookupSkill(k)?.category as SkillCategory);
    return i < 0 ? CATEGORY_RANK.length : i;
  };
  return keywords.map((k, i) => ({ k, i, r: rank(k) })).sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.k);
}

/** Posting keywords, concrete first; skills named in the cover letter when there is no posting. */
function techKeywords(ctx: InterviewContext): string[] {
  const keywords = ctx.posting?.analysis.keywords ?? [];
  return byConcreteness(keywords.length ? keywords : findSkills(ctx.coverLetter));
}

/** The position as a short noun phrase, from the posting title or its domain keyword. */
function roleName(ctx: InterviewContext): string | null {
  let title = (ctx.posting?.title ?? "").replace(/[[\]【】<>()]/g, " ").replace(/\s+/g, " ").trim();
  for (let prev = ""; prev !== title;) {
    prev = title;
    title = title.replace(/\s*(?:채용|모집|공고|채용공고|모집공고)$/, "").trim();
  }
  if (title) return title;
  const domain = ctx.posting?.analysis.keywords.find((k) => lookupSkill(k)?.category === "domain");
  return domain ? `${domain} 직무` : null;
}

const roleTopic = (role: string | null) =>
  !role ? "이 직무" : /(?:직무|포지션|분야|직군)$/.test(role) ? role : `${role} 포지션`;

/**
 * What `text` is about: dictionary skills, then the other content terms outside those mentions
 * ("REST API" once, not also "rest" and "api").
 */
function topicTerms(text: string): { skills: string[]; terms: string[] } {
  const hits = findSkillHits(text);
  const inHit = (i: number) => hits.some((h) => i >= h.index && i < h.index + h.text.length);
  const terms = contentTokens(text)
    .filter((t) => !inHit(t.index) && !lookupSkill(t.term))
    .map((t) => (t.latin ? t.term.toLowerCase() : t.term));
  return { skills: unique(hits.map((h) => h.skill.name)), terms: unique(terms) };
}

/** Whether `text` covers a requirement: one of its skills, or half of its content words. */
function requirementCovered(requirement: string, text: string): boolean {
  const { skills, terms } = topicTerms(requirement);
  if (skills.length) return skills.some((s) => mentions(text, s));
  // Nothing checkable ("3년 이상"): do not claim it is missing.
  if (!terms.length) return true;
  return terms.filter((t) => mentions(text, t)).length * 2 >= terms.length;
}

// ---------------------------------------------------------------------------------------------
// Posting analysis
// ---------------------------------------------------------------------------------------------

const MAX_KEYWORDS = 15;
const MAX_REQUIREMENTS = 12;

/** Extracts `{keywords, requirements}` from a posting. */
function analyzePosting(text: string, title: string | null): PostingAnalysis {
  const full = title ? `${title}\n${text}` : text;
  return { keywords: extractKeywords(full), requirements: extractRequirements(text) };
}

function extractKeywords(text: string): string[] {
  const hits = findSkillHits(text);
  const keywords = unique(hits.map((h) => h.skill.name)).slice(0, MAX_KEYWORDS);
  const inHit = (i: number) => hits.some((h) => i >= h.index && i < h.index + h.text.length);
  // In Korean text, a Latin word is almost always a product or technology name.
  const koreanText = hangulCount(text) * 5 > text.replace(/\s+/g, "").length;
  const counts = new Map<string, { term: string; count: number; first: number; latin: boolean }>();
  for (const t of contentTokens(text)) {
    if (inHit(t.index) || lookupSkill(t.term)) continue;
    const key = t.latin ? t.term.toLowerCase() : t.term;
    const c = counts.get(key);
    if (c) c.count++;
    else counts.set(key, { term: t.term, count: 1, first: t.index, latin: t.latin });
  }
  const ranked = [...counts.values()]
    .filter((c) => c.count >= 2 || (c.latin && koreanText && c.term.length >= 2))
    .sort((a, b) => b.count - a.count || a.first - b.first);
  for (const c of ranked) {
    if (keywords.length >= MAX_KEYWORDS) break;
    const key = normalizeKey(c.term);
    // "데이터" adds nothing next to "데이터 분석".
    if (keywords.some((k) => normalizeKey(k).includes(key) || key.includes(normalizeKey(k)))) {
      continue;
    }
    keywords.push(c.term);
  }
  return keywords;
}

type Section = "requirement" | "duty" | "skip" | "none";

const HEADERS: [RegExp, Section][] = [
  [
    /^(?:지원|필수|기본|최소)?(?:자격|요건|자격요건|자격조건|지원자격|필수요건|필수사항|필수조건|필수역량|요구사항|요구역량|필요역량|지원요건)(?:및우대사항)?$|^우대(?:사항|조건|요건|역량)?$|^이런분|^(?:minimum|basic|preferred)?(?:requirements?|qualifications?)$|^(?:preferred|nicetohave|musthave|bonuspoints?|whatwearelookingfor)$/i,
    "requirement",
  ],
  [
    /^(?:주요|담당)?(?:업무|업무내용|역할)(?:소개)?$|^하(?:시게)?될일|^하는일|^합류하면|^(?:key)?responsibilities$|^whatyou(?:ll|will)do$|^직무(?:내용|소개)$|^포지션(?:소개)?$/i,
    "duty",
  ],
  [
    /^(?:복리후생|혜택|복지|근무(?:조건|환경|형태|지|시간|장소|요일)|급여|연봉|처우|전형절차|채용절차|채용과정|채용프로세스|제출서류|접수|모집기간|문의|기타사항|회사소개|기업소개|팀소개|참고사항|유의사항|about|benefits?|perks|hiringprocess|process)/i,
    "skip",
  ],
];

function headerSection(label: string): Section | null {
  const key = normalizeKey(label);
  if (!key || key.length > 20) return null;
  return HEADERS.find(([re]) => re.test(key))?.[1] ?? null;
}

const BULLET_RE =
  /^\s*(?:[-–—•·∙*○●◦■□▪▫◆◇▶▷►▸✓✔☑✅※➢➤→>]+\s*|\d{1,2}[.)]\s+|\(\d{1,2}\)\s*|[①-⑳]\s*|[가-하][.)]\s+)/;

/** Phrases that mark a sentence as a requirement. */
const REQUIREMENT_RE =
  /\d[\d,]*\s*[가-힣A-Za-z]{0,3}\s*이상|(?:학사|석사|박사|대졸|초대졸|고졸|중급|고급|상급|수준)\s*이상|경험|경력|우대|필수|가능자|가능하신|능숙|자격|보유|소지|숙련|익숙|선호|학력|전공|졸업|역량|지식|이해(?:도)?(?:가|가\s*높|가\s*있|하고)|required|preferred|experience|proficien|familiar|knowledge|degree|\bmust\b|nice to have|\bplus\b/i;

function cleanRequirement(text: string): string {
  return clip(
    text.replace(BULLET_RE, "").replace(/\s+/g, " ").replace(/^[\s:：\-]+|[\s;,.。:：]+$/g, ""),
    150,
  );
}

// "·" is left out: inside a line it separates words ("Python · Django"), not items.
const INLINE_BULLET = /\s(?=[-•∙○●■□▪◆◇▶►※✓]\s)/;
const HEADER_AT_END =
  /^(.*\S)\s+(주요\s*업무|담당\s*업무|자격\s*요건|지원\s*자격|필수\s*(?:요건|사항)|우대\s*(?:사항|조건)|복리\s*후생|혜택|근무\s*조건|전형\s*절차|제출\s*서류)\s*[:：]?$/;

/**
 * Text extracted from a PDF often runs a whole list into one line ("자격요건 - SQL 능숙자 -
 * Python 가능자 우대사항 - …"): split such a line at its bullets and section headers.
 */
function unflatten(line: string): string[] {
  if (line.length < 60 || (line.match(new RegExp(INLINE_BULLET, "g")) ?? []).length < 2) {
    return [line];
  }
  return line.split(INLINE_BULLET).flatMap((part) => {
    const m = part.match(HEADER_AT_END);
    return m ? [m[1], m[2]] : [part];
  });
}

function extractRequirements(text: string): string[] {
  const found: { text: string; priority: number; order: number }[] = [];
  let section: Section = "none";
  for (const line of text.split(/\r?\n/).flatMap(unflatten)) {
    let content = line.trim();
    if (!content) continue;
    // "[자격요건]", "■ 우대사항", "자격 요건:" — alone, or followed by content on the same line.
    const labelled = content.match(
      /^[\s■□●○◆◇▶►#*\-[【<]*\s*([^:：\]】>]{2,24}?)\s*[\]】>]?\s*[:：\]】>]\s*(.*)$/,
    );
    if (labelled) {
      const s = headerSection(labelled[1]);
      if (s) {
        section = s;
        content = labelled[2].trim();
        if (!content) continue;
      }
    } else {
      const s = headerSection(content.replace(BULLET_RE, ""));
      if (s) {
        section = s;
        continue;
      }
    }
    if (section === "skip") continue;
    const bullet = BULLET_RE.test(content);
    // The posting's own title line ("회계팀 신입/경력 채용") is not a requirement.
    if (!bullet && section === "none" && /채용|모집|공고|hiring/i.test(content)) continue;
    const items = bullet ? [content] : splitSentences(content);
    for (const item of items) {
      const cleaned = cleanRequirement(item);
      if ([...cleaned].length < 4) continue;
      const phrase = REQUIREMENT_RE.test(cleaned);
      let priority: number;
      if (phrase || section === "requirement") priority = 0;
      else if (!bullet) continue;
      else priority = section === "duty" ? 1 : 2;
      found.push({ text: cleaned, priority, order: found.length });
    }
  }
  if (!found.length) {
    // No bullets or requirement phrases: sentences that name technologies still say what is asked.
    for (const sentence of splitSentences(text)) {
      if (findSkills(sentence).length) {
        found.push({ text: cleanRequirement(sentence), priority: 3, order: found.length });
      }
    }
  }
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.priority - b.priority || a.order - b.order)
    .filter((r) => {
      const key = normalizeKey(r.text);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_REQUIREMENTS)
    .map((r) => r.text);
}

// ---------------------------------------------------------------------------------------------
// Cover-letter feedback
// ---------------------------------------------------------------------------------------------

const CLICHES: [RegExp, string][] = [
  [/열심히/, "열심히"],
  [/최선을\s*다하/, "최선을 다하"],
  [/성실(?:함|하게|한|히|성)/, "성실"],
  [/책임감/, "책임감"],
  [/어릴\s*적부터|어렸을\s*때부터|어린\s*시절/, "어린 시절부터"],
  [/노력하겠습니다/, "노력하겠습니다"],
  [/귀사/, "귀사"],
  [/무엇이든\s*(?:하겠|할\s*수)/, "무엇이든 하겠습니다"],
];

const OPENING_RE = /지원|관심|동기|이유|매력|합류|입사/;
const CLOSING_RE = /입사|기여|포부|성장|되겠습니다|하겠습니다|함께|목표|이바지/;

/** Written feedback on a cover letter, as readable Korean sections. */
function coverLetterFeedback(input: {
  profile: Profile;
  posting: { title: string | null; analysis: PostingAnalysis } | null;
  content: string;
}): string {
  const text = input.content.trim();
  if (!text) {
    return [
      "■ 요약",
      "자기소개서 내용이 비어 있어 평가할 수 없습니다.",
      "",
      "■ 보완할 점",
      "- 지원 동기, 직무와 관련된 경험 한두 가지(상황·행동·결과), 입사 후 포부 순서로 700자 이상 작성해 보세요.",
    ].join("\n");
  }
  const good: string[] = [];
  const fix: string[] = [];
  const notes: string[] = [];
  const chars = [...text].length;
  const sentences = splitSentences(text);
  let paragraphs = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  if (paragraphs.length === 1) paragraphs = text.split(/\n/).map((p) => p.trim()).filter(Boolean);

  // Length
  const lengthNote = `공백 포함 ${chars.toLocaleString("en-US")}자(공백 제외 ${
    charCountNoSpace(text).toLocaleString("en-US")
  }자)`;
  if (chars < 500) {
    fix.push(
      `분량이 ${lengthNote}로 짧습니다. 보통 문항당 700~1,500자를 요구하니, 핵심 경험 하나를 상황·행동·결과 순서로 풀어 500자 이상으로 늘리세요.`,
    );
  } else if (chars > 3000) {
    fix.push(
      `분량이 ${lengthNote}로 깁니다. 1,000~2,000자 안팎이 읽기 좋으니, 직무와 관련이 적은 경험부터 줄이세요.`,
    );
  } else {
    good.push(`분량이 ${lengthNote}로 적절합니다.`);
  }

  // Posting keywords and requirements
  const keywords = input.posting?.analysis.keywords ?? [];
  const covered = keywords.filter((k) => mentions(text, k));
  const missing = keywords.filter((k) => !covered.includes(k));
  if (covered.length) {
    good.push(
      `공고 키워드 ${keywords.length}개 중 ${covered.length}개(${
        covered.slice(0, 6).join(", ")
      })를 자기소개서에 반영했습니다.`,
    );
  }
  if (missing.length) {
    fix.push(
      `공고 키워드 ${
        listWith(byConcreteness(missing).slice(0, 6), "이/가")
      } 자기소개서에 없습니다. 실제 경험이 있다면 어디에, 어떻게 썼는지 한 문장 이상 덧붙이세요.`,
    );
  }
  const requirements = input.posting?.analysis.requirements ?? [];
  const unmet = requirements.filter((r) => !requirementCovered(r, text));
  if (unmet.length) {
    fix.push(
      `자격 요건 ${
        unmet.slice(0, 2).map((r) => `'${clip(r, 50)}'`).join(", ")
      }에 대응하는 경험이 보이지 않습니다. 관련 경험이나 준비 과정을 구체적으로 적으세요.`,
    );
  } else if (requirements.length) {
    good.push(`공고의 자격 요건 ${requirements.length}개에 대응하는 내용이 모두 들어 있습니다.`);
  }

  // Quantified achievements
  const quants = quantities(text);
  if (quants.length) {
    const q = quants[0];
    good.push(
      `'${
        quoteAround(text, q.index!, q[0].length, 50)
      }'처럼 성과를 수치로 제시했습니다(수치 표현 ${quants.length}곳).`,
    );
  } else {
    fix.push(
      "성과를 보여 주는 수치(%, 건, 명, 배, 금액 등)가 없습니다. '응답 시간을 40% 줄였다', '월 300건을 처리했다'처럼 결과를 숫자로 표현하세요.",
    );
  }

  // Structure
  if (paragraphs.length >= 3) good.push(`${paragraphs.length}개 문단으로 나뉘어 흐름이 보입니다.`);
  else if (chars >= 600) {
    fix.push(
      `문단이 ${paragraphs.length}개뿐입니다. 지원 동기 – 경험(근거) – 입사 후 포부 순으로 3~5개 문단으로 나누세요.`,
    );
  }
  const opening = paragraphs[0] ?? "";
  if (OPENING_RE.test(opening)) good.push("첫 문단에서 지원 동기를 밝히고 있습니다.");
  else {
    fix.push(
      `첫 문장이 '${
        clip(sentences[0] ?? opening, 30)
      }'로 시작합니다. 첫 문단에서 지원 직무와 동기를 바로 밝히면 인상이 분명해집니다.`,
    );
  }
  if (paragraphs.length > 1 && CLOSING_RE.test(paragraphs.at(-1)!)) {
    good.push("마지막 문단에서 입사 후 포부로 마무리합니다.");
  } else {
    fix.push(
      "마지막 문단에 입사 후 이 직무에서 이루고 싶은 구체적인 목표나 기여 계획을 적어 마무리하세요.",
    );
  }
  const star = starLabels(text);
  if (star.length >= 3) good.push(`경험 서술에 ${star.join("·")} 요소가 드러납니다.`);
  else {
    const absent = STAR.map((s) => s.label).filter((l) => !star.includes(l));
    fix.push(
      `경험 서술에 ${
        absent.join("·")
      } 요소가 약합니다. 경험마다 상황 → 맡은 과제 → 본인의 행동 → 결과 순서로 쓰세요.`,
    );
  }
  const long = sentences.filter((s) => [...s].length > 120);
  if (long.length) {
    fix.push(
      `'${
        clip(long[0], 30)
      } …'처럼 120자가 넘는 문장이 ${long.length}개 있습니다. 한 문장에 한 가지 내용만 담으세요.`,
    );
  }

  // Repetition and filler
  const jeoneun = (text.match(/저는/g) ?? []).length;
  if (jeoneun >= 4) {
    fix.push(
      `'저는'이 ${jeoneun}번 나옵니다. 주어를 빼도 뜻이 통하는 문장이 많으니 절반 이하로 줄이세요.`,
    );
  }
  const starts = new Map<string, number>();
  for (const s of sentences) {
    const first = s.split(/\s+/)[0]?.replace(/[^\p{L}\p{N}]/gu, "");
    if (first) starts.set(first, (starts.get(first) ?? 0) + 1);
  }
  const repeatedStart =
    [...starts].filter(([w, n]) => n >= 3 && w !== "저는").sort((a, b) => b[1] - a[1])[0];
  if (repeatedStart) {
    fix.push(
      `${repeatedStart[1]}개 문장이 '${
        repeatedStart[0]
      }'로 시작합니다. 문장 첫머리를 다양하게 바꾸세요.`,
    );
  }
  const terms = contentTerms(text).filter((t) => !lookupSkill(t) && !mentionsAny(t, keywords));
  const termCounts = new Map<string, number>();
  for (const t of terms) termCounts.set(t, (termCounts.get(t) ?? 0) + 1);
  const threshold = Math.max(4, Math.ceil(terms.length * 0.03));
  const overused = [...termCounts].filter(([, n]) => n >= threshold).sort((a, b) => b[1] - a[1])
    .slice(0, 2);
  if (overused.length) {
    fix.push(
      `${
        overused.map(([w, n]) => `'${w}'(${n}회)`).join(", ")
      } 같은 단어가 반복됩니다. 구체적인 표현이나 다른 말로 바꾸세요.`,
    );
  }
  const cliches = CLICHES.filter(([re]) => re.test(text)).map(([, label]) => `'${label}'`);
  if (cliches.length) {
    fix.push(
      `${
        cliches.slice(0, 3).join(", ")
      } 같은 상투적 표현이 보입니다. 태도를 말하기보다 행동과 결과로 보여 주세요.`,
    );
  }

  // Profile use
  const career = input.profile.career_summary?.trim() ?? "";
  if (career) {
    const { skills, terms } = topicTerms(career);
    const careerTerms = [...skills, ...terms].slice(0, 8);
    const used = careerTerms.filter((t) => mentions(text, t));
    if (used.length) {
      good.push(`프로필 경력의 ${listWith(used.slice(0, 3), "을/를")} 자기소개서에 연결했습니다.`);
    } else {
      fix.push(
        `프로필에 적은 경력('${
          clip(career, 40)
        }')이 자기소개서에 드러나지 않습니다. 지원 직무와 이어지는 경력을 한 문단으로 소개하세요.`,
      );
    }
  }
  const certs = (input.profile.certifications ?? "").split(/[,\n;/·]+/).map((c) => c.trim())
    .filter(Boolean);
  if (certs.length) {
    const named = certs.filter((c) => mentions(text, c));
    const unnamed = certs.filter((c) => !named.includes(c));
    if (named.length) good.push(`자격증 ${listWith(named, "을/를")} 언급했습니다.`);
    if (unnamed.length) {
      fix.push(
        `프로필의 자격증 ${
          listWith(unnamed.slice(0, 3), "을/를")
        } 언급하지 않았습니다. 직무와 관련 있다면 어떤 역량을 증명하는지 한 줄 덧붙이세요.`,
      );
    }
  }
  if (!career && !certs.length) {
    notes.push("프로필에 경력 요약과 자격증을 입력하면 프로필 활용도까지 점검해 드립니다.");
  }
  if (!input.posting) notes.push("공고를 연결하면 공고 키워드와 자격 요건 반영 여부도 점검합니다.");

  // Summary
  const verdict = fix.length <= 2
    ? "전체적으로 탄탄합니다"
    : fix.length <= 5
    ? "기본은 갖췄지만 보완할 부분이 있습니다"
    : "여러 부분을 보완해야 합니다";
  const summary = [
    `${lengthNote}, ${paragraphs.length}개 문단, ${sentences.length}개 문장입니다.`,
    keywords.length ? `공고 키워드 ${keywords.length}개 중 ${covered.length}개를 다뤘고,` : "",
    `수치로 표현한 성과가 ${quants.length ? `${quants.length}곳 있습니다` : "없습니다"}.`,
    `${verdict}.`,
  ].filter(Boolean).join(" ");

  const out = ["■ 요약", summary, "", "■ 잘한 점"];
  out.push(
    ...(good.length
      ? good.map((g) => `- ${g}`)
      : ["- 아직 뚜렷한 강점이 드러나지 않습니다. 아래 보완할 점부터 반영해 보세요."]),
  );
  out.push("", "■ 보완할 점");
  out.push(...(fix.length ? fix.map((f) => `- ${f}`) : ["- 크게 보완할 점이 없습니다."]));
  if (keywords.length) {
    out.push("", "■ 공고 키워드 점검");
    out.push(`- 반영: ${covered.length ? covered.join(", ") : "없음"}`);
    out.push(`- 누락: ${missing.length ? missing.join(", ") : "없음"}`);
  }
  if (notes.length) out.push("", "■ 참고", ...notes.map((n) => `- ${n}`));
  return out.join("\n");
}

function mentionsAny(term: string, keywords: string[]): boolean {
  return keywords.some((k) => normalizeKey(k).includes(normalizeKey(term)));
}

// ---------------------------------------------------------------------------------------------
// Interview questions
// ---------------------------------------------------------------------------------------------

/**
 * A candidate question and the phrases that name its topic: once an earlier question contains
 * one of them, the topic counts as asked ("40%" is asked once, whether it came from an answer
 * or from the cover letter).
 */
interface Candidate {
  text: string;
  topics: string[];
}

const topicKey = (t: string) => t.toLowerCase().replace(/\s+/g, "");

/** The first question: a self-introduction tied to the posting. */
function firstQuestion(ctx: InterviewContext): string {
  const role = roleName(ctx);
  const kws = techKeywords(ctx).slice(0, 2);
  const kwPhrase = kws.length ? josa(kws.join("·"), "과/와") : "";
  if (hash(`${role}\n${ctx.coverLetter}`) % 2 === 0) {
    return `먼저 자기소개를 부탁드립니다. ${roleTopic(role)}에 지원하신 이유와, ${
      kwPhrase ? `${kwPhrase} 관련된` : "지금까지의"
    } 경험이 이 직무와 어떻게 이어지는지를 중심으로 1분 안에 말씀해 주세요.`;
  }
  return `${
    role ? `${role} ` : ""
  }면접을 시작하겠습니다. 간단한 자기소개와 함께, 지금까지의 경험 중 ${
    kwPhrase ? `${kwPhrase} 가장 관련이 깊은` : "이 직무와 가장 관련이 깊은"
  } 경험 하나를 골라 왜 이 포지션에 맞는 사람인지 말씀해 주세요.`;
}

/** A point in an answer worth following up: a number, a technology or a salient word. */
interface Focus {
  kind: "number" | "skill" | "term";
  term: string;
  quote: string;
}

function answerFoci(answer: string, ctx: InterviewContext): Focus[] {
  const out: Focus[] = [];
  for (const m of quantities(answer)) {
    out.push({
      kind: "number",
      term: m[0],
      quote: trimLeadIn(quoteAround(answer, m.index!, m[0].length, 36)),
    });
  }
  const keywords = new Set(techKeywords(ctx));
  const hits = findSkillHits(answer).filter((h) =>
    h.skill.category !== "soft" && h.skill.category !== "certification"
  );
  // Technologies the posting asks for are the better follow-up.
  hits.sort((a, b) =>
    Number(keywords.has(b.skill.name)) - Number(keywords.has(a.skill.name)) || a.index - b.index
  );
  const seenSkills = new Set<string>();
  for (const h of hits) {
    if (seenSkills.has(h.skill.name)) continue;
    seenSkills.add(h.skill.name);
    out.push({
      kind: "skill",
      term: h.skill.name,
      quote: trimLeadIn(quoteAround(answer, h.index, h.text.length, 30)),
    });
  }
  const counts = new Map<string, { count: number; index: number; raw: string }>();
  for (const t of contentTokens(answer)) {
    if (t.latin || lookupSkill(t.term)) continue;
    const c = counts.get(t.term);
    if (c) c.count++;
    else counts.set(t.term, { count: 1, index: t.index, raw: t.raw });
  }
  const salient = [...counts].sort((a, b) =>
    b[1].count - a[1].count || [...b[0]].length - [...a[0]].length || a[1].index - b[1].index
  ).slice(0, 3);
  for (const [term, c] of salient) {
    out.push({
      kind: "term",
      term,
      quote: trimLeadIn(quoteAround(answer, c.index, c.raw.length, 30)),
    });
  }
  return out;
}

const isShort = (answer: string) => charCountNoSpace(answer) < 40;

function followUps(ctx: InterviewContext, prev: QA): Candidate[] {
  const answer = prev.answer.trim();
  if (!answer) {
    return [
      "앞선 질문에 대한 답변을 듣지 못했습니다. 같은 주제에서, 가장 자신 있게 말할 수 있는 경험 하나를 상황, 본인의 행동, 결과 순서로 말씀해 주세요.",
      "최근 1~2년 사이에 가장 자신 있게 말할 수 있는 성과 하나를, 가능하다면 수치와 함께 말씀해 주세요.",
    ].map((text) => ({ text, topics: [text] }));
  }
  if (isShort(answer)) {
    const quote = clip(answer, 30);
    return [{
      text:
        `답변이 조금 짧았습니다. '${quote}'라고 하셨는데, 실제로 겪은 사례 하나를 들어 상황, 본인의 행동, 결과 순서로 다시 말씀해 주시겠어요?`,
      topics: [`'${quote}'`],
    }];
  }
  return answerFoci(answer, ctx).map((f): Candidate => {
    switch (f.kind) {
      case "number":
        return {
          text:
            `방금 '${f.quote}'라고 하셨습니다. 그 수치는 어떻게 측정했고, 그 결과를 얻기 위해 본인이 직접 한 일은 무엇이었는지 구체적으로 말씀해 주세요.`,
          topics: [f.quote, f.term],
        };
      case "skill":
        return {
          text: `'${f.quote}'라고 말씀하셨는데요, ${
            josa(f.term, "을/를")
          } 선택한 이유는 무엇이었고, 적용하면서 부딪힌 가장 어려운 문제와 해결 과정을 설명해 주시겠어요?`,
          topics: [`${josa(f.term, "을/를")} 선택한 이유`],
        };
      default:
        return {
          text:
            `'${f.quote}'라는 부분을 조금 더 듣고 싶습니다. 그때 본인이 맡은 역할과 구체적인 행동, 그리고 결과를 순서대로 말씀해 주세요.`,
          topics: [`'${f.quote}'`],
        };
    }
  });
}

/** Quotes of cover-letter sentences with numbers or strong claims, strongest first. */
function letterClaims(letter: string): { quote: string; quantity?: string }[] {
  const scored: { quote: string; quantity?: string; score: number; order: number }[] = [];
  let from = 0;
  for (const sentence of splitSentences(letter)) {
    const at = letter.indexOf(sentence, from);
    from = at + sentence.length;
    const q = quantities(sentence)[0];
    const claim = CLAIM_RE.test(sentence);
    if (!q && !claim) continue;
    const quote = trimLeadIn(
      q ? quoteAround(letter, at + q.index!, q[0].length, 50) : clip(sentence, 50),
    );
    scored.push({
      quote,
      quantity: q?.[0],
      score: (q ? 2 : 0) + (claim ? 1 : 0),
      order: scored.length,
    });
  }
  return scored.sort((a, b) => b.score - a.score || a.order - b.order);
}

function claimQuestions(ctx: InterviewContext): Candidate[] {
  return letterClaims(ctx.coverLetter).map(({ quote, quantity }) => ({
    text:
      `자기소개서에 '${quote}'라고 쓰셨습니다. 당시 어떤 상황이었고 본인의 역할은 무엇이었는지, 그리고 그 성과를 무엇으로 확인했는지 말씀해 주세요.`,
    topics: quantity ? [quote, quantity] : [quote],
  }));
}

function requirementQuestions(ctx: InterviewContext, history: QA[]): Candidate[] {
  const answers = history.map((h) => h.answer).join("\n");
  const out: Candidate[] = [];
  for (const r of ctx.posting?.analysis.requirements ?? []) {
    if (requirementCovered(r, answers)) continue;
    const quote = clip(r, 50);
    const text = /우대|preferred|plus/i.test(r)
      ? `우대 사항인 '${quote}'에 해당하는 경험이 있으신가요? 있다면 구체적인 사례를, 없다면 입사 후 어떻게 채워 갈지 말씀해 주세요.`
      : `공고의 '${quote}' 요건과 관련해 실제로 해 본 경험을 말씀해 주세요. 어떤 문제를 어떻게 해결했는지가 궁금합니다.`;
    out.push({ text, topics: [quote] });
  }
  for (const k of techKeywords(ctx)) {
    if (mentions(answers, k)) continue;
    const source = ctx.posting
      ? `공고에 ${josa(k, "이/가")} 핵심 역량으로 나와 있습니다.`
      : `자기소개서에서 ${josa(k, "을/를")} 언급하셨습니다.`;
    out.push({
      text: `${source} ${
        josa(k, "을/를")
      } 실무나 프로젝트에서 어떻게 활용했는지 구체적인 사례로 설명해 주세요.`,
      topics: [`${josa(k, "을/를")} 실무나 프로젝트에서`],
    });
  }
  return out;
}

const GENERAL_QUESTIONS: Candidate[] = [
  "팀 안에서 의견이 크게 엇갈렸던 경험이 있나요? 그때 어떻게 합의를 이끌어 냈는지 말씀해 주세요.",
  "가장 크게 실패했던 경험은 무엇이고, 그 뒤로 일하는 방식에서 무엇을 바꾸셨나요?",
  "짧은 기간에 새로운 기술이나 업무를 익혀야 했던 경험을 말씀해 주세요. 어떻게 공부하고 적용했나요?",
  "여러 일이 한꺼번에 몰렸을 때 우선순위를 어떻게 정하시나요? 실제 사례로 말씀해 주세요.",
].map((text) => ({ text, topics: [text] }));

function closingQuestions(ctx: InterviewContext, history: QA[]): Candidate[] {
  const answers = history.map((h) => h.answer).join("\n");
  const keywords = techKeywords(ctx);
  const kw = keywords.find((k) => !mentions(answers, k)) ?? keywords[0];
  const role = roleName(ctx);
  return [
    {
      text: `마지막 질문입니다. ${
        roleTopic(role)
      }에 지원한 동기와 함께, 입사 후 1년 안에 이루고 싶은 목표를 구체적으로 말씀해 주세요.${
        kw ? ` 특히 ${kw} 역량은 어떻게 키워 갈 계획인지도 듣고 싶습니다.` : ""
      }`,
      topics: ["입사 후 1년 안에"],
    },
    {
      text:
        "마지막 질문입니다. 오늘 답변에서 충분히 보여 드리지 못한 본인의 강점이 있다면 말씀해 주시고, 입사 후 포부로 마무리해 주세요.",
      topics: ["충분히 보여 드리지 못한 본인의 강점"],
    },
  ];
}

const SHORT_BRIDGE = "방금 답변은 조금 짧았습니다. 이번 질문에는 실제 사례를 들어 답해 주세요. ";

/** The opening that acknowledges the previous answer; not part of what the question asks. */
const BRIDGE_RE =
  /^(?:'[^']*' 부분 잘 들었습니다\.|답변 잘 들었습니다\.|방금 답변은 조금 짧았습니다\. 이번 질문에는 실제 사례를 들어 답해 주세요\.)\s*/;

function bridge(ctx: InterviewContext, prev: QA | undefined): string {
  const answer = prev?.answer.trim() ?? "";
  if (!answer) return "";
  if (isShort(answer)) return SHORT_BRIDGE;
  const focus = answerFoci(answer, ctx)[0];
  return focus ? `'${focus.quote}' 부분 잘 들었습니다. ` : "답변 잘 들었습니다. ";
}

/**
 * The question for turn `history.length + 1`. Turn 2 follows up on the first answer; turn 3
 * probes a claim from the cover letter; turn 4 covers a requirement the answers have not
 * touched; the last turn asks for motivation and plans. Later turns open by quoting the previous
 * answer. A topic already asked is never asked again.
 */
function nextQuestion(ctx: InterviewContext, history: QA[]): string {
  const turn = history.length + 1;
  if (turn === 1) return firstQuestion(ctx);
  const asked = history.map((h) => topicKey(h.question));
  const fresh = (c: Candidate) => !c.topics.some((t) => asked.some((q) => q.includes(topicKey(t))));
  const prev = history.at(-1);
  const follow = prev ? followUps(ctx, prev) : [];
  const claims = claimQuestions(ctx);
  const reqs = requirementQuestions(ctx, history);
  const general = rotate(GENERAL_QUESTIONS, hash(ctx.coverLetter));
  const plan = turn >= TURNS_PER_INTERVIEW
    ? [...closingQuestions(ctx, history), ...general]
    : turn === 2
    ? [...follow, ...claims, ...reqs, ...general]
    : turn === 3
    ? [...claims, ...reqs, ...follow, ...general]
    : [...reqs, ...claims, ...follow, ...general];
  const chosen = plan.find(fresh);
  const body = chosen?.text ??
    `${turn}번째 질문입니다. 아직 말씀하지 않은 경험 중 이 직무와 가장 관련 있는 것을 하나 소개해 주세요.`;
  // The turn-2 follow-up already quotes the answer; other turns open with a short bridge.
  return chosen && follow.includes(chosen) ? body : bridge(ctx, prev) + body;
}

function rotate<T>(xs: T[], by: number): T[] {
  const k = by % xs.length;
  return [...xs.slice(k), ...xs.slice(0, k)];
}

// ---------------------------------------------------------------------------------------------
// Interview feedback
// ---------------------------------------------------------------------------------------------

const VERDICTS = [
  "",
  "답변을 다시 준비해야 합니다.",
  "근거가 부족한 답변입니다.",
  "무난하지만 보완할 여지가 있습니다.",
  "좋은 답변입니다.",
  "매우 좋은 답변입니다.",
];

const OVERALL_VERDICTS = [
  "",
  "전반적으로 답변을 다시 준비해야 합니다.",
  "전반적으로 근거와 구체성이 부족했습니다.",
  "기본은 갖췄지만 답변마다 편차가 있습니다.",
  "전반적으로 좋은 면접이었습니다.",
  "전반적으로 매우 좋은 면접이었습니다.",
];

/** Words our own question templates use; sharing them says nothing about relevance. */
const TEMPLATE_WORDS = new Set([
  "공고",
  "요건",
  "실제",
  "실제로",
  "궁금",
  "문제",
  "해결",
  "순서",
  "역할",
  "행동",
  "결과",
  "성과",
  "상황",
  "목표",
  "계획",
  "이유",
  "과정",
  "방금",
  "질문",
  "답변",
  "자기소개",
  "자기소개서",
  "지원한",
  "지원하신",
  "소개",
  "입사",
  "확인",
  "측정",
  "수치",
  "결과를",
  "직접",
  "조금",
  "우대",
  "핵심",
  "선택한",
  "적용",
  "어려운",
  "합니다",
]);

/** Topical terms of a question: without the bridge, the role name and template words. */
function questionTerms(ctx: InterviewContext, question: string): string[] {
  const core = question.replace(BRIDGE_RE, "");
  const role = topicKey(roleName(ctx) ?? "");
  const { skills, terms } = topicTerms(core);
  return [...skills, ...terms].filter((t) => !TEMPLATE_WORDS.has(t) && !role.includes(topicKey(t)));
}

/** Feedback on one answer. */
function turnFeedback(ctx: InterviewContext, qa: QA): TurnFeedback {
  const answer = qa.answer.trim();
  const n = charCountNoSpace(answer);
  if (n < 10) {
    return {
      turn_number: qa.turn_number,
      feedback: answer
        ? `답변이 '${answer}'뿐이라 평가할 근거가 부족합니다. 질문에 맞는 경험 하나를 골라 상황·행동·결과 순서로 30초 이상 답해 보세요.`
        : "답변이 없습니다. 떠오르지 않는 질문이라도 관련된 경험이나 생각을 짧게라도 말하는 것이 침묵보다 낫습니다.",
      score: 1,
      strengths: [],
      improvements: [
        "질문에 맞는 경험 하나를 골라 상황·행동·결과 순서로 30초 이상 답하세요.",
        "결론을 첫 문장에서 먼저 말하고, 근거가 되는 사례와 수치를 덧붙이세요.",
      ],
      evidence: answer ? [answer] : [],
    };
  }
  const strengths: string[] = [];
  const improvements: string[] = [];
  const evidence: string[] = [];
  let points = 0;

  if (n < 40) {
    improvements.push(
      `답변이 ${n}자로 매우 짧습니다. 결론 한 문장에 그치지 말고 근거가 되는 경험을 덧붙이세요.`,
    );
  } else if (n < 120) {
    points += 1;
    improvements.push(`답변이 ${n}자로 다소 짧습니다. 구체적인 사례 하나를 더 들어 주세요.`);
  } else if (n <= 700) {
    points += 2;
    strengths.push(`답변 분량(공백 제외 ${n}자)이 충분합니다.`);
  } else {
    points += 1.5;
    improvements.push(`답변이 ${n}자로 깁니다. 핵심 결론을 먼저 말하고 1분 안에 마무리하세요.`);
  }

  const quants = quantities(answer);
  if (quants.length) {
    points += 1;
    const quote = quoteAround(answer, quants[0].index!, quants[0][0].length, 50);
    strengths.push(`'${quote}'처럼 결과를 수치로 보여 주었습니다.`);
    evidence.push(quote);
  } else {
    improvements.push(
      "결과를 보여 주는 수치(비율, 건수, 기간 단축, 금액 등)를 넣으면 설득력이 커집니다.",
    );
  }

  const star = starLabels(answer);
  const absent = STAR.map((s) => s.label).filter((l) => !star.includes(l));
  if (star.length >= 3) {
    points += 1.5;
    strengths.push(`${star.join("·")} 흐름이 드러나는 구조적인 답변입니다.`);
    const result = splitSentences(answer).find((s) => STAR[3].re.test(s));
    if (result) evidence.push(clip(result, 60));
  } else if (star.length) {
    points += star.length === 2 ? 1 : 0.5;
    improvements.push(
      `${absent.join("·")} 요소가 빠져 있습니다. 상황 → 과제 → 행동 → 결과 순서로 말해 보세요.`,
    );
  } else {
    improvements.push("경험을 상황 → 과제 → 행동 → 결과 순서로 구조화해 말해 보세요.");
  }

  const keywords = ctx.posting?.analysis.keywords ?? [];
  const used = keywords.filter((k) => mentions(answer, k));
  if (used.length) {
    points += used.length >= 2 ? 1 : 0.5;
    strengths.push(`공고 키워드 ${listWith(used.slice(0, 4), "을/를")} 답변에 녹였습니다.`);
    const hit = findSkillHits(answer).find((h) => used.includes(h.skill.name));
    if (hit) evidence.push(quoteAround(answer, hit.index, hit.text.length, 40));
  }

  const topical = questionTerms(ctx, qa.question);
  const shared = topical.filter((t) => mentions(answer, t));
  if (topical.length && !shared.length) {
    points -= 0.5;
    improvements.push(
      `질문의 핵심(${
        topical.slice(0, 2).map((t) => `'${t}'`).join(", ")
      })에 직접 답하지 않았습니다. 첫 문장에서 질문에 대한 답을 먼저 말하세요.`,
    );
  } else if (shared.length) {
    points += 0.5;
  }

  const m = qa.metrics;
  if (m?.syllables_per_minute != null) {
    const spm = Math.round(m.syllables_per_minute);
    if (spm >= 250 && spm <= 350) {
      strengths.push(`말하기 속도(분당 ${spm}음절)가 듣기 편한 범위입니다.`);
    } else if (spm < 250) {
      if (spm < 200) points -= 0.5;
      improvements.push(
        `말하기 속도가 분당 ${spm}음절로 느린 편입니다(편안한 범위 250~350). 문장 사이 공백을 줄여 보세요.`,
      );
    } else {
      if (spm > 400) points -= 0.5;
      improvements.push(
        `말하기 속도가 분당 ${spm}음절로 빠른 편입니다(편안한 범위 250~350). 핵심 문장 뒤에 잠깐 쉬어 가세요.`,
      );
    }
  }
  if (m?.fillers_per_minute != null) {
    const fpm = Math.round(m.fillers_per_minute * 10) / 10;
    if (fpm > 6) {
      points -= 0.5;
      const top = Object.entries(m.fillers).sort((a, b) => b[1] - a[1]).slice(0, 3)
        .map(([w]) => `'${w}'`);
      improvements.push(
        `${
          top.length ? `${top.join(", ")} 같은 ` : ""
        }군말이 분당 ${fpm}회로 많습니다. 말을 고를 때는 군말 대신 잠깐 멈추세요.`,
      );
    } else if (fpm <= 2) {
      strengths.push("군말이 거의 없어 전달이 깔끔합니다.");
    }
  }

  let score = clamp(Math.round(1 + points * 0.7), 1, 5);
  if (n < 40) score = Math.min(score, 2);
  if (!evidence.length) evidence.push(clip(splitSentences(answer)[0] ?? answer, 60));
  const feedback = [
    VERDICTS[score],
    ...strengths.slice(0, 2),
    improvements.length ? `보완할 점: ${improvements[0]}` : "",
  ].filter(Boolean).join(" ");
  return {
    turn_number: qa.turn_number,
    feedback,
    score,
    strengths,
    improvements,
    evidence: unique(evidence).slice(0, 3),
  };
}

/** Feedback on every answer and on the interview as a whole. */
function interviewFeedback(ctx: InterviewContext, qas: QA[]): InterviewFeedback {
  const turns = qas.map((qa) => turnFeedback(ctx, qa));
  if (!turns.length) {
    return {
      summary: "평가할 답변이 없습니다. 면접을 다시 진행해 주세요.",
      score: 1,
      strengths: [],
      improvements: ["질문마다 경험 하나를 상황·행동·결과 순서로 답해 보세요."],
      turns,
    };
  }
  const mean = turns.reduce((sum, t) => sum + t.score, 0) / turns.length;
  const score = clamp(Math.round(mean), 1, 5);
  const best = turns.reduce((a, b) => (b.score > a.score ? b : a));
  const worst = turns.reduce((a, b) => (b.score < a.score ? b : a));
  const strengths: string[] = [];
  const improvements: string[] = [];

  if (best.strengths.length) {
    strengths.push(
      `${best.turn_number}번 답변(${best.score}점)이 가장 좋았습니다: ${best.strengths[0]}`,
    );
  }
  const withNumbers = qas.filter((qa) => quantities(qa.answer).length).length;
  if (withNumbers >= 2) strengths.push(`${withNumbers}개 답변에서 수치로 결과를 제시했습니다.`);
  const allAnswers = qas.map((qa) => qa.answer).join("\n");
  const keywords = ctx.posting?.analysis.keywords ?? [];
  const usedKeywords = keywords.filter((k) => mentions(allAnswers, k));
  if (usedKeywords.length) {
    strengths.push(
      `공고 키워드 ${listWith(usedKeywords.slice(0, 5), "을/를")} 답변에서 언급했습니다.`,
    );
  }
  const spms = qas.map((qa) => qa.metrics?.syllables_per_minute).filter((v): v is number =>
    v != null
  );
  const avgSpm = spms.length ? Math.round(spms.reduce((a, b) => a + b, 0) / spms.length) : null;
  if (avgSpm != null && avgSpm >= 250 && avgSpm <= 350) {
    strengths.push(`평균 말하기 속도(분당 ${avgSpm}음절)가 안정적입니다.`);
  }

  if (worst.score < best.score && worst.improvements.length) {
    improvements.push(
      `${worst.turn_number}번 답변(${worst.score}점)을 가장 먼저 보완하세요: ${
        worst.improvements[0]
      }`,
    );
  }
  const missing = keywords.filter((k) => !usedKeywords.includes(k));
  if (keywords.length && missing.length) {
    improvements.push(
      `공고 키워드 ${
        listWith(byConcreteness(missing).slice(0, 4), "이/가")
      } 답변에서 한 번도 나오지 않았습니다.`,
    );
  }
  const shortCount = qas.filter((qa) => charCountNoSpace(qa.answer) < 120).length;
  if (shortCount >= 2) {
    improvements.push(
      `${shortCount}개 답변이 짧았습니다. 답변마다 구체적인 사례를 하나씩 준비하세요.`,
    );
  }
  if (withNumbers < Math.ceil(qas.length / 2)) {
    improvements.push(
      `수치를 쓴 답변이 ${withNumbers}개뿐입니다. 성과를 비율, 건수, 기간 같은 숫자로 말하는 연습을 하세요.`,
    );
  }
  if (avgSpm != null && (avgSpm < 250 || avgSpm > 350)) {
    improvements.push(
      `평균 말하기 속도가 분당 ${avgSpm}음절로 ${
        avgSpm < 250 ? "느린" : "빠른"
      } 편입니다(편안한 범위 250~350).`,
    );
  }
  const fpms = qas.map((qa) => qa.metrics?.fillers_per_minute).filter((v): v is number =>
    v != null
  );
  if (fpms.length && fpms.reduce((a, b) => a + b, 0) / fpms.length > 6) {
    improvements.push("군말('음', '어' 등)이 잦습니다. 말을 고를 때는 군말 대신 잠깐 멈추세요.");
  }
  if (!strengths.length) {
    strengths.push("끝까지 면접을 완주했습니다. 답변마다 사례와 수치를 더해 보세요.");
  }

  const summary = [
    `${turns.length}개 답변의 평균 점수는 ${mean.toFixed(1)}점(5점 만점)입니다.`,
    OVERALL_VERDICTS[score],
    best !== worst
      ? `가장 좋은 답변은 ${best.turn_number}번, 가장 보완이 필요한 답변은 ${worst.turn_number}번입니다.`
      : "",
    improvements[0] ? `우선 과제: ${improvements[0]}` : "",
  ].filter(Boolean).join(" ");
  return { summary, score, strengths, improvements, turns };
}
