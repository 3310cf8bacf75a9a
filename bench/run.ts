/**
 * `deno task bench`: the performance numbers of docs/PERFORMANCE.md, measured in one run.
 *
 * 1. Turn gap (issues 6, 12): the real app in this process on a fresh PostgreSQL database, the
 *    fake OpenAI injecting STT 0.8 s, chat 1.2 s, TTS first byte 0.3 s / total 2.0 s, and
 *    storage puts delayed 0.1 s; the app speaks over the Realtime API (gpt-realtime-2.1-mini,
 *    PCM streamed), against the naive serial pipeline with an `/audio/speech` MP3 voice. Over
 *    HTTP (answer sent → first audio byte), then in Chromium (answer → question audible).
 * 2. Throughput: `main.ts` and a bare Hono + postgres.js server as separate processes, loaded
 *    by wrk over loopback; resident memory of the app after 10,000 requests.
 * 3. The island bundle, gzipped.
 * 4. Turn gap by answer length, live transcription vs file STT (issue 16, `live_gap.ts`).
 *
 * Flags: --interviews N (per variant, run side by side; default 4), --duration S (per wrk run;
 * default 3), --rounds R (paired wrk rounds, medians kept; default 6), --strict (exit 1 when an
 * acceptance target is missed), --live-only (part 4 alone). Env: BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres; a fresh database is created there and dropped).
 */
import { fileURLToPath } from "node:url";
import { connectUrl } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { createAi } from "../lib/ai/mod.ts";
import { BUILD_DIR, gzipSize, readManifest } from "../lib/assets.ts";
import { TokenSigner } from "../lib/auth/mod.ts";
import { type Config, parseEnv } from "../lib/config.ts";
import { Metrics } from "../lib/metrics.ts";
import { createLocalStorage } from "../lib/storage/local.ts";
import type { Storage } from "../lib/storage/types.ts";
import { createApp } from "../routes/app.ts";
import type { AppDeps } from "../routes/context.ts";
import { startFakeOpenAI } from "../tests/fake_openai.ts";
import { audibleGaps, type AudibleResult } from "./audible.ts";
import { type ServerProcess, startDenoServer } from "./servers.ts";
import { formatBytes, formatMs, markdownTable, median, percentile } from "./stats.ts";
import {
  appApi,
  type Client,
  naiveApi,
  naivePipeline,
  runInterview,
  type TurnSample,
} from "./turn_gap.ts";
import { runWrk, type WrkRequest, type WrkResult } from "./wrk.ts";
import { LIVE_LATENCY, liveGap, liveGapReport } from "./live_gap.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const OUT = new URL("./out/latest.md", import.meta.url);

/** Injected latencies (ms) and the critical path they imply: STT + LLM + TTS first byte. */
export const LATENCY = {
  sttMs: 800,
  chatMs: 1200,
  ttsFirstByteMs: 300,
  ttsTotalMs: 2000,
  storagePutMs: 100,
};
export const CRITICAL_PATH_MS = LATENCY.sttMs + LATENCY.chatMs + LATENCY.ttsFirstByteMs;
/**
 * Acceptance targets: the turn and audible gaps (issue 12) and the API p99 at 64 connections
 * (issue 13). The share of a bare twin's requests/s is reported for information only: that
 * target (issue 6) is withdrawn.
 */
export const TARGET = {
  turnGapRatio: 1.1,
  audibleRatio: 1.15,
  naiveRatioOver: 1.5,
  p99Ms: 50,
};
/** The app's voice; the naive pipeline keeps the `/audio/speech` model it was built on. */
const REALTIME_TTS_MODEL = "gpt-realtime-2.1-mini";
const NAIVE_TTS_MODEL = "tts-1-hd";

const WRK_CONNECTIONS = 64;
const WRK_THREADS = 2;
const MEMORY_REQUESTS = 10_000;

interface Options {
  interviews: number;
  durationSec: number;
  rounds: number;
  strict: boolean;
  liveOnly: boolean;
}

