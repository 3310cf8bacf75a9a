/**
 * `POST /interviews/:id/turns/:n/model-answer`: the result page's "모범 답안 만들기" form. It
 * makes (or remakes) the question's model answer and goes back to it on the result page.
 */
import { modelAnswerAnchor } from "../components/model_answer.tsx";
import { notFound } from "../lib/errors.ts";
import { createModelAnswer, TURNS_PER_INTERVIEW } from "../lib/interview/mod.ts";
import { enforceLimit, LIMITS } from "../lib/rate_limit.ts";
import { type Handlers, userOf } from "./_app.tsx";
import { sessionId } from "./interview.tsx";

export const handler: Handlers = {
  async POST(ctx) {
    const id = sessionId(ctx.params.id);
    const turn = Number(ctx.params.n);
    if (!Number.isInteger(turn) || turn < 1 || turn > TURNS_PER_INTERVIEW) throw notFound("turn");
    const uid = userOf(ctx);
    await enforceLimit(ctx.deps.sql, LIMITS.aiPerUser, uid);
    await createModelAnswer(ctx.deps, uid, id, turn);
    return ctx.redirect(`/interviews/${id}/result#${modelAnswerAnchor(turn)}`);
  },
};
