/** The transcription request and response shapes of gpt-transcribe and of legacy models. */
import { z } from "zod";
import type { TranscribeOptions } from "../types.ts";
import { isGptTranscribe } from "./models.ts";

export const TranscriptionSchema = z.object({
  text: z.string(),
  duration: z.coerce.number().nonnegative().optional(),
  usage: z.object({ type: z.string(), seconds: z.number().nonnegative().optional() })
    .optional(),
});

/** Whisper's prompt is read as context of the previous window: keep it short. */
const LEGACY_PROMPT_MAX_CHARS = 400;

/**
 * The request fields besides file and model. gpt-transcribe takes `languages` (never together
 * with `language`), `keywords` and `prompt`, and answers json only; other models (Whisper on a
 * compatible server) get the legacy `language` and a `prompt` carrying the question and the
 * terms, and Whisper's verbose_json for the duration.
 */
export function transcriptionFields(
  model: string,
  languages: string[],
  hints: Pick<TranscribeOptions, "keywords" | "prompt">,
) {
  const keywords = hints.keywords?.length ? hints.keywords : undefined;
  if (isGptTranscribe(model)) {
    return {
      languages,
      keywords,
      prompt: hints.prompt || undefined,
      response_format: "json" as const,
    };
  }
  const prompt = [hints.prompt, keywords?.join(", ")].filter(Boolean).join(" ")
    .slice(0, LEGACY_PROMPT_MAX_CHARS);
  return {
    language: languages[0],
    prompt: prompt || undefined,
    response_format: model.startsWith("whisper") ? "verbose_json" as const : "json" as const,
  };
}