function parseArgs(args: string[]): Options {
  const o: Options = {
    interviews: 4,
    durationSec: 3,
    rounds: 6,
    strict: false,
    liveOnly: false,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const num = () => {
      const v = Number(args[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      return v;
    };
    if (a === "--interviews") o.interviews = Math.round(num());
    else if (a === "--duration") o.durationSec = Math.round(num());
    else if (a === "--rounds") o.rounds = Math.round(num());
    else if (a === "--strict") o.strict = true;
    else if (a === "--live-only") o.liveOnly = true;
    else throw new Error(`unknown flag ${a}`);
  }
  return o;
}

const log = (msg: string) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Storage whose puts first wait `ms`, like a round trip to a remote object store. */
function withPutDelay<S extends Storage>(storage: S, ms: number): S {
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
class Stages {
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

async function machine(sql: ReturnType<typeof connectUrl>["sql"]) {
  const cpu = (await Deno.readTextFile("/proc/cpuinfo")).match(/^model name\s*:\s*(.+)$/m)?.[1];
  const memKb = Number((await Deno.readTextFile("/proc/meminfo")).match(/MemTotal:\s+(\d+)/)?.[1]);
  const [{ version }] = await sql<{ version: string }[]>`select version()`;
  const wrk = new TextDecoder().decode(
    (await new Deno.Command("/usr/bin/wrk", { args: ["-v"], stdout: "piped", stderr: "piped" })
      .output()).stdout,
  ).split(" ")[1] ?? "?";
  return {
    cores: navigator.hardwareConcurrency,
    cpu: cpu?.trim() ?? "unknown CPU",
    memGiB: Math.round(memKb / 1024 / 1024),
    deno: Deno.version.deno,
    postgres: version.split(" ").slice(0, 2).join(" "),
    wrk,
  };
}

// deno-lint-ignore no-explicit-any
async function json(res: Response, status: number): Promise<any> {
  const text = await res.text();
  if (res.status !== status) {
    throw new Error(`${res.url}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  }
  return JSON.parse(text);
}

const POSTING = `[백엔드 개발자 채용]
주요 업무: 결제 시스템 API 설계와 개발, PostgreSQL 쿼리 최적화, 장애 대응과 모니터링.
자격 요건: 백엔드 개발 경력 3년 이상, TypeScript 또는 Go, 관계형 데이터베이스 설계 경험.
우대 사항: 대용량 트래픽 처리 경험, 클라우드(AWS) 운영 경험, 코드 리뷰 문화 경험.`;
const COVER_LETTER = `저는 지난 4년 동안 결제 서비스의 백엔드를 개발했습니다. 주문과 정산 API를 ` +
  `TypeScript로 설계했고, 느린 PostgreSQL 쿼리를 찾아 인덱스를 다시 설계해 응답 시간을 절반으로 ` +
  `줄였습니다. 장애가 나면 먼저 지표를 보고 원인을 좁히는 습관이 있으며, 이 경험을 귀사의 결제 ` +
  `시스템을 더 안정적으로 만드는 데 쓰고 싶습니다.`;

/** Registers a user with a posting and a cover letter; returns what the interviews need. */
async function seed(origin: string) {
  const email = `bench-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const password = "bench correct horse";
  const user = await json(
    await fetch(`${origin}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password, name: "벤치", career_summary: "백엔드 4년" }),
    }),
    201,
  );
  const tokens = await json(
    await fetch(`${origin}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    }),
    200,
  );
  const auth = { authorization: `Bearer ${tokens.access_token}` };
  const form = new FormData();
  form.set("title", "백엔드 개발자");
  form.set("text", POSTING);
  const posting = await json(
    await fetch(`${origin}/api/job-postings`, { method: "POST", headers: auth, body: form }),
    201,
  );
  const letter = await json(
    await fetch(`${origin}/api/cover-letters`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ job_posting_id: posting.id, content: COVER_LETTER }),
    }),
    201,
  );
  return {
    userId: user.id as string,
    token: tokens.access_token as string,
    postingId: posting.id as string,
    coverLetterId: letter.id as string,
  };
}

interface TurnGapResult {
  pipelined: TurnSample[];
  naive: TurnSample[];
  stages: Stages;
  naiveStages: Stages;
  /** Interviews of the pipelined run, feedback completed (for the result page). */
  sessions: string[];
  audible: AudibleResult;
  seed: Awaited<ReturnType<typeof seed>>;
}

/** Part 1: the app in this process against the naive pipeline, same parts and latencies. */
async function turnGap(
  opts: Options,
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
        APP_ENV: "production",
        DATA_DIR: dataDir,
        DATABASE_URL: dbUrl,
        LOG_REQUESTS: "false",
        FEEDBACK_WORKER: "false",
        OPENAI_API_KEY: "x",
        OPENAI_BASE_URL: fake.url,
        OPENAI_TTS_MODEL: REALTIME_TTS_MODEL,
        JWT_SECRET: jwtSecret,
        RATE_LIMIT_AI_USER: "100000",
        RATE_LIMIT_AUTH_IP: "100000",
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
    const recording = new Blob([
      await Deno.readFile(new URL("../tests/fixtures/audio/speech.webm", import.meta.url)),
    ], { type: "audio/webm" });

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
      runInterview(origin, appApi(client, s.coverLetterId), recording),
      runInterview(origin, naiveApi(client, s.userId, s.coverLetterId), recording),
    ]);
    stages.by.clear();
    naiveStages.by.clear();

    log(`turn gap: pipelined, ${opts.interviews} interviews side by side`);
    const piped = await Promise.all(
      Array.from(
        { length: opts.interviews },
        () => runInterview(origin, appApi(client, s.coverLetterId), recording),
      ),
    );
    // Feedback of these interviews (for the result page) runs while the naive variant does.
    const feedback = Promise.all(piped.map(async ({ sessionId }) => {
      for (let i = 0; i < 10; i++) {
        const r = await json(
          await fetch(`${origin}/api/interviews/${sessionId}/result`, {
            headers: { authorization: `Bearer ${s.token}` },
          }),
          200,
        );
        if (r.status === "completed") return sessionId;
      }
      throw new Error(`feedback of ${sessionId} did not complete`);
    }));
    log(`turn gap: naive serial, ${opts.interviews} interviews side by side`);
    const naiveRuns = await Promise.all(
      Array.from(
        { length: opts.interviews },
        () => runInterview(origin, naiveApi(client, s.userId, s.coverLetterId), recording),
      ),
    );
    const sessions = await feedback;
    log("audible gap: Chromium, the island and the naive pipeline, one interview each");
    const audible = await audibleGaps(origin, s, new Uint8Array(await recording.arrayBuffer()));
    return {
      audible,
      pipelined: piped.flatMap((r) => r.samples),
      naive: naiveRuns.flatMap((r) => r.samples),
      stages,
      naiveStages,
      sessions,
      seed: s,
    };
  } finally {
    await server.current?.shutdown();
    await db.close();
    await fake.close();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}

