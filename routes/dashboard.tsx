import { excerpt, RecordList, type Row } from "../components/lists.tsx";
import { Card, LinkButton, PageHeader } from "../components/ui.tsx";
import { findUser } from "../db/users.ts";
import { listCoverLetters } from "../lib/cover_letters/mod.ts";
import { fmt, type Lang, type Messages } from "../lib/i18n/mod.ts";
import { listHistory } from "../lib/interview/mod.ts";
import { listPostings } from "../lib/postings/mod.ts";
import { type Handlers, userOf } from "./_app.tsx";

const PAGE = { limit: 50, offset: 0 };

/** `/dashboard`: the user's postings, cover letters and interviews. */
export const handler: Handlers = {
  async GET(ctx) {
    const { deps, t } = ctx;
    const uid = userOf(ctx);
    const [user, postings, letters, interviews] = await Promise.all([
      findUser(deps.sql, uid),
      listPostings(deps, uid, PAGE),
      listCoverLetters(deps, uid, PAGE),
      listHistory(deps, uid, { limit: 10, offset: 0 }),
    ]);
    const titles = new Map(postings.items.map((p) => [p.id, p.title]));
    const letterTitles = new Map(letters.items.map((l) => [l.id, excerpt(l.content, 40)]));
    return ctx.render(
      t.dashboard_title,
      <DashboardPage
        t={t}
        lang={ctx.lang}
        name={user?.name || user?.email || ""}
        postings={postings.items.map((p) => ({
          href: `/postings/${p.id}`,
          title: p.title || t.untitled_posting,
          created: p.created_at,
          detail: p.ai_analysis.keywords.slice(0, 5).join(" · "),
        }))}
        letters={letters.items.map((l) => ({
          href: `/cover-letters/${l.id}`,
          title: excerpt(l.content) || t.untitled_cover_letter,
          created: l.created_at,
          detail: l.job_posting_id
            ? titles.get(l.job_posting_id) ?? undefined
            : t.cl_posting_deleted,
        }))}
        interviews={interviews.items.map((s) => ({
          href: s.status === "in_progress"
            ? `/interviews/${s.session_id}`
            : `/interviews/${s.session_id}/result`,
          title: t.interview_title,
          detail: letterTitles.get(s.cover_letter_id),
          created: s.created_at,
          status: s.status,
        }))}
        interviewTotal={interviews.total}
      />,
    );
  },
};

/** The dashboard. */
export function DashboardPage(
  p: {
    t: Messages;
    lang: Lang;
    name: string;
    postings: Row[];
    letters: Row[];
    interviews: Row[];
    interviewTotal: number;
  },
) {
  const { t, lang } = p;
  return (
    <div>
      <PageHeader title={t.dashboard_title} lead={fmt(t.dashboard_greeting, { name: p.name })} />
      <div class="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card
          id="postings"
          title={t.dashboard_postings}
          action={
            <LinkButton href="/postings/new" kind="primary">{t.dashboard_new_posting}</LinkButton>
          }
        >
          <RecordList rows={p.postings} empty={t.dashboard_no_postings} lang={lang} t={t} />
        </Card>
        <Card
          id="cover-letters"
          title={t.dashboard_cover_letters}
          action={p.postings.length > 0
            ? <LinkButton href="/cover-letters/new">{t.cl_new_title}</LinkButton>
            : undefined}
        >
          <RecordList rows={p.letters} empty={t.dashboard_no_cover_letters} lang={lang} t={t} />
        </Card>
        <div class="lg:col-span-2">
          <Card
            id="interviews"
            title={t.dashboard_interviews}
            action={p.interviewTotal > p.interviews.length
              ? (
                <a href="/history" class="text-sm font-medium text-indigo-700 underline">
                  {t.dashboard_see_all}
                </a>
              )
              : undefined}
          >
            <RecordList rows={p.interviews} empty={t.dashboard_no_interviews} lang={lang} t={t} />
          </Card>
        </div>
      </div>
    </div>
  );
}
