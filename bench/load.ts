/**
 * Part 2 of `deno task bench`: `main.ts` as its own process, loaded by wrk over loopback, and
 * its resident memory. The app is seeded through its own API (one user, a posting, a cover
 * letter and one finished interview against the fake OpenAI, no injected latency), so the part
 * runs alone (`--only api`) and on either database: PostgreSQL at a URL, or the embedded PGlite.
 */
import { fileURLToPath } from "node:url";
import { startFakeOpenAI } from "../tests/fake_openai.ts";
import { type ServerProcess, startDenoServer } from "./servers.ts";
import { feedbackCompleted, recording, seed } from "./seed.ts";
import { log, REALTIME_TTS_MODEL } from "./turns.ts";
import { appApi, runInterview } from "./turn_gap.ts";
import { runWrk, type WrkRequest, type WrkResult } from "./wrk.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
export const WRK_CONNECTIONS = 64;
export const WRK_THREADS = 2;
export const MEMORY_REQUESTS = 10_000;

export interface LoadOptions {
  /** PostgreSQL to serve from; none: the embedded PGlite in a fresh data directory. */
  databaseUrl?: string;
  jwtSecret: string;
  durationSec: number;
  rounds: number;
}

export interface LoadRow {
  name: string;
  /** Whether the route is part of the API (the p99 target), not a page. */
  api: boolean;
  /** One wrk run per round. */
  runs: WrkResult[];
}

export interface LoadResult {
  rows: LoadRow[];
  rssIdle: number;
  rssAfter10k: number;
  rssEnd: number;
  requestsEnd: number;
}

/** Starts `main.ts`, seeds it, then runs every route under wrk for `rounds` rounds. */
export async function load(opts: LoadOptions): Promise<LoadResult> {
  const dataDir = await Deno.makeTempDir({ prefix: "mi-bench-app-" });
  const fake = await startFakeOpenAI();
  let app: ServerProcess | null = null;
  try {
    log(`load: starting main.ts on ${opts.databaseUrl ? "PostgreSQL" : "embedded PGlite"}`);
    app = await startDenoServer("main.ts", {
      APP_ENV: "production",
      JWT_SECRET: opts.jwtSecret,
      DATA_DIR: dataDir,
      // Empty values count as unset: no URL is the embedded database, no bucket local files.
      DATABASE_URL: opts.databaseUrl ?? "",
      DATABASE_POOL_MAX: "10",
      S3_BUCKET: "",
      LOG_REQUESTS: "false",
      FEEDBACK_WORKER: "false",
      OPENAI_API_KEY: "x",
      OPENAI_BASE_URL: fake.url,
      OPENAI_TTS_MODEL: REALTIME_TTS_MODEL,
    }, { cwd: ROOT });
    const s = await seed(app.origin);
    const { sessionId } = await runInterview(
      app.origin,
      appApi({ origin: app.origin, token: s.token }, s.coverLetterId),
      await recording(),
    );
    await feedbackCompleted(app.origin, s.token, sessionId);

    const bearer = { Authorization: `Bearer ${s.token}` };
    const requests: Record<string, { api: boolean; req: WrkRequest }> = {
      "GET /api/interviews/history": {
        api: true,
        req: { path: "/api/interviews/history", headers: bearer },
      },
      "GET /api/job-postings/{id}": {
        api: true,
        req: { path: `/api/job-postings/${s.postingId}`, headers: bearer },
      },
      "GET /interviews/{id}/result (HTML)": {
        api: false,
        req: { path: `/interviews/${sessionId}/result`, headers: { Cookie: `mi_at=${s.token}` } },
      },
    };
    for (const [name, { req }] of Object.entries(requests)) {
      const res = await fetch(app.origin + req.path, { headers: req.headers });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}: ${body.slice(0, 200)}`);
    }

    const rssIdle = await app.rss();
    log(`load: ${MEMORY_REQUESTS} requests to the app, then its resident memory`);
    const all = Object.values(requests).map((r) => r.req);
    await hammer(app.origin, all, MEMORY_REQUESTS, WRK_CONNECTIONS);
    const rssAfter10k = await app.rss();

    const runs = new Map<string, WrkResult[]>(Object.keys(requests).map((n) => [n, []]));
    let served = MEMORY_REQUESTS;
    const measure = async (name: string) => {
      const r = await runWrk({
        origin: app!.origin,
        request: requests[name].req,
        connections: WRK_CONNECTIONS,
        threads: WRK_THREADS,
        durationSec: opts.durationSec,
      });
      assertClean(name, r);
      served += r.requests;
      runs.get(name)!.push(r);
    };
    const names = Object.keys(requests);
    // Rounds, medians kept: on a shared 2-core VM the machine's speed drifts by ±20 % within
    // minutes, and the median drops the odd disturbed run where "best of" keeps the luckiest.
    for (const pages of [false, true]) {
      // The page last: its rendering fills the app's heap, which would tax whichever API run
      // came next with the garbage collection.
      const group = names.filter((n) => requests[n].api !== pages);
      for (let round = 1; round <= opts.rounds; round++) {
        log(`load: ${pages ? "page" : "API"} round ${round}/${opts.rounds}`);
        for (const name of group) await measure(name);
      }
    }
    return {
      rows: names.map((name) => ({ name, api: requests[name].api, runs: runs.get(name)! })),
      rssIdle,
      rssAfter10k,
      rssEnd: await app.rss(),
      requestsEnd: served,
    };
  } finally {
    await app?.stop();
    await fake.close();
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
