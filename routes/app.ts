import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { LocalStorage } from "../lib/storage/local.ts";
import { AppError } from "../lib/errors.ts";
import { Metrics } from "../lib/prom.ts";
import { clientIp } from "./api/middleware.ts";
import { createApi } from "./api/mod.ts";
import type { AppDeps, AppEnv } from "./context.ts";
import { databaseUnavailable, onError } from "./errors.ts";
import { createFiles } from "./files.ts";
import { createPages, createStaticBuild, htmlSecurityHeaders, notFoundPage } from "./pages.tsx";

/** Largest request body accepted anywhere (uploads have their own, smaller, per-field limits). */
export const MAX_BODY_BYTES = 12 * 1024 * 1024;

/** Builds the whole application (pages, `/api`, files, health) from its dependencies. */
export function createApp(deps: AppDeps) {
  const log = deps.log ?? ((e) => console.log(JSON.stringify(e)));
  const metrics = deps.metrics ?? new Metrics();
  const full: AppDeps = {
    ...deps,
    log,
    metrics,
    timings: deps.timings ?? ((stage, ms) => metrics.stageDuration.observe({ stage }, ms / 1000)),
  };
  const app = new Hono<AppEnv>();

  const htmlHeaders = htmlSecurityHeaders(deps.config);
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      c.json({ error: { code: "payload_too_large", message: "Request body too large" } }, 413),
  });
  // Request context, body limit, headers, metrics and the HTML policy in one middleware: every
  // layer is another step of Hono's compose on every request, the API's hot path included.
  app.use("*", async (c, next) => {
    const requestId = crypto.randomUUID();
    const started = performance.now();
    c.set("deps", full);
    c.set("requestId", requestId);
    // Only requests that carry a body pay for the limit check. It returns its 413 rather than
    // setting it (next() resolves to the context, not a Response).
    const limited = c.req.raw.body ? await limitBody(c, next) : await next();
    if (limited instanceof Response) c.res = limited;
    // Set on the finished response rather than with c.header() before next(): Deno.serve sends
    // a Response built with only a content type on its fast path, and headers added afterwards
    // keep it far cheaper than a Response constructed with several (docs/PERFORMANCE.md).
    const headers = c.res.headers;
    headers.set("X-Request-Id", requestId);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "same-origin");
    // The JSON API never serves HTML, so it skips the header work.
    if (!c.req.path.startsWith("/api/")) htmlHeaders(c.res);
    const route = c.req.routePath;
    metrics.httpDuration.observe(
      { method: c.req.method, route, status: `${Math.floor(c.res.status / 100)}xx` },
      (performance.now() - started) / 1000,
    );
    if (deps.config.LOG_REQUESTS) {
      log({
        level: "info",
        request_id: requestId,
        method: c.req.method,
        route,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      });
    }
  });

  app.get("/healthz", async (c) => {
    try {
      await deps.sql`select 1`;
      return c.json({ status: "ok", ai_provider: deps.ai.name, storage: deps.storage.kind });
    } catch {
      // Any failure of `select 1` means not ready; the body is the usual error envelope.
      const { status, body, headers } = databaseUnavailable();
      return c.json({ status: "unavailable", ...body }, status, headers);
    }
  });

  if (deps.storage.kind === "local") {
    app.route("/files", createFiles(deps.storage as LocalStorage));
  }
  app.get("/metrics", async (c) => {
    const token = deps.config.METRICS_TOKEN;
    const allowed = token
      ? c.req.header("authorization") === `Bearer ${token}`
      : ["127.0.0.1", "::1", "local"].includes(clientIp(c));
    if (!allowed) throw new AppError("not_found", "route_not_found", "Not found");
    return c.text(await metrics.render(), 200, { "Content-Type": "text/plain; version=0.0.4" });
  });

  app.route("/api", createApi(deps.config));
  app.route("/static/build", createStaticBuild());
  app.route("/", createPages(full));
  app.notFound((c) =>
    c.req.path.startsWith("/api/")
      ? c.json({ error: { code: "route_not_found", message: "No such API route" } }, 404)
      : notFoundPage(c)
  );
  app.onError(onError);
  return app;
}

/** The application type, for tests and `main.ts`. */
export type App = ReturnType<typeof createApp>;
