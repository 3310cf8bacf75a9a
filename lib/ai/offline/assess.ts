/**
 * Judges one answer on its content: how much of a situation-task-action-result story it tells,
 * whether its numbers measure an outcome, whether it answers the question and touches the
 * posting, and how much of it is stock phrases or promises to learn. Length earns nothing by
 * itself. The judgement is a continuous number of points (what the evaluation set measures);
 * the rubric's dimensions read the same observations (rubric.ts), the 1–5 score derives from
 * the rubric, and the written feedback adds the delivery metrics.
 */
import type { InterviewContext, QA, TurnFeedback } from "../types.ts";
import { DEFAULT_SETUP } from "../types.ts";
import { buildRubric, CONTENT_DIMENSIONS, rubricScore } from "../rubric.ts";
import { contentRubric } from "./rubric.ts";
import { charCountNoSpace, clip, quoteAround } from "../korean.ts";
import { findSkillHits, mentions } from "../skills.ts";
import {
  evidencedSkills,
  evidences,
  quantities,
  readSentences,
  resultSentence,
  type SentenceReading,
  STAR_PARTS,
  type StarPart,
  starParts,
} from "./evidence.ts";
import { listWith, questionTerms, unique } from "./context.ts";

/** The content judgement of one answer, before delivery. */
export interface Assessment {
  points: number;
  parts: StarPart[];
  strengths: string[];
  improvements: string[];
  evidence: string[];
  /** What the judgement saw, for the rubric (rubric.ts). */
  signals: Signals;
}

/** The observations behind an assessment. */
export interface Signals {
  readings: SentenceReading[];
  result: SentenceReading | undefined;
  /** A quote around the result's first number, when it has one. */
  resultQuote: string | null;
  outcomeNumbers: number;
  otherNumbers: number;
  skills: string[];
  /** Posting keywords the answer evidences. */
  used: string[];
  /** The question's topical terms, and those the answer mentions. */
  topical: string[];
  shared: string[];
}

const PART_POINTS: Record<StarPart, number> = { 상황: 0.75, 과제: 0.5, 행동: 1.25, 결과: 1.5 };

