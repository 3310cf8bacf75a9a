/**
 * Reads a job posting the way a candidate does: finds its sections (duties, requirements,
 * preferred qualifications, hiring process, everything else) from their headers in Korean and
 * English, classifies each line, and returns the skills and requirements the interview is
 * built on. Requirements are the required lines, then the duties; preferred items are kept apart
 * and the hiring process never counts. Lines outside any known section are judged by their own
 * wording ("…우대", "…필수", "3년 이상").
 */
import type { PostingAnalysis } from "../types.ts";
import { clip, contentTokens, hangulCount, normalizeKey, splitSentences } from "../korean.ts";
import { findSkillHits, findSkills, lookupSkill } from "../skills.ts";

/** What a line of a posting is. */
export type PostingSection = "duty" | "required" | "preferred" | "process" | "other";
/** A header may also open a section that mixes required and preferred lines. */
type HeaderKind = PostingSection | "mixed" | "unknown";

/** Headers by normalized text (lower case, no spaces or punctuation). */
const HEADERS: [RegExp, HeaderKind][] = [
  [
    /^(?:자격요건|자격조건|지원자격|필수(?:요건|사항|조건|역량))(?:및|과|&)?우대(?:사항|조건|요건)?$/,
    "mixed",
  ],
  [
    /^(?:지원|필수|기본|최소)?(?:자격|요건|자격요건|자격조건|지원자격|지원요건|필수요건|필수사항|필수조건|필수역량|요구사항|요구역량|필요역량)$|^이런분을?(?:찾|모|원)|^이런분과|^(?:minimum|basic|required)?(?:requirements?|qualifications?)$|^(?:musthave|whatwearelookingfor|whoyouare|aboutyou|youhave|whatyoubring|whatyouneed)$/,
    "required",
  ],
  [
    /^우대(?:사항|조건|요건|역량)?$|^이런분이(?:면|라면)|^이런경험이있(?:다면|으면)|^(?:preferred|preferredqualifications|nicetohave|nicetohaves|bonuspoints?|bonus|plus|pluses|extracredit)$/,
    "preferred",
  ],
  [
    /^(?:주요|담당)?(?:업무|업무내용|역할)(?:소개)?$|^하(?:시게)?될일|^하는일|^이런일을|^합류하면|^(?:key)?responsibilities$|^(?:key)?duties$|^whatyou(?:ll|will)do$|^theroles?$|^직무(?:내용|소개)$|^포지션(?:소개)?$/,
    "duty",
  ],
  [
    /^(?:전형|채용|면접|선발)(?:절차|과정|프로세스|방법|일정)$|^전형$|^(?:hiring|interview|recruitment|application|selection)?process$|^howtoapply$/,
    "process",
  ],
  [
    /^(?:복리후생|혜택|복지|근무(?:조건|환경|형태|지|시간|장소|요일)|급여|연봉|처우|제출서류|접수|접수방법|지원방법|모집기간|모집부문|문의|기타사항|회사소개|기업소개|팀소개|참고사항|유의사항|about|aboutus|benefits?|perks|compensation|location)/,
    "other",
  ],
  [/^(?:모집요강|상세요강|채용상세|공고내용|jobdescription|overview)$/, "unknown"],
];

function headerKind(label: string): HeaderKind | null {
  const key = normalizeKey(label);
  if (!key || key.length > 24) return null;
  return HEADERS.find(([re]) => re.test(key))?.[1] ?? null;
}

const BULLET_RE =
  /^\s*(?:[-–—•·∙*○●◦■□▪▫◆◇▶▷►▸✓✔☑✅※➢➤→>]+\s*|\d{1,2}[.)]\s+|\(\d{1,2}\)\s*|[①-⑳]\s*|[가-하][.)]\s+)/;

/** Phrases that mark a line as a requirement when no header says so. */
const REQUIREMENT_RE =
  /\d[\d,]*\s*[가-힣A-Za-z]{0,3}\s*이상|\d\+\s*years|(?:학사|석사|박사|대졸|초대졸|고졸|중급|고급|상급|수준)\s*이상|경험|경력|필수|가능자|가능하신|능숙|자격|보유|소지|숙련|익숙|학력|전공|졸업|역량|지식|면허|이해(?:도)?(?:가|가\s*높|가\s*있|하고)|required|experience|proficien|familiar|knowledge|degree|\bmust\b/i;

/** Phrases that mark a line as preferred wherever it stands. */
const PREFERRED_RE = /우대|선호|가산점|\bpreferred\b|nice to have|\bis a plus\b|\bbonus\b/i;

