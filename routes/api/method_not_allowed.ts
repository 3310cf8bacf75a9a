import type { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../context.ts";

interface PathMethods {
  pattern: RegExp;
  allow: string[];
}

/** The methods of every registered path; `{param}` segments match any one segment. */
function pathMethods(api: OpenAPIHono<AppEnv>, extra: Record<string, string[]>): PathMethods[] {
  const byPath = new Map<string, Set<string>>();
  const add = (path: string, method: string) => {
    const set = byPath.get(path) ?? new Set();
    set.add(method.toUpperCase());
    byPath.set(path, set);
  };
  for (const def of api.openAPIRegistry.definitions) {
    if (def.type === "route") add(def.route.path, def.route.method);
  }
  for (const [path, methods] of Object.entries(extra)) methods.forEach((m) => add(path, m));
  return [...byPath].map(([path, set]) => {
    // Hono answers HEAD with the GET handler.
    if (set.has("GET")) set.add("HEAD");
    const source = path.split("/").map((s) =>
      /^\{.+\}$/.test(s) ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    ).join("/");
    return { pattern: new RegExp(`^${source}$`), allow: [...set].sort() };
  });
}

/**
 * Answers 405 with `Allow` (RFC 9110 §15.5.6) for a method the API does not serve on a path
 * it does serve, before authentication, so the client learns the resource exists but not
 * with that method. Unknown paths fall through to the 404. The table is built on first use,
 * after every route is registered; `extra` adds routes outside the document (the document
 * itself).
 */
export function methodNotAllowed(
  api: OpenAPIHono<AppEnv>,
  prefix: string,
  extra: Record<string, string[]>,
): MiddlewareHandler<AppEnv> {
  let table: PathMethods[] | undefined;
  return async (c, next) => {
    table ??= pathMethods(api, extra);
    const path = c.req.path.slice(prefix.length);
    // A static path and a templated one can both match (`/a/new`, `/a/{id}`): union them.
    const allow = [...new Set(table.filter((e) => e.pattern.test(path)).flatMap((e) => e.allow))]
      .sort();
    if (allow.length && !allow.includes(c.req.method)) {
      return c.json(
        {
          error: {
            code: "method_not_allowed",
            message: `${c.req.method} is not allowed here; use ${allow.join(", ")}`,
          },
        },
        405,
        { Allow: allow.join(", ") },
      );
    }
    await next();
  };
}
