import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isConnectionError } from "../db/client.ts";
import { AppError, type ErrorKind } from "../lib/errors.ts";
import type { AppEnv } from "./context.ts";

const STATUS: Record<ErrorKind, ContentfulStatusCode> = {
  bad_input: 400,
  invalid: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  rate_limited: 429,
  upstream: 502,
  unavailable: 503,
};

const HTTP_CODES: Record<number, string> = {
  400: "malformed_request",
  401: "unauthorized",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

/** The error envelope every API error uses. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** A status, envelope and extra headers, ready for `c.json`. */
export interface ErrorResponse {
  status: ContentfulStatusCode;
  body: ErrorBody;
  headers: Record<string, string>;
}

/** The 503 for a database that cannot be reached: the client may retry after a few seconds. */
export function databaseUnavailable(): ErrorResponse {
  return {
    status: 503,
    body: { error: { code: "database_unavailable", message: "The database is unavailable" } },
    headers: { "Retry-After": "5" },
  };
}

/** Maps any thrown value to a status and envelope; never leaks a stack trace. */
export function toErrorResponse(err: unknown): ErrorResponse {
  const headers: Record<string, string> = {};
  if (err instanceof AppError) {
    const status = STATUS[err.kind];
    if (err.kind === "rate_limited" && typeof err.details?.retry_after === "number") {
      headers["Retry-After"] = String(err.details.retry_after);
    }
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.details) body.error.details = err.details;
    return { status, body, headers };
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = HTTP_CODES[status] ?? "http_error";
    return { status, body: { error: { code, message: err.message || "Bad request" } }, headers };
  }
  if (isConnectionError(err)) return databaseUnavailable();
  return {
    status: 500,
    body: { error: { code: "internal_error", message: "Something went wrong on our side" } },
    headers,
  };
}

/** Hono `onError` handler: one place where errors become responses. */
export function onError(err: Error, c: Context<AppEnv>): Response {
  const { status, body, headers } = toErrorResponse(err);
  if (status >= 500 && !(err instanceof AppError)) {
    c.get("deps")?.log?.({
      level: "error",
      request_id: c.get("requestId"),
      error: err.name,
      message: err.message,
    });
  }
  if (status === 401) c.header("WWW-Authenticate", bearerChallenge(c));
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  return c.json(body, status);
}

/**
 * The RFC 6750 §3 challenge of a 401: a request that sent no token gets no error code; one
 * whose bearer token was refused gets `invalid_token`.
 */
function bearerChallenge(c: Context<AppEnv>): string {
  return /^Bearer\s/i.test(c.req.header("authorization") ?? "")
    ? 'Bearer error="invalid_token"'
    : "Bearer";
}