interface LoadRow {
  name: string;
  /** One wrk run per round. */
  runs: WrkResult[];
  /** The bare route doing the same SQL, for API rows. */
  twin?: string;
  /** Per round: this route's requests/s over its twin's, measured back to back. */
  shares?: number[];
}

interface LoadResult {
  rows: LoadRow[];
  rssIdle: number;
  rssAfter10k: number;
  rssEnd: number;
  requestsEnd: number;
}

const BARE_POSTING = "bare Hono + postgres.js: same SQL as GET /api/job-postings/{id}";
const BARE_HISTORY = "bare Hono + postgres.js: same SQL as GET /api/interviews/history";

/** Part 2: wrk against `main.ts` and the bare server, both separate processes. */
async function load(
  opts: Options,
  dbUrl: string,
  jwtSecret: string,
  s: TurnGapResult["seed"],
  sessionId: string,
): Promise<LoadResult> {
  const dataDir = await Deno.makeTempDir({ prefix: "mi-bench-app-" });
  let app: ServerProcess | null = null;
  let bare: ServerProcess | null = null;
  try {
    // Added to this process's environment; S3 settings are cleared so files stay local.
    const env = {
      S3_BUCKET: "",
      DATABASE_URL: dbUrl,
      DATABASE_POOL_MAX: "10",
    };
    log("load: starting main.ts and the bare server");
    [app, bare] = await Promise.all([
      startDenoServer("main.ts", {
        ...env,
        APP_ENV: "production",
        JWT_SECRET: jwtSecret,
        DATA_DIR: dataDir,
        LOG_REQUESTS: "false",
        FEEDBACK_WORKER: "false",
        // Never called by the measured routes; set so the process runs as in production.
        OPENAI_API_KEY: "x",
        OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
      }, { cwd: ROOT }),
      startDenoServer("bench/bare_server.ts", env, { cwd: ROOT }),
    ]);
    const bearer = { Authorization: `Bearer ${s.token}` };
    const requests: Record<string, { server: ServerProcess; req: WrkRequest; twin?: string }> = {
      [BARE_HISTORY]: {
        server: bare,
        req: { path: `/bare/users/${s.userId}/interviews/history` },
      },
      "GET /api/interviews/history": {
        server: app,
        req: { path: "/api/interviews/history", headers: bearer },
        twin: BARE_HISTORY,
      },
      [BARE_POSTING]: {
        server: bare,
        req: { path: `/bare/users/${s.userId}/job-postings/${s.postingId}` },
      },
      "GET /api/job-postings/{id}": {
        server: app,
        req: { path: `/api/job-postings/${s.postingId}`, headers: bearer },
        twin: BARE_POSTING,
      },
      "GET /interviews/{id}/result (HTML)": {
        server: app,
        req: { path: `/interviews/${sessionId}/result`, headers: { Cookie: `mi_at=${s.token}` } },
      },
    };
    for (const [name, { server, req }] of Object.entries(requests)) {
      const res = await fetch(server.origin + req.path, { headers: req.headers });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}: ${body.slice(0, 200)}`);
    }

    const rssIdle = await app.rss();
    log(`load: ${MEMORY_REQUESTS} requests to the app, then its resident memory`);
    const appRequests = Object.values(requests).filter((r) => r.server === app).map((r) => r.req);
    await hammer(app.origin, appRequests, MEMORY_REQUESTS, WRK_CONNECTIONS);
    const rssAfter10k = await app.rss();
    // The app is warm from those requests; warm the bare routes' JIT as well.
    for (const twin of [BARE_HISTORY, BARE_POSTING]) {
      await runWrk({
        origin: bare.origin,
        request: requests[twin].req,
        connections: WRK_CONNECTIONS,
        threads: WRK_THREADS,
        durationSec: 2,
      });
    }

    // Paired rounds: each API route runs right after (or, every other round, right before) its
    // bare twin, and the share is taken within the pair. On a shared 2-core VM the machine's
    // speed drifts by ±20 % within minutes; a pair sees the same drift, and the median over
    // rounds drops the odd disturbed pair, where "best of" would keep the luckiest run.
    const runs = new Map<string, WrkResult[]>(Object.keys(requests).map((n) => [n, []]));
    const shares = new Map<string, number[]>();
    let served = MEMORY_REQUESTS;
    const measure = async (name: string) => {
      const { server, req } = requests[name];
      const r = await runWrk({
        origin: server.origin,
        request: req,
        connections: WRK_CONNECTIONS,
        threads: WRK_THREADS,
        durationSec: opts.durationSec,
      });
      assertClean(name, r);
      if (server === app) served += r.requests;
      runs.get(name)!.push(r);
      return r;
    };
    const paired = Object.entries(requests).filter(([, r]) => r.twin);
    for (let round = 1; round <= opts.rounds; round++) {
      log(`load: API round ${round}/${opts.rounds}`);
      for (const [name, { twin }] of paired) {
        const [first, second] = round % 2 ? [twin!, name] : [name, twin!];
        const a = await measure(first);
        const b = await measure(second);
        const [own, bareRun] = first === name ? [a, b] : [b, a];
        shares.set(name, [...(shares.get(name) ?? []), own.rps / bareRun.rps]);
      }
    }
    // The page last: its rendering fills the app's heap, which would tax whichever API run
    // came next with the garbage collection.
    const pages = Object.keys(requests).filter((n) => !n.startsWith("bare") && !requests[n].twin);
    for (let round = 1; round <= opts.rounds; round++) {
      log(`load: page round ${round}/${opts.rounds}`);
      for (const name of pages) await measure(name);
    }
    return {
      rows: [...runs].map(([name, r]) => ({
        name,
        runs: r,
        twin: requests[name].twin,
        shares: shares.get(name),
      })),
      rssIdle,
      rssAfter10k,
      rssEnd: await app.rss(),
      requestsEnd: served,
    };
  } finally {
    await Promise.all([app?.stop(), bare?.stop()]);
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}

/** Sends `total` requests, `concurrency` at a time, rotating through `reqs`; all must be 200. */
async function hammer(origin: string, reqs: WrkRequest[], total: number, concurrency: number) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const r = reqs[next++ % reqs.length];
      const res = await fetch(origin + r.path, { headers: r.headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${r.path}: HTTP ${res.status}`);
    }
  }));
}