function cleanLine(text: string): string {
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

/** One content line of a posting: its text as written, cleaned, and its section. */
export interface PostingLine {
  raw: string;
  text: string;
  section: PostingSection;
  bullet: boolean;
  /** Whether a header put the line in its section (rather than its own wording). */
  headed: boolean;
}

/** A line under `kind`, judged by the header first and its own wording second. */
function lineSection(kind: HeaderKind | "none", text: string, bullet: boolean): PostingSection {
  if (kind === "process" || kind === "other") return kind;
  if (kind === "preferred" || PREFERRED_RE.test(text)) return "preferred";
  if (kind === "required" || kind === "mixed" || kind === "duty") {
    return kind === "duty" ? "duty" : "required";
  }
  if (REQUIREMENT_RE.test(text)) return "required";
  // An untitled bullet before any header is usually a duty; a sentence, the company's pitch.
  return bullet ? "duty" : "other";
}

/** Every content line of `text` with its section; headers are consumed, not returned. */
export function postingLines(text: string): PostingLine[] {
  const out: PostingLine[] = [];
  let kind: HeaderKind | "none" = "none";
  for (const line of text.split(/\r?\n/).flatMap(unflatten)) {
    let content = line.trim();
    if (!content) continue;
    // "[자격요건]", "■ 우대사항", "자격 요건:" — alone, or followed by content on the same line.
    const labelled = content.match(
      /^[\s■□●○◆◇▶►#*\-[【<]*\s*([^:：\]】>]{2,24}?)\s*[\]】>]?\s*[:：\]】>]\s*(.*)$/,
    );
    const header = labelled ? headerKind(labelled[1]) : headerKind(content.replace(BULLET_RE, ""));
    if (header) {
      kind = header;
      content = labelled ? labelled[2].trim() : "";
      if (!content) continue;
    }
    const bullet = BULLET_RE.test(content);
    // The posting's own title line ("회계팀 신입/경력 채용") is not a requirement.
    if (!bullet && kind === "none" && /채용|모집|공고|hiring/i.test(content)) {
      out.push({ raw: line, text: cleanLine(content), section: "other", bullet, headed: false });
      continue;
    }
    for (const item of bullet ? [content] : splitSentences(content)) {
      const cleaned = cleanLine(item);
      if ([...cleaned].length < 4) continue;
      const section = lineSection(kind, cleaned, bullet);
      out.push({ raw: line, text: cleaned, section, bullet, headed: kind !== "none" });
    }
  }
  return out;
}

const MAX_KEYWORDS = 15;
const MAX_REQUIREMENTS = 12;
const MAX_PREFERRED = 8;

/** Extracts `{keywords, requirements}` from a posting. */
export function analyzePosting(text: string, title: string | null): PostingAnalysis {
  const lines = postingLines(text);
  // The process and the sections under benefit or company headers name no skill the job asks for.
  const asked = lines.filter((l) =>
    l.section !== "process" && !(l.section === "other" && l.headed)
  );
  const body = asked.length ? asked.map((l) => l.text).join("\n") : text;
  return {
    keywords: extractKeywords(title ? `${title}\n${body}` : body),
    requirements: extractRequirements(lines, text),
    preferred: dedupe(lines.filter((l) => l.section === "preferred").map((l) => l.text))
      .slice(0, MAX_PREFERRED),
  };
}

const unique = <T>(xs: T[]) => [...new Set(xs)];

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

/** Required lines first, then duties; preferred items and the process never. */
function extractRequirements(lines: PostingLine[], text: string): string[] {
  const rank = (l: PostingLine) =>
    l.section === "required" ? 0 : l.section === "duty" && l.bullet ? 1 : -1;
  let found = lines.map((l, order) => ({ text: l.text, priority: rank(l), order }))
    .filter((r) => r.priority >= 0);
  if (!found.length) {
    // No sections, bullets or requirement phrases: sentences that name technologies still say
    // what is asked.
    found = splitSentences(text).filter((s) => findSkills(s).length && !PREFERRED_RE.test(s))
      .map((s, order) => ({ text: cleanLine(s), priority: 2, order }));
  }
  const sorted = found.sort((a, b) => a.priority - b.priority || a.order - b.order);
  return dedupe(sorted.map((r) => r.text)).slice(0, MAX_REQUIREMENTS);
}

/** Drops lines that repeat an earlier one (ignoring case, spaces and punctuation). */
function dedupe(texts: string[]): string[] {
  const seen = new Set<string>();
  return texts.filter((t) => {
    const key = normalizeKey(t);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
