/**
 * The schemas of one answer's measurements and feedback, shared by the interview's result and
 * the answers given again (`attempt_schemas.ts`).
 */
import { z } from "@hono/zod-openapi";
import { LONG_PAUSE_SEC } from "../../../lib/media/mod.ts";
import { orNull } from "../schemas.ts";

export const MetricsSchema = z.object({
  duration_sec: z.number().nullable(),
  char_count: z.number().int(),
  word_count: z.number().int(),
  syllables_per_minute: z.number().nullable(),
  filler_count: z.number().int(),
  fillers_per_minute: z.number().nullable(),
  fillers: z.record(z.string(), z.number().int()),
  long_pause_count: z.number().int().nullable().optional().openapi({
    description: `Silences longer than ${LONG_PAUSE_SEC} s between the first and the last ` +
      "sound of the recording; null for typed answers or audio whose activity is not measured " +
      "(MP3); absent on answers recorded before it existed",
  }),
  long_pause_total_sec: z.number().nullable().optional().openapi({
    description: "Seconds of those long pauses together",
  }),
  register: z.object({
    haeyo: z.number().int().openapi({ description: "Sentences ending in 해요체 (…요)" }),
    hapsyo: z.number().int().openapi({
      description: "Sentences ending in 하십시오체 (…니다/…니까)",
    }),
    mixed: z.boolean().openapi({ description: "Both registers occur" }),
  }).nullable().optional().openapi({ description: "Speech register; null for typed answers" }),
}).openapi("DeliveryMetrics");

const DimensionSchema = z.object({
  score: z.number().int().min(1).max(5),
  anchor: z.string().openapi({
    description: "The fixed description of this level, in the interview's language",
  }),
  evidence: z.string().openapi({
    description: 'Verbatim quote from the answer the score rests on ("" when none); for ' +
      "delivery, the measurements",
  }),
}).openapi("RubricScore");

const RubricSchema = z.object({
  conclusion_first: DimensionSchema,
  specifics: DimensionSchema,
  relevance: DimensionSchema,
  structure: DimensionSchema,
  delivery: orNull(DimensionSchema),
}).openapi("Rubric", {
  description: "The answer scored 1–5 per dimension against fixed anchors: " +
    "`conclusion_first` 결론 먼저 (두괄식), `specifics` 구체성과 수치, `relevance` 직무 " +
    "관련성, `structure` 구조 (STAR), `delivery` 전달력 from the delivery metrics (null for " +
    "typed answers). The answer's " +
    "`score` is the weighted mean of the dimensions present (conclusion_first 1, specifics " +
    "4, relevance 2, structure 2, delivery 1), rounded half up. Absent on feedback made " +
    "before the rubric existed.",
});

const SelfIntroSchema = z.object({
  duration_sec: z.number().nullable(),
  char_count: z.number().int(),
  target_sec: z.array(z.number()).length(2),
  target_chars: z.array(z.number().int()).length(2),
  duration_ok: z.boolean().nullable().openapi({ description: "Null for a typed answer" }),
  chars_ok: z.boolean(),
}).openapi("SelfIntroCheck", {
  description: "Only in `self_intro` mode: the 1분 자기소개 measured against its target " +
    "(57 ± 5 s, 350–400 characters without spaces)",
});

export const TurnFeedbackSchema = z.object({
  turn_number: z.number().int(),
  feedback: z.string(),
  score: z.number().int().min(1).max(5).openapi({ description: "Derived from `rubric`" }),
  rubric: RubricSchema.optional(),
  self_intro: SelfIntroSchema.optional(),
  strengths: z.array(z.string()),
  improvements: z.array(z.string()),
  evidence: z.array(z.string()),
}).openapi("TurnFeedback");
