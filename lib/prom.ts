/**
 * A minimal Prometheus registry: labelled histograms and counters rendered in the text
 * exposition format. Small on purpose — the service needs latency histograms per route and
 * per answer-pipeline stage, nothing more.
 */

/** Default latency buckets in seconds, from 5 ms to 30 s. */
export const LATENCY_BUCKETS = [
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  30,
];

type Labels = Record<string, string>;

// Callers pass a family's labels in one fixed order, so the key needs no sorting: this runs on
// every request.
const labelKey = (labels: Labels) => {
  let key = "";
  for (const k in labels) key += `${key ? "," : ""}${k}="${escape(labels[k])}"`;
  return key;
};
const NEEDS_ESCAPE = /[\\"\n]/;
const escape = (v: string) =>
  NEEDS_ESCAPE.test(v) ? v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n") : v;

/** A histogram family keyed by label set. */
export class Histogram {
  #series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[] = LATENCY_BUCKETS,
  ) {}

  /** Records one observation (seconds for latency histograms). */
  observe(labels: Labels, value: number): void {
    const key = labelKey(labels);
    let s = this.#series.get(key);
    if (!s) {
      s = { counts: new Array(this.buckets.length).fill(0), sum: 0, count: 0 };
      this.#series.set(key, s);
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) s.counts[i]++;
    s.sum += value;
    s.count++;
  }

  /** The family in Prometheus text format. */
  render(): string {
    const out = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, s] of this.#series) {
      const sep = key ? "," : "";
      this.buckets.forEach((b, i) =>
        out.push(`${this.name}_bucket{${key}${sep}le="${b}"} ${s.counts[i]}`)
      );
      out.push(`${this.name}_bucket{${key}${sep}le="+Inf"} ${s.count}`);
      out.push(`${this.name}_sum{${key}} ${s.sum}`);
      out.push(`${this.name}_count{${key}} ${s.count}`);
    }
    return out.join("\n");
  }
}

/** A monotonically increasing counter family keyed by label set. */
export class Counter {
  #series = new Map<string, number>();
  constructor(readonly name: string, readonly help: string) {}

  /** Adds `n` (default 1). */
  inc(labels: Labels, n = 1): void {
    const key = labelKey(labels);
    this.#series.set(key, (this.#series.get(key) ?? 0) + n);
  }

  /** The family in Prometheus text format. */
  render(): string {
    const out = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, v] of this.#series) out.push(`${this.name}{${key}} ${v}`);
    return out.join("\n");
  }
}

/** The service's metrics. One instance per process, passed in like other dependencies. */
export class Metrics {
  readonly httpDuration = new Histogram(
    "http_request_duration_seconds",
    "HTTP request latency by method, route pattern and status class",
  );
  readonly stageDuration = new Histogram(
    "answer_pipeline_stage_seconds",
    "Answer pipeline stage timings: storage, stt, llm, tts_first_byte",
  );
  readonly aiFailures = new Counter("ai_failures_total", "AI provider calls that failed, by stage");
  readonly unhandledErrors = new Counter(
    "unhandled_errors_total",
    "Rejections and exceptions nothing handled, by kind; each one is a bug",
  );
  readonly ttsDivergence = new Counter(
    "tts_transcript_divergence_total",
    "Spoken questions whose Realtime transcript diverged from the text, by outcome: " +
      "retried (a matching retake was stored) or kept (the retake diverged too or failed)",
  );

  constructor() {
    // Both outcomes show from the start, so a rate over them is defined before the first one.
    for (const outcome of ["retried", "kept"]) this.ttsDivergence.inc({ outcome }, 0);
  }

  /** All families, Prometheus text exposition format 0.0.4. */
  render(): string {
    const families = [
      this.httpDuration,
      this.stageDuration,
      this.aiFailures,
      this.unhandledErrors,
      this.ttsDivergence,
    ];
    return families.map((m) => m.render()).join("\n") + "\n";
  }
}
