import { excerpt, RecordList, type Row } from "../components/lists.tsx";
import { Card, PageHeader } from "../components/ui.tsx";
import { listCoverLetters } from "../lib/cover_letters/mod.ts";
import { fmt, type Lang, type Messages } from "../lib/i18n/mod.ts";
import { listHistory } from "../lib/interview/mod.ts";
import { type Handlers, userOf } from "./_app.tsx";
import { modeLabel } from "./progress.tsx";

const PER_PAGE = 20;

/** `/history?page=`: every interview, newest first. */
export const handler: Handlers = {
  async GET(ctx) {
    const uid = userOf(ctx);
    const pageNo = Math.max(1, Math.min(10_000, Number(ctx.url.searchParams.get("page")) || 1));
    const [history, letters] = await Promise.all([
      listHistory(ctx.deps, uid, { limit: PER_PAGE, offset: (pageNo - 1) * PER_PAGE }),
      listCoverLetters(ctx.deps, uid, { limit: 100, offset: 0 }),
    ]);
    const titles = new Map(letters.items.map((l) => [l.id, excerpt(l.content, 50)]));
    return ctx.render(
      ctx.t.history_title,
      <HistoryPage
        t={ctx.t}
        lang={ctx.lang}
        page={pageNo}
        pages={Math.max(1, Math.ceil(history.total / PER_PAGE))}
        rows={history.items.map((s) => ({
          href: s.status === "in_progress"
            ? `/interviews/${s.session_id}`
            : `/interviews/${s.session_id}/result`,
          title: s.posting_title || ctx.t.interview_title,
          detail: titles.get(s.cover_letter_id),
          created: s.created_at,
          status: s.status,
          // An interview left before its last answer reopens at the turn it stopped on.
          action: s.status === "in_progress" ? ctx.t.history_resume : undefined,
          badges: [
            ...(s.mode ? [modeLabel(ctx.t, s.mode)] : []),
            ...(s.score === null ? [] : [fmt(ctx.t.history_score, { score: s.score })]),
          ],
        }))}
      />,
    );
  },
};

/** The interview history. */
export function HistoryPage(
  p: { t: Messages; lang: Lang; rows: Row[]; page: number; pages: number },
) {
  const { t } = p;
  const link = "font-medium text-indigo-700 underline";
  return (
    <div>
      <PageHeader title={t.history_title}>
        <a href="/progress" class={`mt-2 inline-block text-sm ${link}`}>{t.progress_link}</a>
      </PageHeader>
      <Card>
        <RecordList rows={p.rows} empty={t.history_empty} lang={p.lang} t={t} />
      </Card>
      {p.pages > 1 && (
        <nav class="mt-4 flex justify-between text-sm" aria-label={t.history_title}>
          {p.page > 1
            ? <a class={link} href={`/history?page=${p.page - 1}`}>{t.history_prev}</a>
            : <span />}
          {p.page < p.pages
            ? <a class={link} href={`/history?page=${p.page + 1}`}>{t.history_next}</a>
            : <span />}
        </nav>
      )}
    </div>
  );
}
