/**
 * What the product knows about model names: which family a model belongs to (the Realtime path
 * and the gpt-transcribe fields are chosen by family, not by a switch) and which OpenAI models
 * are shut down. Used by start-up validation, the OpenAI provider and the fake server.
 */

/** An AI capability that can be pointed at its own server. */
export type Capability = "chat" | "stt" | "tts";

/** OpenAI shutdown dates of the speech models this product used before (deprecations page). */
export const TTS_SHUTDOWN = "2027-01-06";
export const STT_SHUTDOWN = "2027-02-26";

/** A model OpenAI switches off, the capability it served, when, and its named replacement. */
export interface RetiredModel {
  capability: "tts" | "stt";
  shutdown: string;
  replacement: string;
}

/** Source: OpenAI's text-to-speech and speech-to-text guides and deprecations page. */
const TTS_RETIRED: RetiredModel = {
  capability: "tts",
  shutdown: TTS_SHUTDOWN,
  replacement: "gpt-realtime-2.1-mini",
};
const STT_RETIRED: RetiredModel = {
  capability: "stt",
  shutdown: STT_SHUTDOWN,
  replacement: "gpt-transcribe",
};
export const RETIRED_MODELS: Readonly<Record<string, RetiredModel>> = {
  "tts-1": TTS_RETIRED,
  "tts-1-hd": TTS_RETIRED,
  "gpt-4o-mini-tts": TTS_RETIRED,
  "whisper-1": STT_RETIRED,
  "gpt-4o-transcribe": STT_RETIRED,
  "gpt-4o-mini-transcribe": STT_RETIRED,
};

/** The retirement record of `model` (or of a dated snapshot of it), if OpenAI retires it. */
export function retiredModel(model: string): RetiredModel | undefined {
  const base = model.replace(/-\d{4}-\d{2}-\d{2}$/, "");
  return RETIRED_MODELS[model] ?? RETIRED_MODELS[base];
}

/** Realtime model families (`gpt-realtime*`, `gpt-4o-realtime*`, `gpt-4o-mini-realtime*`). */
export function isRealtimeModel(model: string): boolean {
  return /^gpt-(?:4o-(?:mini-)?)?realtime(?:-|$)/.test(model) && !isTranscribeModel(model);
}

/** Speech-to-text models: the transcribe family and Whisper. */
export function isTranscribeModel(model: string): boolean {
  return /(^|-)transcribe(-|$)/.test(model) || /^whisper(-|$)/.test(model);
}

/**
 * `gpt-transcribe` and its snapshots: `languages` (an array) instead of `language`, `keywords`,
 * `prompt`, and json/text output only.
 */
export function isGptTranscribe(model: string): boolean {
  return /^gpt-transcribe(-\d{4}-\d{2}-\d{2})?$/.test(model);
}

/** `/audio/speech` models that synthesise speech from text. */
export function isSpeechModel(model: string): boolean {
  return /^tts-/.test(model) || /(^|-)tts(-|$)/.test(model);
}

/** Whether a base URL (unset means the SDK default) is OpenAI's own API. */
export function isOpenAiBaseUrl(baseURL: string | undefined): boolean {
  if (!baseURL) return true;
  try {
    return new URL(baseURL).hostname.toLowerCase() === "api.openai.com";
  } catch {
    return false;
  }
}
