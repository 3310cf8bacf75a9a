/**
 * The web site: server-rendered pages mounted at `/`. This file wires every page file's
 * handlers to its path, builds each request's `PageCtx` (language, session, CSRF), renders
 * errors as pages, and sets the security headers of HTML responses.
 */
import { type Context, Hono } from "hono";
import { join } from "node:path";
import { CSRF_FIELD, LinkButton, PageHeader } from "../components/ui.tsx";
import { BUILD_DIR } from "../lib/assets.ts";
import { logout } from "../lib/auth/service.ts";
import type { Config } from "../lib/config.ts";
import { AppError } from "../lib/errors.ts";
import { type Lang, type Messages, messages, pickLang } from "../lib/i18n.ts";
import { type FormBody, type Handlers, type PageCtx, renderPage } from "./_app.tsx";
import type { AppDeps, AppEnv } from "./context.ts";
import { toErrorResponse } from "./errors.ts";
import * as coverLetterNew from "./cover_letter_new.tsx";
import * as coverLetter from "./cover_letter.tsx";
import * as dashboard from "./dashboard.tsx";
import * as history from "./history.tsx";
import * as index from "./index.tsx";
import * as interview from "./interview.tsx";
import * as login from "./login.tsx";
import * as posting from "./posting.tsx";
import * as postingsNew from "./postings_new.tsx";
import * as profile from "./profile.tsx";
import * as result from "./result.tsx";
import * as signup from "./signup.tsx";
import {
  clearSession,
  csrfToken,
  csrfValid,
  langCookie,
  refreshCookie,
  sessionUserId,
  setLangCookie,
} from "./web_session.ts";

/** Path, handlers, and whether the page needs a signed-in user. */
const ROUTES: [string, Handlers, boolean][] = [
  ["/", index.handler, false],
  ["/signup", signup.handler, false],
  ["/login", login.handler, false],
  ["/logout", { POST: logoutPost }, false],
  ["/profile", profile.handler, true],
  ["/dashboard", dashboard.handler, true],
  ["/postings/new", postingsNew.handler, true],
  ["/postings/:id", posting.handler, true],
  ["/postings/:id/delete", posting.deleteHandler, true],
  ["/cover-letters/new", coverLetterNew.handler, true],
  ["/cover-letters/:id", coverLetter.handler, true],
  ["/interviews", interview.startHandler, true],
  ["/interviews/:id", interview.handler, true],
  ["/interviews/:id/result", result.handler, true],
  ["/interviews/:id/retry-feedback", result.retryHandler, true],
  ["/history", history.handler, true],
];

async function logoutPost(ctx: PageCtx): Promise<Response> {
  const rt = refreshCookie(ctx.c);
  if (rt) await logout(ctx.deps, rt);
  clearSession(ctx.c);
  return ctx.redirect("/", "logged_out");
}

/** The reader's language: `?lang=` (remembered in a cookie), the cookie, Accept-Language. */
function langOf(c: Context<AppEnv>): Lang {
  const asked = c.req.query("lang");
  if (asked === "ko" || asked === "en") {
    setLangCookie(c, asked);
    return asked;
  }
  return pickLang(langCookie(c), c.req.header("accept-language"));
}

async function baseCtx(c: Context<AppEnv>) {
  const lang = langOf(c);
  return {
    c,
    deps: c.get("deps"),
    lang,
    t: messages(lang),
    userId: await sessionUserId(c),
    csrf: csrfToken(c),
    params: c.req.param() as Record<string, string>,
    url: new URL(c.req.url),
    form: {} as FormBody,
  };
}

function withHelpers(base: Awaited<ReturnType<typeof baseCtx>>): PageCtx {
  return {
    ...base,
    render: (title, body, opts) => renderPage(base, title, body, opts),
    redirect(to, notice) {
      let target = to;
      if (notice) target += `${to.includes("?") ? "&" : "?"}notice=${notice}`;
      return base.c.redirect(target, 303);
    },
  };
}

