import { LineChart } from "../components/line_chart.tsx";
import { Card, PageHeader } from "../components/ui.tsx";
import { RUBRIC_DIMENSIONS } from "../lib/ai/rubric.ts";
import { fmt, formatDate, type Lang, type Messages } from "../lib/i18n/mod.ts";
import { getProgress, type ProgressPoint } from "../lib/interview/mod.ts";
import { type Handlers, userOf } from "./_app.tsx";

/** Fewer completed interviews than this show the empty state instead of charts. */
const MIN_SESSIONS = 2;

/** `/progress`: charts across the user's completed interviews, drawn on the server. */
export const handler: Handlers = {
  async GET(ctx) {
    const { points } = await getProgress(ctx.deps, userOf(ctx));
    return ctx.render(
      ctx.t.progress_title,
      <ProgressPage t={ctx.t} lang={ctx.lang} points={points} />,
    );
  },
};

/** A mode's label where the catalogue has one (`mode_<name>`), else its name. */
export function modeLabel(t: Messages, mode: string): string {
  return (t as Record<string, string>)[`mode_${mode}`] ?? mode;
}

/** The progress charts and the sessions they are drawn from. */
export function ProgressPage(p: { t: Messages; lang: Lang; points: ProgressPoint[] }) {
  const { t, points } = p;
  if (points.length < MIN_SESSIONS) {
    return (
      <div>
        <PageHeader title={t.progress_title} lead={t.progress_lead} />
        <Card>
          <p class="text-sm text-slate-600" data-progress-empty>{t.progress_empty}</p>
        </Card>
      </div>
    );
  }
  const labels = points.map((_, i) => `#${i + 1}`);
  const series = (name: string, pick: (x: ProgressPoint) => number | null) => [{
    name,
    values: points.map(pick),
  }];
  const withMode = points.some((x) => x.mode !== null);
  const charts = [
    {
      id: "chart-score",
      title: t.progress_score,
      series: series(t.progress_score, (x) => x.score),
      min: 1,
      max: 5,
    },
    {
      id: "chart-rubric",
      title: t.progress_rubric,
      series: RUBRIC_DIMENSIONS.map((d) => ({
        name: t[`rubric_${d}`],
        values: points.map((x) => x.rubric[d]),
      })),
      min: 1,
      max: 5,
    },
    {
      id: "chart-spm",
      title: t.progress_spm,
      series: series(t.progress_spm, (x) => x.syllables_per_minute),
      format: (v: number) => String(Math.round(v)),
    },
    {
      id: "chart-fpm",
      title: t.progress_fpm,
      series: series(t.progress_fpm, (x) => x.fillers_per_minute),
      min: 0,
    },
    {
      id: "chart-coverage",
      title: t.progress_coverage,
      series: series(
        t.progress_coverage,
        (x) => x.requirement_coverage === null ? null : Math.round(x.requirement_coverage * 100),
      ),
      min: 0,
      max: 100,
    },
  ];
  return (
    <div class="space-y-6">
      <PageHeader title={t.progress_title} lead={t.progress_lead} />
      <div class="grid grid-cols-1 gap-6 lg:grid-cols-2">
        {charts.map((c) => (
          <Card key={c.id}>
            <LineChart {...c} labels={labels} empty={t.progress_no_data} />
          </Card>
        ))}
      </div>
      <Card id="sessions" title={t.progress_sessions}>
        <div class="overflow-x-auto">
          <table class="w-full text-left text-sm">
            <thead class="text-xs text-slate-500">
              <tr>
                <th scope="col" class="py-2 pr-3">#</th>
                <th scope="col" class="py-2 pr-3">{t.progress_col_date}</th>
                <th scope="col" class="py-2 pr-3">{t.progress_col_posting}</th>
                {withMode && <th scope="col" class="py-2 pr-3">{t.progress_col_mode}</th>}
                <th scope="col" class="py-2">{t.progress_col_score}</th>
              </tr>
            </thead>
            <tbody class="divide-y divide-slate-100">
              {points.map((x, i) => (
                <tr key={x.session_id} data-session={x.session_id}>
                  <td class="py-2 pr-3 text-slate-500">{labels[i]}</td>
                  <td class="py-2 pr-3 whitespace-nowrap">
                    <time datetime={x.completed_at}>{formatDate(p.lang, x.completed_at)}</time>
                  </td>
                  <td class="py-2 pr-3">
                    <a
                      href={`/interviews/${x.session_id}/result`}
                      class="font-medium text-indigo-700 underline"
                    >
                      {x.posting_title || t.untitled_posting}
                    </a>
                  </td>
                  {withMode && <td class="py-2 pr-3">{x.mode ? modeLabel(t, x.mode) : "–"}</td>}
                  <td class="py-2 font-semibold">
                    {x.score === null ? "–" : fmt(t.history_score, { score: x.score })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
