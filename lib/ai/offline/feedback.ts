/**
 * Feedback on a whole interview: every answer judged on its own, then the overall score (the
 * mean), the best and weakest answers, posting keywords the answers showed or never touched,
 * and patterns across answers (few numbers, many short answers, speaking pace, fillers).
 */
import type { InterviewContext, InterviewFeedback, QA, TurnFeedback } from "../types.ts";
import { DEFAULT_SETUP } from "../types.ts";
import { overallScore, selfIntroAdvice, selfIntroCheck } from "../rubric.ts";
import { englishNotes } from "./rubric.ts";
import { charCountNoSpace } from "../korean.ts";
import { evidences, quantities } from "./evidence.ts";
import { byConcreteness, listWith, unique } from "./context.ts";
import { turnFeedback } from "./assess.ts";

const OVERALL_VERDICTS = [
  "",
  "전반적으로 답변을 다시 준비해야 합니다.",
  "전반적으로 근거와 구체성이 부족했습니다.",
  "기본은 갖췄지만 답변마다 편차가 있습니다.",
  "전반적으로 좋은 면접이었습니다.",
  "전반적으로 매우 좋은 면접이었습니다.",
];

/**
 * Feedback on every answer and on the interview as a whole. A self-introduction is also
 * measured against its target; an English interview gets its feedback in English.
 */
export function interviewFeedback(ctx: InterviewContext, qas: QA[]): InterviewFeedback {
  const setup = ctx.setup ?? DEFAULT_SETUP;
  const turns = qas.map((qa) => answerFeedback(ctx, qa));
  if (!turns.length) {
    const none = NO_ANSWERS[setup.language];
    return { summary: none.summary, score: 1, strengths: [], improvements: [none.fix], turns };
  }
  if (setup.language === "en") return englishSummary(turns);
  const mean = turns.reduce((sum, t) => sum + t.score, 0) / turns.length;
  const score = overallScore(turns);
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
  const usedKeywords = keywords.filter((k) => evidences(allAnswers, k));
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

/**
 * Feedback on one answer: judged on its own, written in the interview's language, and for a
 * self-introduction measured against its target. Every answer of an interview and every later
 * attempt at a question goes through here, so their scores compare.
 */
export function answerFeedback(ctx: InterviewContext, qa: QA): TurnFeedback {
  const setup = ctx.setup ?? DEFAULT_SETUP;
  const t = turnFeedback(ctx, qa);
  const out = setup.language === "en" && t.rubric
    ? { ...t, ...englishNotes(t.rubric, t.score), evidence: t.evidence }
    : t;
  if (setup.mode !== "self_intro") return out;
  const check = selfIntroCheck(qa.metrics, qa.answer);
  const advice = selfIntroAdvice(check, setup.language);
  return {
    ...out,
    self_intro: check,
    improvements: advice ? [advice, ...out.improvements] : out.improvements,
    feedback: advice ? `${out.feedback} ${advice}` : out.feedback,
  };
}

/** What an interview without answers gets, per language. */
const NO_ANSWERS = {
  ko: {
    summary: "평가할 답변이 없습니다. 면접을 다시 진행해 주세요.",
    fix: "질문마다 경험 하나를 상황·행동·결과 순서로 답해 보세요.",
  },
  en: {
    summary: "There are no answers to assess. Please run the interview again.",
    fix: "Answer each question with one real story: situation, action, result.",
  },
};

/** The whole English interview summed up: mean score, best and weakest answer, what to fix. */
function englishSummary(turns: TurnFeedback[]): InterviewFeedback {
  const mean = turns.reduce((sum, t) => sum + t.score, 0) / turns.length;
  const best = turns.reduce((a, b) => (b.score > a.score ? b : a));
  const worst = turns.reduce((a, b) => (b.score < a.score ? b : a));
  const strengths = best.strengths.length
    ? [`Answer ${best.turn_number} (${best.score}/5) was the strongest: ${best.strengths[0]}`]
    : ["You completed the interview. Add a real example and a number to each answer."];
  const improvements = unique(turns.flatMap((t) => t.improvements)).slice(0, 4);
  const summary = [
    `The mean score of ${turns.length} answer${turns.length === 1 ? "" : "s"} is ${
      mean.toFixed(1)
    } out of 5.`,
    best !== worst
      ? `The strongest answer was number ${best.turn_number}, the weakest number ${worst.turn_number}.`
      : "",
    improvements[0] ? `First priority: ${improvements[0]}` : "",
  ].filter(Boolean).join(" ");
  return { summary, score: overallScore(turns), strengths, improvements, turns };
}
