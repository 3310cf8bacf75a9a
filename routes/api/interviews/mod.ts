import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import {
  objectResponse,
  parseRange,
  rangeNotSatisfiableResponse,
} from "../../../lib/storage/http_range.ts";
import { AppError } from "../../../lib/errors.ts";
import * as interview from "../../../lib/interview/mod.ts";
import { Pagination } from "../../../lib/schemas.ts";
import { formUpload } from "../../../lib/upload.ts";
import type { AppEnv } from "../../context.ts";
import { requireUser, userAiLimited } from "../middleware.ts";
import { bearer, createRouter } from "../router.ts";
import {
  AnswerForm,
  AnswerResultSchema,
  HistorySchema,
  QuestionAudioQuery,
  ResultSchema,
  ReviewBody,
  ReviewResultSchema,
  SessionParam,
  StartBody,
  StartedSchema,
  TurnParam,
} from "./schemas.ts";
import { errors, json, jsonBody } from "../schemas.ts";
import { liveTranscriptionSocket } from "./live.ts";
import { createModelAnswer, createModelAnswerRoute } from "./model_answer.ts";
import { rerunAttempt, rerunAttemptRoute, submitAttempt, submitAttemptRoute } from "./attempts.ts";

const tags = ["interviews"];
const ai = userAiLimited;
const user: MiddlewareHandler<AppEnv>[] = [requireUser];

/** A signed question-audio URL authorises by itself; without a signature a token is needed. */
const userUnlessSigned: MiddlewareHandler<AppEnv> = (c, next) =>
  c.req.query("sig") ? next() : requireUser(c, next);

const startInterviewRoute = createRoute({
  method: "post",
  path: "/start",
  operationId: "startInterview",
  summary: "Start an interview for a cover letter; turn 1 is asked",
  description: "Starts an interview in a `mode` (default `job`) and `language` (default " +
    "`ko`), both stored on the session, with the room's `prep_seconds` countdown (0–30, " +
    "default 5). An unknown mode or language, or `prep_seconds` out of range, is refused (422 " +
    "`invalid_input`) and nothing is created. With `transcript_review: true` the interview " +
    "waits in `reviewing` after its last answer for `POST /{session_id}/review`.",
  tags,
  security: bearer,
  middleware: ai,
  request: { body: jsonBody(StartBody) },
  responses: {
    201: json(StartedSchema, "Started; turn 1 asked"),
    ...errors(400, 401, 403, 404, 415, 422, 429, 502, 503),
  },
});

/** Start an interview for a cover letter; turn 1 is asked. */
export const startInterview: RouteHandler<typeof startInterviewRoute, AppEnv> = async (c) => {
  const { cover_letter_id, mode, language, prep_seconds, transcript_review } = c.req.valid("json");
  const started = await interview.startInterview(c.get("deps"), c.get("userId"), cover_letter_id, {
    mode: mode ?? "job",
    language: language ?? "ko",
  }, { prepSeconds: prep_seconds, transcriptReview: transcript_review });
  return c.json(started, 201);
};

const listInterviewsRoute = createRoute({
  method: "get",
  path: "/history",
  operationId: "listInterviews",
  summary: "The user's interviews, newest first",
  tags,
  security: bearer,
  middleware: user,
  request: { query: Pagination },
  responses: { 200: json(HistorySchema), ...errors(401, 422) },
});

/** The user's interviews, newest first. */
export const listInterviews: RouteHandler<typeof listInterviewsRoute, AppEnv> = async (c) => {
  return c.json(
    await interview.listHistory(c.get("deps"), c.get("userId"), c.req.valid("query")),
    200,
  );
};

const submitAnswerRoute = createRoute({
  method: "post",
  path: "/{session_id}/answer",
  operationId: "submitAnswer",
  summary: "Answer the current turn with a recording or typed text",
  tags,
  security: bearer,
  middleware: ai,
  description: "Answers the current turn. Exactly one submission per turn wins (others get " +
    "409 `turn_conflict`). When an AI step fails the recording is kept and the turn is " +
    "`failed`: retry with `/turns/{n}/retry` or submit again. Without server speech " +
    "recognition a recording needs `client_transcript`; with it, `client_transcript` is ignored. " +
    "While recording, a client may " +
    "stream the audio to the WebSocket `GET /{session_id}/turns/{turn_number}/live` (not an " +
    "OpenAPI operation; protocol in docs/CLIENTS.md) for live captions, and send the same " +
    "`live_id` here: a complete live transcript then replaces file STT.",
  request: {
    params: SessionParam,
    body: { required: true, content: { "multipart/form-data": { schema: AnswerForm } } },
  },
  responses: {
    200: json(AnswerResultSchema),
    ...errors(400, 401, 403, 404, 409, 413, 415, 422, 429, 502, 503),
  },
});

