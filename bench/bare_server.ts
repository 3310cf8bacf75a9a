/**
 * The throughput baseline: a bare Hono app with one postgres.js query per request and nothing
 * else (no auth, validation, logging or metrics). The benchmark runs it as its own process,
 * like the app, so both see the same CPU sharing with wrk.
 *
 * Env: DATABASE_URL, PORT, DATABASE_POOL_MAX (default 10, the app's default).
 */
import { Hono } from "hono";
import postgres from "postgres";

const sql = postgres(Deno.env.get("DATABASE_URL")!, {
  max: Number(Deno.env.get("DATABASE_POOL_MAX") ?? 10),
  onnotice: () => {},
});

const app = new Hono();
app.get("/healthz", (c) => c.text("ok"));
app.get("/bare/job-postings/:id", async (c) => {
  const [row] = await sql`
    select id, title, original_text, ai_analysis, created_at
    from job_postings where id = ${c.req.param("id")}`;
  return row ? c.json(row) : c.json({ error: "not found" }, 404);
});

Deno.serve({
  hostname: "127.0.0.1",
  port: Number(Deno.env.get("PORT") ?? 0),
  onListen: ({ port }) => console.log(JSON.stringify({ msg: "listening", port })),
}, app.fetch);
