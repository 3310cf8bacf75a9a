/**
 * AI providers with another voice, for tests and the bench: the same provider whose `speak`
 * is replaced, so question-audio delivery can be driven with raw PCM whichever TTS path (the
 * fake's `/audio/speech` with `response_format: "pcm"`, a Realtime socket, a script) made it.
 */
import type { AiProvider, Speech } from "../lib/ai/types.ts";

/** `ai` speaking with `speak` instead of its own voice (and claiming TTS). */
export function withSpeak(ai: AiProvider, speak: (text: string) => Promise<Speech>): AiProvider {
  return new Proxy(ai, {
    get(target, prop, receiver) {
      if (prop === "speak") return speak;
      if (prop === "capabilities") return { ...target.capabilities, tts: true };
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** Raw PCM (24 kHz, 16-bit mono) from the fake OpenAI's `/audio/speech`, streamed. */
export function fakePcmSpeak(fake: { url: string }): (text: string) => Promise<Speech> {
  return async (text) => {
    const res = await fetch(`${fake.url}/audio/speech`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer test-key" },
      body: JSON.stringify({
        model: "tts-1-hd",
        voice: "alloy",
        input: text,
        response_format: "pcm",
      }),
    });
    if (!res.ok || !res.body) throw new Error(`fake speech: HTTP ${res.status}`);
    return { body: res.body, contentType: "audio/pcm;rate=24000" };
  };
}
