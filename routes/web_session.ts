/**
 * Browser sessions without localStorage: the access and refresh tokens travel in HttpOnly
 * cookies (Secure under https, SameSite=Lax), an expired access token is silently replaced
 * through the refresh cookie, and every cookie-authenticated unsafe request must prove it
 * came from our own pages (double-submit CSRF token plus an Origin check).
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { CookieOptions } from "hono/utils/cookie";
import {
  ACCESS_TTL_SEC,
  authenticate,
  refresh,
  REFRESH_TTL_SEC,
  type TokenPair,
} from "../lib/auth/mod.ts";
import type { AppEnv } from "./context.ts";

/** Cookie names (prefixed `__Host-` under https, so subdomains cannot plant them). */
export const COOKIES = {
  access: "mi_at",
  refresh: "mi_rt",
  csrf: "mi_csrf",
  lang: "lang",
} as const;
/** The header that carries the CSRF token (forms carry it in a hidden field). */
export const CSRF_HEADER = "X-CSRF-Token";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32,64}$/;

/** Per-request memo: the CSRF token minted during this request and the resolved user. */
const perRequest = new WeakMap<Request, { csrf?: string; user?: Promise<string | null> }>();
function memo(c: Context<AppEnv>) {
  let m = perRequest.get(c.req.raw);
  if (!m) perRequest.set(c.req.raw, m = {});
  return m;
}

/** Whether the browser talks to us over https (directly, via PUBLIC_URL, or a trusted proxy). */
export function isSecure(c: Context<AppEnv>): boolean {
  if (new URL(c.req.url).protocol === "https:") return true;
  if (c.get("deps").config.PUBLIC_URL?.startsWith("https:")) return true;
  return c.get("deps").config.TRUST_PROXY &&
    c.req.header("x-forwarded-proto")?.split(",")[0].trim() === "https";
}

function opts(c: Context<AppEnv>, maxAge: number): CookieOptions {
  const secure = isSecure(c);
  return {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure,
    maxAge,
    ...(secure ? { prefix: "host" as const } : {}),
  };
}

function read(c: Context<AppEnv>, name: string): string | undefined {
  return isSecure(c) ? getCookie(c, name, "host") : getCookie(c, name);
}

function clear(c: Context<AppEnv>, name: string) {
  const secure = isSecure(c);
  deleteCookie(c, name, { path: "/", secure, ...(secure ? { prefix: "host" as const } : {}) });
}

/** Stores a fresh token pair in the session cookies. */
export function setSession(c: Context<AppEnv>, pair: TokenPair): void {
  setCookie(c, COOKIES.access, pair.access_token, opts(c, ACCESS_TTL_SEC));
  setCookie(c, COOKIES.refresh, pair.refresh_token, opts(c, REFRESH_TTL_SEC));
}

/** Forgets the session (the caller revokes the refresh token first). */
export function clearSession(c: Context<AppEnv>): void {
  clear(c, COOKIES.access);
  clear(c, COOKIES.refresh);
}

/** The refresh token cookie, for log-out. */
export function refreshCookie(c: Context<AppEnv>): string | undefined {
  return read(c, COOKIES.refresh);
}

/**
 * The signed-in user's id from the cookies, or null. An expired or missing access cookie is
 * replaced through the refresh cookie (rotating it); a refused refresh clears the session.
 */
export function sessionUserId(c: Context<AppEnv>): Promise<string | null> {
  const m = memo(c);
  m.user ??= resolveUser(c);
  return m.user;
}

async function resolveUser(c: Context<AppEnv>): Promise<string | null> {
  const deps = c.get("deps");
  const access = read(c, COOKIES.access);
  if (access) {
    try {
      return await authenticate(deps, access);
    } catch { /* expired or invalid: fall through to the refresh cookie */ }
  }
  const rt = read(c, COOKIES.refresh);
  if (!rt) {
    if (access) clearSession(c);
    return null;
  }
  try {
    const pair = await refresh(deps, rt);
    setSession(c, pair);
    return await authenticate(deps, pair.access_token);
  } catch {
    clearSession(c);
    return null;
  }
}

/**
 * The user of a valid access cookie, or null, never refreshing: for a WebSocket upgrade, whose
 * response cannot deliver rotated cookies (the browser would keep a revoked refresh token).
 */
export async function accessCookieUserId(c: Context<AppEnv>): Promise<string | null> {
  const access = read(c, COOKIES.access);
  if (!access) return null;
  try {
    return await authenticate(c.get("deps"), access);
  } catch {
    return null;
  }
}

/** Whether the request carries any session cookie (so it is a browser session, not Bearer). */
export function hasSessionCookie(c: Context<AppEnv>): boolean {
  return !!(read(c, COOKIES.access) || read(c, COOKIES.refresh));
}

/** The CSRF token for this browser, minting and setting the cookie when there is none yet. */
export function csrfToken(c: Context<AppEnv>): string {
  const m = memo(c);
  if (m.csrf) return m.csrf;
  const existing = read(c, COOKIES.csrf);
  if (existing && TOKEN_SHAPE.test(existing)) return m.csrf = existing;
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  m.csrf = btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replace(/=+$/, "");
  setCookie(c, COOKIES.csrf, m.csrf, opts(c, REFRESH_TTL_SEC));
  return m.csrf;
}

function sameBytes(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Whether the request's Origin (or, lacking it, Referer) is this site. A request with neither
 * passes this check; the token check still applies to it.
 */
export function originAllowed(c: Context<AppEnv>): boolean {
  const claimed = c.req.header("origin") ?? refererOrigin(c.req.header("referer"));
  if (claimed === undefined) return true;
  const allowed = new Set([new URL(c.req.url).origin]);
  const publicUrl = c.get("deps").config.PUBLIC_URL;
  if (publicUrl) allowed.add(new URL(publicUrl).origin);
  if (c.get("deps").config.TRUST_PROXY) {
    const proto = c.req.header("x-forwarded-proto")?.split(",")[0].trim();
    const host = c.req.header("x-forwarded-host") ?? c.req.header("host");
    if (proto && host) allowed.add(`${proto}://${host}`);
  }
  return allowed.has(claimed);
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return "invalid";
  }
}

/** Checks a submitted CSRF token (form field or header) against the cookie and the Origin. */
export function csrfValid(c: Context<AppEnv>, submitted: unknown): boolean {
  return csrfCheck(c)(submitted);
}

/**
 * `csrfValid` for a token that comes later (a WebSocket's first message, when the request is
 * gone): the cookie and the Origin are read now.
 */
export function csrfCheck(c: Context<AppEnv>): (submitted: unknown) => boolean {
  const cookie = read(c, COOKIES.csrf);
  const origin = originAllowed(c);
  return (submitted) =>
    typeof submitted === "string" && !!cookie && TOKEN_SHAPE.test(cookie) &&
    sameBytes(submitted, cookie) && origin;
}

/** Whether a method changes state and so needs CSRF protection. */
export function isUnsafe(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** Remembers the reader's language choice for a year. */
export function setLangCookie(c: Context<AppEnv>, lang: string): void {
  setCookie(c, COOKIES.lang, lang, {
    path: "/",
    sameSite: "Lax",
    secure: isSecure(c),
    maxAge: 365 * 24 * 3600,
  });
}

/** The stored language choice, if any. */
export function langCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, COOKIES.lang);
}
