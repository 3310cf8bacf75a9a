/**
 * Shared helpers of the security and reliability tests: the OpenAPI document, the fake-OpenAI
 * provider, the error-envelope check, the `SECURITY-FIGURES` lines docs/SECURITY.md is built
 * from, and a real server subprocess for crash tests.
 */
import assert from "node:assert/strict";
import { freePort } from "../../db/client.ts";
import type { App } from "../../routes/app.ts";
import { serverDatabase } from "../helpers.ts";

/** An OpenAPI 3.1 document, as far as these tests read it. */
export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** One operation of the document. */
export interface Operation {
  parameters?: {
    name: string;
    in: "path" | "query" | "header" | "cookie";
    required?: boolean;
    schema: JsonSchema;
  }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  security?: Record<string, string[]>[];
}

/** A JSON Schema node (loosely typed: the document is data). */
export type JsonSchema = Record<string, unknown>;

/** An operation with its method and templated path (without the `/api` server prefix). */
export interface OperationRef {
  method: string;
  path: string;
  op: Operation;
}

/** Loads the app's own OpenAPI document from `GET /api/openapi.json`. */
export async function loadOpenApi(app: App): Promise<OpenApiDoc> {
  const res = await app.request("/api/openapi.json");
  assert.equal(res.status, 200);
  return await res.json();
}

/** Every operation of the document. */
export function operations(doc: OpenApiDoc): OperationRef[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op }))
  );
}

/** Follows `$ref`s to the schema they name. */
export function deref(doc: OpenApiDoc, schema: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; typeof s.$ref === "string" && i < 20; i++) {
    const name = (s.$ref as string).replace("#/components/schemas/", "");
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolvable $ref ${s.$ref}`);
    s = target;
  }
  return s;
}

/**
 * Asserts that a response is the JSON error envelope `{"error":{"code","message"}}` and
 * returns its code. `context` names the request in the failure message.
 */
export async function assertEnvelope(res: Response, context: string): Promise<string> {
  const text = await res.text();
  assert.match(
    res.headers.get("content-type") ?? "",
    /^application\/json/,
    `${context}: ${res.status} is not JSON: ${text.slice(0, 200)}`,
  );
  let body: { error?: { code?: unknown; message?: unknown } };
  try {
    body = JSON.parse(text);
  } catch {
    throw new assert.AssertionError({ message: `${context}: unparseable body ${text}` });
  }
  assert.equal(typeof body.error?.code, "string", `${context}: no error.code in ${text}`);
  assert.equal(typeof body.error?.message, "string", `${context}: no error.message in ${text}`);
  assert.doesNotMatch(text, /\bat .*\.ts:\d+/, `${context}: stack trace leaked: ${text}`);
  return body.error!.code as string;
}

/**
 * Prints one greppable line of figures, e.g. `SECURITY-FIGURES fuzz requests=12345`;
 * docs/SECURITY.md quotes these.
 */
export function figures(test: string, values: Record<string, number | string>): void {
  const parts = Object.entries(values).map(([k, v]) => `${k}=${v}`);
  console.log(`SECURITY-FIGURES ${test} ${parts.join(" ")}`);
}

/** Bearer header for a token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A multipart form of string fields and optional files. */
export function form(
  fields: Record<string, string>,
  files: Record<string, { bytes: Uint8Array; name: string; type?: string }> = {},
): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  for (const [k, v] of Object.entries(files)) {
    f.append(k, new Blob([v.bytes as Uint8Array<ArrayBuffer>], { type: v.type ?? "" }), v.name);
  }
  return f;
}

/** Reads a test fixture. */
export function fixture(path: string): Promise<Uint8Array> {
  return Deno.readFile(new URL(`../fixtures/${path}`, import.meta.url));
}

/** A posting text long enough to be accepted. */
export const POSTING_TEXT =
  "백엔드 개발자 채용. 자격 요건: Go 또는 Java 실무 3년 이상, PostgreSQL 운영 경험, " +
  "Kubernetes 배포 경험. 우대: 결제 도메인 경험.";
/** A cover letter long enough to be accepted. */
export const LETTER_TEXT =
  "저는 결제 시스템의 백엔드를 4년 동안 개발하며 PostgreSQL 쿼리를 최적화해 응답 시간을 " +
  "절반으로 줄였습니다. 귀사의 결제 플랫폼에서 그 경험을 살리고 싶습니다.";

/** Polls `fn` until it returns non-null (errors count as null), failing after `limitMs`. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null>,
  limitMs = 90_000,
): Promise<T> {
  const until = Date.now() + limitMs;
  let last: unknown = null;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v !== null) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ""}`);
}

/**
 * Calls a server subprocess at `base`: a FormData body goes as multipart, any other object as
 * JSON; answers the status and the parsed JSON body.
 */
