import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { z } from "zod";
import { AppError } from "../../lib/errors.ts";
import type { AppEnv } from "../context.ts";

/** The standard 422 envelope for zod issues, listing each bad field. */
function invalidInput(issues: z.core.$ZodIssue[]): AppError {
  const fields = issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  return new AppError(
    "invalid",
    "invalid_input",
    `Invalid input: ${fields.map((f) => f.path || "body").join(", ")}`,
    { fields },
  );
}

/**
 * Validates the path parameters, then the query string, synchronously and stores the results
 * where `c.req.valid(target)` finds them. Values are read as zod-openapi's own validator reads
 * them (a repeated query key becomes an array).
 */
function validateInputs(
  c: Context<AppEnv>,
  params: z.ZodType | undefined,
  query: z.ZodType | undefined,
): void {
  if (params) store(c, "param", params, c.req.param());
  if (query) {
    const raw = Object.fromEntries(
      Object.entries(c.req.queries()).map(([k, v]) => [k, v.length === 1 ? v[0] : v]),
    );
    store(c, "query", query, raw);
  }
}

function store(c: Context<AppEnv>, target: "param" | "query", schema: z.ZodType, raw: unknown) {
  const result = schema.safeParse(raw);
  if (!result.success) throw invalidInput(result.error.issues);
  c.req.addValidatedData(target, result.data as Record<string, unknown>);
}

/**
 * A router whose zod validation failures become the standard 422 envelope instead of zod's raw
 * output. Query strings and path parameters are checked by {@link validateInputs}, synchronously
 * at the start of the handler, instead of zod-openapi's validator: that one awaits four times per
 * request (parse, hook, next), which cost the GET routes 7–13 % of their requests/s under load
 * (docs/PERFORMANCE.md). The OpenAPI document still describes both in full; bodies keep
 * zod-openapi's validator, which also checks the content type. A hook passed to `openapi()`
 * therefore applies to bodies only (no route passes one; all use the default above).
 */
export function createRouter() {
  const router = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidInput(result.error.issues);
    },
  });
  const register = router.openapi;
  // `openapi` is an instance field of OpenAPIHono, so it is wrapped here rather than overridden;
  // the cast keeps its generic signature, which the wrapper passes through unchanged.
  router.openapi = ((route, handler, hook) => {
    const { query, params, ...request } = route.request ?? {};
    if (!query && !params) return register(route, handler, hook);
    const { middleware, hide, ...doc } = route;
    if (!hide) router.openAPIRegistry.registerPath(doc);
    // Checked inside the handler rather than as middleware: every middleware is another step
    // of Hono's compose (a closure and a promise) on each request.
    const checked: typeof handler = (c, next) => {
      validateInputs(c as unknown as Context<AppEnv>, params, query);
      return handler(c, next);
    };
    return register({ ...route, hide: true, request, middleware }, checked, hook);
  }) as typeof register;
  return router;
}

/** Security requirement for routes that need an access token. */
export const bearer = [{ bearerAuth: [] }];
