/**
 * The result page's forms for answering a question again without script: a typed retry, and
 * scoring a failed attempt again. Both land back on the result, where the attempt is compared.
 */
import { AppError } from "../lib/errors.ts";
import { enforceLimit, LIMITS } from "../lib/rate_limit.ts";
import { MAX_RETRIES_PER_TURN, rerunAttempt, submitAttempt } from "../lib/interview/mod.ts";
import { type Handlers, type PageCtx, str, userOf } from "./_app.tsx";
import { pathNumber, sessionId, turnNumber } from "./interview.tsx";

/**
 * Back to the attempts of the question. An attempt that was stored but failed to score is
 * shown there with its re-run button, so that failure is not an error page.
 */
async function toResult(ctx: PageCtx, id: string, n: number, run: () => Promise<unknown>) {
  // Each form post calls the AI (transcription, scoring): the per-user AI limit, as in the API.
  await enforceLimit(ctx.deps.sql, LIMITS.aiPerUser, userOf(ctx));
  try {
    await run();
  } catch (e) {
    if (!(e instanceof AppError && typeof e.details?.attempt_number === "number")) throw e;
  }
  return ctx.redirect(`/interviews/${id}/result#turn-${n}`);
}

/** `POST /interviews/:id/turns/:n/attempts`: the question answered again in writing. */
export const handler: Handlers = {
  POST(ctx) {
    const id = sessionId(ctx.params.id);
    const n = turnNumber(ctx.params.n);
    const text = str(ctx.form, "answer_text");
    return toResult(
      ctx,
      id,
      n,
      () => submitAttempt(ctx.deps, userOf(ctx), id, n, { text: text.trim() ? text : undefined }),
    );
  },
};

/** `POST /interviews/:id/turns/:n/attempts/:k/retry`: a failed attempt scored again. */
export const rerunHandler: Handlers = {
  POST(ctx) {
    const id = sessionId(ctx.params.id);
    const n = turnNumber(ctx.params.n);
    const k = pathNumber(ctx.params.k, 2, MAX_RETRIES_PER_TURN + 1, "attempt");
    return toResult(ctx, id, n, () => rerunAttempt(ctx.deps, userOf(ctx), id, n, k));
  },
};
