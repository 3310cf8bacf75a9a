/**
 * Retry and compare on the result page: per question a link to answer it again (the recorder's
 * retry page), a typed retry that works without script, and every attempt side by side with
 * the one before it: their recordings, scores, the score change per rubric dimension and the
 * words that changed.
 */
import type { RubricDimension } from "../lib/ai/types.ts";
import { fmt, type Messages } from "../lib/i18n/mod.ts";
import { Button, buttonClass, PostForm, Prose } from "./ui.tsx";
import { RUBRIC_DIMENSIONS } from "../lib/ai/rubric.ts";

/** One answer to the question: the interview's own (attempt 1) or a later attempt. */
interface Side {
  attempt_number: number;
  answer_source: "audio" | "text" | null;
  answer_audio_url: string | null;
  answer_stt_text: string | null;
  score: number | null;
}

/** An attempt as the result lists it (`ResultAttempt` in lib/interview). */
export interface AttemptProps extends Side {
  state: "pending" | "scored" | "failed";
  comparison: {
    against_attempt: number;
    score_change: Record<"overall" | RubricDimension, number | null>;
    transcript_diff: { op: "equal" | "added" | "removed"; text: string }[] | null;
  };
}

/** The attempts block of one question. */
export function TurnAttempts(p: {
  t: Messages;
  csrf: string;
  sessionId: string;
  /** The interview's own answer, as attempt 1. */
  original: Omit<Side, "attempt_number">;
  turnNumber: number;
  attempts: AttemptProps[];
  /** Only a completed interview takes answers again. */
  canRetry: boolean;
}) {
  const { t, turnNumber: n } = p;
  const base = `/interviews/${p.sessionId}/turns/${n}`;
  const sides: Side[] = [{ ...p.original, attempt_number: 1 }, ...p.attempts];
  return (
    <div class="space-y-4 border-t border-slate-200 pt-4" data-attempts={n}>
      {p.canRetry && (
        <div class="flex flex-wrap items-start gap-3">
          <a href={`${base}/retry`} class={buttonClass("secondary")} data-retry-link>
            {t.attempt_retry}
          </a>
          <details class="min-w-0 flex-1">
            <summary class="cursor-pointer py-2 text-sm font-medium text-indigo-700">
              {t.attempt_typed_summary}
            </summary>
            <PostForm action={`${base}/attempts`} csrf={p.csrf} class="mt-2 space-y-3">
              <label for={`attempt-text-${n}`} class="block text-sm font-medium text-slate-800">
                {t.attempt_typed_label}
              </label>
              <p id={`attempt-hint-${n}`} class="text-sm text-slate-500">{t.attempt_typed_hint}</p>
              <textarea
                id={`attempt-text-${n}`}
                name="answer_text"
                rows={5}
                required
                maxLength={5000}
                aria-describedby={`attempt-hint-${n}`}
                class="block w-full rounded-lg border border-slate-300 p-2 text-base"
              >
              </textarea>
              <Button>{t.attempt_typed_submit}</Button>
            </PostForm>
          </details>
        </div>
      )}
      {p.attempts.length > 0 && (
        <section aria-labelledby={`attempts-${n}-title`} class="space-y-4">
          <h4 id={`attempts-${n}-title`} class="text-sm font-semibold text-slate-700">
            {t.attempt_title}
          </h4>
          {p.attempts.map((a) => (
            <Comparison
              key={a.attempt_number}
              t={t}
              before={sides.find((s) => s.attempt_number === a.comparison.against_attempt)!}
              after={a}
              rerun={`${base}/attempts/${a.attempt_number}/retry`}
              csrf={p.csrf}
            />
          ))}
        </section>
      )}
    </div>
  );
}

