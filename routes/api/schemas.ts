import { z } from "@hono/zod-openapi";
import { PROVIDER_NAMES } from "../../db/types.ts";
import { Uuid } from "../../lib/schemas.ts";

/**
 * Response schemas: the contract the OpenAPI document publishes to mobile developers. The
 * error envelope is `ApiError`, a name that shadows no global of a generated client.
 */
export const ErrorSchema = z.object({
  error: z.object({
    code: z.string().openapi({ example: "invalid_input" }),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
}).openapi("ApiError");

/**
 * `schema` or null. zod's own `.nullable()` of a named schema renders as
 * `allOf: [$ref, {type: [object, null]}]`, which no value null satisfies; a union renders as
 * `anyOf: [$ref, {type: null}]`.
 */
export const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

const ERROR_TEXT: Record<number, string> = {
  400: "Malformed request",
  401: "Missing, invalid or expired token",
  403: "Forbidden (a cookie session without its CSRF token)",
  404: "Not found (or not yours)",
  409: "Conflict with the current state",
  413: "Upload too large",
  415: "Unsupported media type",
  422: "Invalid input",
  429: "Rate limited (see Retry-After)",
  502: "AI provider failed",
  503: "A dependency is unavailable (see Retry-After when given)",
};

const ERROR_HEADERS: Record<number, Record<string, { description: string; schema: object }>> = {
  401: {
    "WWW-Authenticate": {
      description: '`Bearer`, with `error="invalid_token"` when a token was sent but refused',
      schema: { type: "string" },
    },
  },
  429: {
    "Retry-After": {
      description: "Seconds until a retry may succeed",
      schema: { type: "integer" },
    },
  },
  503: {
    "Retry-After": {
      description: "Seconds until a retry may succeed",
      schema: { type: "integer" },
    },
  },
};

/** Standard error responses for a route, by status, each with the `ApiError` envelope. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, {
    description: ERROR_TEXT[s] ?? "Error",
    ...(ERROR_HEADERS[s] ? { headers: ERROR_HEADERS[s] } : {}),
    content: { "application/json": { schema: ErrorSchema } },
  }]));
}

/**
 * A required JSON request body. `required` makes the validator run even when the client sends
 * no body or another content type, so handlers never see an unvalidated `undefined`.
 */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

/** `application/json` body/response content for a schema. */
export const json = <T extends z.ZodType>(schema: T, description = "OK") => ({
  description,
  content: { "application/json": { schema } },
});

/** The `{id}` path parameter of a resource. */
export const IdParam = z.object({ id: Uuid });

/** The `ai_provider` of a stored result: which AI provider produced it. */
export const ProviderSchema = z.enum(PROVIDER_NAMES);
