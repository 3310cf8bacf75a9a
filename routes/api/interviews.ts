import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { objectResponse, parseRange, rangeNotSatisfiableResponse } from "../../lib/http_range.ts";
import { AppError } from "../../lib/errors.ts";
import {
  getResult,
  listHistory,
  MAX_ANSWER_AUDIO_BYTES,
  MAX_ANSWER_SECONDS,
  questionAudio,
  retryFeedback,
  retryTurn,
  startInterview,
  submitAnswer,
  TURNS_PER_INTERVIEW,
} from "../../lib/interview/mod.ts";
import { LIMITS } from "../../lib/rate_limit.ts";
import { ANSWER_TEXT_MAX, Pagination, Uuid } from "../../lib/schemas.ts";
import { formUpload } from "../../lib/upload.ts";
import type { AppEnv } from "../context.ts";
import { limitUser, requireUser } from "./middleware.ts";
import { bearer, createRouter } from "./router.ts";
import { errors, json, jsonBody, orNull } from "./schemas.ts";

const tags = ["interviews"];

const QuestionSchema = z.object({
  turn_number: z.number().int().min(1).max(TURNS_PER_INTERVIEW),
  question_text: z.string(),
  question_audio_url: z.string().nullable().openapi({
    description: "Signed URL (about 1 h) of the spoken question, usable as `<audio src>` without " +
      "a token; null when the server has no TTS (the client speaks the text itself).",
  }),
}).openapi("InterviewQuestion");

const MetricsSchema = z.object({
  duration_sec: z.number().nullable(),
  char_count: z.number().int(),
  word_count: z.number().int(),
  syllables_per_minute: z.number().nullable(),
  filler_count: z.number().int(),
  fillers_per_minute: z.number().nullable(),
  fillers: z.record(z.string(), z.number().int()),
}).openapi("DeliveryMetrics");

const ProviderSchema = z.enum(["openai", "offline"]);
const StatusSchema = z.enum(["in_progress", "feedback_pending", "completed", "failed"]);

const StartedSchema = z.object({
  session_id: z.uuid(),
  status: z.literal("in_progress"),
  ai_provider: ProviderSchema,
  current_turn: QuestionSchema,
}).openapi("InterviewStarted");

const AnswerResultSchema = z.object({
  turn_number: z.number().int(),
  answer_audio_url: z.string().nullable().openapi({
    description: "Expiring URL of the stored recording; null for a typed answer",
  }),
  answer_stt_text: z.string(),
  metrics: MetricsSchema,
  next_turn: QuestionSchema.optional().openapi({ description: "Turns 1–4" }),
  interview_completed: z.literal(true).optional().openapi({ description: "Turn 5" }),
  message: z.string().optional(),
}).openapi("InterviewAnswerResult");

const TurnFeedbackSchema = z.object({
  turn_number: z.number().int(),
  feedback: z.string(),
  score: z.number().int().min(1).max(5),
  strengths: z.array(z.string()),
  improvements: z.array(z.string()),
  evidence: z.array(z.string()),
}).openapi("TurnFeedback");

const OverallFeedbackSchema = z.object({
  summary: z.string(),
  score: z.number().int().min(1).max(5),
  strengths: z.array(z.string()),
  improvements: z.array(z.string()),
}).openapi("InterviewFeedback");

const CapabilityUsageSchema = z.object({
  calls: z.number().int(),
  input_tokens: z.number().int().openapi({ description: "chat prompt / TTS text input tokens" }),
  output_tokens: z.number().int().openapi({
    description: "chat completion / TTS transcript text tokens",
  }),
  output_audio_tokens: z.number().int().openapi({ description: "Realtime TTS audio tokens" }),
  audio_seconds: z.number().openapi({ description: "STT: seconds of audio transcribed" }),
  characters: z.number().int().openapi({ description: "TTS on `/audio/speech`: characters" }),
  models: z.array(z.string()),
  cost_usd: z.number().openapi({ description: "Estimate at list prices (priced models only)" }),
});

