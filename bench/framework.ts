/**
 * `deno task bench:framework`: the app's own CPU per request, without the network or the
 * database, so the figures repeat from run to run (wrk on a shared VM drifts by ±20 %).
 *
 * The real `createApp` and a bare Hono twin serve the two throughput routes in this process
 * through `fetch(Request)`, 64 requests in flight; both get the same stub `sql`, which answers
 * with rows shaped like postgres.js rows (fresh `Date`s each time). Also times the two
 * primitives the hot-path changes of docs/PERFORMANCE.md rest on.
 *
 * Flags: --requests N per measurement (default 50,000), --rounds R (default 5; medians kept).
 */
import type { Sql } from "../db/client.ts";
import type { AiProvider } from "../lib/ai/types.ts";
import { TokenSigner } from "../lib/auth/mod.ts";
import { parseEnv } from "../lib/config.ts";
import type { Storage } from "../lib/storage/types.ts";
import { createApp } from "../routes/app.ts";
import { createBareApp } from "./bare_server.ts";
import { markdownTable, median } from "./stats.ts";

const args = Deno.args;
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const REQUESTS = flag("--requests", 50_000);
const ROUNDS = flag("--rounds", 5);
const IN_FLIGHT = 64;

const userId = crypto.randomUUID();
const postingId = crypto.randomUUID();
const epoch = Date.now();
const sessions = Array.from({ length: 5 }, (_, i) => ({
  id: crypto.randomUUID(),
  cover_letter_id: crypto.randomUUID(),
  status: "completed",
  at: epoch - i * 3_600_000,
}));

/** Answers the two routes' queries like postgres.js would; anything else gets no rows. */
const stubSql = ((strings: TemplateStringsArray) => {
  const text = strings.join("$");
  if (text.includes("from interview_sessions")) {
    return Promise.resolve(sessions.map((s) => ({
      id: s.id,
      cover_letter_id: s.cover_letter_id,
      status: s.status,
      created_at: new Date(s.at),
      completed_at: new Date(s.at + 600_000),
      total: sessions.length,
    })));
  }
  if (text.includes("from job_postings")) {
    return Promise.resolve([{
      id: postingId,
      user_id: userId,
      title: "백엔드 개발자",
      original_text: "결제 시스템 API 설계와 개발, PostgreSQL 쿼리 최적화. ".repeat(8),
      ai_analysis: { summary: "결제 백엔드", required_skills: ["TypeScript", "PostgreSQL"] },
      ai_provider: "offline",
      file_key: null,
      created_at: new Date(epoch),
    }]);
  }
  return Promise.resolve([]);
}) as unknown as Sql;

const secret = "framework-bench-secret-0123456789abcdef";
const signer = new TokenSigner(secret);
const app = createApp({
  config: {
    ...parseEnv({ APP_ENV: "production", JWT_SECRET: secret, LOG_REQUESTS: "false" }),
    jwtSecret: secret,
  },
  sql: stubSql,
  storage: { kind: "local" } as Storage,
  ai: { name: "offline" } as AiProvider,
  signer,
  log: () => {},
});
const { token } = await signer.sign("access", userId);
const info = { remoteAddr: { hostname: "127.0.0.1", port: 40_000, transport: "tcp" as const } };

// The bare twins of bench/bare_server.ts, on the same stub.
const bare = createBareApp(stubSql);

/** Microseconds per request over {@link REQUESTS} requests, {@link IN_FLIGHT} at a time. */
async function perRequest(fetch: (req: Request) => Response | Promise<Response>, url: string) {
  const headers = url.startsWith("/api/") ? { authorization: `Bearer ${token}` } : undefined;
  let started = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (started++ < REQUESTS) {
      const res = await fetch(new Request(`http://bench${url}`, { headers }));
      if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
      await res.text();
    }
  }));
  return (performance.now() - t0) * 1000 / REQUESTS;
}

/** Nanoseconds per call of `fn`, over a million calls. */
function perCall(fn: () => unknown): number {
  const n = 1_000_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - t0) * 1e6 / n;
}

const appFetch = (req: Request) => app.fetch(req, info);
const routes = [
  [
    "GET /api/interviews/history",
    "/api/interviews/history",
    `/bare/users/${userId}/interviews/history`,
  ],
  [
    "GET /api/job-postings/{id}",
    `/api/job-postings/${postingId}`,
    `/bare/users/${userId}/job-postings/${postingId}`,
  ],
] as const;
const results = new Map<string, { app: number[]; bare: number[] }>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, appUrl, bareUrl] of routes) {
    const r = results.get(name) ?? { app: [], bare: [] };
    r.bare.push(await perRequest(bare.fetch, bareUrl));
    r.app.push(await perRequest(appFetch, appUrl));
    results.set(name, r);
  }
}

const body = JSON.stringify({ items: sessions, total: sessions.length });
const dates = sessions.map((s) => new Date(s.at));
let k = 0;
const primitives: [string, number][] = [];
for (let round = 0; round < ROUNDS; round++) {
  primitives.push(
    [
      "Response with 3 extra headers in its constructor",
      perCall(() =>
        new Response(body, {
          headers: {
            "content-type": "application/json",
            "x-request-id": "0f8c4bde-7a8e-4e1a-9d0c-2f6a8b3c1d5e",
            "x-content-type-options": "nosniff",
            "referrer-policy": "same-origin",
          },
        })
      ),
    ],
    [
      "Response with a content type, the same 3 headers set afterwards",
      perCall(() => {
        const res = new Response(body, { headers: { "content-type": "application/json" } });
        res.headers.set("x-request-id", "0f8c4bde-7a8e-4e1a-9d0c-2f6a8b3c1d5e");
        res.headers.set("x-content-type-options", "nosniff");
        res.headers.set("referrer-policy", "same-origin");
        return res;
      }),
    ],
    ["Date#toISOString", perCall(() => dates[k++ % dates.length].toISOString())],
  );
}
const primitiveNames = [...new Set(primitives.map(([n]) => n))];

console.log(
  `Deno ${Deno.version.deno}, ${REQUESTS.toLocaleString("en-US")} requests per ` +
    `measurement, ${IN_FLIGHT} in flight, medians of ${ROUNDS} rounds.\n`,
);
console.log(markdownTable(
  ["route (in process, stub SQL)", "bare twin µs/req", "app µs/req", "app − bare"],
  [...results].map(([name, r]) => {
    const a = median(r.app);
    const b = median(r.bare);
    return [name, b.toFixed(1), a.toFixed(1), `${(a - b).toFixed(1)} µs`];
  }),
));
console.log();
console.log(markdownTable(
  ["primitive", "ns per call"],
  primitiveNames.map((n) => [
    n,
    median(primitives.filter(([p]) => p === n).map(([, v]) => v)).toFixed(0),
  ]),
));
