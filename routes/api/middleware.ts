import type { Context, MiddlewareHandler } from "hono";
import { authenticate } from "../../lib/auth/mod.ts";
import { AppError } from "../../lib/errors.ts";
import { configuredLimit, enforceLimit, type Limit, LIMITS } from "../../lib/rate_limit.ts";
import type { AppEnv } from "../context.ts";
import {
  CSRF_HEADER,
  csrfValid,
  hasSessionCookie,
  isUnsafe,
  sessionUserId,
} from "../web_session.ts";

/**
 * Requires `Authorization: Bearer <access token>`, or the web site's session cookie (the
 * island), and sets `userId`. A cookie-authenticated unsafe request must also carry the CSRF
 * token in `X-CSRF-Token` and come from our origin, since browsers attach cookies to
 * cross-site requests too; Bearer requests need no such proof.
 */
export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const m = header.match(/^Bearer\s+(\S+)$/i);
  if (m) {
    c.set("userId", await authenticate(c.get("deps"), m[1]));
  } else if (!header && hasSessionCookie(c)) {
    if (isUnsafe(c.req.method) && !csrfValid(c, c.req.header(CSRF_HEADER))) {
      throw new AppError("forbidden", "csrf_failed", "Missing or invalid X-CSRF-Token header");
    }
    const userId = await sessionUserId(c);
    if (!userId) throw new AppError("unauthorized", "session_expired", "The session has expired");
    c.set("userId", userId);
  } else {
    throw new AppError("unauthorized", "missing_token", "Authorization: Bearer <token> required");
  }
  await next();
};

/**
 * The client's address. Behind a proxy the operator sets TRUST_PROXY so the first
 * X-Forwarded-For hop is used; otherwise the socket address, which clients cannot forge.
 */
export function clientIp(c: Context<AppEnv>): string {
  if (c.get("deps").config.TRUST_PROXY) {
    const fwd = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (fwd) return fwd;
  }
  const env = c.env as { remoteAddr?: { hostname?: string } } | undefined;
  return env?.remoteAddr?.hostname ?? "local";
}

/** Counts one hit against a configured limit for `subject`; throws `rate_limited` past it. */
export function hit(c: Context<AppEnv>, limit: Limit, subject: string): Promise<void> {
  const { sql, config } = c.get("deps");
  return enforceLimit(sql, configuredLimit(limit, config), subject);
}

/** Rate-limits the signed-in user on an AI-costly route. */
export function limitUser(limit: Limit): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await hit(c, limit, c.get("userId"));
    await next();
  };
}

/** The middleware of a route that calls the AI: the per-user AI rate limit. */
export const aiLimited: [MiddlewareHandler<AppEnv>] = [limitUser(LIMITS.aiPerUser)];

/** The middleware of a signed-in user's route that calls the AI: authentication, then the limit. */
export const userAiLimited: MiddlewareHandler<AppEnv>[] = [requireUser, ...aiLimited];
