/**
 * Retry and compare: a question of a completed interview answered again, and a failed attempt
 * scored again. The result (`GET …/result`) lists the attempts with their comparisons.
 */
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import * as interview from "../../../lib/interview/mod.ts";
import { formUpload } from "../../../lib/upload.ts";
import type { AppEnv } from "../../context.ts";
import { userAiLimited } from "../middleware.ts";
import { bearer } from "../router.ts";
import { errors, json } from "../schemas.ts";
import { AttemptParam, AttemptSchema } from "./attempt_schemas.ts";
import { AttemptForm, TurnParam } from "./schemas.ts";

const tags = ["interviews"];

export const submitAttemptRoute = createRoute({
  method: "post",
  path: "/{session_id}/turns/{turn_number}/attempts",
  operationId: "submitAttempt",
  summary: "Answer a question of a completed interview again",
  tags,
  security: bearer,
  middleware: userAiLimited,
  description: "Answers turn `turn_number` again, once the interview is `completed` (else 409 " +
    "`interview_not_completed`), with the same fields and rules as the answer: `audio` (same " +
    "formats and limits; without server speech recognition it needs `client_transcript`, else " +
    "422 `transcript_required`) or `answer_text`. Bad input (413, 415, 422) stores nothing. " +
    "The recording is stored first, then transcribed and scored in this request on the " +
    "interview's rubric, so the scores compare. When an AI step fails the attempt is kept " +
    "`failed` with its recording and the 502/503 error's details carry `attempt_number` and " +
    "`retryable`: re-run it with `POST …/attempts/{attempt_number}/retry`. At most " +
    `${interview.MAX_RETRIES_PER_TURN} attempts per question (attempt numbers 2–` +
    `${interview.MAX_RETRIES_PER_TURN + 1}), then 409 \`attempt_limit_reached\`. The ` +
    "result lists every attempt with its comparison to the previous one.",
  request: {
    params: TurnParam,
    body: { required: true, content: { "multipart/form-data": { schema: AttemptForm } } },
  },
  responses: {
    201: json(AttemptSchema, "Stored, scored and compared with the attempt before"),
    ...errors(400, 401, 403, 404, 409, 413, 415, 422, 429, 502, 503),
  },
});

/** Answer a question of a completed interview again. */
export const submitAttempt: RouteHandler<typeof submitAttemptRoute, AppEnv> = async (c) => {
  const form = c.req.valid("form");
  const { session_id, turn_number } = c.req.valid("param");
  const attempt = await interview.submitAttempt(
    c.get("deps"),
    c.get("userId"),
    session_id,
    turn_number,
    {
      audio: formUpload(form.audio) ?? undefined,
      // A blank text field is an absent one (a browser form sends both fields).
      text: form.answer_text?.trim() ? form.answer_text : undefined,
      clientTranscript: form.client_transcript
        ? { text: form.client_transcript, source: form.client_transcript_source ?? "browser" }
        : undefined,
    },
  );
  return c.json(attempt, 201);
};

export const rerunAttemptRoute = createRoute({
  method: "post",
  path: "/{session_id}/turns/{turn_number}/attempts/{attempt_number}/retry",
  operationId: "rerunAttempt",
  summary: "Score a failed attempt again",
  tags,
  security: bearer,
  middleware: userAiLimited,
  description: "Transcribes (when that had failed) and scores a `failed` attempt again from " +
    "its stored recording or text; 409 `attempt_not_failed` when it is scored or being scored.",
  request: { params: TurnParam.extend(AttemptParam.shape) },
  responses: {
    200: json(AttemptSchema, "Scored and compared with the attempt before"),
    ...errors(401, 403, 404, 409, 422, 429, 502, 503),
  },
});

/** Score a failed attempt again. */
export const rerunAttempt: RouteHandler<typeof rerunAttemptRoute, AppEnv> = async (c) => {
  const { session_id, turn_number, attempt_number } = c.req.valid("param");
  const attempt = await interview.rerunAttempt(
    c.get("deps"),
    c.get("userId"),
    session_id,
    turn_number,
    attempt_number,
  );
  return c.json(attempt, 200);
};
