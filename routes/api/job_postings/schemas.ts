/** Request and response schemas of `/api/job-postings`, as the OpenAPI document publishes them. */
import { z } from "@hono/zod-openapi";
import { PDF_MAX_BYTES, PDF_MAX_PAGES } from "../../../lib/postings/pdf.ts";
import { POSTING_TEXT_MAX, POSTING_TEXT_MIN, POSTING_TITLE_MAX } from "../../../lib/schemas.ts";
import { ProviderSchema } from "../schemas.ts";

export const PostingAnalysisSchema = z.object({
  keywords: z.array(z.string()),
  requirements: z.array(z.string()).openapi({ description: "Required qualifications and duties" }),
  preferred: z.array(z.string()).optional().openapi({
    description:
      "Preferred qualifications (우대 사항); absent in analyses made before they were kept",
  }),
}).openapi("PostingAnalysis");

export const PostingSummarySchema = z.object({
  id: z.uuid(),
  title: z.string().nullable(),
  ai_analysis: PostingAnalysisSchema,
  ai_provider: ProviderSchema.openapi({ description: "Which AI provider produced the analysis" }),
  created_at: z.iso.datetime(),
}).openapi("JobPostingSummary");

export const PostingSchema = PostingSummarySchema.extend({
  original_text: z.string(),
}).openapi("JobPosting");

export const PostingListSchema = z.object({
  items: z.array(PostingSummarySchema),
  total: z.number().int(),
}).openapi("JobPostingList");

/**
 * The upload form. Only its shape is checked here; limits and the file-or-text rule live in
 * `createPosting`, which the web pages call too, and the document states them. A blank file
 * input or text area counts as absent, as browsers send both.
 */
export const PostingForm = z.object({
  file: z.instanceof(Blob).optional().openapi({
    type: "string",
    format: "binary",
    description:
      `The posting as a PDF with a text layer (at most ${PDF_MAX_BYTES / 1024 / 1024} MB and ` +
      `${PDF_MAX_PAGES} pages). Send either \`file\` or \`text\`.`,
  }),
  text: z.string().optional().openapi({
    minLength: POSTING_TEXT_MIN,
    maxLength: POSTING_TEXT_MAX,
    description: "The posting pasted as text (trimmed before the length is checked).",
  }),
  title: z.string().optional().openapi({
    maxLength: POSTING_TITLE_MAX,
    description: "Derived from the posting's first line when absent.",
  }),
}).openapi("JobPostingUpload", { oneOf: [{ required: ["file"] }, { required: ["text"] }] });
