/**
 * The web site: server-rendered pages mounted at `/`. This file wires every page file's
 * handlers to its path, builds each request's `PageCtx` (language, session, CSRF), renders
 * errors as pages, and serves the hashed build assets.
 */
import { type Context, Hono } from "hono";
import { serveStatic } from "hono/deno";
import { CSRF_FIELD, LinkButton, PageHeader } from "../components/ui.tsx";
import { BUILD_DIR } from "../lib/assets.ts";
import { logout } from "../lib/auth/mod.ts";
import { AppError } from "../lib/errors.ts";
import { type Lang, type Messages, messages, pickLang } from "../lib/i18n/mod.ts";
import { type FormBody, type Handlers, type PageCtx, renderPage } from "./_app.tsx";
import type { AppDeps, AppEnv } from "./context.ts";
import { toErrorResponse } from "./errors.ts";
import * as coverLetterNew from "./cover_letter_new.tsx";
import * as coverLetter from "./cover_letter.tsx";
import * as dashboard from "./dashboard.tsx";
import * as history from "./history.tsx";
import * as attempts from "./attempts.tsx";
import * as index from "./index.tsx";
import * as interview from "./interview.tsx";
import * as retry from "./retry.tsx";
import * as login from "./login.tsx";
import * as modelAnswer from "./model_answer.ts";
import * as posting from "./posting.tsx";
import * as postingsNew from "./postings_new.tsx";
import * as profile from "./profile.tsx";
import * as progress from "./progress.tsx";
import * as result from "./result.tsx";
import * as review from "./review.tsx";
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
  ["/interviews/:id/turns/:n/model-answer", modelAnswer.handler, true],
  ["/interviews/:id/review", review.handler, true],
  ["/interviews/:id/turns/:n/retry", retry.handler, true],
  ["/interviews/:id/turns/:n/attempts", attempts.handler, true],
  ["/interviews/:id/turns/:n/attempts/:k/retry", attempts.rerunHandler, true],
  ["/history", history.handler, true],
  ["/progress", progress.handler, true],
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

/** What the build writes: styles and the island bundle (no dotfiles). */
const ASSET = /^[^.].*\.(css|js|json)$/;

/**
 * `/static/build/<name>`: the hashed build output through Hono's `serveStatic`, cacheable for a
 * year because a changed file gets a new name; its precompressed `.br` / `.gz` twin where the
 * browser accepts one. The manifest is the server's own index.
 */
export function createStaticBuild() {
  const notFound = () => {
    throw new AppError("not_found", "file_not_found", "No such asset");
  };
  return new Hono<AppEnv>().get(
    "/:name{[A-Za-z0-9_.-]+}",
    async (c, next) => {
      const name = c.req.param("name");
      if (!ASSET.test(name) || name === "manifest.json") notFound();
      await next();
    },
    serveStatic({
      root: BUILD_DIR,
      precompressed: true,
      rewriteRequestPath: (path) => path.slice(path.lastIndexOf("/")),
      onFound: (_path, c) => c.header("Cache-Control", "public, max-age=31536000, immutable"),
    }),
    notFound,
  );
}
