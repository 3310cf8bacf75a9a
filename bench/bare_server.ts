/**
 * The throughput baseline: a bare Hono app with one postgres.js query per request and nothing
 * else (no auth, validation, logging or metrics), one twin per measured API route. The
 * benchmark runs it as its own process, like the app, so both see the same CPU sharing with wrk.
 * It connects with the app's own postgres.js settings (`connectUrl`), so the comparison holds
 * the driver constant as well as the SQL.
 *
 * `bench/framework.ts` serves the same app in process on a stub `sql`.
 *
 * Env: DATABASE_URL, PORT, DATABASE_POOL_MAX (default 10, the app's default).
 */
import { Hono } from "hono";
import { connectUrl, type Sql } from "../db/client.ts";

/** The bare twins of the app's two measured routes, querying through `sql`. */
export function createBareApp(sql: Sql): Hono {
  const app = new Hono();
  app.get("/healthz", (c) => c.text("ok"));
  // The same SQL as the app's routes, so the comparison isolates the app's own overhead
  // (auth, validation, middleware, mapping), not a difference in data work.
  app.get("/bare/users/:user/job-postings/:id", async (c) => {
    const [row] = await sql`
      select * from job_postings where id = ${c.req.param("id")} and user_id = ${
      c.req.param("user")
    }`;
    return row ? c.json(row) : c.json({ error: "not found" }, 404);
  });
  app.get("/bare/users/:user/interviews/history", async (c) => {
    const rows = await sql`
      select id, cover_letter_id, status, created_at, completed_at, count(*) over ()::int as total
      from interview_sessions where user_id = ${c.req.param("user")}
      order by created_at desc, id desc limit ${20} offset ${0}`;
    return c.json({ items: rows, total: rows[0]?.total ?? 0 });
  });
  return app;
}

if (import.meta.main) {
  const { sql } = connectUrl(
    Deno.env.get("DATABASE_URL")!,
    Number(Deno.env.get("DATABASE_POOL_MAX") ?? 10),
  );
  Deno.serve({
    hostname: "127.0.0.1",
    port: Number(Deno.env.get("PORT") ?? 0),
    onListen: ({ port }) => console.log(JSON.stringify({ msg: "listening", port })),
  }, createBareApp(sql).fetch);
}
