import { aiEndpoints, type Config, usesOpenAi } from "../config.ts";
import { createOfflineProvider } from "./offline/mod.ts";
import { createOpenAiProvider, type OpenAiProviderOptions } from "./openai/mod.ts";
import type { AiProvider } from "./types.ts";

export type { AiProvider } from "./types.ts";
/**
 * The requirements the answers so far have not shown, for both providers: a local heuristic
 * (no model call) run before every follow-up, so it is the offline engine's evidence check.
 */
export { requirementGaps } from "./offline/requirement_map.ts";

/** Callbacks the service passes in (metrics); lib/ai imports nothing from routes. */
export type AiHooks = Pick<OpenAiProviderOptions, "onTtsDivergence">;

/**
 * Chooses the AI provider from configuration: OpenAI (or compatible servers, one per
 * capability) when any key is set, else offline. `parseEnv` has already checked that every
 * capability then has a key and a model of the right family.
 */
export function createAi(config: Omit<Config, "jwtSecret">, hooks: AiHooks = {}): AiProvider {
  if (!usesOpenAi(config)) return createOfflineProvider();
  const { chat, stt, tts } = aiEndpoints(config);
  return createOpenAiProvider({
    // The shared settings only; each capability below carries its own resolved ones.
    apiKey: config.OPENAI_API_KEY ?? chat.apiKey!,
    baseURL: config.OPENAI_BASE_URL,
    chatBaseURL: chat.baseURL,
    chatApiKey: chat.apiKey,
    sttBaseURL: stt.baseURL,
    sttApiKey: stt.apiKey,
    ttsBaseURL: tts.baseURL,
    ttsApiKey: tts.apiKey,
    chatModel: chat.model,
    sttModel: stt.model,
    sttLanguages: config.OPENAI_STT_LANGUAGES,
    liveSttModel: config.OPENAI_LIVE_STT_MODEL === "none"
      ? undefined
      : config.OPENAI_LIVE_STT_MODEL,
    ttsModel: tts.model,
    ttsVoice: config.OPENAI_TTS_VOICE,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    maxRetries: config.OPENAI_MAX_RETRIES,
    ...hooks,
  });
}
