import { createRoute, z } from "@hono/zod-openapi";
import { PDF_MAX_BYTES, PDF_MAX_PAGES } from "../../lib/pdf.ts";
import { createPosting, deletePosting, getPosting, listPostings } from "../../lib/postings.ts";
import { LIMITS } from "../../lib/rate_limit.ts";
import {
  Pagination,
  POSTING_TEXT_MAX,
  POSTING_TEXT_MIN,
  POSTING_TITLE_MAX,
} from "../../lib/schemas.ts";
import { formUpload } from "../../lib/upload.ts";
import { limitUser, requireUser } from "./middleware.ts";
import { bearer, createRouter } from "./router.ts";
import { errors, IdParam, json } from "./schemas.ts";

const tags = ["job-postings"];

export const PostingAnalysisSchema = z.object({
  keywords: z.array(z.string()),
  requirements: z.array(z.string()),
}).openapi("PostingAnalysis");

const ProviderSchema = z.enum(["openai", "offline"]).openapi({
  description: "Which AI provider produced the analysis",
});

const PostingSummarySchema = z.object({
  id: z.uuid(),
  title: z.string().nullable(),
  ai_analysis: PostingAnalysisSchema,
  ai_provider: ProviderSchema,
  created_at: z.iso.datetime(),
}).openapi("JobPostingSummary");

const PostingSchema = PostingSummarySchema.extend({
  original_text: z.string(),
}).openapi("JobPosting");

const PostingListSchema = z.object({
  items: z.array(PostingSummarySchema),
  total: z.number().int(),
}).openapi("JobPostingList");

/**
 * The upload form. Only its shape is checked here; limits and the file-or-text rule live in
 * `createPosting`, which the web pages call too, and the document states them. A blank file
 * input or text area counts as absent, as browsers send both.
 */
const PostingForm = z.object({
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

/** `/api/job-postings`: upload (PDF or text) with AI analysis, list, read, delete. */
export const jobPostings = createRouter();
jobPostings.use("*", requireUser);
jobPostings
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      operationId: "createJobPosting",
      summary: "Upload a posting (PDF or text) and get its AI analysis",
      tags,
      security: bearer,
      middleware: [limitUser(LIMITS.aiPerUser)] as const,
      request: {
        body: { required: true, content: { "multipart/form-data": { schema: PostingForm } } },
      },
      responses: {
        201: json(PostingSchema, "Created and analysed"),
        ...errors(400, 401, 403, 413, 415, 422, 429, 502, 503),
      },
    }),
    async (c) => {
      const form = c.req.valid("form");
      const posting = await createPosting(c.get("deps"), c.get("userId"), {
        title: form.title,
        text: form.text,
        pdf: formUpload(form.file),
      });
      return c.json(posting, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "listJobPostings",
      summary: "The user's postings, newest first",
      tags,
      security: bearer,
      request: { query: Pagination },
      responses: { 200: json(PostingListSchema), ...errors(401, 422) },
    }),
    async (c) => {
      const page = await listPostings(c.get("deps"), c.get("userId"), c.req.valid("query"));
      return c.json(page, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      operationId: "getJobPosting",
      summary: "One posting with its text",
      tags,
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(PostingSchema), ...errors(401, 404, 422) },
    }),
    async (c) => {
      const posting = await getPosting(c.get("deps"), c.get("userId"), c.req.valid("param").id);
      return c.json(posting, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      operationId: "deleteJobPosting",
      summary: "Delete a posting and its PDF",
      tags,
      security: bearer,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...errors(401, 403, 404, 422) },
    }),
    async (c) => {
      await deletePosting(c.get("deps"), c.get("userId"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
