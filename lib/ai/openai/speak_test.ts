import assert from "node:assert/strict";
import { fakeOpenAiProvider, startFakeOpenAI } from "../../../tests/fake_openai.ts";
import { AppError } from "../../errors.ts";
import type { DivergenceOutcome } from "./realtime_tts.ts";
import type { UsageEvent } from "../types.ts";

const QUESTION = "가장 어려웠던 장애 대응 경험을 말씀해 주시겠어요?";

async function drain(body: ReadableStream<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const c of body) n += c.byteLength;
  return n;
}

Deno.test("a Realtime TTS model speaks over the TTS server's socket with the TTS key", async () => {
  const chat = await startFakeOpenAI({ apiKey: "chat-key" });
  const speech = await startFakeOpenAI({ apiKey: "tts-key" });
  try {
    const outcomes: DivergenceOutcome[] = [];
    const ai = fakeOpenAiProvider(chat, {
      apiKey: "chat-key",
      ttsBaseURL: speech.url,
      ttsApiKey: "tts-key",
      ttsModel: "gpt-realtime-2.1-mini",
      ttsVoice: "cedar",
      onTtsDivergence: (o) => outcomes.push(o),
    });
    assert.ok(ai.prepareSpeech);
    ai.prepareSpeech();
    while (speech.realtime.handshakes === 0) await new Promise((r) => setTimeout(r, 5));
    speech.realtime.divergeNext(1);
    const usage: UsageEvent[] = [];
    const out = await ai.speak(QUESTION, { onUsage: (u) => usage.push(u) });
    assert.equal(out.contentType, "audio/pcm;rate=24000");
    assert.ok(await drain(out.body) > 0);
    assert.ok(await out.retake);
    assert.deepEqual(outcomes, ["retried"]);
    assert.equal(speech.realtime.handshakes, 1);
    assert.deepEqual(speech.realtime.requests.map((r) => [r.model, r.voice, r.text]), [
      ["gpt-realtime-2.1-mini", "cedar", QUESTION],
      ["gpt-realtime-2.1-mini", "cedar", QUESTION],
    ]);
    assert.deepEqual(usage.map((u) => u.capability), ["tts", "tts"]);
    assert.equal(chat.realtime.handshakes, 0);
    assert.equal(chat.requests.length + speech.requests.length, 0);
  } finally {
    await chat.close();
    await speech.close();
  }
});

Deno.test("the Realtime path keeps speak's validation and opens no socket for bad text", async () => {
  const fake = await startFakeOpenAI();
  try {
    const ai = fakeOpenAiProvider(fake, { ttsModel: "gpt-realtime" });
    for (
      const [text, code] of [["  ", "tts_text_empty"], ["가".repeat(4097), "tts_text_too_long"]]
    ) {
      await assert.rejects(ai.speak(text), (e) => e instanceof AppError && e.code === code);
    }
    assert.equal(fake.realtime.handshakes, 0);
  } finally {
    await fake.close();
  }
});

Deno.test("any other TTS model uses /audio/speech (MP3) and has no prepareSpeech", async () => {
  const fake = await startFakeOpenAI();
  try {
    const ai = fakeOpenAiProvider(fake, { ttsModel: "kokoro", ttsVoice: "af_sky" });
    assert.equal(ai.prepareSpeech, undefined);
    const usage: UsageEvent[] = [];
    const out = await ai.speak(QUESTION, { onUsage: (u) => usage.push(u) });
    assert.equal(out.contentType, "audio/mpeg");
    assert.equal(out.retake, undefined);
    assert.ok(await drain(out.body) > 0);
    assert.deepEqual(fake.requests.map((r) => [r.endpoint, r.model, r.body.response_format]), [
      ["speech", "kokoro", "mp3"],
    ]);
    assert.deepEqual(usage, [{
      capability: "tts",
      model: "kokoro",
      input_tokens: 0,
      output_audio_tokens: 0,
      output_text_tokens: 0,
      characters: QUESTION.length,
    }]);
    assert.equal(fake.realtime.handshakes, 0);
  } finally {
    await fake.close();
  }
});
