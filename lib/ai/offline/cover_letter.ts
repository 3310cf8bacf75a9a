/**
 * Written feedback on a cover letter, as readable Korean sections: length, the posting's
 * keywords and requirements the letter shows (a promise to learn a skill does not count),
 * quantified achievements, structure (paragraphs, opening, closing, STAR parts), long
 * sentences, repetition and clichés, and whether the profile's career and certificates appear.
 */
import type { CoverLetterReview, PostingAnalysis, Profile } from "../types.ts";
import {
  charCountNoSpace,
  clip,
  contentTerms,
  normalizeKey,
  quoteAround,
  splitSentences,
} from "../korean.ts";
import { lookupSkill, mentions } from "../skills.ts";
import { evidences, quantities, readSentences, STAR_PARTS, starParts } from "./evidence.ts";
import { byConcreteness, listWith, requirementCovered, topicTerms } from "./context.ts";

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

/**
 * Written feedback on a cover letter: its sections (strengths, improvements, notes as
 * suggestions) and the same as readable Korean text.
 */
export function coverLetterFeedback(input: {
  profile: Profile;
  posting: { title: string | null; analysis: PostingAnalysis } | null;
  content: string;
}): CoverLetterReview {
  const text = input.content.trim();
  if (!text) {
    const summary = "자기소개서 내용이 비어 있어 평가할 수 없습니다.";
    const fix =
      "지원 동기, 직무와 관련된 경험 한두 가지(상황·행동·결과), 입사 후 포부 순서로 700자 이상 작성해 보세요.";
    return {
      text: ["■ 요약", summary, "", "■ 보완할 점", `- ${fix}`].join("\n"),
      structured: { summary, strengths: [], improvements: [fix], suggestions: [] },
    };
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
  const covered = keywords.filter((k) => evidences(text, k));
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
      `공고 요건 ${
        unmet.slice(0, 2).map((r) => `'${clip(r, 50)}'`).join(", ")
      }에 대응하는 경험이 보이지 않습니다. 관련 경험이나 준비 과정을 구체적으로 적으세요.`,
    );
  } else if (requirements.length) {
    good.push(`공고 요건 ${requirements.length}개에 대응하는 내용이 모두 들어 있습니다.`);
  }

  // Quantified achievements
  const quants = quantities(text);
  if (quants.length) {
    // Quote a number from a sentence that reports an outcome, not one that sets the scene.
    const clause = readSentences(text).map((r) => r.outcomeClause ?? "")
      .find((c) => quantities(c).length);
    const from = clause ? text.indexOf(clause) : 0;
    const q = clause ? quantities(clause)[0] : quants[0];
    good.push(
      `'${
        quoteAround(text, from + q.index!, q[0].length, 50)
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
  const star = starParts(readSentences(text));
  if (star.length >= 3) good.push(`경험 서술에 ${star.join("·")} 요소가 드러납니다.`);
  else {
    const absent = STAR_PARTS.filter((l) => !star.includes(l));
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
  if (!input.posting) notes.push("공고를 연결하면 공고 키워드와 요건 반영 여부도 점검합니다.");

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
  return {
    text: out.join("\n"),
    structured: { summary, strengths: good, improvements: fix, suggestions: notes },
  };
}

function mentionsAny(term: string, keywords: string[]): boolean {
  return keywords.some((k) => normalizeKey(k).includes(normalizeKey(term)));
}