function assertClean(name: string, r: WrkResult) {
  if (r.non2xx > 0 || r.socketErrors > 0) {
    throw new Error(`${name}: ${r.non2xx} non-2xx responses, ${r.socketErrors} socket errors`);
  }
}

/** Part 3: the island bundle as built for production. */
async function bundle(): Promise<{ file: string; bytes: number; gzip: number }> {
  const manifest = readManifest();
  if (!manifest) throw new Error("no static/build/manifest.json; run `deno task build`");
  const file = manifest.files["main.js"];
  const bytes = await Deno.readFile(`${BUILD_DIR}/${file}`);
  return { file, bytes: bytes.byteLength, gzip: await gzipSize(bytes) };
}

function report(
  m: Awaited<ReturnType<typeof machine>>,
  tg: TurnGapResult,
  ld: LoadResult,
  b: Awaited<ReturnType<typeof bundle>>,
  opts: Options,
): { text: string; failures: string[] } {
  const failures: string[] = [];
  const gap = (samples: TurnSample[]) => samples.map((t) => t.gapMs);
  const pMed = median(gap(tg.pipelined));
  const pP95 = percentile(gap(tg.pipelined), 95);
  const nMed = median(gap(tg.naive));
  const nP95 = percentile(gap(tg.naive), 95);
  const ratio = (ms: number) => (ms / CRITICAL_PATH_MS).toFixed(2);
  if (pMed / CRITICAL_PATH_MS > TARGET.turnGapRatio) {
    failures.push(`pipelined turn gap ratio ${ratio(pMed)} > ${TARGET.turnGapRatio}`);
  }
  if (nMed / CRITICAL_PATH_MS <= TARGET.naiveRatioOver) {
    failures.push(`naive turn gap ratio ${ratio(nMed)} is not over ${TARGET.naiveRatioOver}`);
  }
  const island = tg.audible.island;
  const aMed = median(island.map((h) => h.stopToAudibleMs));
  const fbMed = median(island.map((h) => h.stopToFirstByteMs));
  const naMed = median(tg.audible.naive.map((h) => h.audibleMs));
  if (aMed / CRITICAL_PATH_MS > TARGET.audibleRatio) {
    failures.push(`audible gap ratio ${ratio(aMed)} > ${TARGET.audibleRatio}`);
  }
  const every = (ms: number[]) => ms.map((x) => (x / 1000).toFixed(2)).join(", ") + " s";
  const audibleTable = markdownTable(
    [
      "pipeline",
      "turns",
      "median first byte",
      "median audible",
      "audible ÷ 2.3 s",
      "every audible",
    ],
    [
      [
        "the app: Realtime PCM → island (Web Audio), stop → …",
        String(island.length),
        formatMs(fbMed),
        formatMs(aMed),
        ratio(aMed),
        every(island.map((h) => h.stopToAudibleMs)),
      ],
      [
        "naive serial → `<audio src>`, answer sent → …",
        String(tg.audible.naive.length),
        "–",
        formatMs(naMed),
        ratio(naMed),
        every(tg.audible.naive.map((h) => h.audibleMs)),
      ],
    ],
  );
  const turnTable = markdownTable(
    ["pipeline", "turns", "median gap", "p95 gap", "median ÷ 2.3 s", "p95 ÷ 2.3 s"],
    [
      [
        "pipelined (the app, Realtime)",
        String(tg.pipelined.length),
        formatMs(pMed),
        formatMs(pP95),
        ratio(pMed),
        ratio(pP95),
      ],
      [
        "naive serial",
        String(tg.naive.length),
        formatMs(nMed),
        formatMs(nP95),
        ratio(nMed),
        ratio(nP95),
      ],
    ],
  );
  const sorted = (samples: TurnSample[]) =>
    gap(samples).sort((a, b) => a - b).map((ms) => (ms / 1000).toFixed(2)).join(", ") + " s";
  const split = (samples: TurnSample[]) => [
    formatMs(median(samples.map((t) => t.answerMs))),
    formatMs(median(samples.map((t) => t.audioFirstByteMs))),
  ];
  const st = (s: Stages, k: string) =>
    `${formatMs(s.median(k))} / ${formatMs(Math.max(...(s.by.get(k) ?? [NaN])))}`;
  const stageTable = markdownTable(
    [
      "pipeline",
      "answer response",
      "audio 1st byte after it",
      "storage put",
      "STT",
      "LLM",
      "TTS",
    ],
    [
      [
        "pipelined",
        ...split(tg.pipelined),
        st(tg.stages, "storage"),
        st(tg.stages, "stt"),
        st(tg.stages, "llm"),
        `${st(tg.stages, "tts_first_byte")} (1st byte)`,
      ],
      [
        "naive",
        ...split(tg.naive),
        st(tg.naiveStages, "storage"),
        st(tg.naiveStages, "stt"),
        st(tg.naiveStages, "llm"),
        `${st(tg.naiveStages, "tts_total")} (whole)`,
      ],
    ],
  );

  const loadRows = ld.rows.map(({ name, runs, shares }) => {
    const rps = median(runs.map((r) => r.rps));
    const p99 = median(runs.map((r) => r.p99Ms));
    const share = shares ? median(shares) : null;
    if (share !== null && p99 >= TARGET.p99Ms) failures.push(`${name}: p99 ${formatMs(p99)}`);
    return [
      name,
      Math.round(rps).toLocaleString("en-US"),
      formatMs(median(runs.map((r) => r.p50Ms))),
      formatMs(p99),
      share === null ? "–" : `${(share * 100).toFixed(0)} %`,
      shares ? shares.map((x) => (x * 100).toFixed(0)).join(", ") : "–",
      runs.map((r) => r.p99Ms.toFixed(0)).join(", "),
    ];
  });
  const loadTable = markdownTable(
    [
      "route",
      "requests/s",
      "p50",
      "p99",
      "of bare twin",
      "share each round (%)",
      "p99 each round (ms)",
    ],
    loadRows,
  );
  const otherTable = markdownTable(["measure", "value"], [
    ["app RSS, idle after start", formatBytes(ld.rssIdle)],
    [
      `app RSS after ${MEMORY_REQUESTS.toLocaleString("en-US")} requests`,
      formatBytes(ld.rssAfter10k),
    ],
    [
      `app RSS after all ${ld.requestsEnd.toLocaleString("en-US")} requests`,
      formatBytes(ld.rssEnd),
    ],
    [`island bundle ${b.file}`, `${formatBytes(b.bytes)} minified, ${formatBytes(b.gzip)} gzip`],
  ]);

  const text = [
    `# deno task bench — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    "",
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memGiB} GiB RAM; Deno ${m.deno}, ${m.postgres}, ` +
    `wrk ${m.wrk}.`,
    "",
    "## Turn gap: answer sent → first audio byte of the next question",
    "",
    `The app speaks with ${REALTIME_TTS_MODEL} over the Realtime API (PCM, fetched with ` +
    "`format=pcm` like the island); the naive pipeline with " +
    `${NAIVE_TTS_MODEL} over \`/audio/speech\` (MP3), synthesised whole before it answers.`,
    "",
    `Fake OpenAI latencies: STT ${LATENCY.sttMs / 1000} s, chat ${LATENCY.chatMs / 1000} s, ` +
    `TTS first byte ${LATENCY.ttsFirstByteMs / 1000} s (whole ${LATENCY.ttsTotalMs / 1000} s); ` +
    `storage put ${LATENCY.storagePutMs / 1000} s. Critical path STT + LLM + TTS first byte = ` +
    `${CRITICAL_PATH_MS / 1000} s. ${opts.interviews} interviews per pipeline side by side, ` +
    `4 timed turns each; p95 is nearest-rank.`,
    "",
    turnTable,
    "",
    "Where the time goes (medians; stages as median / max):",
    "",
    stageTable,
    "",
    `Every gap, sorted: pipelined ${sorted(tg.pipelined)}; naive ${sorted(tg.naive)}.`,
    "",
    "## Audible gap in Chromium: answer → the next question heard",
    "",
    "Headless Chromium with a fake microphone, one interview per pipeline after the HTTP runs, " +
    "4 timed turns each. The island's times run from the stop button (MediaRecorder flush and " +
    "upload included) to the scheduled start of the first Web Audio buffer; the naive " +
    "client's from the answer POST to the `<audio>` element's `playing`.",
    "",
    audibleTable,
    "",
    `## API throughput: wrk, ${WRK_CONNECTIONS} connections, ${WRK_THREADS} threads, ` +
    `${opts.durationSec} s per run, medians of ${opts.rounds} rounds`,
    "",
    "`main.ts` (APP_ENV=production, PostgreSQL, pool 10) and the bare server are separate " +
    "processes; wrk shares the two cores with them. Each round runs every API route back to " +
    "back with its bare twin (same SQL, same postgres.js settings); *of bare twin* is the " +
    "median of those per-round shares, each listed in the next column.",
    "",
    loadTable,
    "",
    "## Memory and bundle",
    "",
    otherTable,
    "",
    failures.length
      ? `Targets missed:\n${failures.map((f) => `- ${f}`).join("\n")}`
      : `All targets met: turn gap ≤ ${TARGET.turnGapRatio} × critical path, audible gap ≤ ` +
        `${TARGET.audibleRatio} × (naive > ` +
        `${TARGET.naiveRatioOver} ×); API routes with p99 < ${TARGET.p99Ms} ms.`,
    "",
  ].join("\n");
  return { text, failures };
}

