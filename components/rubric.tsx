import { fmt, type Messages } from "../lib/i18n/mod.ts";

/** One dimension's judgement as stored in the feedback (lib/ai/rubric.ts makes it). */
interface Score {
  score: number;
  anchor: string;
  evidence: string;
}

/** The rubric of one answer; delivery is null for typed answers. */
export type RubricView =
  & Record<
    "conclusion_first" | "specifics" | "relevance" | "structure",
    Score
  >
  & { delivery: Score | null };

const DIMENSIONS = [
  "conclusion_first",
  "specifics",
  "relevance",
  "structure",
  "delivery",
] as const;

/**
 * A compact table of an answer's rubric: dimension and score in the first column, the anchor
 * of that level and the quote in the second (two columns stay readable on a phone).
 */
export function RubricTable(p: { t: Messages; rubric: RubricView | undefined }) {
  const { t, rubric } = p;
  if (!rubric) return null;
  const rows = DIMENSIONS.flatMap((d) => (rubric[d] ? [[d, rubric[d]!] as const] : []));
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

/** A 1분 자기소개 measured against its target (lib/ai/rubric.ts `selfIntroCheck`). */
interface SelfIntroView {
  duration_sec: number | null;
  char_count: number;
  target_sec: [number, number];
  target_chars: [number, number];
  duration_ok: boolean | null;
  chars_ok: boolean;
}

/** The self-introduction's length and duration next to their targets. */
export function SelfIntroTarget(p: { t: Messages; check: SelfIntroView | undefined }) {
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
