import { Hono } from "hono";
import { AppError } from "../lib/errors.ts";
import {
  objectResponse,
  parseRange,
  rangeNotSatisfiableResponse,
} from "../lib/storage/http_range.ts";
import type { LocalStorage } from "../lib/storage/local.ts";
import type { AppEnv } from "./context.ts";

/**
 * `/files/<key>?exp=&sig=`: serves local-storage objects behind HMAC-signed, expiring URLs,
 * the local equivalent of S3 presigned URLs. A bad or expired signature is a 404 so links
 * reveal nothing about what exists.
 */
export function createFiles(storage: LocalStorage) {
  return new Hono<AppEnv>().get("/*", async (c) => {
    const prefix = "/files/";
    const path = new URL(c.req.url).pathname;
    let key: string;
    try {
      key = path.slice(path.indexOf(prefix) + prefix.length).split("/").map(decodeURIComponent)
        .join("/");
    } catch {
      throw new AppError("not_found", "file_not_found", "file not found");
    }
    const ok = await storage.verifyUrl(key, c.req.query("exp") ?? "", c.req.query("sig") ?? "");
    if (!ok) throw new AppError("not_found", "file_not_found", "file not found or link expired");
    const range = parseRange(c.req.header("range") ?? null);
    if (range === "invalid") return rangeNotSatisfiableResponse();
    try {
      const obj = await storage.get(key, range ?? undefined);
      return objectResponse(obj, { "Cache-Control": "private, max-age=3600" });
    } catch (e) {
      if (e instanceof AppError && e.code === "range_not_satisfiable") {
        return rangeNotSatisfiableResponse(e.details?.size as number | undefined);
      }
      throw e;
    }
  });
}
