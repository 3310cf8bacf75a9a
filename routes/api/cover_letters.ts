import { createRoute, z } from "@hono/zod-openapi";
import {
  createCoverLetter,
  deleteCoverLetter,
  getCoverLetter,
  listCoverLetters,
  updateCoverLetter,
} from "../../lib/cover_letters.ts";
import { LIMITS } from "../../lib/rate_limit.ts";
import { CoverLetterInput, CoverLetterPatch, Pagination } from "../../lib/schemas.ts";
import { PostingAnalysisSchema } from "./job_postings.ts";
import { limitUser, requireUser } from "./middleware.ts";
import { bearer, createRouter } from "./router.ts";
import { errors, IdParam, json, jsonBody, orNull } from "./schemas.ts";

const tags = ["cover-letters"];

const CoverLetterSchema = z.object({
  id: z.uuid(),
  job_posting_id: z.uuid().nullable().openapi({
    description: "Null once the posting has been deleted",
  }),
  content: z.string(),
  ai_feedback: z.string().nullable(),
  ai_provider: z.enum(["openai", "offline"]),
  created_at: z.iso.datetime(),
}).openapi("CoverLetter");

const CoverLetterDetailSchema = CoverLetterSchema.extend({
  job_posting: orNull(z.object({
    id: z.uuid(),
    title: z.string().nullable(),
    ai_analysis: PostingAnalysisSchema,
  })),
  updated_at: z.iso.datetime(),
}).openapi("CoverLetterDetail");

const CoverLetterListSchema = z.object({
  items: z.array(CoverLetterSchema),
  total: z.number().int(),
}).openapi("CoverLetterList");

/** `/api/cover-letters`: letters for the user's postings, with AI feedback. */
export const coverLetters = createRouter();
coverLetters.use("*", requireUser);
coverLetters
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      operationId: "createCoverLetter",
      summary: "Write a cover letter for a posting and get AI feedback",
      tags,
      security: bearer,
      middleware: [limitUser(LIMITS.aiPerUser)] as const,
      request: { body: jsonBody(CoverLetterInput) },
      responses: {
        201: json(CoverLetterSchema, "Created with feedback"),
        ...errors(400, 401, 403, 404, 415, 422, 429, 502, 503),
      },
    }),
    async (c) => {
      const letter = await createCoverLetter(c.get("deps"), c.get("userId"), c.req.valid("json"));
      return c.json(letter, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "listCoverLetters",
      summary: "The user's cover letters, newest first",
      tags,
      security: bearer,
      request: { query: Pagination },
      responses: { 200: json(CoverLetterListSchema), ...errors(401, 422) },
    }),
    async (c) => {
      const page = await listCoverLetters(c.get("deps"), c.get("userId"), c.req.valid("query"));
      return c.json(page, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      operationId: "getCoverLetter",
      summary: "One cover letter with its posting",
      tags,
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(CoverLetterDetailSchema), ...errors(401, 404, 422) },
    }),
    async (c) => {
      const letter = await getCoverLetter(c.get("deps"), c.get("userId"), c.req.valid("param").id);
      return c.json(letter, 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      operationId: "updateCoverLetter",
      summary: "Rewrite a cover letter and get fresh feedback",
      tags,
      security: bearer,
      middleware: [limitUser(LIMITS.aiPerUser)] as const,
      request: { params: IdParam, body: jsonBody(CoverLetterPatch) },
      responses: {
        200: json(CoverLetterDetailSchema, "Updated with fresh feedback"),
        ...errors(400, 401, 403, 404, 415, 422, 429, 502, 503),
      },
    }),
    async (c) => {
      const letter = await updateCoverLetter(
        c.get("deps"),
        c.get("userId"),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json(letter, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      operationId: "deleteCoverLetter",
      summary: "Delete a cover letter and its interviews",
      tags,
      security: bearer,
      request: { params: IdParam },
      responses: {
        204: { description: "Deleted, with its interviews" },
        ...errors(401, 403, 404, 422),
      },
    }),
    async (c) => {
      await deleteCoverLetter(c.get("deps"), c.get("userId"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
