/** Schemas of answering a question again after the interview (retry and compare). */
import { z } from "@hono/zod-openapi";
import { MAX_RETRIES_PER_TURN } from "../../../lib/interview/mod.ts";
import { RUBRIC_DIMENSIONS } from "../../../lib/ai/rubric.ts";
import { orNull } from "../schemas.ts";
import { MetricsSchema, TurnFeedbackSchema } from "./feedback_schemas.ts";

const change = z.number().int().nullable();

const ScoreChangeSchema = z.object({
  overall: change.openapi({ description: "Change of the answer's 1–5 `score`" }),
  ...Object.fromEntries(RUBRIC_DIMENSIONS.map((d) => [d, change])) as Record<
    typeof RUBRIC_DIMENSIONS[number],
    typeof change
  >,
}).openapi("ScoreChange", {
  description: "This attempt's score minus the previous attempt's, overall and per rubric " +
    "dimension (the same rubric and weights); null where either side lacks the score: not " +
    "scored (pending or failed), feedback from before the rubric, or `delivery` of a typed answer",
});

const DiffSegmentSchema = z.object({
  op: z.enum(["equal", "added", "removed"]),
  text: z.string(),
}).openapi("TranscriptDiffSegment");

const ComparisonSchema = z.object({
  against_attempt: z.number().int().min(1).openapi({
    description: "The attempt compared against, the one just before (1: the interview's answer)",
  }),
  score_change: ScoreChangeSchema,
  transcript_diff: z.array(DiffSegmentSchema).nullable().openapi({
    description: "Word-level diff of the previous transcript to this one: whitespace-separated " +
      "words (punctuation stays on its word) and the whitespace between them. The `equal` and " +
      "`removed` texts in order spell the previous transcript exactly, `equal` and `added` " +
      "this one. Null when either side has no transcript (its STT failed).",
  }),
}).openapi("AttemptComparison");

export const AttemptViewSchema = z.object({
  turn_number: z.number().int(),
  attempt_number: z.number().int().min(2).max(MAX_RETRIES_PER_TURN + 1).openapi({
    description: "2 for the first retry; the interview's own answer is attempt 1",
  }),
  state: z.enum(["pending", "scored", "failed"]).openapi({
    description: "`scored` with its feedback; `failed` when an AI step failed (the recording " +
      "is kept: re-run it with `…/attempts/{attempt_number}/retry`); `pending` only while " +
      "being scored",
  }),
  answer_source: z.enum(["audio", "text"]),
  answer_audio_url: z.string().nullable().openapi({
    description: "Expiring URL (about 1 h) of the stored recording; null for a typed answer",
  }),
  answer_stt_text: z.string().nullable().openapi({
    description: "The transcript (or typed text); null while a recording is not transcribed",
  }),
  transcript_source: z.enum(["server", "live", "browser", "typed"]).nullable(),
  metrics: orNull(MetricsSchema).openapi({
    description: "Delivery metrics; null while a recording is not transcribed",
  }),
  feedback: orNull(TurnFeedbackSchema).openapi({
    description: "The attempt's feedback on the interview's rubric; null unless `scored`",
  }),
  score: z.number().int().min(1).max(5).nullable().openapi({
    description: "`feedback.score`; null unless `scored`",
  }),
  error: z.string().nullable().openapi({ description: "Why scoring failed, while `failed`" }),
  created_at: z.iso.datetime(),
  scored_at: z.iso.datetime().nullable(),
}).openapi("InterviewAttempt");

export const AttemptSchema = AttemptViewSchema.extend({
  comparison: ComparisonSchema,
}).openapi("InterviewResultAttempt");

export const AttemptParam = z.object({
  attempt_number: z.coerce.number().int().min(2).max(MAX_RETRIES_PER_TURN + 1).openapi({
    type: "integer",
    minimum: 2,
    maximum: MAX_RETRIES_PER_TURN + 1,
    param: { name: "attempt_number", in: "path" },
  }),
});
