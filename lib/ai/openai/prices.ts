/**
 * OpenAI list prices of the default models, in US dollars, for the cost estimate shown with an
 * interview's result. Checked on PRICES_AS_OF at the model pages:
 * - gpt-4o: https://developers.openai.com/api/docs/models/gpt-4o — text $2.50 / 1M input
 *   tokens, $10.00 / 1M output tokens.
 * - gpt-transcribe: https://developers.openai.com/api/docs/models/gpt-transcribe — $0.0045 per
 *   minute of audio.
 * - gpt-realtime-2.1-mini: https://developers.openai.com/api/docs/models/gpt-realtime-2.1-mini
 *   — text $0.60 / 1M input, $2.40 / 1M output; audio $10.00 / 1M input, $20.00 / 1M output.
 * A model not listed here (a self-hosted or other vendor's server) has no estimate.
 */
export const PRICES_AS_OF = "2026-12-01";

/** Dollars per unit; every field is optional because each model bills differently. */
export interface ModelPrice {
  inputPerMTokens?: number;
  outputPerMTokens?: number;
  outputAudioPerMTokens?: number;
  perAudioMinute?: number;
  perMCharacters?: number;
}

export const PRICES: Readonly<Record<string, ModelPrice>> = {
  "gpt-4o": { inputPerMTokens: 2.5, outputPerMTokens: 10 },
  "gpt-transcribe": { perAudioMinute: 0.0045 },
  "gpt-realtime-2.1-mini": {
    inputPerMTokens: 0.6,
    outputPerMTokens: 2.4,
    outputAudioPerMTokens: 20,
  },
};

/** What a model consumed. */
export interface Consumption {
  input_tokens: number;
  output_tokens: number;
  output_audio_tokens: number;
  audio_seconds: number;
  characters: number;
}

/** The price of `model` (or of the model a dated snapshot belongs to), if listed. */
export function priceOf(model: string): ModelPrice | undefined {
  return PRICES[model] ?? PRICES[model.replace(/-\d{4}-\d{2}-\d{2}$/, "")];
}

/** Estimated cost in dollars at list prices, or null when the model has no list price here. */
export function estimateCost(model: string, c: Consumption): number | null {
  const p = priceOf(model);
  if (!p) return null;
  const perM = (n: number, price = 0) => (n * price) / 1_000_000;
  return perM(c.input_tokens, p.inputPerMTokens) + perM(c.output_tokens, p.outputPerMTokens) +
    perM(c.output_audio_tokens, p.outputAudioPerMTokens) +
    perM(c.characters, p.perMCharacters) + (c.audio_seconds / 60) * (p.perAudioMinute ?? 0);
}