/** Judges `answer` to `question` in the interview `ctx`. */
export function assessAnswer(ctx: InterviewContext, question: string, answer: string): Assessment {
  const readings = readSentences(answer);
  const strengths: string[] = [];
  const improvements: string[] = [];
  const evidence: string[] = [];
  let points = 0;

  const parts = starParts(readings);
  const skills = evidencedSkills(readings);
  const numbers = readings.reduce((n, r) => n + (r.commitment ? 0 : r.numbers), 0);
  // A story with no number and no named tool is a claim of one: its parts count half.
  const concrete = numbers > 0 || skills.length > 0;
  for (const p of parts) points += PART_POINTS[p] * (concrete ? 1 : 0.5);
  const absent = STAR_PARTS.filter((p) => !parts.includes(p));
  const result = resultSentence(readings);
  if (parts.length >= 3) {
    strengths.push(`${parts.join("·")} 흐름이 드러나는 구조적인 답변입니다.`);
  }
  if (absent.length && parts.length) {
    improvements.push(
      `${absent.join("·")} 부분이 보이지 않습니다. 상황 → 과제 → 행동 → 결과 순서로 말해 보세요.`,
    );
  } else if (!parts.length) {
    improvements.push(
      "실제 겪은 일 하나를 골라 상황 → 과제 → 본인의 행동 → 결과 순서로 말해 보세요.",
    );
  }

  // Numbers count when they measure what changed; a team size or a budget is only context.
  const outcomeNumbers = readings.filter((r) => r.outcome).reduce((n, r) => n + r.numbers, 0);
  const otherNumbers = readings.filter((r) => !r.outcome && !r.commitment)
    .reduce((n, r) => n + r.numbers, 0);
  points += Math.min(1.5, outcomeNumbers ? 1 + 0.25 * (outcomeNumbers - 1) : 0);
  points += Math.min(0.5, 0.25 * otherNumbers);
  if (result) {
    const quote = result.numbers ? numberQuote(result) : clip(result.text, 60);
    strengths.push(
      result.numbers
        ? `'${quote}'처럼 결과를 수치로 보여 주었습니다.`
        : `'${quote}'처럼 결과를 말했습니다.`,
    );
    evidence.push(quote);
    if (!result.numbers) {
      improvements.push(
        "결과를 보여 주는 수치(비율, 건수, 기간 단축, 금액 등)를 넣으면 설득력이 커집니다.",
      );
    }
  } else if (!improvements.some((i) => i.includes("결과"))) {
    improvements.push("행동의 결과가 무엇이었는지, 가능하면 수치로 덧붙이세요.");
  }

  points += Math.min(0.75, 0.25 * skills.length);

  const keywords = ctx.posting?.analysis.keywords ?? [];
  const used = keywords.filter((k) => evidences(answer, k));
  if (used.length) {
    points += used.length >= 2 ? 0.5 : 0.25;
    strengths.push(`공고 키워드 ${listWith(used.slice(0, 4), "을/를")} 답변에 녹였습니다.`);
    const hit = findSkillHits(answer).find((h) => used.includes(h.skill.name));
    if (hit) evidence.push(quoteAround(answer, hit.index, hit.text.length, 40));
  }

  const topical = questionTerms(ctx, question);
  const shared = topical.filter((t) => mentions(answer, t));
  // The posting's own technologies keep an answer on topic even in other words than the question's.
  if (topical.length && !shared.length && !used.length) {
    // Whatever it shows, an answer to another question shows little about this one.
    points = points / 2 - 0.5;
    improvements.unshift(
      `질문의 핵심(${
        topical.slice(0, 2).map((t) => `'${t}'`).join(", ")
      })에 직접 답하지 않았습니다. 첫 문장에서 질문에 대한 답을 먼저 말하세요.`,
    );
  } else if (shared.length) {
    points += 0.5;
  }

  // Sentences that are no evidence cost points (capped) and the first one is quoted back.
  const discount = (found: SentenceReading[], each: number, advice: (quote: string) => string) => {
    if (!found.length) return null;
    points -= Math.min(1.5, each * found.length);
    return advice(clip(found[0].text, 40));
  };
  const promised = discount(
    readings.filter((r) => r.commitment),
    0.75,
    (q) =>
      `'${q}'는 앞으로의 다짐이라 역량의 근거가 되지 않습니다. 비슷한 것을 해 본 실제 경험을 말하세요.`,
  );
  if (promised) improvements.unshift(promised);
  const vague = discount(
    readings.filter((r) => r.vague),
    0.5,
    (q) => `'${q}' 같은 말은 태도만 전합니다. 실제로 한 일과 그 결과로 보여 주세요.`,
  );
  if (vague) improvements.push(vague);
  const resultQuote = result?.numbers ? numberQuote(result) : null;
  const signals: Signals = {
    readings,
    result,
    resultQuote,
    outcomeNumbers,
    otherNumbers,
    skills,
    used,
    topical,
    shared,
  };
  return { points, parts, strengths, improvements, evidence, signals };
}

/** A whole-clause quote around the first number of the result, in its outcome clause if there. */
function numberQuote(result: SentenceReading): string {
  const clause = result.outcomeClause ?? "";
  const inClause = quantities(clause)[0];
  const q = inClause ?? quantities(result.text)[0];
  const at = inClause ? result.text.indexOf(clause) + inClause.index! : q.index!;
  return quoteAround(result.text, at, q[0].length, 60);
}

const VERDICTS = [
  "",
  "답변을 다시 준비해야 합니다.",
  "근거가 부족한 답변입니다.",
  "무난하지만 보완할 여지가 있습니다.",
  "좋은 답변입니다.",
  "매우 좋은 답변입니다.",
];

