/**
 * Security headers, from Hono's `secureHeaders` with only the headers we mean to send (its
 * defaults add several more): every response gets `nosniff` and the referrer policy; HTML
 * responses also get the page policy below.
 */
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { Config } from "../lib/config.ts";

const NONE = {
  crossOriginEmbedderPolicy: false,
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  strictTransportSecurity: false,
  xContentTypeOptions: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  removePoweredBy: false,
} as const;

/** `X-Content-Type-Options: nosniff` and `Referrer-Policy: same-origin` on every response. */
export const baseSecurityHeaders: MiddlewareHandler = secureHeaders({
  ...NONE,
  xContentTypeOptions: true,
  referrerPolicy: "same-origin",
});

/**
 * The policy of HTML responses: scripts only from us with no inline ones (the island's props are
 * inert JSON), no framing, and media from us, blob: and the storage origin.
 *
 * It is applied by content type rather than mounted on the page routes, because HTML also comes
 * from the root 404 page and the page error handler, and page routes also answer redirects,
 * which need none of it; `secureHeaders` has no per-response condition, so this runs it on the
 * finished response when that is HTML.
 */
export function htmlSecurityHeaders(config: Config): MiddlewareHandler {
  const headers = secureHeaders({
    ...NONE,
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      fontSrc: ["'self'"],
      mediaSrc: mediaSources(config),
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: "DENY",
    permissionsPolicy: { microphone: ["self"], camera: [], geolocation: [] },
    crossOriginOpenerPolicy: true,
  });
  const afterwards = () => Promise.resolve();
  return async (c, next) => {
    await next();
    if (c.res.headers.get("content-type")?.startsWith("text/html")) await headers(c, afterwards);
  };
}

/** Where question audio and recordings may play from: us, blob:, storage and public origins. */
function mediaSources(config: Config): string[] {
  const media = new Set(["'self'", "blob:"]);
  const origin = (u?: string) => {
    try {
      return u ? new URL(u).origin : null;
    } catch {
      return null;
    }
  };
  const s3 = config.S3_BUCKET
    ? origin(config.S3_ENDPOINT) ??
      `https://${config.S3_BUCKET}.s3.${config.S3_REGION}.amazonaws.com https://${config.S3_BUCKET}.s3.amazonaws.com`
    : null;
  if (s3) media.add(s3);
  const pub = origin(config.PUBLIC_URL);
  if (pub) media.add(pub);
  return [...media];
}
