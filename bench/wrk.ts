/**
 * Runs Debian's `wrk` and reads its results from a JSON line printed by a Lua `done` hook
 * (exact microsecond percentiles instead of wrk's rounded text report).
 */

/** One request wrk sends; `path` includes the query string. */
export interface WrkRequest {
  path: string;
  headers?: Record<string, string>;
}

/** Options of {@link runWrk}. */
export interface WrkOptions {
  /** Server origin, e.g. `http://127.0.0.1:8000`. */
  origin: string;
  /** Sent as one prebuilt buffer, wrk's fastest mode (no per-request Lua). */
  request: WrkRequest;
  connections: number;
  threads: number;
  durationSec: number;
}

/** What one wrk run measured. */
export interface WrkResult {
  requests: number;
  durationSec: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Responses with a status outside 2xx/3xx. */
  non2xx: number;
  /** Connect, read, write errors and timeouts. */
  socketErrors: number;
}

const WRK = "/usr/bin/wrk";
const MARKER = "WRK_JSON ";

const lua = (s: string) => JSON.stringify(s); // JSON string escapes are valid Lua escapes here

/** The Lua script for a run: the request, and a `done` hook printing the summary as JSON. */
export function wrkScript(request: WrkRequest): string {
  const lines = [`wrk.method = "GET"`, `wrk.path = ${lua(request.path)}`];
  for (const [k, v] of Object.entries(request.headers ?? {})) {
    lines.push(`wrk.headers[${lua(k)}] = ${lua(v)}`);
  }
  lines.push(
    "done = function(summary, latency, requests)",
    "  local e = summary.errors",
    `  io.write(string.format('${MARKER}{"requests":%d,"duration_us":%d,"p50_us":%d,` +
      `"p90_us":%d,"p99_us":%d,"max_us":%d,"status":%d,"socket":%d}\\n',`,
    "    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),",
    "    latency:percentile(99), latency.max, e.status, e.connect + e.read + e.write + e.timeout))",
    "end",
  );
  return lines.join("\n") + "\n";
}

/** Parses the JSON line of the `done` hook out of wrk's output. */
export function parseWrkOutput(stdout: string): WrkResult {
  const line = stdout.split("\n").find((l) => l.startsWith(MARKER));
  if (!line) throw new Error(`wrk printed no summary:\n${stdout}`);
  const j = JSON.parse(line.slice(MARKER.length)) as Record<string, number>;
  const durationSec = j.duration_us / 1e6;
  return {
    requests: j.requests,
    durationSec,
    rps: j.requests / durationSec,
    p50Ms: j.p50_us / 1000,
    p90Ms: j.p90_us / 1000,
    p99Ms: j.p99_us / 1000,
    maxMs: j.max_us / 1000,
    non2xx: j.status,
    socketErrors: j.socket,
  };
}

/** Runs wrk once and returns its measurements. */
export async function runWrk(opts: WrkOptions): Promise<WrkResult> {
  const dir = await Deno.makeTempDir({ prefix: "mi-wrk-" });
  try {
    const script = `${dir}/run.lua`;
    await Deno.writeTextFile(script, wrkScript(opts.request));
    const out = await new Deno.Command(WRK, {
      args: [
        `-t${opts.threads}`,
        `-c${opts.connections}`,
        `-d${opts.durationSec}s`,
        "--timeout",
        "5s",
        "-s",
        script,
        opts.origin,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    if (!out.success) {
      throw new Error(`wrk failed: ${new TextDecoder().decode(out.stderr)}\n${stdout}`);
    }
    return parseWrkOutput(stdout);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