const UsageSchema = z.object({
  chat: CapabilityUsageSchema,
  stt: CapabilityUsageSchema,
  tts: CapabilityUsageSchema,
  total_cost_usd: z.number(),
  unpriced_models: z.array(z.string()).openapi({
    description: "Models without a list price here (other servers), left out of the estimate",
  }),
  prices_as_of: z.string().openapi({ description: "Date the list prices were checked" }),
}).openapi("InterviewUsage", {
  description: "What this interview's AI calls consumed (questions, transcription, question " +
    "audio, feedback), with an estimated cost in US dollars at OpenAI list prices.",
});

const ResultSchema = z.object({
  session_id: z.uuid(),
  status: StatusSchema,
  ai_provider: ProviderSchema,
  total_feedback: z.string().nullable(),
  feedback: orNull(OverallFeedbackSchema),
  failure_reason: z.string().nullable(),
  turns: z.array(QuestionSchema.extend({
    answer_audio_url: z.string().nullable(),
    answer_stt_text: z.string().nullable(),
    turn_feedback: z.string().nullable(),
    feedback: orNull(TurnFeedbackSchema),
    metrics: orNull(MetricsSchema).openapi({ description: "Null until the turn is answered" }),
    answer_source: z.enum(["audio", "text"]).nullable(),
  })),
  created_at: z.iso.datetime(),
  completed_at: z.iso.datetime().nullable(),
  usage: UsageSchema,
}).openapi("InterviewResult");

const HistorySchema = z.object({
  items: z.array(z.object({
    session_id: z.uuid(),
    cover_letter_id: z.uuid(),
    status: StatusSchema,
    created_at: z.iso.datetime(),
    completed_at: z.iso.datetime().nullable(),
  })),
  total: z.number().int(),
}).openapi("InterviewHistory");

/** A turn number as text (form field, path): the document states the type once coerced. */
const turnNumber = (openapi: Record<string, unknown> = {}) =>
  z.coerce.number().int().min(1).max(TURNS_PER_INTERVIEW).openapi({
    type: "integer",
    minimum: 1,
    maximum: TURNS_PER_INTERVIEW,
    ...openapi,
  });

const AnswerForm = z.object({
  turn_number: turnNumber({
    description: "The turn being answered: must be the current unanswered turn",
  }),
  audio: z.instanceof(Blob).optional().openapi({
    type: "string",
    format: "binary",
    description: `The recording (webm, ogg, mp4/m4a, wav or mp3), at most ${
      MAX_ANSWER_AUDIO_BYTES / 1024 / 1024
    } MB and ${MAX_ANSWER_SECONDS} s. Send either \`audio\` or \`answer_text\`.`,
  }),
  answer_text: z.string().optional().openapi({
    minLength: 1,
    maxLength: ANSWER_TEXT_MAX,
    description: "A typed answer instead of audio",
  }),
}).openapi("InterviewAnswer", { oneOf: [{ required: ["audio"] }, { required: ["answer_text"] }] });

const SessionParam = z.object({
  session_id: Uuid,
});
const TurnParam = SessionParam.extend({
  turn_number: turnNumber({ param: { name: "turn_number", in: "path" } }),
});
const SignedQuery = z.object({
  exp: z.string().max(20).optional(),
  sig: z.string().max(128).optional(),
});

const QuestionAudioQuery = SignedQuery.extend({
  format: z.enum(["mp3", "pcm"]).optional().openapi({
    description: "`mp3` (default): MPEG audio, which every player streams. `pcm`: while the " +
      "question is being synthesised by a PCM voice (Realtime), the raw samples as they " +
      "arrive (`audio/pcm;rate=24000`, 16-bit little-endian mono), for players that schedule " +
      "them with Web Audio; a stored question, or a voice that produces MP3, answers " +
      "`audio/mpeg` either way, so a client must look at the Content-Type.",
  }),
});

const ai: MiddlewareHandler<AppEnv>[] = [requireUser, limitUser(LIMITS.aiPerUser)];
const user: MiddlewareHandler<AppEnv>[] = [requireUser];