/** Answer the current turn with a recording or typed text. */
export const submitAnswer: RouteHandler<typeof submitAnswerRoute, AppEnv> = async (c) => {
  const form = c.req.valid("form");
  const result = await interview.submitAnswer(
    c.get("deps"),
    c.get("userId"),
    c.req.valid("param").session_id,
    {
      turnNumber: form.turn_number,
      audio: formUpload(form.audio) ?? undefined,
      // A blank text field is an absent one (a browser form sends both fields).
      text: form.answer_text?.trim() ? form.answer_text : undefined,
      clientTranscript: form.client_transcript
        ? { text: form.client_transcript, source: form.client_transcript_source ?? "browser" }
        : undefined,
      liveId: form.live_id,
    },
  );
  return c.json(result, 200);
};

const retryTurnRoute = createRoute({
  method: "post",
  path: "/{session_id}/turns/{turn_number}/retry",
  operationId: "retryTurn",
  summary: "Resume a failed turn",
  tags,
  security: bearer,
  middleware: ai,
  description: "Resumes a `failed` turn from its stored recording or transcript.",
  request: { params: TurnParam },
  responses: {
    200: json(AnswerResultSchema),
    ...errors(401, 403, 404, 409, 422, 429, 502, 503),
  },
});

/** Resume a failed turn. */
export const retryTurn: RouteHandler<typeof retryTurnRoute, AppEnv> = async (c) => {
  const { session_id, turn_number } = c.req.valid("param");
  const result = await interview.retryTurn(c.get("deps"), c.get("userId"), session_id, turn_number);
  return c.json(result, 200);
};

const getQuestionAudioRoute = createRoute({
  method: "get",
  path: "/{session_id}/turns/{turn_number}/question-audio",
  operationId: "getQuestionAudio",
  summary: "The spoken question of a turn",
  tags,
  security: [...bearer, {}],
  middleware: [userUnlessSigned],
  description: "The spoken question: streamed from TTS on first request (no Range), from " +
    "storage as MP3 afterwards (with Range support). A stream that fails is not stored; " +
    "the next request synthesises again. Authorised by the signed `exp`/`sig` of " +
    "`question_audio_url`, or by a bearer token.",
  request: { params: TurnParam, query: QuestionAudioQuery },
  responses: {
    200: {
      description: "Audio: `audio/mpeg`, or `audio/pcm;rate=24000` for `format=pcm` " +
        "while synthesising",
      content: {
        "audio/mpeg": { schema: z.string().openapi({ format: "binary" }) },
        "audio/pcm;rate=24000": { schema: z.string().openapi({ format: "binary" }) },
      },
    },
    206: {
      description: "Partial audio (Range) of the stored MP3",
      content: { "audio/mpeg": { schema: z.string().openapi({ format: "binary" }) } },
    },
    416: { description: "Range not satisfiable" },
    ...errors(401, 404, 422, 502, 503),
  },
});

/** The spoken question of a turn. */
export const getQuestionAudio: RouteHandler<typeof getQuestionAudioRoute, AppEnv> = async (c) => {
  const { session_id, turn_number } = c.req.valid("param");
  const { exp, sig, format } = c.req.valid("query");
  const range = parseRange(c.req.header("range") ?? null);
  if (range === "invalid") return rangeNotSatisfiableResponse();
  const access = sig ? { exp: exp ?? "", sig } : { userId: c.get("userId") };
  let audio;
  try {
    audio = await interview.questionAudio(c.get("deps"), access, session_id, turn_number, {
      range: range ?? undefined,
      format,
    });
  } catch (e) {
    if (e instanceof AppError && e.code === "range_not_satisfiable") {
      return rangeNotSatisfiableResponse(e.details?.size as number | undefined);
    }
    throw e;
  }
  const cache = { "Cache-Control": "private, max-age=3600" };
  if (audio.kind === "stored") return objectResponse(audio.object, cache);
  return new Response(audio.body, {
    headers: { "Content-Type": audio.contentType, "Accept-Ranges": "none", ...cache },
  });
};

