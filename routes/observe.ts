import type { MiddlewareHandler } from "hono";
import type { Metrics } from "../lib/metrics.ts";
import type { AppEnv } from "./context.ts";

/**
 * Times each request into the Prometheus histogram (by method, route pattern and status class)
 * and, when `logRequests` is on, writes one JSON line: id, method, route, status, duration.
 * Never bodies, queries or headers, so no token or transcript reaches the log.
 */
export function observe(
  metrics: Metrics,
  log: (entry: Record<string, unknown>) => void,
  logRequests: boolean,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const route = c.req.routePath;
    const ms = performance.now() - started;
    metrics.httpDuration.observe(
      { method: c.req.method, route, status: `${Math.floor(c.res.status / 100)}xx` },
      ms / 1000,
    );
    if (logRequests) {
      log({
        level: "info",
        request_id: c.get("requestId"),
        method: c.req.method,
        route,
        status: c.res.status,
        ms: Math.round(ms * 10) / 10,
      });
    }
  };
}
