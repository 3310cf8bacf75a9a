/**
 * The service's Prometheus metrics on `prom-client`. Each `Metrics` owns its own `Registry`
 * rather than prom-client's global one, so several apps in one process (tests, the bench) keep
 * separate series and do not collide on metric names.
 */
import { Counter, Histogram, Registry } from "prom-client";

export type { Counter, Histogram };

/** Default latency buckets in seconds, from 5 ms to 30 s. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The service's metrics. One instance per process, passed in like other dependencies. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency by method, route pattern and status class",
    labelNames: ["method", "route", "status"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly stageDuration = new Histogram({
    name: "answer_pipeline_stage_seconds",
    help: "Answer pipeline stage timings: storage, stt, llm, tts_first_byte",
    labelNames: ["stage"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly aiFailures = new Counter({
    name: "ai_failures_total",
    help: "AI provider calls that failed, by stage",
    labelNames: ["stage"] as const,
    registers: [this.registry],
  });
  readonly unhandledErrors = new Counter({
    name: "unhandled_errors_total",
    help: "Rejections and exceptions nothing handled, by kind; each one is a bug",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });
  readonly ttsDivergence = new Counter({
    name: "tts_transcript_divergence_total",
    help: "Spoken questions whose Realtime transcript diverged from the text, by outcome: " +
      "retried (a matching retake was stored) or kept (the retake diverged too or failed)",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });

  constructor() {
    // Both outcomes show from the start, so a rate over them is defined before the first one.
    for (const outcome of ["retried", "kept"]) this.ttsDivergence.inc({ outcome }, 0);
  }

  /** All families, Prometheus text exposition format 0.0.4. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
