/**
 * Part 1 of `deno task bench`: the turn gap over HTTP and the audible gap in Chromium. The real
 * app serves in this process beside the naive serial pipeline, both on the same provider,
 * storage and injected latencies (see bench/run.ts for the figures).
 */
import { connectUrl } from "../db/client.ts";
import { createAi } from "../lib/ai/mod.ts";
import { TokenSigner } from "../lib/auth/mod.ts";
import { type Config, parseEnv } from "../lib/config.ts";
import { Metrics } from "../lib/metrics.ts";
import { createLocalStorage } from "../lib/storage/local.ts";
import type { Storage } from "../lib/storage/types.ts";
import { createApp } from "../routes/app.ts";
import type { AppDeps } from "../routes/context.ts";
import { startFakeOpenAI } from "../tests/fake_openai.ts";
import { audibleGaps, type AudibleResult } from "./audible.ts";
import { feedbackCompleted, recording, seed } from "./seed.ts";
import { median } from "./stats.ts";
import {
  appApi,
  type Client,
  naiveApi,
  naivePipeline,
  runInterview,
  type TurnSample,
} from "./turn_gap.ts";

/** Injected latencies (ms) and the critical path they imply: STT + LLM + TTS first byte. */
export const LATENCY = {
  sttMs: 800,
  chatMs: 1200,
  ttsFirstByteMs: 300,
  ttsTotalMs: 2000,
  storagePutMs: 100,
};
export const CRITICAL_PATH_MS = LATENCY.sttMs + LATENCY.chatMs + LATENCY.ttsFirstByteMs;
/** The app's voice; the naive pipeline keeps the `/audio/speech` model it was built on. */
export const REALTIME_TTS_MODEL = "gpt-realtime-2.1-mini";
export const NAIVE_TTS_MODEL = "tts-1-hd";

export const log = (msg: string) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The environment of an app under the bench: production settings against the fake OpenAI at
 * `fakeUrl`, without request logs, the feedback worker or rate limits getting in the way.
 */
export function benchEnv(dataDir: string, dbUrl: string, fakeUrl: string, jwtSecret: string) {
  return {
    APP_ENV: "production",
    DATA_DIR: dataDir,
    DATABASE_URL: dbUrl,
    LOG_REQUESTS: "false",
    FEEDBACK_WORKER: "false",
    OPENAI_API_KEY: "x",
    OPENAI_BASE_URL: fakeUrl,
    JWT_SECRET: jwtSecret,
    RATE_LIMIT_AI_USER: "100000",
    RATE_LIMIT_AUTH_IP: "100000",
  };
}

/** Storage whose puts first wait `ms`, like a round trip to a remote object store. */
export function withPutDelay<S extends Storage>(storage: S, ms: number): S {
  return new Proxy(storage, {
    get(target, prop, receiver) {
      if (prop === "put") {
        return async (...args: Parameters<Storage["put"]>) => {
          await sleep(ms);
          return await target.put(...args);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** Collects stage durations (ms) by name. */
export class Stages {
  readonly by = new Map<string, number[]>();
  add = (stage: string, ms: number) => {
    const list = this.by.get(stage) ?? [];
    list.push(ms);
    this.by.set(stage, list);
  };
  median(stage: string): number {
    return median(this.by.get(stage) ?? []);
  }
}

export interface TurnGapResult {
  pipelined: TurnSample[];
  naive: TurnSample[];
  stages: Stages;
  naiveStages: Stages;
  audible: AudibleResult;
}

/** The app in this process against the naive pipeline, same parts and latencies. */
export async function turnGap(
  interviews: number,
  dbUrl: string,
  jwtSecret: string,
): Promise<TurnGapResult> {
  const fake = await startFakeOpenAI();
  const db = connectUrl(dbUrl, 10);
  const dataDir = await Deno.makeTempDir({ prefix: "mi-bench-data-" });
  const server = { current: null as Deno.HttpServer<Deno.NetAddr> | null };
  try {
    const config: Config = {
      ...parseEnv({
        ...benchEnv(dataDir, dbUrl, fake.url, jwtSecret),
        OPENAI_TTS_MODEL: REALTIME_TTS_MODEL,
      }),
      jwtSecret,
    };
    const storage = withPutDelay(
      createLocalStorage({ dir: `${dataDir}/files`, secret: `${jwtSecret}-files`, baseUrl: "" }),
      LATENCY.storagePutMs,
    );
    const ai = createAi(config);
    const metrics = new Metrics();
    const stages = new Stages();
    const naiveStages = new Stages();
    const deps: AppDeps & { timings: (stage: string, ms: number) => void } = {
      config,
      sql: db.sql,
      storage,
      ai,
      signer: new TokenSigner(jwtSecret),
      metrics,
      log: () => {},
      // The engine reports its stages here; the app exports them on /metrics the same way.
      timings: (stage, ms) => {
        stages.add(stage, ms);
        metrics.stageDuration.observe({ stage }, ms / 1000);
      },
    };
    const app = createApp(deps);
    const naive = naivePipeline({
      sql: db.sql,
      storage,
      ai: createAi({ ...config, OPENAI_TTS_MODEL: NAIVE_TTS_MODEL }),
      timings: naiveStages.add,
    });
    server.current = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      (req, info) =>
        new URL(req.url).pathname.startsWith("/bench/naive/")
          ? naive.fetch(req)
          : app.fetch(req, info),
    );
    const origin = `http://127.0.0.1:${server.current.addr.port}`;
    const s = await seed(origin);
    const client: Client = { origin, token: s.token };
    const answer = await recording();

    fake.setLatency("transcription", LATENCY.sttMs);
    fake.setLatency("chat", LATENCY.chatMs);
    fake.setLatency("speech", { firstByteMs: LATENCY.ttsFirstByteMs, totalMs: LATENCY.ttsTotalMs });
    fake.realtime.setLatency({
      firstDeltaMs: LATENCY.ttsFirstByteMs,
      totalMs: LATENCY.ttsTotalMs,
    });
    // Warm both paths once (JIT, connection pools), unmeasured.
    log("turn gap: warm-up interview on each pipeline");
    await Promise.all([
      runInterview(origin, appApi(client, s.coverLetterId), answer),
      runInterview(origin, naiveApi(client, s.userId, s.coverLetterId), answer),
    ]);
    stages.by.clear();
    naiveStages.by.clear();

    const times = <T>(run: () => Promise<T>) =>
      Promise.all(Array.from({ length: interviews }, run));
    log(`turn gap: pipelined, ${interviews} interviews side by side`);
    const piped = await times(() => runInterview(origin, appApi(client, s.coverLetterId), answer));
    // Feedback of these interviews runs while the naive variant does; the run waits for it.
    const feedback = Promise.all(
      piped.map(({ sessionId }) => feedbackCompleted(origin, s.token, sessionId)),
    );
    log(`turn gap: naive serial, ${interviews} interviews side by side`);
    const naiveRuns = await times(() =>
      runInterview(origin, naiveApi(client, s.userId, s.coverLetterId), answer)
    );
    await feedback;
    log("audible gap: Chromium, the island and the naive pipeline, one interview each");
    const audible = await audibleGaps(origin, s, new Uint8Array(await answer.arrayBuffer()));
    return {
      audible,
      pipelined: piped.flatMap((r) => r.samples),
      naive: naiveRuns.flatMap((r) => r.samples),
      stages,
      naiveStages,
    };
  } finally {
    await server.current?.shutdown();
    await db.close();
    await fake.close();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}
