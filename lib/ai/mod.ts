import type { Config } from "../config.ts";
import { createOfflineProvider } from "./offline.ts";
import { createOpenAiProvider, type OpenAiProviderOptions } from "./openai.ts";
import type { AiProvider } from "./types.ts";

export type { AiProvider } from "./types.ts";

/** Callbacks the service passes in (metrics); lib/ai imports nothing from routes. */
export type AiHooks = Pick<OpenAiProviderOptions, "onTtsDivergence">;

/** Chooses the AI provider from configuration: OpenAI when a key is set, else offline. */
export function createAi(config: Config, hooks: AiHooks = {}): AiProvider {
  if (!config.OPENAI_API_KEY) return createOfflineProvider();
  return createOpenAiProvider({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    chatModel: config.OPENAI_CHAT_MODEL,
    ttsModel: config.OPENAI_TTS_MODEL,
    ttsVoice: config.OPENAI_TTS_VOICE,
    sttModel: config.OPENAI_STT_MODEL,
    sttLanguage: config.OPENAI_STT_LANGUAGE,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    maxRetries: config.OPENAI_MAX_RETRIES,
    ...hooks,
  });
}
