import { Button, Field, FormPage, OtherForm } from "../components/ui.tsx";
import { login } from "../lib/auth/mod.ts";
import type { Messages } from "../lib/i18n/mod.ts";
import { enforceLimit, LIMITS } from "../lib/rate_limit.ts";
import { LoginInput } from "../lib/schemas.ts";
import { clientIp } from "./api/middleware.ts";
import { errorText, type Handlers, safeNext, str } from "./_app.tsx";
import { setSession } from "./web_session.ts";

/** `/login`: e-mail and password; continues to `next` (a local path) or the dashboard. */
export const handler: Handlers = {
  GET(ctx) {
    const next = safeNext(ctx.url.searchParams.get("next"));
    if (ctx.userId) return ctx.redirect(next);
    return ctx.render(ctx.t.login_title, <LoginPage t={ctx.t} csrf={ctx.csrf} next={next} />);
  },
  async POST(ctx) {
    const { t, form, deps } = ctx;
    const next = safeNext(str(form, "next"));
    const email = str(form, "email");
    const again = (error: string) =>
      ctx.render(
        t.login_title,
        <LoginPage t={t} csrf={ctx.csrf} next={next} email={email} error={error} />,
        { status: 422 },
      );
    const parsed = LoginInput.safeParse({ email, password: str(form, "password") });
    if (!parsed.success) return again(t.e_invalid_credentials);
    try {
      await enforceLimit(deps.sql, LIMITS.authPerIp, clientIp(ctx.c));
      await enforceLimit(deps.sql, LIMITS.authPerAccount, parsed.data.email);
      setSession(ctx.c, await login(deps, parsed.data.email, parsed.data.password));
    } catch (e) {
      return again(errorText(t, e));
    }
    return ctx.redirect(next);
  },
};

/** The log-in form. */
export function LoginPage(
  p: { t: Messages; csrf: string; next: string; email?: string; error?: string },
) {
  const { t } = p;
  return (
    <FormPage
      form={p}
      width="md"
      title={t.login_title}
      action="/login"
      after={<OtherForm question={t.login_no_account} href="/signup" label={t.nav_signup} />}
    >
      <input type="hidden" name="next" value={p.next} />
      <Field
        name="email"
        type="email"
        label={t.field_email}
        value={p.email}
        autocomplete="email"
        required
      />
      <Field
        name="password"
        type="password"
        label={t.field_password}
        autocomplete="current-password"
        required
      />
      <Button>{t.login_submit}</Button>
    </FormPage>
  );
}
