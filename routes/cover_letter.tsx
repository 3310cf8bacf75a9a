import { CoverLetterFeedback } from "../components/cover_letter_feedback.tsx";
import { RecordList, type Row } from "../components/lists.tsx";
import { InterviewSetupFields } from "../components/interview_setup.tsx";
import {
  Alert,
  Button,
  Card,
  type FieldErrors,
  OfflineTag,
  PageHeader,
  PostForm,
  Prose,
} from "../components/ui.tsx";
import { CoverLetterField } from "../components/cover_letter_field.tsx";
import {
  type CoverLetterDetail,
  getCoverLetter,
  updateCoverLetter,
} from "../lib/cover_letters/mod.ts";
import type { AiProvider } from "../lib/ai/types.ts";
import { notFound } from "../lib/errors.ts";
import { formatDate, type Lang, type Messages } from "../lib/i18n/mod.ts";
import { listHistory } from "../lib/interview/mod.ts";
import { enforceLimit, LIMITS } from "../lib/rate_limit.ts";
import { CoverLetterPatch, Uuid } from "../lib/schemas.ts";
import { errorText, fieldErrors, type Handlers, type PageCtx, str, userOf } from "./_app.tsx";

function letterId(id: string | undefined): string {
  if (!Uuid.safeParse(id).success) throw notFound("cover_letter");
  return id!;
}

async function page(
  ctx: PageCtx,
  letter: CoverLetterDetail,
  extra: { content?: string; errors?: FieldErrors; error?: string; status?: 422 } = {},
) {
  const { items } = await listHistory(ctx.deps, userOf(ctx), { limit: 100, offset: 0 });
  const interviews: Row[] = items.filter((s) => s.cover_letter_id === letter.id).map((s) => ({
    href: s.status === "in_progress"
      ? `/interviews/${s.session_id}`
      : `/interviews/${s.session_id}/result`,
    title: ctx.t.interview_title,
    created: s.created_at,
    status: s.status,
  }));
  return ctx.render(
    ctx.t.untitled_cover_letter,
    <CoverLetterPage
      t={ctx.t}
      lang={ctx.lang}
      csrf={ctx.csrf}
      letter={letter}
      interviews={interviews}
      content={extra.content ?? letter.content}
      errors={extra.errors}
      error={extra.error}
      ai={ctx.deps.ai}
    />,
    { status: extra.status },
  );
}

/** `/cover-letters/:id`: the letter, its feedback, an editor, and the interview start. */
export const handler: Handlers = {
  async GET(ctx) {
    return await page(ctx, await getCoverLetter(ctx.deps, userOf(ctx), letterId(ctx.params.id)));
  },
  async POST(ctx) {
    const { t, deps } = ctx;
    const uid = userOf(ctx);
    const id = letterId(ctx.params.id);
    const content = str(ctx.form, "content");
    const parsed = CoverLetterPatch.safeParse({ content });
    if (!parsed.success) {
      const letter = await getCoverLetter(deps, uid, id);
      return await page(ctx, letter, {
        content,
        errors: fieldErrors(t, parsed.error.issues),
        status: 422,
      });
    }
    try {
      await enforceLimit(deps.sql, LIMITS.aiPerUser, uid);
      await updateCoverLetter(deps, uid, id, parsed.data);
    } catch (e) {
      const error = errorText(t, e);
      return await page(ctx, await getCoverLetter(deps, uid, id), { content, error, status: 422 });
    }
    return ctx.redirect(`/cover-letters/${id}`, "cl_updated");
  },
};

/** A cover letter with its feedback. */
export function CoverLetterPage(
  p: {
    t: Messages;
    lang: Lang;
    csrf: string;
    letter: CoverLetterDetail;
    interviews: Row[];
    content: string;
    errors?: FieldErrors;
    error?: string;
    /** What the running provider does: the labels and the interview promise follow it. */
    ai: Pick<AiProvider, "name" | "capabilities">;
  },
) {
  const { t, letter } = p;
  const offline = p.ai.name === "offline";
  const posting = letter.job_posting;
  return (
    <div class="space-y-6">
      <PageHeader title={t.untitled_cover_letter}>
        <p class="mt-1 text-sm text-slate-600">
          {t.cl_for_posting}: {posting
            ? (
              <a href={`/postings/${posting.id}`} class="font-medium text-indigo-700 underline">
                {posting.title || t.untitled_posting}
              </a>
            )
            : t.cl_posting_deleted} · {formatDate(p.lang, letter.updated_at)}
        </p>
      </PageHeader>

      <section
        aria-labelledby="start-title"
        class="rounded-xl border border-indigo-200 bg-indigo-50 p-4 sm:p-6"
      >
        <h2 id="start-title" class="font-semibold text-indigo-950">{t.cl_start_interview}</h2>
        <p class="mt-1 text-sm text-indigo-900">
          {p.ai.capabilities.tts ? t.cl_start_interview_hint : t.cl_start_interview_hint_offline}
        </p>
        <PostForm action="/interviews" csrf={p.csrf} class="mt-4">
          <input type="hidden" name="cover_letter_id" value={letter.id} />
          <InterviewSetupFields t={t} />
          <Button>{t.cl_start_interview}</Button>
        </PostForm>
      </section>

      <div class="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card
          id="feedback"
          title={offline ? t.cl_feedback_offline : t.cl_feedback}
          action={offline && <OfflineTag t={t} />}
        >
          {letter.ai_feedback_structured
            ? <CoverLetterFeedback t={t} fb={letter.ai_feedback_structured} />
            : letter.ai_feedback
            // Letters reviewed before feedback was kept in sections.
            ? <Prose text={letter.ai_feedback} />
            : <p class="text-sm text-slate-600">{t.cl_no_feedback}</p>}
        </Card>
        <Card id="edit" title={t.cl_edit}>
          <PostForm action={`/cover-letters/${letter.id}`} csrf={p.csrf} label={t.cl_edit}>
            {p.error && <Alert kind="error">{p.error}</Alert>}
            <CoverLetterField t={t} value={p.content} error={p.errors?.content} />
            <Button kind="secondary">{t.cl_update}</Button>
          </PostForm>
        </Card>
      </div>
      <Card id="interviews" title={t.cl_interviews}>
        <RecordList rows={p.interviews} empty={t.cl_no_interviews} lang={p.lang} t={t} />
      </Card>
    </div>
  );
}
