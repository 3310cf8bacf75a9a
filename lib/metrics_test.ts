import assert from "node:assert/strict";
import { Histogram, Registry } from "prom-client";
import { Metrics } from "./metrics.ts";

Deno.test("prom: histogram buckets are cumulative and labelled", async () => {
  const registry = new Registry();
  const h = new Histogram({
    name: "t_seconds",
    help: "test",
    buckets: [0.1, 1],
    labelNames: ["route"],
    registers: [registry],
  });
  h.observe({ route: "/a" }, 0.05);
  h.observe({ route: "/a" }, 0.5);
  h.observe({ route: "/a" }, 5);
  const text = await registry.metrics();
  assert.match(text, /t_seconds_bucket\{le="0.1",route="\/a"\} 1/);
  assert.match(text, /t_seconds_bucket\{le="1",route="\/a"\} 2/);
  assert.match(text, /t_seconds_bucket\{le="\+Inf",route="\/a"\} 3/);
  assert.match(text, /t_seconds_count\{route="\/a"\} 3/);
  assert.match(text, /t_seconds_sum\{route="\/a"\} 5.55/);
});

Deno.test("prom: label values are escaped", async () => {
  const m = new Metrics();
  m.aiFailures.inc({ stage: 'a"b\\c' });
  assert.match(await m.render(), /ai_failures_total\{stage="a\\"b\\\\c"\} 1/);
});

Deno.test("prom: the TTS divergence counter shows both outcomes from zero and counts each", async () => {
  const m = new Metrics();
  assert.match(await m.render(), /tts_transcript_divergence_total\{outcome="retried"\} 0/);
  m.ttsDivergence.inc({ outcome: "kept" });
  const text = await m.render();
  assert.match(text, /# TYPE tts_transcript_divergence_total counter/);
  assert.match(text, /tts_transcript_divergence_total\{outcome="kept"\} 1/);
  assert.match(text, /tts_transcript_divergence_total\{outcome="retried"\} 0/);
});
