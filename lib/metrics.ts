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
  readonly httpDuration = this.latency(
    "http_request_duration_seconds",
    "HTTP request latency by method, route pattern and status class",
    ["method", "route", "status"],
  );
  readonly stageDuration = this.latency(
    "answer_pipeline_stage_seconds",
    "Answer pipeline stage timings: storage, stt, llm, tts_first_byte",
    ["stage"],
  );
  readonly aiFailures = this.counter(
    "ai_failures_total",
    "AI provider calls that failed, by stage",
    ["stage"],
  );
  readonly unhandledErrors = this.counter(
    "unhandled_errors_total",
    "Rejections and exceptions nothing handled, by kind; each one is a bug",
    ["kind"],
  );
  readonly ttsDivergence = this.counter(
    "tts_transcript_divergence_total",
    "Spoken questions whose Realtime transcript diverged from the text, by outcome: " +
      "retried (a matching retake was stored) or kept (the retake diverged too or failed)",
    ["outcome"],
  );

  constructor() {
    // Both outcomes show from the start, so a rate over them is defined before the first one.
    for (const outcome of ["retried", "kept"]) this.ttsDivergence.inc({ outcome }, 0);
  }

  /** A latency histogram in this registry, on the default buckets. */
  private latency<L extends string>(name: string, help: string, labelNames: L[]): Histogram<L> {
    return new Histogram({
      name,
      help,
      labelNames,
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
  }

  /** A counter in this registry. */
  private counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** All families, Prometheus text exposition format 0.0.4. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
