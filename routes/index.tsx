import { Alert, LinkButton } from "../components/ui.tsx";
import type { Messages } from "../lib/i18n/mod.ts";
import type { Handlers } from "./_app.tsx";

/** `/`: what the service does. */
export const handler: Handlers = {
  GET(ctx) {
    return ctx.render(
      ctx.t.app_name,
      <LandingPage t={ctx.t} offline={ctx.deps.ai.name === "offline"} signedIn={!!ctx.userId} />,
    );
  },
};

/** The landing page. */
export function LandingPage(p: { t: Messages; offline: boolean; signedIn: boolean }) {
  const { t } = p;
  const steps = [
    [t.landing_step1_title, t.landing_step1_body],
    [t.landing_step2_title, t.landing_step2_body],
    [t.landing_step3_title, t.landing_step3_body],
  ];
  return (
    <div class="space-y-10">
      <section class="space-y-5 pt-4 sm:pt-10">
        <p class="text-sm font-semibold text-indigo-700">{t.app_tagline}</p>
        <h1 class="max-w-3xl text-3xl font-bold tracking-tight text-slate-900 sm:text-5xl">
          {t.landing_title}
        </h1>
        <p class="max-w-2xl text-lg leading-relaxed text-slate-600">{t.landing_lead}</p>
        <div class="flex flex-wrap gap-3">
          {p.signedIn
            ? <LinkButton href="/dashboard" kind="primary">{t.landing_cta_dashboard}</LinkButton>
            : (
              <>
                <LinkButton href="/signup" kind="primary">{t.landing_cta_start}</LinkButton>
                <LinkButton href="/login">{t.landing_cta_login}</LinkButton>
              </>
            )}
        </div>
      </section>
      {p.offline && (
        <Alert kind="warning" title={t.landing_offline_title}>{t.landing_offline_body}</Alert>
      )}
      <ol class="grid gap-4 sm:grid-cols-3">
        {steps.map(([title, body]) => (
          <li key={title} class="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
            <h2 class="font-semibold text-slate-900">{title}</h2>
            <p class="mt-2 text-sm leading-relaxed text-slate-600">{body}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
