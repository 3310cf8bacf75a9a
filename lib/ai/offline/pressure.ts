/**
 * 압박 면접 follow-ups: the previous answer is scored on the rubric and the question presses on
 * its weakest dimension, quoting the words it rests on — a claim without a number, an answer
 * to another question, a story missing the candidate's own action or its result, a conclusion
 * that never came. A strong answer is pressed with a counter-assumption instead.
 */
import type { InterviewContext, QA } from "../types.ts";
import { charCountNoSpace, clip } from "../korean.ts";
import type { ContentDimension } from "../rubric.ts";
import { assessAnswer } from "./assess.ts";
import { contentRubric } from "./rubric.ts";
import { questionTerms, trimLeadIn } from "./context.ts";
import { lookupSkill } from "../skills.ts";

/** A question without the words it quoted from an earlier answer. */
const withoutQuotes = (q: string) => q.replace(/'[^']*'(?:이?라고|이?라는)?/g, " ");

/** Which dimension to press first when several are equally weak: evidence before form. */
const PRESS_ORDER: ContentDimension[] = ["specifics", "relevance", "structure", "conclusion_first"];

/** The weakest content dimension of an answer and the quote it rests on. */
export function weakestPoint(
  ctx: InterviewContext,
  qa: QA,
  topicQuestion: string,
): { dimension: ContentDimension; score: number; quote: string; missing: string[] } {
  // A probe's own words ("정확히 얼마나") name no topic: relevance is judged against the
  // question the chain of probes started from.
  const a = assessAnswer(ctx, topicQuestion, qa.answer);
  const rubric = contentRubric(a, ctx.posting !== null);
  const dimension = PRESS_ORDER.reduce((w, d) => (rubric[d].score < rubric[w].score ? d : w));
  const missing = ["상황", "과제", "행동", "결과"].filter((p) => !a.parts.includes(p as never));
  return {
    dimension,
    score: rubric[dimension].score,
    quote: trimLeadIn(clip(rubric[dimension].evidence, 50)),
    missing,
  };
}

const ASK_KO: Record<string, string> = {
  행동:
    "본인이 직접 한 행동은 정확히 무엇이었습니까? 팀이 한 일 말고 본인이 한 일만 말씀해 주십시오.",
  결과: "그래서 결과가 어떻게 됐습니까? 숫자로 말씀해 주십시오.",
  상황: "애초에 무엇이 문제였고, 왜 그것이 본인 일이었습니까?",
  과제: "그 일에서 본인이 책임진 몫은 정확히 어디까지였습니까?",
};
const ASK_EN: Record<string, string> = {
  행동: "What exactly did you do yourself? Not the team, you.",
  결과: "So what was the result? Give me a number.",
  상황: "What was the actual problem in the first place, and why was it yours to solve?",
  과제: "Where exactly did your own responsibility begin and end?",
};

/** The pressing follow-up on the previous answer, in a chain started by `topicQuestion`. */
export function pressureQuestion(
  ctx: InterviewContext,
  prev: QA,
  topicQuestion: string,
  en: boolean,
): string {
  const answer = prev.answer.trim();
  // What the question asked, named by its technologies or posting keywords only: other words
  // of a probing question are the probe's own.
  const keywords = ctx.posting?.analysis.keywords ?? [];
  const topic = questionTerms(ctx, withoutQuotes(topicQuestion))
    .filter((t) => lookupSkill(t) || keywords.includes(t)).slice(0, 2).join(", ");
  if (charCountNoSpace(answer) < 10) {
    return en
      ? "You did not really answer. If you don't know, say so, then give me the closest thing you have actually done."
      : "사실상 답을 하지 않으셨습니다. 모르시면 모른다고 하시고, 대신 실제로 해 본 가장 가까운 경험을 말씀해 주십시오.";
  }
  const w = weakestPoint(ctx, prev, topicQuestion);
  const q = w.quote;
  if (w.score >= 4) {
    return en
      ? `You said '${q}'. Suppose I told you that result came from the circumstances, not from you. How would you prove me wrong?`
      : `'${q}'라고 하셨는데, 그 성과가 본인 덕분이 아니라 상황이 좋았던 덕분이라고 하면 어떻게 반박하시겠습니까?`;
  }
  switch (w.dimension) {
    case "specifics":
      return en
        ? `You said '${q}', but nothing in it can be checked. How much exactly, measured how, and compared with what?`
        : `'${q}'라고 하셨는데, 확인할 수 있는 근거가 하나도 없습니다. 정확히 얼마나, 무엇으로 측정했고, 무엇과 비교한 것입니까?`;
    case "relevance":
      return en
        ? `That did not answer the question${
          topic ? ` about ${topic}` : ""
        }. I'll ask again: what have you yourself done there?`
        : `질문${
          topic ? `은 '${topic}'에 관한 것이었는데` : "에"
        } 답하지 않으셨습니다. 다시 묻겠습니다. 그 부분에서 본인이 직접 해 본 일은 무엇입니까?`;
    case "structure": {
      const part = ["행동", "결과", "상황", "과제"].find((p) => w.missing.includes(p)) ?? "행동";
      return en ? `You said '${q}'. ${ASK_EN[part]}` : `'${q}'라고 하셨습니다. ${ASK_KO[part]}`;
    }
    default:
      return en
        ? "You took a long way round. In one sentence: what is your answer?"
        : `답이 돌아서 나왔습니다. 한 문장으로, 결론부터 다시 말씀해 주십시오${
          topic ? `. '${topic}'에 대한 본인의 답은 무엇입니까` : ""
        }?`;
  }
}
