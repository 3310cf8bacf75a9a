import { connectEmbedded, connectUrl, type Database } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { createOfflineProvider } from "../lib/ai/offline/mod.ts";
import type { AiProvider } from "../lib/ai/types.ts";
import { inspectAudio, makeSeekable } from "../lib/media/mod.ts";
import { TokenSigner } from "../lib/auth/mod.ts";
import { LiveTranscriptions } from "../lib/interview/mod.ts";
import { type Config, parseEnv } from "../lib/config.ts";
import { createLocalStorage } from "../lib/storage/local.ts";
import type { Storage } from "../lib/storage/types.ts";
import { type App, createApp } from "../routes/app.ts";
import type { AppDeps } from "../routes/context.ts";

/**
 * A fresh, migrated database for one test file: a new database on the server named by
 * TEST_DATABASE_URL, else embedded PGlite in a temporary directory. `close` drops it.
 */
export async function testDatabase(): Promise<Database> {
  const url = Deno.env.get("TEST_DATABASE_URL");
  if (!url) {
    const dir = await Deno.makeTempDir({ prefix: "mi-pglite-" });
    const db = await connectEmbedded(dir);
    await migrate(db.sql);
    return {
      ...db,
      async close() {
        await db.close();
        await Deno.remove(dir, { recursive: true }).catch(() => {});
      },
    };
  }
  const fresh = await serverDatabase("file");
  const db = connectUrl(fresh.url!, 10);
  await migrate(db.sql);
  return {
    ...db,
    async close() {
      await db.close();
      await fresh.drop();
    },
  };
}

/**
 * A fresh database: a new one on TEST_DATABASE_URL's server (`url`), else
 * none (a server subprocess then runs embedded PGlite inside its DATA_DIR).
 */
export async function serverDatabase(
  prefix: string,
): Promise<{ url?: string; drop(): Promise<void> }> {
  const base = Deno.env.get("TEST_DATABASE_URL");
  if (!base) return { drop: () => Promise.resolve() };
  const name = `t_${prefix}_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = connectUrl(base, 1).sql;
  await admin`create database ${admin(name)}`;
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      await admin`drop database if exists ${admin(name)} with (force)`;
      await admin.end();
    },
  };
}

/** Configuration for tests: defaults plus overrides, with a fixed strong secret. */
export function testConfig(env: Record<string, string> = {}): Config {
  return {
    ...parseEnv({
      APP_ENV: "test",
      LOG_REQUESTS: "false",
      FEEDBACK_WORKER: "false",
      // Every test request comes from one address; per-IP limits are tested with their own value.
      RATE_LIMIT_AUTH_IP: "100000",
      RATE_LIMIT_AI_USER: "100000",
      ...env,
    }),
    jwtSecret: "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
  };
}

/** A test application with its dependencies; swap any of them through `overrides`. */
export interface TestApp {
  app: App;
  deps: AppDeps;
  db: Database;
  dataDir: string;
  close(): Promise<void>;
}

/** Builds the app on a fresh database, local storage in a temp dir and the offline AI. */
export async function createTestApp(
  overrides: { ai?: AiProvider; storage?: Storage; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const db = await testDatabase();
  const dataDir = await Deno.makeTempDir({ prefix: "mi-data-" });
  const config = testConfig({ DATA_DIR: dataDir, ...overrides.env });
  const storage = overrides.storage ??
    createLocalStorage({ dir: `${dataDir}/files`, secret: "test-file-secret", baseUrl: "" });
  const deps: AppDeps = {
    config,
    sql: db.sql,
    storage,
    ai: overrides.ai ?? createOfflineProvider(),
    signer: new TokenSigner(config.jwtSecret),
    log: () => {},
    live: new LiveTranscriptions(),
  };
  return {
    app: createApp(deps),
    deps,
    db,
    dataDir,
    async close() {
      deps.live!.close();
      await db.close();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    },
  };
}

/** JSON request helper for `app.request`. */
export function jsonReq(method: string, body?: unknown, token?: string): RequestInit {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token) headers.authorization = `Bearer ${token}`;
  return { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
}

let userSeq = 0;
/** Registers a user and logs in; returns the tokens and id. */
export async function signUp(
  app: App,
  fields: Record<string, unknown> = {},
): Promise<{ id: string; email: string; access: string; refresh: string }> {
  const email = `user${++userSeq}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const password = "correct horse battery";
  const reg = await app.request(
    "/api/auth/register",
    jsonReq("POST", { email, password, name: "테스트", ...fields }),
  );
  if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${await reg.text()}`);
  const { id } = await reg.json();
  const login = await app.request("/api/auth/login", jsonReq("POST", { email, password }));
  const t = await login.json();
  return { id, email, access: t.access_token, refresh: t.refresh_token };
}

/** What the service stores for an uploaded recording: its seekable remux (deterministic for WebM). */
export async function storedRecording(bytes: Uint8Array): Promise<Uint8Array> {
  return (await makeSeekable(bytes, (await inspectAudio(bytes))!)).bytes;
}

/** Every file below `dir`, sidecars included, recursively; none when `dir` does not exist. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory) out.push(...await filesUnder(path));
      else out.push(path);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return out;
}
