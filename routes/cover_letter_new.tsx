import {
  Alert,
  Button,
  type FieldErrors,
  LinkButton,
  PageHeader,
  PostForm,
  Select,
  TextArea,
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
  return (
    <div class="mx-auto max-w-2xl">
      <PageHeader title={t.cl_new_title} lead={t.cl_new_lead} />
      <div class="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
        <PostForm action="/cover-letters/new" csrf={p.csrf} label={t.cl_new_title}>
          {p.error && <Alert kind="error">{p.error}</Alert>}
          <Select
            name="job_posting_id"
            label={t.cl_field_posting}
            value={p.values.job_posting_id}
            options={p.values.job_posting_id
              ? p.postings
              : [{ value: "", label: "—" }, ...p.postings]}
            required
            error={e.job_posting_id}
          />
          <TextArea
            name="content"
            label={t.cl_field_content}
            hint={t.cl_field_content_hint}
            value={p.values.content}
            rows={14}
            maxLength={10000}
            required
            error={e.content}
          />
          <div class="flex flex-wrap items-center gap-3">
            <Button>{t.cl_submit}</Button>
            <p class="text-sm text-slate-500">{t.posting_submit_busy}</p>
          </div>
        </PostForm>
      </div>
    </div>
  );
}