function Comparison(
  p: { t: Messages; before: Side; after: AttemptProps; rerun: string; csrf: string },
) {
  const { t, after: a } = p;
  const change = a.comparison.score_change;
  return (
    <article
      class="space-y-3 rounded-lg bg-slate-50 p-3"
      data-attempt={a.attempt_number}
      data-state={a.state}
    >
      <h5 class="text-sm font-semibold text-indigo-700">
        {fmt(t.attempt_vs, { n: a.attempt_number })}
      </h5>
      {/* Columns on a wide screen, stacked on a phone: the earlier answer first. */}
      <div class="grid gap-3 md:grid-cols-2">
        <Column t={t} side={p.before} />
        <Column t={t} side={a} />
      </div>
      {a.state === "failed" && (
        <div class="flex flex-wrap items-center gap-3" role="status">
          <p class="text-sm text-rose-700">{t.attempt_failed}</p>
          <PostForm action={p.rerun} csrf={p.csrf} class="">
            <button type="submit" class="text-sm font-medium text-indigo-700 underline">
              {t.attempt_rerun}
            </button>
          </PostForm>
        </div>
      )}
      {a.state === "pending" && <p class="text-sm text-slate-500">{t.attempt_pending}</p>}
      {a.state === "scored" && (
        <div>
          <h6 class="text-sm font-semibold text-slate-700">{t.attempt_score_change}</h6>
          <dl class="mt-1 grid grid-cols-2 gap-2 sm:grid-cols-3" data-score-change>
            {(["overall", ...RUBRIC_DIMENSIONS] as const).map((d) => (
              <div key={d} class="rounded-lg bg-white p-2" data-dimension={d}>
                <dt class="text-xs text-slate-500">
                  {d === "overall" ? t.attempt_overall : t[`rubric_${d}`]}
                </dt>
                <dd class="font-semibold">
                  <Delta t={t} value={change[d]} />
                </dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      {a.comparison.transcript_diff && (
        <div>
          <h6 class="text-sm font-semibold text-slate-700">{t.attempt_diff}</h6>
          <p class="text-xs text-slate-500">{t.attempt_diff_legend}</p>
          <p class="mt-1 whitespace-pre-wrap leading-relaxed text-slate-900" data-diff>
            {a.comparison.transcript_diff.map((s, i) =>
              s.op === "added"
                ? (
                  <ins
                    key={i}
                    class="bg-emerald-100 text-emerald-900 underline decoration-emerald-600 decoration-2"
                  >
                    <span class="sr-only">{t.attempt_added}</span>
                    {s.text}
                  </ins>
                )
                : s.op === "removed"
                ? (
                  <del key={i} class="bg-rose-50 text-rose-700 line-through decoration-rose-600">
                    <span class="sr-only">{t.attempt_removed}</span>
                    {s.text}
                  </del>
                )
                : <span key={i}>{s.text}</span>
            )}
          </p>
        </div>
      )}
    </article>
  );
}

function Column(p: { t: Messages; side: Side }) {
  const { t, side } = p;
  return (
    <div class="min-w-0 space-y-2 rounded-lg bg-white p-3" data-side={side.attempt_number}>
      <div class="flex items-center justify-between gap-2">
        <p class="text-sm font-semibold text-slate-800">
          {side.attempt_number === 1 ? t.attempt_original : fmt(t.attempt_n, {
            n: side.attempt_number,
          })}
        </p>
        {side.score !== null && (
          <p class="text-sm font-bold text-indigo-700">
            <span class="sr-only">{t.result_score}:</span>
            {fmt(t.result_score_value, { score: side.score })}
          </p>
        )}
      </div>
      {side.answer_audio_url && (
        <audio controls preload="metadata" src={side.answer_audio_url} class="w-full"></audio>
      )}
      {side.answer_stt_text
        ? <Prose text={side.answer_stt_text} class="text-sm" />
        : <p class="text-sm text-slate-500">{t.attempt_no_transcript}</p>}
    </div>
  );
}

/** A score change: ▲ up (green), ▼ down (red), 0, or a dash when not comparable. */
function Delta(p: { t: Messages; value: number | null }) {
  const { t, value: v } = p;
  if (v === null) {
    return (
      <span class="text-slate-400">
        <span aria-hidden="true">–</span>
        <span class="sr-only">{t.attempt_na}</span>
      </span>
    );
  }
  if (v === 0) {
    return (
      <span class="text-slate-600">
        0 <span class="sr-only">{t.attempt_same}</span>
      </span>
    );
  }
  const up = v > 0;
  return (
    <span class={up ? "text-emerald-700" : "text-rose-700"} data-delta={v}>
      <span aria-hidden="true">{up ? "▲" : "▼"}</span> {up ? `+${v}` : `−${-v}`}
      <span class="sr-only">{up ? t.attempt_up : t.attempt_down}</span>
    </span>
  );
}
