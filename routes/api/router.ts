import { OpenAPIHono } from "@hono/zod-openapi";
import { AppError } from "../../lib/errors.ts";
import type { AppEnv } from "../context.ts";

/**
 * A router whose zod validation failures become the standard 422 envelope, listing each bad
 * field, instead of zod's raw output.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const fields = result.error.issues.map((i) => ({
          path: i.path.join("."),
          message: i.message,
        }));
        throw new AppError(
          "invalid",
          "invalid_input",
          `Invalid input: ${fields.map((f) => f.path || "body").join(", ")}`,
          { fields },
        );
      }
    },
  });
}

/** Security requirement for routes that need an access token. */
export const bearer = [{ bearerAuth: [] }];
