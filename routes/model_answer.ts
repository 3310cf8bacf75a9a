/**
 * `POST /interviews/:id/turns/:n/model-answer`: the result page's "모범 답안 만들기" form. It
 * makes (or remakes) the question's model answer and goes back to it on the result page.
 */
import { modelAnswerAnchor } from "../components/model_answer.tsx";
import { createModelAnswer } from "../lib/interview/mod.ts";
import { enforceLimit, LIMITS } from "../lib/rate_limit.ts";
import { type Handlers, userOf } from "./_app.tsx";
import { sessionId, turnNumber } from "./interview.tsx";

export const handler: Handlers = {
  async POST(ctx) {
    const id = sessionId(ctx.params.id);
    const turn = turnNumber(ctx.params.n);
    const uid = userOf(ctx);
    await enforceLimit(ctx.deps.sql, LIMITS.aiPerUser, uid);
    await createModelAnswer(ctx.deps, uid, id, turn);
    return ctx.redirect(`/interviews/${id}/result#${modelAnswerAnchor(turn)}`);
  },
};
