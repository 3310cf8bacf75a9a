import { OpenAPIHono } from "@hono/zod-openapi";
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
 * A router whose zod validation failures (path, query and body alike, through zod-openapi's own
 * validator) become the standard 422 envelope instead of zod's raw output, so the document
 * and the validation are one thing.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidInput(result.error.issues);
    },
  });
}

/** Security requirement for routes that need an access token. */
export const bearer = [{ bearerAuth: [] }];

/** Security requirement of the public routes (register, login, refresh, logout). */
export const publicRoute: { bearerAuth: string[] }[] = [];
