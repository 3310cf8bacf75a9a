/** Response schemas of `/api/cover-letters`, as the OpenAPI document publishes them. */
import { z } from "@hono/zod-openapi";
import { PostingSummarySchema } from "../job_postings/schemas.ts";
import { orNull, ProviderSchema } from "../schemas.ts";

const KeywordCheckSchema = z.object({
  keywords: z.array(z.object({ keyword: z.string(), found: z.boolean() })).openapi({
    description: "Every posting keyword, and whether the letter shows it",
  }),
  sentences: z.array(z.object({
    text: z.string(),
    marks: z.array(z.object({
      start: z.number().int().min(0),
      end: z.number().int().min(0),
      keyword: z.string(),
    })).openapi({
      description: "Mentions of posting keywords: UTF-16 offsets into `text` (`end` " +
        "exclusive), in order, never overlapping; none in a sentence that only promises to learn",
    }),
  })).openapi({ description: "The letter's sentences, in order" }),
}).openapi("KeywordCheck");

const StructuredFeedbackSchema = z.object({
  summary: z.string(),
  strengths: z.array(z.string()),
  improvements: z.array(z.string()),
  suggestions: z.array(z.string()),
  keyword_check: orNull(KeywordCheckSchema).openapi({
    description: "Null when the letter was reviewed without a posting",
  }),
}).openapi("CoverLetterFeedback");

export const CoverLetterSchema = z.object({
  id: z.uuid(),
  job_posting_id: z.uuid().nullable().openapi({
    description: "Null once the posting has been deleted",
  }),
  content: z.string(),
  ai_feedback: z.string().nullable().openapi({ description: "The feedback as plain text" }),
  ai_feedback_structured: orNull(StructuredFeedbackSchema).openapi({
    description: "The same feedback in sections; null for letters reviewed before sections " +
      "were kept (show `ai_feedback` then)",
  }),
  ai_provider: ProviderSchema,
  created_at: z.iso.datetime(),
}).openapi("CoverLetter");

export const CoverLetterDetailSchema = CoverLetterSchema.extend({
  job_posting: orNull(PostingSummarySchema.pick({ id: true, title: true, ai_analysis: true })),
  updated_at: z.iso.datetime(),
}).openapi("CoverLetterDetail");

export const CoverLetterListSchema = z.object({
  items: z.array(CoverLetterSchema),
  total: z.number().int(),
}).openapi("CoverLetterList");