export function jsonCaller(base: string) {
  return async (method: string, path: string, token?: string, body?: FormData | object) => {
    const headers: Record<string, string> = token ? bearer(token) : {};
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${base}${path}`, { method, headers, body: payload });
    return { status: res.status, json: await res.json() };
  };
}

/** The environment a server subprocess needs from ours (nothing else leaks in). */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of ["PATH", "HOME", "DENO_DIR", "TMPDIR"]) {
    const v = Deno.env.get(k);
    if (v) env[k] = v;
  }
  return env;
}

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

/** `deno run -A main.ts` as a child process, with its output collected. */
export class ServerProcess {
  #child: Deno.ChildProcess;
  #output: Promise<string>;
  #status: Promise<Deno.CommandStatus>;
  #running = true;

  constructor(env: Record<string, string>) {
    this.#child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", MAIN],
      env,
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const read = (s: ReadableStream<Uint8Array>) => new Response(s).text();
    this.#output = Promise.all([read(this.#child.stdout), read(this.#child.stderr)])
      .then(([out, err]) => out + err);
    this.#status = this.#child.status;
    this.#status.then(() => this.#running = false);
  }

  /** Whether the process has not exited yet. */
  get running(): boolean {
    return this.#running;
  }

  /** The process id (for reading its memory from /proc). */
  get pid(): number {
    return this.#child.pid;
  }

  /** Sends a signal; a process that already exited is left alone. */
  kill(signal: Deno.Signal): void {
    try {
      this.#child.kill(signal);
    } catch { /* already exited */ }
  }

  /** Waits for the exit and returns the status with everything the process printed. */
  async exited(): Promise<{ status: Deno.CommandStatus; output: string }> {
    return { status: await this.#status, output: await this.#output };
  }

  /** Runs main.ts with `env` and waits until `/healthz` answers 200 on `base`. */
  static async boot(env: Record<string, string>, base: string): Promise<ServerProcess> {
    const s = new ServerProcess(env);
    const until = Date.now() + 120_000;
    while (true) {
      if (!s.running) throw new Error(`server exited during start:\n${(await s.exited()).output}`);
      if (Date.now() > until) {
        s.kill("SIGKILL");
        throw new Error(`server did not answer /healthz:\n${(await s.exited()).output}`);
      }
      try {
        const res = await fetch(`${base}/healthz`);
        await res.body?.cancel();
        if (res.ok) break;
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    return s;
  }
}

/**
 * What the `main.ts` processes of one test share: a fresh database (none without
 * TEST_DATABASE_URL: the server then runs embedded PGlite in `dataDir`), a data directory, a
 * port and the environment. `boot()` starts a server on them; `close()` kills every server it
 * started and removes the database and the directory; a failing test throws `failure(e)`.
 */
export interface ServerSetup {
  base: string;
  dataDir: string;
  /** The database's URL on the shared PostgreSQL server, when there is one. */
  databaseUrl?: string;
  env: Record<string, string>;
  /** Every server `boot()` started, oldest first. */
  servers: readonly ServerProcess[];
  boot(): Promise<ServerProcess>;
  /** Kills every server and returns `error` with how each exited and what it printed last. */
  failure(error: unknown): Promise<Error>;
  close(): Promise<void>;
}

/**
 * A {@link ServerSetup} named `name`, with `env` over the defaults every crash test uses;
 * `embedded` runs the server on its own PGlite even when TEST_DATABASE_URL is set.
 */
export async function serverSetup(
  name: string,
  env: Record<string, string>,
  opts: { embedded?: boolean } = {},
): Promise<ServerSetup> {
  const database = opts.embedded
    ? { url: undefined, drop: () => Promise.resolve() }
    : await serverDatabase(name);
  const dataDir = await Deno.makeTempDir({ prefix: `mi-${name}-` });
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  // A clean environment: only what Deno itself needs, plus the server's settings.
  const full: Record<string, string> = {
    ...baseEnv(),
    APP_ENV: "development",
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_REQUESTS: "false",
    ...env,
  };
  if (database.url) full.DATABASE_URL = database.url;
  const servers: ServerProcess[] = [];
  return {
    base,
    dataDir,
    databaseUrl: database.url,
    env: full,
    servers,
    async boot() {
      const server = await ServerProcess.boot(full, base);
      servers.push(server);
      return server;
    },
    async failure(error) {
      const exits: string[] = [];
      for (const server of servers) {
        server.kill("SIGKILL");
        const { status, output } = await server.exited();
        exits.push(`server exit: ${JSON.stringify(status)}\n${output.slice(-4000)}`);
      }
      return new Error([(error as Error).message, ...exits].join("\n"), { cause: error });
    },
    async close() {
      for (const server of servers) {
        server.kill("SIGKILL");
        await server.exited();
      }
      await database.drop();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    },
  };
}
