import type { Rubric, SelfIntroCheck } from "../lib/ai/types.ts";
import { fmt, type Messages } from "../lib/i18n/mod.ts";
import { RUBRIC_DIMENSIONS } from "../lib/ai/rubric.ts";

/**
 * A compact table of an answer's rubric: dimension and score in the first column, the anchor
 * of that level and the quote in the second (two columns stay readable on a phone).
 */
export function RubricTable(p: { t: Messages; rubric: Rubric | undefined }) {
  const { t, rubric } = p;
  if (!rubric) return null;
  const rows = RUBRIC_DIMENSIONS.flatMap((d) => (rubric[d] ? [[d, rubric[d]!] as const] : []));
  return (
    <div class="overflow-x-auto" data-rubric>
      <table class="w-full text-left text-sm">
        <caption class="mb-1 text-left text-sm font-semibold text-slate-700">
          {t.rubric_title}
        </caption>
        <thead class="text-xs text-slate-500">
          <tr>
            <th scope="col" class="py-1 pr-3 font-medium">
              {t.rubric_dimension} · {t.rubric_score}
            </th>
            <th scope="col" class="py-1 font-medium">{t.rubric_anchor} · {t.rubric_evidence}</th>
          </tr>
        </thead>
        <tbody class="divide-y divide-slate-200 align-top">
          {rows.map(([d, s]) => (
            <tr key={d} data-dimension={d}>
              <th scope="row" class="w-28 py-2 pr-3 font-medium text-slate-800 sm:w-44">
                <span class="block">{t[`rubric_${d}`]}</span>
                <span class="font-semibold text-indigo-700" data-score={s.score}>
                  {fmt(t.result_score_value, { score: s.score })}
                </span>
              </th>
              <td class="py-2">
                <p class="text-slate-800">{s.anchor}</p>
                <p class="mt-1 text-slate-500">
                  {s.evidence
                    ? (d === "delivery" ? s.evidence : `“${s.evidence}”`)
                    : <span class="text-slate-400">{t.rubric_no_evidence}</span>}
                </p>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The self-introduction's length and duration next to their targets. */
export function SelfIntroTarget(p: { t: Messages; check: SelfIntroCheck | undefined }) {
  const { t, check: c } = p;
  if (!c) return null;
  const ok = c.chars_ok && c.duration_ok !== false;
  return (
    <p
      class={`rounded-lg p-2 text-sm ${
        ok ? "bg-emerald-50 text-emerald-900" : "bg-amber-50 text-amber-900"
      }`}
      data-self-intro={ok ? "on-target" : "off-target"}
    >
      <span class="font-semibold">
        {t.self_intro_title}: {ok ? t.self_intro_ok : t.self_intro_off}
      </span>
      {" — "}
      {fmt(t.self_intro_value, {
        sec: c.duration_sec === null ? "–" : fmt(t.metric_duration_value, {
          n: Math.round(c.duration_sec),
        }),
        chars: c.char_count,
        slo: c.target_sec[0],
        shi: c.target_sec[1],
        clo: c.target_chars[0],
        chi: c.target_chars[1],
      })}
    </p>
  );
}
