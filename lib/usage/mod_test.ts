import assert from "node:assert/strict";
import { estimateCost } from "../ai/openai/prices.ts";
import { summarizeUsage } from "./mod.ts";

const none = {
  input_tokens: 0,
  output_tokens: 0,
  output_audio_tokens: 0,
  audio_seconds: 0,
  characters: 0,
};

Deno.test("usage: list prices per model, snapshots priced as their model, others unpriced", () => {
  // gpt-4o: $2.50 / 1M input, $10 / 1M output.
  assert.equal(estimateCost("gpt-4o", { ...none, input_tokens: 1e6, output_tokens: 1e5 }), 3.5);
  assert.equal(estimateCost("gpt-4o-2024-08-06", { ...none, input_tokens: 1e6 }), 2.5);
  // gpt-transcribe: $0.0045 a minute.
  assert.equal(estimateCost("gpt-transcribe", { ...none, audio_seconds: 120 }), 0.009);
  // gpt-realtime-2.1-mini: text $0.60 in / $2.40 out, audio $20 out, per 1M tokens.
  assert.ok(
    Math.abs(
      estimateCost("gpt-realtime-2.1-mini", {
        ...none,
        input_tokens: 1e6,
        output_tokens: 1e6,
        output_audio_tokens: 1e6,
      })! - 23,
    ) < 1e-9,
  );
  assert.equal(estimateCost("kokoro", { ...none, characters: 500 }), null);
});

Deno.test("usage: per-capability totals, a total estimate, and the unpriced models named", () => {
  const u = summarizeUsage([
    {
      capability: "chat",
      model: "gpt-4o",
      calls: 6,
      ...none,
      input_tokens: 20_000,
      output_tokens: 2_000,
    },
    { capability: "stt", model: "gpt-transcribe", calls: 5, ...none, audio_seconds: 150 },
    { capability: "stt", model: "whisper-large-v3", calls: 1, ...none, audio_seconds: 30 },
    {
      capability: "tts",
      model: "gpt-realtime-2.1-mini",
      calls: 5,
      ...none,
      input_tokens: 1_500,
      output_tokens: 300,
      output_audio_tokens: 4_000,
    },
  ]);
  assert.equal(u.chat.calls, 6);
  assert.equal(u.chat.cost_usd, 0.07);
  assert.equal(u.stt.calls, 6);
  assert.equal(u.stt.audio_seconds, 180);
  assert.deepEqual(u.stt.models, ["gpt-transcribe", "whisper-large-v3"]);
  assert.equal(u.stt.cost_usd, 0.01125, "only the priced model");
  assert.equal(u.tts.cost_usd, 0.08162);
  assert.equal(u.total_cost_usd, 0.16287);
  assert.deepEqual(u.unpriced_models, ["whisper-large-v3"]);
});
