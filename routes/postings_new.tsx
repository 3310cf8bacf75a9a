import {
  bindFields,
  Field,
  type FieldErrors,
  FormPage,
  SlowSubmit,
  TextArea,
} from "../components/ui.tsx";
import { AppError } from "../lib/errors.ts";
import type { Messages } from "../lib/i18n/mod.ts";
import { createPosting } from "../lib/postings/mod.ts";
import { enforceLimit, LIMITS } from "../lib/rate_limit.ts";
import { formUpload } from "../lib/upload.ts";
import { errorText, type Handlers, str, userOf } from "./_app.tsx";

/** `/postings/new`: upload a PDF or paste the text; the analysis runs before the redirect. */
export const handler: Handlers = {
  GET(ctx) {
    return ctx.render(ctx.t.posting_new_title, <NewPostingPage t={ctx.t} csrf={ctx.csrf} />);
  },
  async POST(ctx) {
    const { t, deps, form } = ctx;
    const uid = userOf(ctx);
    const values = { title: str(form, "title"), text: str(form, "text") };
    const pdf = formUpload(form.file);
    try {
      await enforceLimit(deps.sql, LIMITS.aiPerUser, uid);
      // The page promises that a PDF wins over pasted text.
      const posting = await createPosting(deps, uid, {
        title: values.title,
        text: pdf ? null : values.text,
        pdf,
      });
      return ctx.redirect(`/postings/${posting.id}`, "posting_created");
    } catch (e) {
      const errors: FieldErrors = {};
      let error: string | undefined;
      const code = e instanceof AppError ? e.code : "";
      if (code === "file_or_text_required") error = t.e_need_posting_input;
      else if (code === "posting_too_short") errors.text = t.v_text;
      else if (code === "title_too_long") errors.title = t.v_too_long;
      else if (code === "posting_too_long") errors.text = t.v_too_long;
      else if (pdf && e instanceof AppError && e.kind !== "upstream" && e.kind !== "unavailable") {
        errors.file = errorText(t, e);
      } else error = errorText(t, e);
      return ctx.render(
        t.posting_new_title,
        <NewPostingPage t={t} csrf={ctx.csrf} values={values} errors={errors} error={error} />,
        { status: e instanceof AppError && e.kind === "too_large" ? 413 : 422 },
      );
    }
  },
};

/** The posting upload form. */
export function NewPostingPage(
  p: {
    t: Messages;
    csrf: string;
    values?: { title?: string; text?: string };
    errors?: FieldErrors;
    error?: string;
  },
) {
  const { t } = p;
  const field = bindFields<{ title?: string; text?: string; file?: string }>(
    p.values ?? {},
    p.errors ?? {},
  );
  return (
    <FormPage
      form={p}
      width="2xl"
      title={t.posting_new_title}
      lead={t.posting_new_lead}
      action="/postings/new"
      multipart
    >
      <Field
        {...field("title")}
        label={t.posting_field_title}
        optional={t.optional}
        hint={t.posting_field_title_hint}
        maxLength={200}
      />
      <Field
        {...field("file")}
        type="file"
        accept="application/pdf,.pdf"
        label={t.posting_field_file}
        hint={t.posting_field_file_hint}
      />
      <p class="text-center text-sm font-medium text-slate-500" aria-hidden="true">
        — {t.posting_or} —
      </p>
      <TextArea {...field("text")} label={t.posting_field_text} rows={10} maxLength={50000} />
      <SlowSubmit note={t.posting_submit_busy}>{t.posting_submit}</SlowSubmit>
    </FormPage>
  );
}
