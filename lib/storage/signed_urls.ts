/**
 * The one home of signed URLs: links that work without an Authorization header (an `<audio
 * src>`, a file download) carry `exp` (unix seconds) and `sig`, the HMAC-SHA256 of the signed
 * path and `exp`. Each purpose signs with its own secret derived from the root (JWT) secret
 * under a label, so a signature of one kind is never valid as another kind, nor usable as
 * material for forging tokens.
 */
import { Buffer } from "node:buffer";
import { createHmac, timingSafeEqual } from "node:crypto";

/** What a signed URL grants; each has its own derived secret. */
export type UrlPurpose = "local-file-urls" | "question-audio-urls";

/** The secret that signs URLs of `purpose`, derived from `rootSecret` (hex). */
export function urlSecret(rootSecret: string, purpose: UrlPurpose): string {
  return createHmac("sha256", rootSecret).update(`interview-app/${purpose}/v1`).digest("hex");
}

const mac = (secret: string, path: string, exp: number) =>
  createHmac("sha256", secret).update(`${path}\n${exp}`).digest();

/** The query string (`exp=…&sig=…`, no `?`) that signs `path` for `expiresInSec`. */
export function signUrl(
  secret: string,
  path: string,
  expiresInSec: number,
  nowMs: number = Date.now(),
): string {
  const exp = Math.floor(nowMs / 1000) + expiresInSec;
  return `exp=${exp}&sig=${mac(secret, path, exp).toString("hex")}`;
}

/**
 * Whether `sig` is the signature of `path` and `exp` under `secret` (compared in constant time)
 * and `exp` has not passed at `nowMs`. Malformed values are simply invalid.
 */
export function verifySignature(
  secret: string,
  path: string,
  exp: string | number,
  sig: string,
  nowMs: number = Date.now(),
): boolean {
  const expSec = typeof exp === "number" ? exp : /^\d{1,15}$/.test(exp) ? Number(exp) : NaN;
  if (!Number.isSafeInteger(expSec) || expSec * 1000 <= nowMs) return false;
  if (typeof sig !== "string" || !/^[0-9a-f]{64}$/.test(sig)) return false;
  return timingSafeEqual(Buffer.from(sig, "hex"), mac(secret, path, expSec));
}
