/**
 * `deno task bench`: the performance numbers of docs/PERFORMANCE.md, measured in one run.
 *
 * 1. Turn gap (issues 6, 12; bench/turns.ts): the real app in this process on a fresh
 *    PostgreSQL database, the fake OpenAI injecting STT 0.8 s, chat 1.2 s, TTS first byte
 *    0.3 s / total 2.0 s, and storage puts delayed 0.1 s; the app speaks over the Realtime API
 *    (gpt-realtime-2.1-mini, PCM streamed), against the naive serial pipeline with an
 *    `/audio/speech` MP3 voice. Over HTTP (answer sent → first audio byte), then in Chromium
 *    (answer → question audible).
 * 2. Throughput (bench/load.ts): `main.ts` as a separate process, loaded by wrk over
 *    loopback; its resident memory after 10,000 requests. For information, and the API p99
 *    target (< 50 ms at 64 connections).
 * 3. The island bundle, gzipped.
 * 4. Turn gap by answer length, live transcription vs file STT (issue 16, `live_gap.ts`).
 *
 * Flags: --interviews N (per variant, run side by side; default 4), --duration S (per wrk run;
 * default 3), --rounds R (wrk rounds, medians kept; default 6), --only api (part 2 alone),
 * --database postgres|pglite (with --only api: the app's database; default postgres),
 * --strict (exit 1 when an acceptance target is missed), --live-only (part 4 alone). Env: BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres; a fresh database is created there and dropped).
 */
import { fileURLToPath } from "node:url";
import { connectUrl } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { BUILD_DIR, gzipSize, readManifest } from "../lib/assets.ts";
import { parseEnv } from "../lib/config.ts";
import { createLocalStorage } from "../lib/storage/local.ts";
import { LIVE_LATENCY, liveGap, liveGapReport } from "./live_gap.ts";
import { load } from "./load.ts";
import { machine, report } from "./report.ts";
import { seed } from "./seed.ts";
import { benchEnv, log, turnGap, withPutDelay } from "./turns.ts";

const OUT = new URL("./out/latest.md", import.meta.url);

interface Options {
  interviews: number;
  durationSec: number;
  rounds: number;
  strict: boolean;
  apiOnly: boolean;
  pglite: boolean;
  liveOnly: boolean;
}

function parseArgs(args: string[]): Options {
  const o: Options = {
    interviews: 4,
    durationSec: 3,
    rounds: 6,
    strict: false,
    apiOnly: false,
    pglite: false,
    liveOnly: false,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const num = () => {
      const v = Number(args[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      return v;
    };
    const oneOf = (...values: string[]) => {
      const v = args[++i];
      if (!values.includes(v)) throw new Error(`${a} takes ${values.join(" or ")}`);
      return v;
    };
    if (a === "--interviews") o.interviews = Math.round(num());
    else if (a === "--duration") o.durationSec = Math.round(num());
    else if (a === "--rounds") o.rounds = Math.round(num());
    else if (a === "--strict") o.strict = true;
    else if (a === "--only") o.apiOnly = oneOf("api") === "api";
    else if (a === "--live-only") o.liveOnly = true;
    else if (a === "--database") o.pglite = oneOf("postgres", "pglite") === "pglite";
    else throw new Error(`unknown flag ${a}`);
  }
  // The turn gap part runs the app in this process on PostgreSQL only.
  if (o.pglite && !o.apiOnly) throw new Error("--database pglite goes with --only api");
  if (o.liveOnly && o.apiOnly) throw new Error("--live-only and --only api exclude each other");
  return o;
}

/** Part 3: the island bundle as built for production. */
async function bundle(): Promise<{ file: string; bytes: number; gzip: number }> {
  const manifest = readManifest();
  if (!manifest) throw new Error("no static/build/manifest.json; run `deno task build`");
  const file = manifest.files["main.js"];
  const bytes = await Deno.readFile(`${BUILD_DIR}/${file}`);
  return { file, bytes: bytes.byteLength, gzip: gzipSize(bytes) };
}

/** Creates a fresh, migrated PostgreSQL database for the run; drops it at `drop()`. */
async function freshDatabase(adminUrl: string) {
  const admin = connectUrl(adminUrl, 1);
  const name = `bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  await admin.sql`create database ${admin.sql(name)}`;
  const db = connectUrl(u.toString(), 1);
  await migrate(db.sql);
  await db.close();
  return {
    url: u.toString(),
    admin: admin.sql,
    async drop() {
      await admin.sql`drop database if exists ${admin.sql(name)} with (force)`;
      await admin.close();
    },
  };
}

/** Part 4: `live_gap.ts` on its own app and fake, with this bench's config, storage and seed. */
async function liveGapPart(opts: Options, dbUrl: string, jwtSecret: string) {
  const db = connectUrl(dbUrl, 10);
  const dataDir = await Deno.makeTempDir({ prefix: "mi-bench-live-" });
  try {
    const result = await liveGap({
      configFor: (fakeUrl) => ({
        ...parseEnv(benchEnv(dataDir, dbUrl, fakeUrl, jwtSecret)),
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
  const jwtSecret = crypto.randomUUID() + crypto.randomUUID();
  const db = opts.pglite ? null : await freshDatabase(
    Deno.env.get("BENCH_DATABASE_URL") ?? "postgres://postgres@127.0.0.1:5432/postgres",
  );
  try {
    const m = await machine(db?.admin ?? null);
    let text: string, failures: string[];
    if (opts.liveOnly) ({ text, failures } = await liveGapPart(opts, db!.url, jwtSecret));
    else {
      const tg = opts.apiOnly ? null : await turnGap(opts.interviews, db!.url, jwtSecret);
      const live = opts.apiOnly ? null : await liveGapPart(opts, db!.url, jwtSecret);
      const ld = await load({ ...opts, databaseUrl: db?.url, jwtSecret });
      const b = opts.apiOnly ? null : await bundle();
      const full = report(m, { tg, ld, bundle: b }, opts);
      text = live ? `${full.text}\n${live.text}` : full.text;
      failures = [...full.failures, ...(live?.failures ?? [])];
    }
    await Deno.mkdir(new URL("./out/", import.meta.url), { recursive: true });
    await Deno.writeTextFile(OUT, text);
    // Formatted like every other Markdown file of the project, so `deno task check` passes.
    await new Deno.Command(Deno.execPath(), { args: ["fmt", "-q", fileURLToPath(OUT)] }).output();
    console.log(await Deno.readTextFile(OUT));
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    log(`done in ${seconds} s; written to bench/out/latest.md`);
    if (failures.length && opts.strict) Deno.exitCode = 1;
  } finally {
    await db?.drop();
  }
}

if (import.meta.main) {
  await main();
  // The in-process app may leave a keep-alive socket or a job lease timer behind; the run is over.
  Deno.exit();
}
