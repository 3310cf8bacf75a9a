import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import type { LocalStorage } from "../lib/storage/local.ts";
import { AppError } from "../lib/errors.ts";
import { LiveTranscriptions } from "../lib/interview/mod.ts";
import { Metrics } from "../lib/metrics.ts";
import { clientIp } from "./api/middleware.ts";
import { createApi } from "./api/mod.ts";
import type { AppDeps, AppEnv } from "./context.ts";
import { databaseUnavailable, onError } from "./errors.ts";
import { createFiles } from "./files.ts";
import { observe } from "./observe.ts";
import { createPages, createStaticBuild, notFoundPage } from "./pages.tsx";
import { baseSecurityHeaders, htmlSecurityHeaders } from "./security_headers.ts";

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
    live: deps.live ?? new LiveTranscriptions(),
  };
  const app = new Hono<AppEnv>();

  app.use(
    // Always our own id: a client-sent X-Request-Id is ignored (no id is that short), so log
    // lines cannot be made to collide or carry client text.
    requestId({ limitLength: 0, generator: () => crypto.randomUUID() }),
    async (c, next) => {
      c.set("deps", full);
      await next();
      // requestId() sets its header before the handler runs, which reaches responses built with
      // c.json or c.body but not a Response a handler builds itself (files, question audio).
      c.header("X-Request-Id", c.get("requestId"));
    },
    observe(metrics, log, deps.config.LOG_REQUESTS),
    baseSecurityHeaders,
    htmlSecurityHeaders(deps.config),
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError("too_large", "payload_too_large", "Request body too large");
      },
    }),
  );

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
