/** Response schemas of `/api/cover-letters`, as the OpenAPI document publishes them. */
import { z } from "@hono/zod-openapi";
import { PostingSummarySchema } from "../job_postings/schemas.ts";
import { orNull, ProviderSchema } from "../schemas.ts";

export const CoverLetterSchema = z.object({
  id: z.uuid(),
  job_posting_id: z.uuid().nullable().openapi({
    description: "Null once the posting has been deleted",
  }),
  content: z.string(),
  ai_feedback: z.string().nullable(),
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
