/**
 * Prompts of the coaching after an interview: a question answered again (scored on the
 * interview's own criteria and anchors) and the model answer built from the candidate's own
 * sentences. They share the interview prompts' building blocks (`prompts.ts`).
 */
import type { InterviewContext, ModelAnswerInput, QA } from "./types.ts";
import {
  analysisBlock,
  answerBlock,
  answerCriteria,
  dataBlock,
  interviewerRole,
  LIMITS,
  profileBlock,
  type Prompt,
  selfIntroNote,
  system,
} from "./prompts.ts";

const SOURCE_LABELS = { profile: "프로필", cover_letter: "자기소개서", answer: "답변" } as const;

/**
 * A 두괄식 model answer to one question, from the candidate's numbered sentences only; `length`
 * is the mode's budget in words. Every sentence must cite its sources; the provider checks them.
 */
export function modelAnswerPrompt(
  ctx: InterviewContext,
  input: ModelAnswerInput,
  length: string,
): Prompt {
  const sources = input.sources.map((s) =>
    `${s.id}. [${s.turn_number ? `${s.turn_number}번 ` : ""}${SOURCE_LABELS[s.kind]}] ${s.text}`
  );
  return {
    system: system(
      `${interviewerRole(ctx)} 동시에 지원자의 답변을 다듬어 주는 면접 코치입니다.`,
      `
QUESTION 블록의 질문에 지원자가 할 수 있는 모범 답안을 SOURCES 블록의 번호 붙은 문장만 근거로 써 주세요. SOURCES는 지원자 본인의 프로필, 자기소개서, 면접 답변의 문장입니다.
- 두괄식: 첫 문장은 질문에 대한 결론(가장 직접적인 답), 이어지는 문장은 그 근거입니다(상황·과제·행동·결과 순서, 본인의 행동과 수치).
- sentences의 문장마다 source_ids에 근거가 된 SOURCES 번호를 하나 이상 적으세요. 번호가 없거나 틀린 문장은 버려집니다.
- SOURCES에 없는 경력, 수치, 회사, 사실을 더하지 마세요. 말투를 고르게 다듬고 문장을 잇는 것은 괜찮습니다.
- 분량: 소리 내어 60초 안에 말할 수 있게 ${length}.`,
      ctx,
    ),
    user: [
      `${input.turn_number}번 질문의 모범 답안을 써 주세요.`,
      dataBlock("QUESTION", input.question, LIMITS.question),
      // Already bounded per field by `sourceSentences`: cutting here would drop the answers.
      dataBlock("SOURCES", sources.join("\n"), Infinity),
    ].join("\n\n"),
  };
}

/**
 * Feedback on one answer given again to a question of a finished interview: the same criteria
 * and anchors as the interview's feedback, without the interview's summary.
 */
export function answerFeedbackPrompt(ctx: InterviewContext, qa: QA): Prompt {
  return {
    system: system(
      `${interviewerRole(ctx)} 동시에 지원자의 성장을 돕는 면접 코치입니다.`,
      `
모의 면접의 한 질문에 지원자가 다시 한 답변을 평가해 주세요. 답변은 음성을 받아쓴 것이라 인식 오류가 있을 수 있으니 맞춤법과 띄어쓰기는 평가하지 마세요.
turn_number는 ${qa.turn_number}로 쓰고:
${answerCriteria()}${selfIntroNote(ctx)}`,
      ctx,
    ),
    user: [
      "다음 면접 질문에 대한 답변을 평가해 주세요.",
      profileBlock(ctx.profile),
      analysisBlock(ctx.posting),
      dataBlock("COVER_LETTER", ctx.coverLetter, LIMITS.coverLetter),
      answerBlock(qa),
    ].join("\n\n"),
  };
}
