import { ModelAnswer } from "../components/model_answer.tsx";
import { TurnAttempts } from "../components/attempts.tsx";
import { RequirementMap } from "../components/requirement_map.tsx";
import { RubricTable, SelfIntroTarget } from "../components/rubric.tsx";
import { CorrectedNote } from "../components/transcript_review.tsx";
import {
  Alert,
  Card,
  LinkButton,
  OfflineTag,
  PageHeader,
  PostForm,
  Prose,
} from "../components/ui.tsx";
import type { ComponentChildren } from "preact";
import type { DeliveryMetrics, InterviewFeedback, TurnFeedback } from "../lib/ai/types.ts";
import { fmt, formatDate, type Lang, type Messages } from "../lib/i18n/mod.ts";
import {
  getResult,
  type InterviewResult,
  type ResultTurn,
  retryFeedback,
} from "../lib/interview/mod.ts";
import { type Handlers, userOf } from "./_app.tsx";
import { sessionId } from "./interview.tsx";
import { renderReview } from "./review.tsx";

/** Seconds between reloads while feedback is generated (a meta refresh: no script needed). */
const REFRESH_SEC = 3;
/** How long one page load may wait for feedback it runs itself. */
const WAIT_MS = 2_000;

/** `/interviews/:id/result`: overall and per-answer feedback with the recordings. */
export const handler: Handlers = {
  async GET(ctx) {
    const id = sessionId(ctx.params.id);
    const result = await getResult(ctx.deps, userOf(ctx), id, { waitMs: WAIT_MS });
    if (result.status === "in_progress") return ctx.redirect(`/interviews/${id}`);
    if (result.status === "reviewing") return renderReview(ctx, result);
    return ctx.render(
      ctx.t.result_title,
      <ResultPage t={ctx.t} lang={ctx.lang} csrf={ctx.csrf} result={result} />,
      {
        refreshSec: result.status === "feedback_pending" ? REFRESH_SEC : undefined,
        recordings: result.turns.some((turn) =>
          turn.answer_audio_url || turn.attempts.some((a) => a.answer_audio_url)
        ),
      },
    );
  },
};

/** `POST /interviews/:id/retry-feedback`: re-queues feedback that failed. */
export const retryHandler: Handlers = {
  async POST(ctx) {
    const id = sessionId(ctx.params.id);
    await retryFeedback(ctx.deps, userOf(ctx), id);
    return ctx.redirect(`/interviews/${id}/result`);
  },
};

function asFeedback(v: unknown): InterviewFeedback | null {
  const f = v as InterviewFeedback | null;
  return f && typeof f === "object" && typeof f.summary === "string" ? f : null;
}

function asTurnFeedback(v: unknown): TurnFeedback | null {
  const f = v as TurnFeedback | null;
  return f && typeof f === "object" && typeof f.feedback === "string" ? f : null;
}

function Bullets(p: { title: string; items?: string[]; tone: "good" | "fix" | "quote" }) {
  if (!p.items?.length) return null;
  const mark = { good: "text-emerald-700", fix: "text-amber-700", quote: "text-slate-500" }[p.tone];
  return (
    <div>
      <h4 class={`text-sm font-semibold ${mark}`}>{p.title}</h4>
      <ul class="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-800">
        {p.items.map((s) => <li key={s}>{p.tone === "quote" ? `“${s}”` : s}</li>)}
      </ul>
    </div>
  );
}

function Score(p: { t: Messages; score?: number }) {
  if (typeof p.score !== "number") return null;
  return (
    <p class="rounded-full bg-indigo-600 px-3 py-1 text-sm font-bold text-white">
      <span class="sr-only">{p.t.result_score}:</span>
      {fmt(p.t.result_score_value, { score: p.score })}
    </p>
  );
}

