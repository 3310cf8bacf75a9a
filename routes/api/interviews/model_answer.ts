/**
 * `POST /api/interviews/{session_id}/turns/{turn_number}/model-answer`: the model answer of one
 * question, made on demand (an AI call, so rate-limited like the others).
 */
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { createModelAnswer as create } from "../../../lib/interview/mod.ts";
import type { AppEnv } from "../../context.ts";
import { userAiLimited } from "../middleware.ts";
import { bearer } from "../router.ts";
import { errors, json } from "../schemas.ts";
import { ModelAnswerSchema, TurnParam } from "./schemas.ts";

export const createModelAnswerRoute = createRoute({
  method: "post",
  path: "/{session_id}/turns/{turn_number}/model-answer",
  operationId: "createModelAnswer",
  summary: "Make the model answer of an answered question",
  tags: ["interviews"],
  security: bearer,
  middleware: userAiLimited,
  description: "Writes a model answer to the turn's question from the candidate's own " +
    "sentences only: the profile's career summary and certifications (never name, age or " +
    "gender), the cover letter and every answer of this interview as they stand now. " +
    "Conclusion first (두괄식), then the support, within the time the mode allows (60 s). " +
    "Every sentence comes with the source sentences it rests on; a sentence the model " +
    "attributes to no real source is dropped. Stored on the turn (returned by the result as " +
    "`model_answer`); asking again replaces it. 409 `turn_not_answered` until the turn has " +
    "an answer; 404 `turn_not_found` for a turn not asked yet; 502 when the provider gives " +
    "nothing traceable.",
  request: { params: TurnParam },
  responses: {
    200: json(ModelAnswerSchema, "The model answer, as stored"),
    ...errors(401, 403, 404, 409, 422, 429, 502, 503),
  },
});

/** Make the model answer of an answered question. */
export const createModelAnswer: RouteHandler<typeof createModelAnswerRoute, AppEnv> = async (c) => {
  const { session_id, turn_number } = c.req.valid("param");
  return c.json(await create(c.get("deps"), c.get("userId"), session_id, turn_number), 200);
};