const getInterviewResultRoute = createRoute({
  method: "get",
  path: "/{session_id}/result",
  operationId: "getInterviewResult",
  summary: "The interview with its answers and feedback",
  tags,
  security: bearer,
  middleware: user,
  description: "Poll until `status` is `completed` (or `failed`). While feedback is pending " +
    "the poll may itself run the feedback job, waiting a bounded time. A `reviewing` " +
    "interview stays so until `POST /{session_id}/review`: polling it makes no feedback.",
  request: { params: SessionParam },
  responses: { 200: json(ResultSchema), ...errors(401, 404, 422) },
});

/** The interview with its answers and feedback. */
export const getInterviewResult: RouteHandler<typeof getInterviewResultRoute, AppEnv> = async (
  c,
) => {
  const result = await interview.getResult(
    c.get("deps"),
    c.get("userId"),
    c.req.valid("param").session_id,
  );
  return c.json(result as z.infer<typeof ResultSchema>, 200);
};

const retryFeedbackRoute = createRoute({
  method: "post",
  path: "/{session_id}/feedback/retry",
  operationId: "retryFeedback",
  summary: "Queue the feedback of a failed interview again",
  tags,
  security: bearer,
  middleware: ai,
  description: "Re-queues feedback of an interview whose feedback generation failed.",
  request: { params: SessionParam },
  responses: {
    202: json(
      z.object({ session_id: z.uuid(), status: z.literal("feedback_pending") }),
      "Queued",
    ),
    ...errors(401, 403, 404, 409, 422, 429),
  },
});

/** Queue the feedback of a failed interview again. */
export const retryFeedback: RouteHandler<typeof retryFeedbackRoute, AppEnv> = async (c) => {
  const queued = await interview.retryFeedback(
    c.get("deps"),
    c.get("userId"),
    c.req.valid("param").session_id,
  );
  return c.json(queued, 202);
};

const reviewTranscriptRoute = createRoute({
  method: "post",
  path: "/{session_id}/review",
  operationId: "reviewTranscript",
  summary: "Correct the transcripts after the last answer; feedback is then queued",
  tags,
  security: bearer,
  middleware: ai,
  description: "Only while the interview is `reviewing` (started with `transcript_review`, " +
    "all answers in); otherwise 409 `not_reviewing`. Each correction replaces that turn's " +
    "`answer_stt_text`, keeps the transcript as first heard in `original_stt_text`, and " +
    "measures the text-derived delivery metrics again (characters, words, fillers, rates, " +
    "register; the recording's duration and pauses stay). In the same transaction the " +
    "status becomes `feedback_pending` and the feedback job is queued: poll `…/result`. A " +
    "turn the interview has no answer for is 422 `unknown_turn`; any refused request " +
    "changes nothing.",
  request: { params: SessionParam, body: jsonBody(ReviewBody) },
  responses: {
    202: json(ReviewResultSchema, "Corrections stored; feedback queued"),
    ...errors(400, 401, 403, 404, 409, 415, 422, 429),
  },
});

/** Correct the transcripts after the last answer; feedback is then queued. */
export const reviewTranscript: RouteHandler<typeof reviewTranscriptRoute, AppEnv> = async (c) => {
  const reviewed = await interview.submitReview(
    c.get("deps"),
    c.get("userId"),
    c.req.valid("param").session_id,
    c.req.valid("json"),
  );
  return c.json(reviewed, 202);
};

/** `/api/interviews`: the voice interview (five turns, one for 1분 자기소개), its replay and feedback. */
export const interviews = createRouter()
  .openapi(startInterviewRoute, startInterview)
  .openapi(listInterviewsRoute, listInterviews)
  .openapi(submitAnswerRoute, submitAnswer)
  .openapi(retryTurnRoute, retryTurn)
  .openapi(getQuestionAudioRoute, getQuestionAudio)
  .openapi(getInterviewResultRoute, getInterviewResult)
  .openapi(retryFeedbackRoute, retryFeedback)
  .openapi(createModelAnswerRoute, createModelAnswer)
  .openapi(reviewTranscriptRoute, reviewTranscript)
  .openapi(submitAttemptRoute, submitAttempt)
  .openapi(rerunAttemptRoute, rerunAttempt)
  // A WebSocket: OpenAPI cannot describe it; see docs/CLIENTS.md.
  .get("/:session_id/turns/:turn_number/live", liveTranscriptionSocket);
