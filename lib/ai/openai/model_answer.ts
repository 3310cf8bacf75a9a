/**
 * The model's model answer, checked before anyone sees it: the prompt numbers the candidate's
 * sentences, the model cites them per sentence, and every sentence without a real source id is
 * dropped (`keepSourced`); what is left is cut to the mode's length, conclusion first.
 */
import type { z } from "zod";
import type { Prompt } from "../prompts.ts";
import { modelAnswerPrompt } from "../coach_prompts.ts";
import { ModelAnswerSchema, type StructuredFormat, structuredFormat } from "../schemas.ts";
import { answerBudget, fitBudget, keepSourced } from "../model_answer.ts";
import type { CallOptions, InterviewContext, ModelAnswer, ModelAnswerInput } from "../types.ts";
import { DEFAULT_SETUP } from "../types.ts";
import { badResponse } from "./errors.ts";

/** The provider's structured chat call. */
export type Complete = <T extends z.ZodType>(
  format: StructuredFormat<T>,
  prompt: Prompt,
  maxTokens: number,
  call?: CallOptions,
) => Promise<z.infer<T>>;

const MODEL_ANSWER = structuredFormat("model_answer", ModelAnswerSchema);

/** A model answer from the chat model, with only sentences that cite known sources. */
export async function modelAnswer(
  complete: Complete,
  ctx: InterviewContext,
  input: ModelAnswerInput,
  call?: CallOptions,
): Promise<ModelAnswer> {
  const budget = answerBudget(ctx.setup ?? DEFAULT_SETUP);
  const length = budget.unit === "chars"
    ? `공백 제외 ${budget.min ? `${budget.min}~` : ""}${budget.max}자 이내`
    : `${budget.min ? `${budget.min}–` : "at most "}${budget.max} words`;
  const got = await complete(MODEL_ANSWER, modelAnswerPrompt(ctx, input, length), 2_000, call);
  const { sentences } = keepSourced(got.sentences, input.sources);
  // Nothing the candidate can trace back: not an answer to show.
  if (!sentences.length) throw badResponse();
  return { sentences: fitBudget(sentences, budget) };
}
