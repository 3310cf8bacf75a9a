import { Alert, PageHeader } from "../components/ui.tsx";
import Recorder, { type RecorderProps } from "../islands/Recorder.tsx";
import { TURNS_PER_INTERVIEW } from "../lib/ai/types.ts";
import { notFound } from "../lib/errors.ts";
import { islandMessages, type Messages } from "../lib/i18n/mod.ts";
import { getResult, parsePrepSeconds, parseSetup, startInterview } from "../lib/interview/mod.ts";
import { enforceLimit, LIMITS } from "../lib/rate_limit.ts";
import { Uuid } from "../lib/schemas.ts";
import { ISLAND_PROPS_ID, ISLAND_ROOT_ID } from "../islands/ids.ts";
import { type Handlers, str, userOf } from "./_app.tsx";

/** A session id from the path, or the not-found error. */
export function sessionId(id: string | undefined): string {
  if (!Uuid.safeParse(id).success) throw notFound("interview");
  return id!;
}

/** A whole number in `min..max` from a path segment (a turn, an attempt), else not-found. */
export function pathNumber(
  value: string | undefined,
  min: number,
  max: number,
  what: string,
): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw notFound(what);
  return n;
}

/** A turn number from the path, or the not-found error. */
export const turnNumber = (value: string | undefined) =>
  pathNumber(value, 1, TURNS_PER_INTERVIEW, "turn");

/** `POST /interviews`: starts an interview on a cover letter and opens the room. */
export const startHandler: Handlers = {
  async POST(ctx) {
    const uid = userOf(ctx);
    const letterId = str(ctx.form, "cover_letter_id");
    if (!Uuid.safeParse(letterId).success) throw notFound("cover_letter");
    const setup = parseSetup(str(ctx.form, "mode"), str(ctx.form, "language"));
    const prepSeconds = parsePrepSeconds(str(ctx.form, "prep_seconds"));
    await enforceLimit(ctx.deps.sql, LIMITS.aiPerUser, uid);
    // The start form's checkbox (on by default); an unchecked box sends nothing.
    const transcriptReview = str(ctx.form, "transcript_review") !== "";
    const started = await startInterview(ctx.deps, uid, letterId, setup, {
      prepSeconds,
      transcriptReview,
    });
    return ctx.redirect(`/interviews/${started.session_id}`);
  },
};

/** `/interviews/:id`: the interview room, where the recorder island runs. */
export const handler: Handlers = {
  async GET(ctx) {
    const id = sessionId(ctx.params.id);
    const result = await getResult(ctx.deps, userOf(ctx), id, { waitMs: 0 });
    if (result.status !== "in_progress") return ctx.redirect(`/interviews/${id}/result`);
    const current = result.turns[result.turns.length - 1];
    const props: RecorderProps = {
      sessionId: id,
      turn: current.turn_number,
      total: result.total_turns,
      question: current.question_text,
      audioUrl: current.question_audio_url,
      serverStt: ctx.deps.ai.capabilities.stt,
      speechLang: result.language === "en" ? "en-US" : "ko-KR",
      retryPending: current.answer_stt_text !== null || current.answer_audio_url !== null,
      postUrl: `/api/interviews/${id}/answer`,
      prepSeconds: result.prep_seconds,
      csrf: ctx.csrf,
      live: !!ctx.deps.ai.liveTranscribe,
      resultUrl: `/interviews/${id}/result`,
      loginUrl: "/login",
      // The room speaks the interview's language, whatever the site's.
      t: islandMessages(result.language),
    };
    const leave = {
      href: "/history",
      label: ctx.t.interview_leave,
      hint: ctx.t.interview_leave_hint,
    };
    return ctx.render(
      ctx.t.interview_title,
      <InterviewPage t={ctx.t} title={ctx.t.interview_title} props={props} leave={leave} />,
      { island: { id: ISLAND_PROPS_ID, props } },
    );
  },
};

/**
 * The interview room: the island, server-rendered first and hydrated by `islands/main.ts`, and
 * the way out (`leave`): nothing unsubmitted is kept, and the room reopens at the current turn.
 */
export function InterviewPage(p: {
  t: Messages;
  title: string;
  props: RecorderProps;
  leave: { href: string; label: string; hint?: string };
}) {
  const { t } = p;
  return (
    <div class="mx-auto max-w-2xl">
      <PageHeader title={p.title} />
      <noscript>
        <div class="mb-4">
          <Alert kind="warning">{t.interview_needs_js}</Alert>
        </div>
      </noscript>
      <div id={ISLAND_ROOT_ID} lang={p.props.speechLang}>
        <Recorder {...p.props} />
      </div>
      <p class="mt-8 border-t border-slate-200 pt-4 text-sm text-slate-600">
        <a href={p.leave.href} id="rec-leave" class="font-medium text-indigo-700 underline">
          {p.leave.label}
        </a>
        {p.leave.hint && <span class="block mt-1">{p.leave.hint}</span>}
      </p>
    </div>
  );
}
