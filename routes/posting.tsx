import { excerpt, RecordList, type Row } from "../components/lists.tsx";
import {
  Card,
  Chip,
  LinkButton,
  OfflineTag,
  PageHeader,
  PostForm,
  Prose,
} from "../components/ui.tsx";
import { listCoverLetters } from "../lib/cover_letters/mod.ts";
import { formatDate, type Lang, type Messages } from "../lib/i18n/mod.ts";
import { deletePosting, getPosting, type Posting } from "../lib/postings/mod.ts";
import { Uuid } from "../lib/schemas.ts";
import { notFound } from "../lib/errors.ts";
import { type Handlers, userOf } from "./_app.tsx";

function postingId(id: string | undefined): string {
  if (!Uuid.safeParse(id).success) throw notFound("job_posting");
  return id!;
}

/** `/postings/:id`: the analysis as keyword chips and a requirement list. */
export const handler: Handlers = {
  async GET(ctx) {
    const uid = userOf(ctx);
    const id = postingId(ctx.params.id);
    const posting = await getPosting(ctx.deps, uid, id);
    const letters = await listCoverLetters(ctx.deps, uid, { limit: 100, offset: 0 });
    return ctx.render(
      posting.title || ctx.t.untitled_posting,
      <PostingPage
        t={ctx.t}
        lang={ctx.lang}
        csrf={ctx.csrf}
        posting={posting}
        offline={ctx.deps.ai.name === "offline"}
        letters={letters.items.filter((l) => l.job_posting_id === id).map((l) => ({
          href: `/cover-letters/${l.id}`,
          title: excerpt(l.content) || ctx.t.untitled_cover_letter,
          created: l.created_at,
        }))}
      />,
    );
  },
};

/** `POST /postings/:id/delete`. */
export const deleteHandler: Handlers = {
  async POST(ctx) {
    await deletePosting(ctx.deps, userOf(ctx), postingId(ctx.params.id));
    return ctx.redirect("/dashboard", "posting_deleted");
  },
};

/** A posting with its analysis. */
export function PostingPage(
  p: { t: Messages; lang: Lang; csrf: string; posting: Posting; letters: Row[]; offline: boolean },
) {
  const { t, posting } = p;
  const tag = p.offline && <OfflineTag t={t} />;
  const a = posting.ai_analysis;
  return (
    <div class="space-y-6">
      <PageHeader title={posting.title || t.untitled_posting}>
        <p class="mt-1 text-sm text-slate-500">{formatDate(p.lang, posting.created_at)}</p>
      </PageHeader>
      <div class="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card id="keywords" title={t.posting_keywords} action={tag}>
          {a.keywords.length
            ? (
              <ul class="flex flex-wrap gap-2">
                {a.keywords.map((k) => <Chip key={k}>{k}</Chip>)}
              </ul>
            )
            : <p class="text-sm text-slate-600">{t.posting_no_keywords}</p>}
        </Card>
        <Card id="requirements" title={t.posting_requirements} action={tag}>
          <ul class="list-disc space-y-1 pl-5 text-slate-800">
            {a.requirements.map((r) => <li key={r}>{r}</li>)}
          </ul>
        </Card>
      </div>
      <Card
        id="letters"
        title={t.posting_cover_letters}
        action={
          <LinkButton href={`/cover-letters/new?posting=${posting.id}`} kind="primary">
            {t.posting_write_cover_letter}
          </LinkButton>
        }
      >
        <RecordList rows={p.letters} empty={t.posting_no_cover_letters} lang={p.lang} t={t} />
      </Card>
      <details class="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
        <summary class="cursor-pointer font-semibold text-slate-900">{t.posting_original}</summary>
        <Prose text={posting.original_text} class="mt-4 text-sm" />
      </details>
      <PostForm action={`/postings/${posting.id}/delete`} csrf={p.csrf} label={t.posting_delete}>
        <button
          type="submit"
          class="text-sm font-medium text-red-700 underline underline-offset-2 hover:text-red-800"
        >
          {t.posting_delete}
        </button>
      </PostForm>
    </div>
  );
}
