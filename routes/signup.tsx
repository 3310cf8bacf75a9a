import {
  ProfileFields,
  profileFromForm,
  type ProfileValues,
} from "../components/profile_fields.tsx";
import {
  bindFields,
  Button,
  Field,
  type FieldErrors,
  FormPage,
  OtherForm,
} from "../components/ui.tsx";
import { login, register } from "../lib/auth/mod.ts";
import { AppError } from "../lib/errors.ts";
import type { Messages } from "../lib/i18n/mod.ts";
import { enforceLimit, LIMITS } from "../lib/rate_limit.ts";
import { RegisterInput } from "../lib/schemas.ts";
import { clientIp } from "./api/middleware.ts";
import { errorText, fieldErrors, type Handlers, str } from "./_app.tsx";
import { setSession } from "./web_session.ts";

/** `/signup`: create an account with the whole profile, then sign in. */
export const handler: Handlers = {
  GET(ctx) {
    if (ctx.userId) return ctx.redirect("/dashboard");
    return ctx.render(ctx.t.signup_title, <SignupPage t={ctx.t} csrf={ctx.csrf} values={{}} />);
  },
  async POST(ctx) {
    const { t, form, deps } = ctx;
    const values = { email: str(form, "email"), ...profileFromForm(form, undefined) };
    const again = (errors: FieldErrors, error?: string) =>
      ctx.render(
        t.signup_title,
        <SignupPage t={t} csrf={ctx.csrf} values={values} errors={errors} error={error} />,
        { status: 422 },
      );
    const parsed = RegisterInput.safeParse({ ...values, password: str(form, "password") });
    if (!parsed.success) return again(fieldErrors(t, parsed.error.issues), t.error_form);
    try {
      await enforceLimit(deps.sql, LIMITS.authPerIp, clientIp(ctx.c));
      await register(deps, parsed.data);
      const pair = await login(deps, parsed.data.email, parsed.data.password);
      setSession(ctx.c, pair);
    } catch (e) {
      if (e instanceof AppError && e.code === "email_taken") {
        return again({ email: t.e_email_taken });
      }
      return again({}, errorText(t, e));
    }
    return ctx.redirect("/dashboard", "signup_done");
  },
};

/** The sign-up form. */
export function SignupPage(
  p: {
    t: Messages;
    csrf: string;
    values: ProfileValues & { email?: string };
    errors?: FieldErrors;
    error?: string;
  },
) {
  const { t } = p;
  const e = p.errors ?? {};
  const field = bindFields<ProfileValues & { email?: string; password?: string }>(p.values, e);
  return (
    <FormPage
      form={p}
      width="xl"
      title={t.signup_title}
      lead={t.signup_lead}
      action="/signup"
      after={<OtherForm question={t.signup_have_account} href="/login" label={t.nav_login} />}
    >
      <Field
        {...field("email")}
        type="email"
        label={t.field_email}
        autocomplete="email"
        required
      />
      <Field
        {...field("password")}
        type="password"
        label={t.field_password}
        hint={t.field_password_hint}
        autocomplete="new-password"
        required
      />
      <ProfileFields t={t} values={p.values} errors={e} />
      <Button>{t.signup_submit}</Button>
    </FormPage>
  );
}
