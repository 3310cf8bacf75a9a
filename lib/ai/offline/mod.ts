/**
 * The offline AI provider: a deterministic, Korean-first heuristic engine used when no OpenAI
 * key is configured. It never touches the network and has no speech (clients use browser speech
 * synthesis and typed or browser-transcribed answers). Its jobs live beside this file:
 * `posting.ts` reads a posting's sections, `cover_letter.ts` checks a letter, `modes.ts` plans
 * the questions of every mode and language (`questions.ts` the Korean job interview,
 * `pressure.ts` the pressing follow-ups), `assess.ts` judges one answer on its content and
 * `rubric.ts` scores it on the rubric's dimensions, `feedback.ts` sums up the
 * interview, `requirement_map.ts` maps the posting's requirements to the answers that show them,
 * `model_answer.ts` picks a 두괄식 model answer from the candidate's own sentences,
 * `evidence.ts` and `context.ts` hold what they share, and `eval/` is the labelled
 * set the engine's judgement is measured against.
 */
import { AppError } from "../../errors.ts";
import type { AiProvider } from "../types.ts";
import { analyzePosting } from "./posting.ts";
import { coverLetterFeedback } from "./cover_letter.ts";
import { planQuestion } from "./modes.ts";
import { answerFeedback, interviewFeedback } from "./feedback.ts";
import { requirementMap } from "./requirement_map.ts";
import { modelAnswer } from "./model_answer.ts";

/** Creates the offline provider. */
export function createOfflineProvider(): AiProvider {
  return {
    name: "offline",
    capabilities: { tts: false, stt: false },
    analyzePosting: (text, title) => Promise.resolve(analyzePosting(text, title ?? null)),
    coverLetterFeedback: (input) => Promise.resolve(coverLetterFeedback(input)),
    firstQuestion: (ctx) => Promise.resolve(planQuestion(ctx, [])),
    nextQuestion: (ctx, history) => Promise.resolve(planQuestion(ctx, history)),
    interviewFeedback: (ctx, turns) => Promise.resolve(interviewFeedback(ctx, turns)),
    answerFeedback: (ctx, qa) => Promise.resolve(answerFeedback(ctx, qa)),
    requirementMap: (ctx, turns) => Promise.resolve(requirementMap(ctx, turns)),
    modelAnswer: (ctx, input) => Promise.resolve(modelAnswer(ctx, input)),
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
