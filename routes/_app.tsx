/**
 * The page contract, Fresh style: each page file exports a `handler` ({GET, POST}) that gets a
 * `PageCtx` and a named page component. `routes/pages.tsx` builds the context (language,
 * session, CSRF) and `ctx.render` wraps the component in the shared layout.
 */
import type { Context } from "hono";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { Layout } from "../components/layout.tsx";
import { assetUrl } from "../lib/assets.ts";
import { AppError } from "../lib/errors.ts";
import type { Lang, MessageKey, Messages } from "../lib/i18n/mod.ts";
import type { AppDeps, AppEnv } from "./context.ts";

/** A parsed form body. */
export type FormBody = Record<string, string | File>;

/** Options for rendering a page. */
export interface RenderOptions {
  status?: 200 | 201 | 400 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503;
  /** Ship the island bundle and its props. */
  island?: { id: string; props: unknown };
  refreshSec?: number;
  /** The page shows stored recordings: the footer says who sees them and that links expire. */
  recordings?: boolean;
}

/** Everything a page handler needs. */
export interface PageCtx {
  c: Context<AppEnv>;
  deps: AppDeps;
  lang: Lang;
  t: Messages;
  /** The signed-in user; pages marked `auth` only run when there is one. */
  userId: string | null;
  csrf: string;
  params: Record<string, string>;
  url: URL;
  /** The POST body, already CSRF-checked (empty for GET). */
  form: FormBody;
  render(title: string, body: VNode, opts?: RenderOptions): Response;
  /** 303 See Other, optionally with a one-line notice shown on the next page. */
  redirect(to: string, notice?: MessageKey): Response;
}

/** A page's request handlers. */
export interface Handlers {
  GET?(ctx: PageCtx): Response | Promise<Response>;
  POST?(ctx: PageCtx): Response | Promise<Response>;
}

/** Notices a redirect may ask the next page to show (anything else is ignored). */
export const NOTICES = new Set<MessageKey>([
  "signup_done",
  "logged_out",
  "profile_saved",
  "posting_created",
  "posting_deleted",
  "cl_created",
  "cl_updated",
  "login_required",
]);

/** The signed-in user of an `auth` page. */
export function userOf(ctx: PageCtx): string {
  if (!ctx.userId) throw new AppError("unauthorized", "login_required", "Log in first");
  return ctx.userId;
}

/** Renders a page body inside the layout to a complete HTML response. */
export function renderPage(
  base: Omit<PageCtx, "render" | "redirect">,
  title: string,
  body: VNode,
  opts: RenderOptions = {},
): Response {
  const { c, t } = base;
  const noticeKey = base.url.searchParams.get("notice") as MessageKey | null;
  const html = renderToString(
    <Layout
      lang={base.lang}
      t={t}
      title={title}
      css={assetUrl("styles.css")}
      js={opts.island ? assetUrl("main.js") : undefined}
      island={opts.island}
      refreshSec={opts.refreshSec}
      recordings={opts.recordings ?? false}
      signedIn={!!base.userId}
      csrf={base.csrf}
      path={base.url.pathname + base.url.search}
      notice={noticeKey && NOTICES.has(noticeKey) ? t[noticeKey] : undefined}
      offline={base.deps.ai.name === "offline"}
    >
      {body}
    </Layout>,
  );
  c.header("Cache-Control", "no-store");
  c.header("Vary", "Cookie, Accept-Language");
  return c.html(`<!DOCTYPE html>${html}`, opts.status ?? 200);
}

const KIND_MESSAGE: Partial<Record<string, MessageKey>> = {
  rate_limited: "e_rate_limited",
  upstream: "e_upstream",
  unavailable: "e_unavailable",
  too_large: "e_too_large",
  unsupported: "e_unsupported",
  conflict: "e_conflict",
  not_found: "e_not_found",
  invalid: "e_invalid",
  bad_input: "e_invalid",
};

/**
 * The reader's message for an expected failure a form can show next to its fields; anything
 * else (a bug, a lost session) is re-thrown for the error page.
 */
export function errorText(t: Messages, e: unknown): string {
  if (e instanceof AppError) {
    const key = (`e_${e.code}` in t ? `e_${e.code}` : KIND_MESSAGE[e.kind]) as MessageKey;
    if (key) return t[key];
  }
  throw e;
}

/** A form value as a string ("" when absent or a file). */
export function str(form: FormBody, key: string): string {
  const v = form[key];
  return typeof v === "string" ? v : "";
}

/** A same-site path to continue to after logging in (anything else becomes the dashboard). */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")
    ? next
    : "/dashboard";
}

const FIELD_MESSAGE: Record<string, MessageKey> = {
  email: "v_email",
  password: "v_password",
  age: "v_age",
  text: "v_text",
  content: "v_content",
  job_posting_id: "v_required",
};

/** Field messages for a failed schema parse, one per field, in the reader's language. */
export function fieldErrors(
  t: Messages,
  issues: readonly { path: readonly PropertyKey[]; code: string }[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const field = String(i.path[0] ?? "");
    out[field] ??= t[FIELD_MESSAGE[field] ?? (i.code === "too_big" ? "v_too_long" : "v_generic")];
  }
  return out;
}