function Metrics(p: { t: Messages; m: DeliveryMetrics | null }) {
  const { t, m } = p;
  if (!m) return null;
  const items: [string, string][] = [];
  if (m.duration_sec !== null) {
    items.push([
      t.metric_duration,
      fmt(t.metric_duration_value, { n: Math.round(m.duration_sec) }),
    ]);
  }
  items.push([t.metric_chars, String(m.char_count)]);
  if (m.syllables_per_minute !== null) {
    items.push([
      t.metric_spm,
      fmt(t.metric_spm_value, { n: Math.round(m.syllables_per_minute) }),
    ]);
  }
  items.push([t.metric_fillers, fmt(t.metric_fillers_value, { n: m.filler_count })]);
  if (m.long_pause_count != null) {
    items.push([
      t.metric_long_pauses,
      fmt(t.metric_long_pauses_value, { n: m.long_pause_count, sec: m.long_pause_total_sec ?? 0 }),
    ]);
  }
  if (m.register) {
    items.push([
      t.metric_register,
      m.register.mixed
        ? fmt(t.metric_register_mixed, { haeyo: m.register.haeyo, hapsyo: m.register.hapsyo })
        : t.metric_register_consistent,
    ]);
  }
  return (
    <div>
      <h4 class="text-sm font-semibold text-slate-700">{t.result_metrics}</h4>
      <dl class="mt-1 grid grid-cols-2 gap-2 sm:grid-cols-4">
        {items.map(([k, v]) => (
          <div key={k} class="rounded-lg bg-slate-50 p-2">
            <dt class="text-xs text-slate-500">{k}</dt>
            <dd class="font-semibold text-slate-900">{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function Turn(
  p: {
    t: Messages;
    turn: ResultTurn;
    offline: boolean;
    csrf: string;
    sessionId: string;
    children?: ComponentChildren;
  },
) {
  const { t, turn } = p;
  const fb = asTurnFeedback(turn.feedback);
  const titleId = `turn-${turn.turn_number}-title`;
  return (
    <li
      id={`turn-${turn.turn_number}`}
      aria-labelledby={titleId}
      class="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6"
      data-turn={turn.turn_number}
    >
      <div class="flex flex-wrap items-start justify-between gap-2">
        <h3 id={titleId} class="text-sm font-semibold text-indigo-700">
          {fmt(t.result_turn, { n: turn.turn_number })}
        </h3>
        <Score t={t} score={fb?.score} />
      </div>
      <p class="text-lg font-medium leading-relaxed text-slate-900">{turn.question_text}</p>
      {turn.answer_source !== "text" && (
        <div>
          <h4 class="mb-1 text-sm font-semibold text-slate-700">{t.result_your_answer}</h4>
          {turn.answer_audio_url
            ? <audio controls preload="metadata" src={turn.answer_audio_url} class="w-full"></audio>
            : <p class="text-sm text-slate-500">{t.result_no_audio}</p>}
        </div>
      )}
      <div>
        <h4 class="mb-1 text-sm font-semibold text-slate-700">
          {turn.answer_source === "text" ? t.result_typed_answer : t.result_transcript}
        </h4>
        {turn.answer_stt_text
          ? (
            <blockquote class="border-l-4 border-slate-200 pl-3">
              <Prose text={turn.answer_stt_text} />
              <CorrectedNote t={t} original={turn.original_stt_text} />
            </blockquote>
          )
          : <p class="text-sm text-slate-500">{t.result_no_answer}</p>}
      </div>
      {/* Speaking metrics mean something only for a spoken answer. */}
      {turn.answer_source === "audio" && <Metrics t={t} m={turn.metrics} />}
      {(fb || turn.turn_feedback) && (
        <div class="space-y-3 rounded-lg bg-slate-50 p-3">
          <h4 class="flex flex-wrap items-center gap-2 text-sm font-semibold text-slate-700">
            {t.result_feedback}
            {p.offline && <OfflineTag t={t} />}
          </h4>
          <Prose text={fb?.feedback ?? turn.turn_feedback} />
          <SelfIntroTarget t={t} check={fb?.self_intro} />
          <RubricTable t={t} rubric={fb?.rubric} />
          <Bullets title={t.result_strengths} items={fb?.strengths} tone="good" />
          <Bullets title={t.result_improvements} items={fb?.improvements} tone="fix" />
          <Bullets title={t.result_evidence} items={fb?.evidence} tone="quote" />
        </div>
      )}
      {p.children}
      <ModelAnswer
        t={t}
        csrf={p.csrf}
        sessionId={p.sessionId}
        turn={turn.turn_number}
        answered={!!turn.answer_stt_text?.trim()}
        answer={turn.model_answer}
      />
    </li>
  );
}

/** The interview result. */
export function ResultPage(
  p: { t: Messages; lang: Lang; csrf: string; result: InterviewResult },
) {
  const { t, result } = p;
  const overall = asFeedback(result.feedback);
  // The provider that judged this interview, not the one running now.
  const offline = result.ai_provider === "offline";
  return (
    <div class="space-y-6">
      <PageHeader title={t.result_title}>
        <p class="mt-1 text-sm text-slate-500">
          {formatDate(p.lang, result.completed_at ?? result.created_at)}
        </p>
      </PageHeader>
      {result.status === "feedback_pending" && (
        <div id="generating" aria-busy="true">
          <Alert kind="info" title={t.result_generating}>{t.result_generating_hint}</Alert>
        </div>
      )}
      {result.status === "failed" && (
        <div class="space-y-3">
          <Alert kind="error">{t.result_failed}</Alert>
          <PostForm action={`/interviews/${result.session_id}/retry-feedback`} csrf={p.csrf}>
            <button type="submit" class="font-medium text-indigo-700 underline">
              {t.result_retry_feedback}
            </button>
          </PostForm>
        </div>
      )}
      {result.status === "completed" && (
        <Card
          id="overall"
          title={t.result_overall}
          action={
            <div class="flex items-center gap-2">
              {offline && <OfflineTag t={t} />}
              <Score t={t} score={overall?.score} />
            </div>
          }
        >
          <div class="space-y-4">
            <Prose text={overall?.summary ?? result.total_feedback} />
            <div class="grid gap-4 sm:grid-cols-2">
              <Bullets title={t.result_strengths} items={overall?.strengths} tone="good" />
              <Bullets title={t.result_improvements} items={overall?.improvements} tone="fix" />
            </div>
          </div>
        </Card>
      )}
      {result.status === "completed" && result.requirement_map && (
        <RequirementMap t={t} map={result.requirement_map} />
      )}
      <ol class="space-y-4" aria-label={t.result_title}>
        {result.turns.map((turn) => (
          <Turn
            key={turn.turn_number}
            t={t}
            turn={turn}
            offline={offline}
            csrf={p.csrf}
            sessionId={result.session_id}
          >
            <TurnAttempts
              t={t}
              csrf={p.csrf}
              sessionId={result.session_id}
              turnNumber={turn.turn_number}
              original={{ ...turn, score: asTurnFeedback(turn.feedback)?.score ?? null }}
              attempts={turn.attempts}
              canRetry={result.status === "completed"}
            />
          </Turn>
        ))}
      </ol>
      <LinkButton href="/dashboard">{t.back_to_dashboard}</LinkButton>
    </div>
  );
}
