import assert from "node:assert/strict";
import { Histogram, Metrics } from "./prom.ts";

Deno.test("prom: histogram buckets are cumulative and labelled", () => {
  const h = new Histogram("t_seconds", "test", [0.1, 1]);
  h.observe({ route: "/a" }, 0.05);
  h.observe({ route: "/a" }, 0.5);
  h.observe({ route: "/a" }, 5);
  const text = h.render();
  assert.match(text, /t_seconds_bucket\{route="\/a",le="0.1"\} 1/);
  assert.match(text, /t_seconds_bucket\{route="\/a",le="1"\} 2/);
  assert.match(text, /t_seconds_bucket\{route="\/a",le="\+Inf"\} 3/);
  assert.match(text, /t_seconds_count\{route="\/a"\} 3/);
  assert.match(text, /t_seconds_sum\{route="\/a"\} 5.55/);
});

Deno.test("prom: label values are escaped", () => {
  const m = new Metrics();
  m.aiFailures.inc({ stage: 'a"b\\c' });
  assert.match(m.render(), /ai_failures_total\{stage="a\\"b\\\\c"\} 1/);
});

Deno.test("prom: the TTS divergence counter shows both outcomes from zero and counts each", () => {
  const m = new Metrics();
  assert.match(m.render(), /tts_transcript_divergence_total\{outcome="retried"\} 0/);
  m.ttsDivergence.inc({ outcome: "kept" });
  const text = m.render();
  assert.match(text, /# TYPE tts_transcript_divergence_total counter/);
  assert.match(text, /tts_transcript_divergence_total\{outcome="kept"\} 1/);
  assert.match(text, /tts_transcript_divergence_total\{outcome="retried"\} 0/);
});
