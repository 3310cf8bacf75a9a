/** The server process the benchmark starts: the app (`main.ts`) on its own. */
import { freePort } from "../db/client.ts";

/** A server running in its own Deno process. */
export interface ServerProcess {
  origin: string;
  pid: number;
  /** Resident set size now, from /proc (bytes). */
  rss(): Promise<number>;
  stop(): Promise<void>;
}

/** VmRSS of a process in bytes. */
export async function rssOf(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const m = status.match(/^VmRSS:\s+(\d+)\s+kB/m);
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}

/**
 * Runs `deno run -A <script>` with `env` on a free port and waits until `/healthz` answers.
 * Its output is kept and shown only if it fails to start.
 */
export async function startDenoServer(
  script: string,
  env: Record<string, string>,
  opts: { cwd?: string; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script],
    env: { ...env, PORT: String(port) },
    cwd: opts.cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output: string[] = [];
  const decoder = new TextDecoder();
  const keep = async (s: ReadableStream<Uint8Array>) => {
    for await (const chunk of s) output.push(decoder.decode(chunk));
  };
  const drained = Promise.all([keep(child.stdout), keep(child.stderr)]);
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (true) {
    if (exited) {
      await drained;
      throw new Error(`${script} exited during start:\n${output.join("")}`);
    }
    try {
      const res = await fetch(`${origin}/healthz`);
      await res.body?.cancel();
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      await status;
      throw new Error(`${script} did not become healthy:\n${output.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin,
    pid: child.pid,
    rss: () => rssOf(child.pid),
    async stop() {
      if (!exited) child.kill("SIGTERM");
      const timer = setTimeout(() => !exited && child.kill("SIGKILL"), 10_000);
      await status;
      clearTimeout(timer);
      await drained;
    },
  };
}
