/**
 * HTTP byte ranges (RFC 9110 §14) for serving stored files. This builds plain web `Response`s
 * only, so both the local file route and any proxying route can share it.
 */
import type { ByteRange, StoredObject } from "./types.ts";

const SPEC = /^(\d*)-(\d*)$/;

/**
 * Parses a `Range` header holding one `bytes=` range: `a-b`, `a-` or `-n` (the last n bytes).
 *
 * Returns `null` when the range should be ignored and the whole object served: no header,
 * no `bytes=` unit, several ranges (we serve only one), or a suffix range while `size` is unknown.
 * Returns `"invalid"` (answer 416) for a malformed bytes range, `end < start`, or, when `size`
 * is known, a range that starts past the end. With `size`, `end` is clamped to the last byte.
 */
export function parseRange(header: string | null, size?: number): ByteRange | null | "invalid" {
  if (!header) return null;
  const eq = header.indexOf("=");
  if (eq < 0 || header.slice(0, eq).trim().toLowerCase() !== "bytes") return null;
  const spec = header.slice(eq + 1).trim();
  if (spec.includes(",")) return null;
  const m = SPEC.exec(spec);
  if (!m || (m[1] === "" && m[2] === "")) return "invalid";
  const first = m[1] === "" ? undefined : Number(m[1]);
  const last = m[2] === "" ? undefined : Number(m[2]);
  if (
    (first !== undefined && !Number.isSafeInteger(first)) ||
    (last !== undefined && !Number.isSafeInteger(last))
  ) return "invalid";

  if (first === undefined) {
    // Suffix range: only resolvable against a known size.
    if (last === 0) return "invalid";
    if (size === undefined) return null;
    if (size === 0) return "invalid";
    return { start: Math.max(0, size - last!), end: size - 1 };
  }
  if (last !== undefined && last < first) return "invalid";
  if (size === undefined) {
    return last === undefined ? { start: first } : { start: first, end: last };
  }
  if (first >= size) return "invalid";
  return { start: first, end: Math.min(last ?? size - 1, size - 1) };
}

/**
 * A response streaming a stored object: 200 with the whole body, or 206 with `Content-Range`
 * when the object was read with a range. `extraHeaders` (e.g. `Cache-Control`) are applied
 * last, so they may override the defaults.
 */
export function objectResponse(obj: StoredObject, extraHeaders?: HeadersInit): Response {
  const headers = new Headers({
    "Content-Type": obj.contentType,
    "Accept-Ranges": "bytes",
  });
  let status = 200;
  if (obj.range) {
    status = 206;
    headers.set("Content-Length", String(obj.range.end - obj.range.start + 1));
    headers.set("Content-Range", `bytes ${obj.range.start}-${obj.range.end}/${obj.size}`);
  } else {
    headers.set("Content-Length", String(obj.size));
  }
  for (const [k, v] of new Headers(extraHeaders)) headers.set(k, v);
  return new Response(obj.body, { status, headers });
}

/**
 * The 416 answer for a range the object cannot satisfy. Pass the object's size when known
 * (storage puts it in `AppError.details.size`) so the client learns the valid extent.
 */
export function rangeNotSatisfiableResponse(size?: number): Response {
  const headers = new Headers({ "Accept-Ranges": "bytes" });
  if (size !== undefined) headers.set("Content-Range", `bytes */${size}`);
  return new Response(null, { status: 416, headers });
}
