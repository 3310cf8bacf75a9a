import type { ComponentChildren } from "preact";
import type { Lang, Messages } from "../lib/i18n/mod.ts";
import { Alert, Csrf } from "./ui.tsx";

/** What the page shell needs to know. */
export interface LayoutProps {
  lang: Lang;
  t: Messages;
  title: string;
  /** Hashed asset URLs. */
  css: string;
  js?: string;
  /** Island props, serialized into a JSON script the client entry reads. */
  island?: { id: string; props: unknown };
  /** Seconds after which the browser reloads the page (no script needed). */
  refreshSec?: number;
  /** Recordings are on the page: the footer says they are private and their links expire. */
  recordings: boolean;
  signedIn: boolean;
  csrf: string;
  /** Current path and query, for the language switch. */
  path: string;
  notice?: string;
  offline: boolean;
  children: ComponentChildren;
}

/** JSON safe to embed in HTML: `<` is escaped so no `</script>` can end the element early. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function switchLangHref(path: string, lang: Lang): string {
  const u = new URL(path, "http://x");
  u.searchParams.set("lang", lang === "ko" ? "en" : "ko");
  return u.pathname + u.search;
}

const navLink =
  "rounded-md px-2 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600";

/** The document: head, skip link, header with navigation, main content and footer. */
export function Layout(p: LayoutProps) {
  const { t } = p;
  return (
    <html lang={p.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {p.refreshSec ? <meta http-equiv="refresh" content={String(p.refreshSec)} /> : null}
        <title>{p.title === t.app_name ? t.app_name : `${p.title} · ${t.app_name}`}</title>
        <meta name="description" content={t.app_tagline} />
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={p.css} />
        {p.js && <script type="module" src={p.js} defer></script>}
      </head>
      <body class="flex min-h-screen flex-col bg-slate-50 font-sans text-slate-900 antialiased">
        <a
          href="#main"
          class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
        >
          {t.skip_to_content}
        </a>
        <header class="border-b border-slate-200 bg-white">
          <div class="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-2">
            <a
              href={p.signedIn ? "/dashboard" : "/"}
              class="py-2 text-lg font-bold text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              {t.app_name}
            </a>
            <nav aria-label={t.nav_main} class="flex flex-wrap items-center gap-x-1">
              {p.signedIn
                ? (
                  <>
                    <a href="/dashboard" class={navLink}>{t.nav_dashboard}</a>
                    <a href="/history" class={navLink}>{t.nav_history}</a>
                    <a href="/progress" class={navLink}>{t.nav_progress}</a>
                    <a href="/profile" class={navLink}>{t.nav_profile}</a>
                    <form method="post" action="/logout" class="inline">
                      <Csrf token={p.csrf} />
                      <button type="submit" class={navLink}>{t.nav_logout}</button>
                    </form>
                  </>
                )
                : (
                  <>
                    <a href="/login" class={navLink}>{t.nav_login}</a>
                    <a href="/signup" class={navLink}>{t.nav_signup}</a>
                  </>
                )}
              <a
                href={switchLangHref(p.path, p.lang)}
                class={navLink}
                lang={p.lang === "ko" ? "en" : "ko"}
                aria-label={t.lang_switch_label}
                hreflang={p.lang === "ko" ? "en" : "ko"}
              >
                {t.lang_switch}
              </a>
            </nav>
          </div>
        </header>
        {p.offline && (
          <p class="bg-amber-100 px-4 py-1 text-center text-xs font-medium text-amber-950">
            {t.offline_badge}
          </p>
        )}
        <main id="main" tabindex={-1} class="mx-auto w-full max-w-5xl flex-1 px-4 py-6 sm:py-10">
          {p.notice && (
            <div class="mb-6">
              <Alert kind="success">{p.notice}</Alert>
            </div>
          )}
          {p.children}
        </main>
        {p.recordings && (
          <footer class="border-t border-slate-200 bg-white">
            <p class="mx-auto max-w-5xl px-4 py-4 text-xs text-slate-500">{t.footer_note}</p>
          </footer>
        )}
        {p.island && (
          <script
            type="application/json"
            id={p.island.id}
            // deno-lint-ignore react-no-danger
            dangerouslySetInnerHTML={{ __html: embedJson(p.island.props) }}
          />
        )}
      </body>
    </html>
  );
}
