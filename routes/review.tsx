import { reviewField, TranscriptReview } from "../components/transcript_review.tsx";
import { TURNS_PER_INTERVIEW } from "../lib/ai/types.ts";
import { AppError } from "../lib/errors.ts";
import { getResult, type InterviewResult, submitReview } from "../lib/interview/mod.ts";
import { enforceLimit, LIMITS } from "../lib/rate_limit.ts";
import { ANSWER_TEXT_MAX, TranscriptCorrections } from "../lib/schemas.ts";
import { type Handlers, type PageCtx, userOf } from "./_app.tsx";
import { sessionId } from "./interview.tsx";

/** The review form of an interview in `reviewing` (the result page shows it in that status). */
export function renderReview(
  ctx: PageCtx,
  result: InterviewResult,
  sent?: { values: Record<number, string>; error: string },
): Response {
  return ctx.render(
    ctx.t.review_title,
    <TranscriptReview
      t={ctx.t}
      csrf={ctx.csrf}
      sessionId={result.session_id}
      turns={result.turns}
      maxLength={ANSWER_TEXT_MAX}
      values={sent?.values}
      error={sent?.error}
    />,
    { status: sent ? 422 : 200, recordings: result.turns.some((turn) => turn.answer_audio_url) },
  );
}

/**
 * `POST /interviews/:id/review`: the corrected transcripts (`text_<n>`), or none with `accept`;
 * feedback is queued and the result page shows it coming. A refused form is shown again with
 * what was sent.
 */
export const handler: Handlers = {
  async POST(ctx) {
    const id = sessionId(ctx.params.id);
    const uid = userOf(ctx);
    await enforceLimit(ctx.deps.sql, LIMITS.aiPerUser, uid);
    const values: Record<number, string> = {};
    for (let n = 1; n <= TURNS_PER_INTERVIEW; n++) {
      const v = ctx.form[reviewField(n)];
      if (typeof v === "string") values[n] = v;
    }
    const corrections = ctx.form.accept !== undefined
      ? []
      : Object.entries(values).map(([n, text]) => ({ turn_number: Number(n), text }));
    const parsed = TranscriptCorrections.safeParse({ corrections });
    try {
      if (!parsed.success) {
        throw new AppError("invalid", "invalid_input", "A corrected transcript is invalid");
      }
      await submitReview(ctx.deps, uid, id, parsed.data);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      // Sent twice (or from a stale tab): the feedback is on its way already.
      if (e.code === "not_reviewing") return ctx.redirect(`/interviews/${id}/result`);
      if (e.kind !== "invalid") throw e;
      const result = await getResult(ctx.deps, uid, id, { waitMs: 0 });
      return renderReview(ctx, result, { values, error: ctx.t.review_invalid });
    }
    return ctx.redirect(`/interviews/${id}/result`);
  },
};
