import assert from "node:assert/strict";
import {
  isGptTranscribe,
  isOpenAiBaseUrl,
  isRealtimeModel,
  isTranscribeModel,
  RETIRED_MODELS,
  retiredModel,
} from "./models.ts";

Deno.test("models: families are told apart by name", () => {
  for (const m of ["gpt-realtime", "gpt-realtime-2.1-mini", "gpt-4o-realtime-preview"]) {
    assert.ok(isRealtimeModel(m), m);
  }
  assert.ok(isRealtimeModel("gpt-4o-mini-realtime-preview-2024-12-17"));
  for (
    const m of [
      "gpt-4o",
      "tts-1-hd",
      "gpt-4o-mini-tts",
      "kokoro",
      "gpt-realtimex",
      "my-gpt-realtime",
      "gpt-transcribe",
      "gpt-live-transcribe",
      "whisper-1",
    ]
  ) {
    assert.ok(!isRealtimeModel(m), m);
  }
  for (const m of ["gpt-transcribe", "whisper-1", "gpt-4o-mini-transcribe"]) {
    assert.ok(isTranscribeModel(m), m);
  }
  assert.ok(isGptTranscribe("gpt-transcribe") && isGptTranscribe("gpt-transcribe-2026-10-01"));
  assert.ok(!isGptTranscribe("gpt-4o-transcribe") && !isGptTranscribe("whisper-1"));
});

Deno.test("models: the six retired names and their shutdown dates", () => {
  assert.deepEqual(
    Object.entries(RETIRED_MODELS).map(([m, r]) => `${m} ${r.shutdown}`).sort(),
    [
      "gpt-4o-mini-transcribe 2027-02-26",
      "gpt-4o-mini-tts 2027-01-06",
      "gpt-4o-transcribe 2027-02-26",
      "tts-1 2027-01-06",
      "tts-1-hd 2027-01-06",
      "whisper-1 2027-02-26",
    ],
  );
  assert.equal(retiredModel("gpt-4o-mini-tts-2025-03-20")?.capability, "tts");
  assert.equal(retiredModel("gpt-transcribe"), undefined);
  assert.ok(isOpenAiBaseUrl(undefined) && isOpenAiBaseUrl("https://api.openai.com/v1"));
  assert.ok(!isOpenAiBaseUrl("http://127.0.0.1:8000/v1"));
});
