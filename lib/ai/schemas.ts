/**
 * Schemas of every JSON document the chat model returns. Each is sent to the model as a strict
 * structured-output schema and the reply is validated against it again, so nothing downstream
 * parses prose.
 */
import { z } from "zod";
import { TURNS_PER_INTERVIEW } from "./types.ts";

/** Bounded strings keep a runaway model from filling the database. */
const text = (max: number) => z.string().min(1).max(max);
const score = z.number().int().min(1).max(5);

/** `{keywords, requirements}` extracted from a job posting. */
export const PostingAnalysisSchema = z.object({
  keywords: z.array(text(60)).max(20),
  requirements: z.array(text(300)).max(20),
  preferred: z.array(text(300)).max(15),
});

/** Structured cover-letter feedback; the provider renders it as text for `ai_feedback`. */
export const CoverLetterFeedbackSchema = z.object({
  summary: text(1500),
  strengths: z.array(text(500)).max(8),
  improvements: z.array(text(500)).max(8),
  suggestions: z.array(text(800)).max(8),
});
export type CoverLetterFeedback = z.infer<typeof CoverLetterFeedbackSchema>;

/** One interview question, phrased to be spoken aloud. */
export const QuestionSchema = z.object({
  question: text(600),
});

/** One content dimension: the level and the verbatim quote it rests on ("" when none). */
const DimensionSchema = z.object({ score, evidence: z.string().max(300) });

/**
 * Feedback on one answer (`TurnFeedback` in types.ts). The model scores the content
 * dimensions of the rubric; the anchors, the delivery dimension and the answer's score are
 * added by the server (rubric.ts).
 */
export const TurnFeedbackSchema = z.object({
  turn_number: z.number().int().min(1).max(TURNS_PER_INTERVIEW),
  feedback: text(2000),
  rubric: z.object({
    conclusion_first: DimensionSchema,
    specifics: DimensionSchema,
    relevance: DimensionSchema,
    structure: DimensionSchema,
  }),
  strengths: z.array(text(500)).max(6),
  improvements: z.array(text(500)).max(6),
  evidence: z.array(text(300)).max(5),
});

/**
 * Feedback on a whole interview (`InterviewFeedback` in types.ts) for `turnCount` answers: the
 * schema fixes the number of per-turn entries so the model cannot skip one. The overall score
 * is the mean of the answers' derived scores, so it is not asked for.
 */
export function interviewFeedbackSchema(turnCount: number) {
  return z.object({
    summary: text(3000),
    strengths: z.array(text(500)).max(8),
    improvements: z.array(text(500)).max(8),
    turns: z.array(TurnFeedbackSchema).min(turnCount).max(turnCount),
  });
}

/**
 * The requirement map for `requirementCount` numbered requirements and the interview's turns:
 * one entry per requirement, in order, with verbatim answer quotes (checked again on receipt).
 */
export function requirementMapSchema(requirementCount: number) {
  const turn = z.number().int().min(1).max(TURNS_PER_INTERVIEW);
  return z.object({
    requirements: z.array(z.object({
      requirement_number: z.number().int().min(1).max(Math.max(1, requirementCount)),
      evidence: z.array(z.object({ turn_number: turn, quote: text(300) })).max(3),
    })).min(requirementCount).max(requirementCount),
    claims: z.array(z.object({
      claim: text(300),
      status: z.enum(["contradicted", "unsupported"]),
      turn_number: turn.nullable(),
      answer_quote: text(300).nullable(),
    })).max(6),
  });
}

/**
 * A model answer: sentences, each citing the numbered sources it rests on. The ids are not
 * bounded here on purpose: an unknown id drops its sentence on receipt (`keepSourced`) instead
 * of failing the whole reply.
 */
export const ModelAnswerSchema = z.object({
  sentences: z.array(z.object({
    text: text(400),
    source_ids: z.array(z.number().int()).max(5),
  })).min(1).max(12),
});

/** A JSON Schema object as sent to the API. */
export type JsonSchema = Record<string, unknown>;

/**
 * Keywords strict mode refuses ("… is not permitted"); the zod schema still enforces them when
 * the reply is validated.
 */
const UNSUPPORTED_IN_STRICT = ["minLength", "maxLength", "default"];

/**
 * Converts a zod schema into the JSON Schema dialect of OpenAI structured outputs in strict
 * mode: every object closed (`additionalProperties: false`) with every property required, no
 * `$schema` key and no keyword strict mode refuses.
 */
export function toStrictJsonSchema(schema: z.ZodType): JsonSchema {
  const out = z.toJSONSchema(schema, { target: "draft-2020-12", unrepresentable: "throw" });
  delete (out as JsonSchema).$schema;
  return strictify(out as JsonSchema);
}

function strictify(node: unknown): JsonSchema {
  if (Array.isArray(node)) return node.map(strictify) as unknown as JsonSchema;
  if (node === null || typeof node !== "object") return node as JsonSchema;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) {
    if (UNSUPPORTED_IN_STRICT.includes(k)) continue;
    out[k] = k === "properties" || k === "$defs"
      ? Object.fromEntries(Object.entries(v as JsonSchema).map(([p, s]) => [p, strictify(s)]))
      : typeof v === "object"
      ? strictify(v)
      : v;
  }
  if (out.type === "object" || out.properties) {
    out.additionalProperties = false;
    out.required = Object.keys((out.properties as JsonSchema | undefined) ?? {});
  }
  return out;
}

/** A named schema ready for `response_format: {type: "json_schema", json_schema}`. */
export interface StructuredFormat<T extends z.ZodType> {
  name: string;
  schema: T;
  jsonSchema: JsonSchema;
}

/** Pairs a zod schema with its strict JSON Schema under a name the API accepts. */
export function structuredFormat<T extends z.ZodType>(
  name: string,
  schema: T,
): StructuredFormat<T> {
  return { name, schema, jsonSchema: toStrictJsonSchema(schema) };
}