/** A signed question-audio URL authorises by itself; without a signature a token is needed. */
const userUnlessSigned: MiddlewareHandler<AppEnv> = (c, next) =>
  c.req.query("sig") ? next() : requireUser(c, next);

/** `/api/interviews`: the five-turn voice interview, its replay and its feedback. */
export const interviews = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/start",
      operationId: "startInterview",
      summary: "Start an interview for a cover letter; turn 1 is asked",
      tags,
      security: bearer,
      middleware: ai,
      request: { body: jsonBody(z.object({ cover_letter_id: Uuid })) },
      responses: {
        201: json(StartedSchema, "Started; turn 1 asked"),
        ...errors(400, 401, 403, 404, 415, 422, 429, 502, 503),
      },
    }),
    async (c) => {
      const { cover_letter_id } = c.req.valid("json");
      const started = await startInterview(c.get("deps"), c.get("userId"), cover_letter_id);
      return c.json(started, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/history",
      operationId: "listInterviews",
      summary: "The user's interviews, newest first",
      tags,
      security: bearer,
      middleware: user,
      request: { query: Pagination },
      responses: { 200: json(HistorySchema), ...errors(401, 422) },
    }),
    async (c) => {
      return c.json(await listHistory(c.get("deps"), c.get("userId"), c.req.valid("query")), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{session_id}/answer",
      operationId: "submitAnswer",
      summary: "Answer the current turn with a recording or typed text",
      tags,
      security: bearer,
      middleware: ai,
      description: "Answers the current turn. Exactly one submission per turn wins (others get " +
        "409 `turn_conflict`). When an AI step fails the recording is kept and the turn is " +
        "`failed`: retry with `/turns/{n}/retry` or submit again.",
      request: {
        params: SessionParam,
        body: { required: true, content: { "multipart/form-data": { schema: AnswerForm } } },
      },
      responses: {
        200: json(AnswerResultSchema),
        ...errors(400, 401, 403, 404, 409, 413, 415, 422, 429, 502, 503),
      },
    }),
    async (c) => {
      const form = c.req.valid("form");
      const result = await submitAnswer(
        c.get("deps"),
        c.get("userId"),
        c.req.valid("param").session_id,
        {
          turnNumber: form.turn_number,
          audio: formUpload(form.audio) ?? undefined,
          // A blank text field is an absent one (a browser form sends both fields).
          text: form.answer_text?.trim() ? form.answer_text : undefined,
        },
      );
      return c.json(result, 200);
    },
  )
  .openapi(
    createRoute({
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
    }),
    async (c) => {
      const { session_id, turn_number } = c.req.valid("param");
      const result = await retryTurn(c.get("deps"), c.get("userId"), session_id, turn_number);
      return c.json(result, 200);
    },
  )
  .openapi(
    createRoute({
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
    }),
    async (c) => {
      const { session_id, turn_number } = c.req.valid("param");
      const { exp, sig, format } = c.req.valid("query");
      const range = parseRange(c.req.header("range") ?? null);
      if (range === "invalid") return rangeNotSatisfiableResponse();
      const access = sig ? { exp: exp ?? "", sig } : { userId: c.get("userId") };
      let audio;
      try {
        audio = await questionAudio(c.get("deps"), access, session_id, turn_number, {
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
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{session_id}/result",
      operationId: "getInterviewResult",
      summary: "The interview with its answers and feedback",
      tags,
      security: bearer,
      middleware: user,
      description: "Poll until `status` is `completed` (or `failed`). While feedback is pending " +
        "the poll may itself run the feedback job, waiting a bounded time.",
      request: { params: SessionParam },
      responses: { 200: json(ResultSchema), ...errors(401, 404, 422) },
    }),
    async (c) => {
      const result = await getResult(
        c.get("deps"),
        c.get("userId"),
        c.req.valid("param").session_id,
      );
      return c.json(result as z.infer<typeof ResultSchema>, 200);
    },
  )
  .openapi(
    createRoute({
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
    }),
    async (c) => {
      const queued = await retryFeedback(
        c.get("deps"),
        c.get("userId"),
        c.req.valid("param").session_id,
      );
      return c.json(queued, 202);
    },
  );
