import type { Sql } from "../db/client.ts";
import type { AiProvider } from "../lib/ai/types.ts";
import type { TokenSigner } from "../lib/auth/mod.ts";
import type { Config } from "../lib/config.ts";
import type { LiveTranscriptions, Stage } from "../lib/interview/mod.ts";
import type { Metrics } from "../lib/metrics.ts";
import type { Storage } from "../lib/storage/types.ts";

/** Everything the HTTP layer needs, passed in so tests can swap any part. */
export interface AppDeps {
  config: Config;
  sql: Sql;
  storage: Storage;
  ai: AiProvider;
  signer: TokenSigner;
  /** Prometheus metrics; createApp makes one when absent. */
  metrics?: Metrics;
  /** Answer-pipeline stage timings; createApp feeds them into `metrics`. */
  timings?: (stage: Stage, ms: number) => void;
  /** One structured log line per call; defaults to stdout JSON. */
  log?: (entry: Record<string, unknown>) => void;
  /** Live transcriptions of answers being spoken; createApp makes one when absent. */
  live?: LiveTranscriptions;
}

/** Hono environment shared by every router. */
export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    userId: string;
  };
}
