import { cors } from "hono/cors";
import type { Config } from "../../lib/config.ts";
import { auth } from "./auth/mod.ts";
import { coverLetters } from "./cover_letters/mod.ts";
import { interviews } from "./interviews/mod.ts";
import { jobPostings } from "./job_postings/mod.ts";
import { methodNotAllowed } from "./method_not_allowed.ts";
import { createRouter } from "./router.ts";
import { users } from "./users/mod.ts";

/**
 * The JSON API mounted at `/api`, with its OpenAPI 3.1 document at `/api/openapi.json`. Its
 * handlers find their dependencies in the request context; building it needs only the CORS
 * allow-list, so `scripts/openapi.ts` prints the document without a database.
 */
export function createApi(config: Pick<Config, "CORS_ORIGINS">) {
  const api = createRouter();
  const corsHandler = cors({
    origin: config.CORS_ORIGINS,
    allowHeaders: ["Authorization", "Content-Type"],
    allowMethods: ["GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"],
    exposeHeaders: ["Retry-After", "X-Request-Id"],
    maxAge: 600,
  });
  // Only browsers on other origins send Origin; mobile apps and same-origin loads skip CORS.
  api.use("*", (c, next) => c.req.header("origin") ? corsHandler(c, next) : next());
  api.use("*", methodNotAllowed(api, "/api", { "/openapi.json": ["GET"] }));
  api.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  api.route("/auth", auth);
  api.route("/users", users);
  api.route("/job-postings", jobPostings);
  api.route("/cover-letters", coverLetters);
  api.route("/interviews", interviews);
  api.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Voice mock-interview API",
      version: "1.0.0",
      description: "JSON API for the web island and mobile apps. Errors are the `ApiError` " +
        "envelope `{error: {code, message, details?}}`. A method a documented path does not " +
        "serve answers 405 `method_not_allowed` with `Allow`. Typed clients: docs/CLIENTS.md.",
    },
    servers: [{ url: "/api" }],
  });
  // Errors and unknown routes are answered by the root app's handlers (routes/app.ts), so the
  // API and the pages share one error mapping.
  return api;
}
