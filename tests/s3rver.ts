/**
 * Test helper: a real S3-protocol server (s3rver 3.7.1 on Node) for storage tests.
 *
 * The package is fetched by `npx` into npm's cache on first use (≈10 s once, ≈1.5 s after);
 * CI should warm it with `npx --yes s3rver@3.7.1 --version` before running tests.
 * Credentials are `S3RVER` / `S3RVER`; use `forcePathStyle: true`.
 */
import { freePort } from "../db/client.ts";

/** The s3rver version the tests are written against. */
export const S3RVER_VERSION = "3.7.1";
/** s3rver's fixed credentials. */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

/** A running s3rver. */
export interface S3rver {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  port: number;
  /** Data directory, kept across `stop()`/`start()` and removed by `dispose()`. */
  dir: string;
  /** Stops the server and waits until the process has exited (the port is free). */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory, e.g. after a fault-injection `stop()`. */
  start(): Promise<void>;
  /** `stop()` then `start()`. */
  restart(): Promise<void>;
  /** Stops the server if running and deletes its data directory. */
  dispose(): Promise<void>;
}

/** Whether `node` and `npx` are on PATH; S3 tests skip (loudly) when not. */
export async function hasNode(): Promise<boolean> {
  for (const cmd of ["node", "npx"]) {
    try {
      const { success } = await new Deno.Command(cmd, {
        args: ["--version"],
        stdout: "null",
        stderr: "null",
      }).output();
      if (!success) return false;
    } catch {
      return false;
    }
  }
  return true;
}

let binPath: Promise<string> | undefined;

/**
 * Resolves the s3rver executable inside npx's cache once, so the server runs as our direct
 * child: killing `npx` itself would leave the node grandchild holding the port.
 */
function s3rverBin(): Promise<string> {
  binPath ??= (async () => {
    const out = await new Deno.Command("npx", {
      args: ["--yes", "-p", `s3rver@${S3RVER_VERSION}`, "-c", "command -v s3rver"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const path = new TextDecoder().decode(out.stdout).trim().split("\n").pop() ?? "";
    if (!out.success || !path) {
      binPath = undefined;
      throw new Error(`cannot install s3rver: ${new TextDecoder().decode(out.stderr)}`);
    }
    return path;
  })();
  return binPath;
}

/** Starts s3rver on a free port with `bucket` created, in a fresh temporary directory. */
export async function startS3rver(bucket: string): Promise<S3rver> {
  const bin = await s3rverBin();
  const dir = await Deno.makeTempDir({ prefix: "s3rver-" });
  const port = freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let proc: { child: Deno.ChildProcess; stderr: Promise<string> } | undefined;

  const start = async () => {
    if (proc) return;
    const child = new Deno.Command(bin, {
      args: ["-d", dir, "-a", "127.0.0.1", "-p", String(port), "-s", "--configure-bucket", bucket],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    // Drain stderr so a chatty server never blocks on a full pipe; keep it for error reports.
    const stderr = new Response(child.stderr).text();
    proc = { child, stderr };
    const exited = child.status.then(() => "exited" as const);
    for (let i = 0; i < 300; i++) {
      if (await answers(endpoint)) return;
      const r = await Promise.race([exited, delay(100)]);
      if (r === "exited") {
        proc = undefined;
        throw new Error(`s3rver exited on start: ${await stderr}`);
      }
    }
    await stop();
    throw new Error(`s3rver did not answer on ${endpoint} within 30 s`);
  };

  const stop = async () => {
    if (!proc) return;
    const { child, stderr } = proc;
    proc = undefined;
    try {
      child.kill("SIGTERM");
    } catch {
      // Already exited.
    }
    await child.status;
    await stderr;
  };

  await start();
  return {
    endpoint,
    port,
    dir,
    stop,
    start,
    async restart() {
      await stop();
      await start();
    },
    async dispose() {
      await stop();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
    await res.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