/** Part 4: `live_gap.ts` on its own app and fake, with this bench's config, storage and seed. */
async function liveGapPart(opts: Options, dbUrl: string, jwtSecret: string) {
  const db = connectUrl(dbUrl, 10);
  const dataDir = await Deno.makeTempDir({ prefix: "mi-bench-live-" });
  try {
    const result = await liveGap({
      configFor: (fakeUrl) => ({
        ...parseEnv({
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
        }),
        jwtSecret,
      }),
      sql: db.sql,
      storage: withPutDelay(
        createLocalStorage({ dir: `${dataDir}/files`, secret: `${jwtSecret}-files`, baseUrl: "" }),
        LIVE_LATENCY.storagePutMs,
      ),
      seed,
      interviews: Math.ceil(opts.interviews / 2),
      log,
    });
    return liveGapReport(result);
  } finally {
    await db.close();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}

async function main() {
  const opts = parseArgs(Deno.args);
  const started = performance.now();
  const adminUrl = Deno.env.get("BENCH_DATABASE_URL") ??
    "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = connectUrl(adminUrl, 1);
  const name = `bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const dbUrl = u.toString();
  const jwtSecret = crypto.randomUUID() + crypto.randomUUID();
  await admin.sql`create database ${admin.sql(name)}`;
  try {
    {
      const db = connectUrl(dbUrl, 1);
      await migrate(db.sql);
      await db.close();
    }
    const m = await machine(admin.sql);
    let text: string, failures: string[];
    if (opts.liveOnly) ({ text, failures } = await liveGapPart(opts, dbUrl, jwtSecret));
    else {
      const tg = await turnGap(opts, dbUrl, jwtSecret);
      const live = await liveGapPart(opts, dbUrl, jwtSecret);
      const ld = await load(opts, dbUrl, jwtSecret, tg.seed, tg.sessions[0]);
      const b = await bundle();
      const full = report(m, tg, ld, b, opts);
      text = `${full.text}\n${live.text}`;
      failures = [...full.failures, ...live.failures];
    }
    await Deno.mkdir(new URL("./out/", import.meta.url), { recursive: true });
    await Deno.writeTextFile(OUT, text);
    // Formatted like every other Markdown file of the project, so `deno task check` passes.
    await new Deno.Command(Deno.execPath(), { args: ["fmt", "-q", fileURLToPath(OUT)] }).output();
    console.log(await Deno.readTextFile(OUT));
    log(
      `done in ${
        ((performance.now() - started) / 1000).toFixed(0)
      } s; written to bench/out/latest.md`,
    );
    if (failures.length && opts.strict) Deno.exitCode = 1;
  } finally {
    await admin.sql`drop database if exists ${admin.sql(name)} with (force)`;
    await admin.close();
  }
}

if (import.meta.main) {
  await main();
  // The in-process app may leave a keep-alive socket or a job lease timer behind; the run is over.
  Deno.exit();
}
