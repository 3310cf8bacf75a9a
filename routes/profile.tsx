import {
  ProfileFields,
  profileFromForm,
  type ProfileValues,
} from "../components/profile_fields.tsx";
import { Button, type FieldErrors, FormPage } from "../components/ui.tsx";
import { findUser, pickProfile, updateUser } from "../db/users.ts";
import { AppError } from "../lib/errors.ts";
import type { Messages } from "../lib/i18n/mod.ts";
import { ProfilePatch } from "../lib/schemas.ts";
import { fieldErrors, type Handlers, userOf } from "./_app.tsx";

const gone = () => new AppError("unauthorized", "user_not_found", "The account no longer exists");

/** `/profile`: view and edit the profile (blank fields are cleared). */
export const handler: Handlers = {
  async GET(ctx) {
    const user = await findUser(ctx.deps.sql, userOf(ctx));
    if (!user) throw gone();
    return ctx.render(
      ctx.t.profile_title,
      <ProfilePage t={ctx.t} csrf={ctx.csrf} email={user.email} values={pickProfile(user)} />,
    );
  },
  async POST(ctx) {
    const { t, deps } = ctx;
    const values = profileFromForm(ctx.form, null);
    const parsed = ProfilePatch.safeParse(values);
    if (!parsed.success) {
      const user = await findUser(deps.sql, userOf(ctx));
      return ctx.render(
        t.profile_title,
        <ProfilePage
          t={t}
          csrf={ctx.csrf}
          email={user?.email ?? ""}
          values={values}
          errors={fieldErrors(t, parsed.error.issues)}
        />,
        { status: 422 },
      );
    }
    if (!(await updateUser(deps.sql, userOf(ctx), parsed.data))) throw gone();
    return ctx.redirect("/profile", "profile_saved");
  },
};

/** The profile editor. */
export function ProfilePage(
  p: { t: Messages; csrf: string; email: string; values: ProfileValues; errors?: FieldErrors },
) {
  const { t } = p;
  return (
    <FormPage form={p} width="xl" title={t.profile_title} lead={t.profile_lead} action="/profile">
      <div>
        <p class="mb-1 text-sm font-medium text-slate-800">{t.field_email}</p>
        <p class="text-slate-700">{p.email}</p>
      </div>
      <ProfileFields t={t} values={p.values} errors={p.errors ?? {}} />
      <Button>{t.profile_submit}</Button>
    </FormPage>
  );
}