/** A page explaining an error, with the status the API would use for it. */
function errorPage(c: Context<AppEnv>, err: unknown, t: Messages, lang: Lang): Response {
  const { status } = toErrorResponse(err);
  const message = status === 404
    ? t.error_not_found
    : status === 403 && err instanceof AppError && err.code === "csrf_failed"
    ? t.error_csrf
    : err instanceof AppError && status === 429
    ? t.e_rate_limited
    : err instanceof AppError && status === 502
    ? t.e_upstream
    : status === 503
    ? t.e_unavailable
    : err instanceof AppError && status === 409
    ? t.e_conflict
    : t.error_generic;
  if (status >= 500 && !(err instanceof AppError)) {
    c.get("deps")?.log?.({
      level: "error",
      request_id: c.get("requestId"),
      error: (err as Error)?.name,
      message: (err as Error)?.message,
    });
  }
  const base = {
    c,
    deps: c.get("deps"),
    lang,
    t,
    userId: null,
    csrf: csrfToken(c),
    params: {},
    url: new URL(c.req.url),
    form: {},
  };
  return renderPage(
    base,
    t.error_title,
    <div class="mx-auto max-w-xl space-y-6">
      <PageHeader title={t.error_title} lead={message} />
      <LinkButton href="/">{t.app_name}</LinkButton>
    </div>,
    { status: status as 404 },
  );
}

/** The HTML 404 page (used by the root app for unmatched non-API paths). */
export function notFoundPage(c: Context<AppEnv>): Response {
  const lang = langOf(c);
  return errorPage(
    c,
    new AppError("not_found", "page_not_found", "No such page"),
    messages(lang),
    lang,
  );
}

/** Builds the pages sub-app. */
export function createPages(_deps: AppDeps) {
  const app = new Hono<AppEnv>();
  for (const [path, handlers, auth] of ROUTES) {
    for (const method of ["GET", "POST"] as const) {
      const fn = handlers[method];
      if (!fn) continue;
      app.on(method, path, async (c) => {
        const ctx = withHelpers(await baseCtx(c));
        if (auth && !ctx.userId) {
          const back = method === "GET" ? ctx.url.pathname + ctx.url.search : "/dashboard";
          return c.redirect(`/login?next=${encodeURIComponent(back)}&notice=login_required`, 303);
        }
        if (method === "POST") {
          ctx.form = await c.req.parseBody() as FormBody;
          if (!csrfValid(c, ctx.form[CSRF_FIELD])) {
            throw new AppError("forbidden", "csrf_failed", "CSRF check failed");
          }
        }
        return await fn(ctx);
      });
    }
  }
  app.onError((err, c) => {
    const lang = langOf(c);
    return errorPage(c, err, messages(lang), lang);
  });
  return app;
}

/**
 * Security headers of every HTML response: a script policy with no inline scripts (the island's
 * props are inert JSON), no framing, and media allowed from us, blob: and the storage origin.
 * Returns the function that adds them to a response (other responses are left alone);
 * `nosniff` and the referrer policy come from the root middleware, which sets them on every one.
 */
export function htmlSecurityHeaders(config: Config): (res: Response) => void {
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
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `media-src ${[...media].join(" ")}`,
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return (res) => {
    if (!res.headers.get("content-type")?.startsWith("text/html")) return;
    res.headers.set("Content-Security-Policy", csp);
    res.headers.set("X-Frame-Options", "DENY");
    res.headers.set("Permissions-Policy", "microphone=(self), camera=(), geolocation=()");
    res.headers.set("Cross-Origin-Opener-Policy", "same-origin");
  };
}

const CONTENT_TYPES: Record<string, string> = {
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  json: "application/json",
};

/**
 * `/static/build/<name>`: the hashed build output, cacheable for a year because a changed file
 * gets a new name.
 */
export function createStaticBuild() {
  return new Hono<AppEnv>().get("/:name{[A-Za-z0-9_.-]+}", async (c) => {
    const name = c.req.param("name");
    const ext = name.slice(name.lastIndexOf(".") + 1);
    if (!(ext in CONTENT_TYPES) || name.startsWith(".") || name === "manifest.json") {
      throw new AppError("not_found", "file_not_found", "No such asset");
    }
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(join(BUILD_DIR, name));
    } catch {
      throw new AppError("not_found", "file_not_found", "No such asset");
    }
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": CONTENT_TYPES[ext],
      "Cache-Control": "public, max-age=31536000, immutable",
    });
  });
}
