import { CoverLetterField } from "../components/cover_letter_field.tsx";
import {
  Alert,
  bindFields,
  type FieldErrors,
  FormPage,
  LinkButton,
  PageHeader,
  Select,
  SlowSubmit,
} from "../components/ui.tsx";
import { createCoverLetter } from "../lib/cover_letters/mod.ts";
import { AppError } from "../lib/errors.ts";
import type { Messages } from "../lib/i18n/mod.ts";
import { listPostings } from "../lib/postings/mod.ts";
import { enforceLimit, LIMITS } from "../lib/rate_limit.ts";
import { CoverLetterInput } from "../lib/schemas.ts";
import { errorText, fieldErrors, type Handlers, type PageCtx, str, userOf } from "./_app.tsx";

async function postingOptions(ctx: PageCtx) {
  const { items } = await listPostings(ctx.deps, userOf(ctx), { limit: 100, offset: 0 });
  return items.map((p) => ({ value: p.id, label: p.title || ctx.t.untitled_posting }));
}

/** `/cover-letters/new?posting=`: write a letter for a posting and get feedback. */
export const handler: Handlers = {
  async GET(ctx) {
    const options = await postingOptions(ctx);
    const wanted = ctx.url.searchParams.get("posting");
    return ctx.render(
      ctx.t.cl_new_title,
      <NewCoverLetterPage
        t={ctx.t}
        csrf={ctx.csrf}
        postings={options}
        values={{ job_posting_id: options.some((o) => o.value === wanted) ? wanted! : "" }}
      />,
    );
  },
  async POST(ctx) {
    const { t, deps, form } = ctx;
    const uid = userOf(ctx);
    const values = { job_posting_id: str(form, "job_posting_id"), content: str(form, "content") };
    const again = async (errors: FieldErrors, error?: string) =>
      ctx.render(
        t.cl_new_title,
        <NewCoverLetterPage
          t={t}
          csrf={ctx.csrf}
          postings={await postingOptions(ctx)}
          values={values}
          errors={errors}
          error={error}
        />,
        { status: 422 },
      );
    const parsed = CoverLetterInput.safeParse(values);
    if (!parsed.success) return again(fieldErrors(t, parsed.error.issues), t.error_form);
    try {
      await enforceLimit(deps.sql, LIMITS.aiPerUser, uid);
      const letter = await createCoverLetter(deps, uid, parsed.data);
      return ctx.redirect(`/cover-letters/${letter.id}`, "cl_created");
    } catch (e) {
      if (e instanceof AppError && e.kind === "not_found") {
        return again({ job_posting_id: t.v_required });
      }
      return again({}, errorText(t, e));
    }
  },
};

/** The cover-letter editor for a new letter. */
export function NewCoverLetterPage(
  p: {
    t: Messages;
    csrf: string;
    postings: { value: string; label: string }[];
    values: { job_posting_id?: string; content?: string };
    errors?: FieldErrors;
    error?: string;
  },
) {
  const { t } = p;
  const e = p.errors ?? {};
  if (p.postings.length === 0) {
    return (
      <div class="mx-auto max-w-2xl space-y-4">
        <PageHeader title={t.cl_new_title} />
        <Alert kind="info">{t.cl_need_posting}</Alert>
        <LinkButton href="/postings/new" kind="primary">{t.dashboard_new_posting}</LinkButton>
      </div>
    );
  }
  const field = bindFields(p.values, e);
  return (
    <FormPage
      form={p}
      width="2xl"
      title={t.cl_new_title}
      lead={t.cl_new_lead}
      action="/cover-letters/new"
    >
      <Select
        {...field("job_posting_id")}
        label={t.cl_field_posting}
        options={p.values.job_posting_id ? p.postings : [{ value: "", label: "—" }, ...p.postings]}
        required
      />
      <CoverLetterField t={t} value={p.values.content} error={e.content} />
      <SlowSubmit note={t.posting_submit_busy}>{t.cl_submit}</SlowSubmit>
    </FormPage>
  );
}