/**
 * Feedback on one answer: its content judgement scored on the rubric, the measured delivery
 * added when it was spoken, and the score derived from the rubric (`rubricScore`).
 */
export function turnFeedback(ctx: InterviewContext, qa: QA): TurnFeedback {
  const answer = qa.answer.trim();
  const { language } = ctx.setup ?? DEFAULT_SETUP;
  if (charCountNoSpace(answer) < 10) {
    // A length in seconds is advice only for a spoken answer.
    const atLeast = qa.metrics?.duration_sec != null ? "30초 이상" : "서너 문장 이상으로";
    const quote = answer;
    const rubric = buildRubric(
      Object.fromEntries(
        CONTENT_DIMENSIONS.map((d) => [d, { score: 1, evidence: quote }]),
      ) as Parameters<typeof buildRubric>[0],
      qa.metrics,
      language,
    );
    return {
      turn_number: qa.turn_number,
      feedback: answer
        ? `답변이 '${answer}'뿐이라 평가할 근거가 부족합니다. 질문에 맞는 경험 하나를 골라 상황·행동·결과 순서로 ${atLeast} 답해 보세요.`
        : "답변이 없습니다. 떠오르지 않는 질문이라도 관련된 경험이나 생각을 짧게라도 말하는 것이 침묵보다 낫습니다.",
      score: 1,
      rubric,
      strengths: [],
      improvements: [
        `질문에 맞는 경험 하나를 골라 상황·행동·결과 순서로 ${atLeast} 답하세요.`,
        "결론을 첫 문장에서 먼저 말하고, 근거가 되는 사례와 수치를 덧붙이세요.",
      ],
      evidence: answer ? [answer] : [],
    };
  }
  const a = assessAnswer(ctx, qa.question, answer);
  const { strengths, improvements } = a;
  const rubric = buildRubric(contentRubric(a, ctx.posting !== null), qa.metrics, language);

  const m = qa.metrics;
  if (m?.syllables_per_minute != null) {
    const spm = Math.round(m.syllables_per_minute);
    if (spm >= 250 && spm <= 350) {
      strengths.push(`말하기 속도(분당 ${spm}음절)가 듣기 편한 범위입니다.`);
    } else {
      improvements.push(
        spm < 250
          ? `말하기 속도가 분당 ${spm}음절로 느린 편입니다(편안한 범위 250~350). 문장 사이 공백을 줄여 보세요.`
          : `말하기 속도가 분당 ${spm}음절로 빠른 편입니다(편안한 범위 250~350). 핵심 문장 뒤에 잠깐 쉬어 가세요.`,
      );
    }
  }
  if (m?.fillers_per_minute != null) {
    const fpm = Math.round(m.fillers_per_minute * 10) / 10;
    if (fpm > 6) {
      const top = Object.entries(m.fillers).sort((x, y) => y[1] - x[1]).slice(0, 3)
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
  if (m?.long_pause_count) {
    improvements.push(
      `2.5초 넘게 멈춘 곳이 ${m.long_pause_count}번(총 ${m.long_pause_total_sec}초) 있습니다. 답할 내용을 결론·근거 순서로 미리 정해 두세요.`,
    );
  }
  if (m?.register?.mixed) {
    improvements.push(
      `해요체(${m.register.haeyo}문장)와 하십시오체(${m.register.hapsyo}문장)가 섞였습니다. 면접에서는 '~습니다'로 통일하세요.`,
    );
  }

  const score = rubricScore(rubric);
  const evidence = a.evidence.length ? a.evidence : [clip(readSentences(answer)[0].text, 60)];
  const feedback = [
    VERDICTS[score],
    ...strengths.slice(0, 2),
    improvements.length ? `보완할 점: ${improvements[0]}` : "",
  ].filter(Boolean).join(" ");
  return {
    turn_number: qa.turn_number,
    feedback,
    score,
    rubric,
    strengths,
    improvements,
    evidence: unique(evidence).slice(0, 3),
  };
}
