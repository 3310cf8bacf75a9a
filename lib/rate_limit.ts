import type { Sql } from "../db/client.ts";
import { hitWindow, pruneWindows } from "../db/rate_limits.ts";
import type { Config } from "./config.ts";
import { AppError } from "./errors.ts";

/** A named limit: at most `max` hits per `windowSec`. */
export interface Limit {
  name: string;
  max: number;
  windowSec: number;
}

/** The limits the service enforces; `max` is the default, overridable by configuration. */
export const LIMITS = {
  authPerIp: { name: "auth-ip", max: 30, windowSec: 60 },
  authPerAccount: { name: "auth-account", max: 10, windowSec: 60 },
  aiPerUser: { name: "ai-user", max: 60, windowSec: 3600 },
} satisfies Record<string, Limit>;

/** Windows older than the longest limit's can no longer count against anything. */
const LONGEST_WINDOW_MS = Math.max(...Object.values(LIMITS).map((l) => l.windowSec)) * 1000;

/** The limit with its `max` taken from configuration (RATE_LIMIT_* variables). */
export function configuredLimit(
  limit: Limit,
  config: Pick<Config, "RATE_LIMIT_AUTH_IP" | "RATE_LIMIT_AUTH_ACCOUNT" | "RATE_LIMIT_AI_USER">,
): Limit {
  const max = {
    [LIMITS.authPerIp.name]: config.RATE_LIMIT_AUTH_IP,
    [LIMITS.authPerAccount.name]: config.RATE_LIMIT_AUTH_ACCOUNT,
    [LIMITS.aiPerUser.name]: config.RATE_LIMIT_AI_USER,
  }[limit.name];
  return max ? { ...limit, max } : limit;
}

/**
 * Fixed-window counter kept in PostgreSQL, so every instance behind a load balancer shares it.
 * Throws `rate_limited` with the seconds until the window ends.
 */
export async function enforceLimit(
  sql: Sql,
  limit: Limit,
  subject: string,
  now: Date = new Date(),
): Promise<void> {
  const windowMs = limit.windowSec * 1000;
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const count = await hitWindow(sql, `${limit.name}:${subject}`, start);
  // The first hit of a window is rare (once per subject and window), so the table is pruned
  // there rather than by a timer, which would need an always-running instance.
  if (count === 1) await pruneWindows(sql, new Date(now.getTime() - LONGEST_WINDOW_MS));
  if (count > limit.max) {
    const retryAfter = Math.max(1, Math.ceil((start.getTime() + windowMs - now.getTime()) / 1000));
    throw new AppError("rate_limited", "rate_limited", "Too many requests; try again later", {
      retry_after: retryAfter,
    });
  }
}
