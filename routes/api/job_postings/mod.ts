import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import {
  createPosting,
  deletePosting,
  getPosting,
  listPostings,
} from "../../../lib/postings/mod.ts";
import { Pagination } from "../../../lib/schemas.ts";
import { formUpload } from "../../../lib/upload.ts";
import type { AppEnv } from "../../context.ts";
import { aiLimited, requireUser } from "../middleware.ts";
import { bearer, createRouter } from "../router.ts";
import { PostingForm, PostingListSchema, PostingSchema } from "./schemas.ts";
import { errors, IdParam, json } from "../schemas.ts";

const tags = ["job-postings"];

const createJobPostingRoute = createRoute({
  method: "post",
  path: "/",
  operationId: "createJobPosting",
  summary: "Upload a posting (PDF or text) and get its AI analysis",
  tags,
  security: bearer,
  middleware: aiLimited,
  request: {
    body: { required: true, content: { "multipart/form-data": { schema: PostingForm } } },
  },
  responses: {
    201: json(PostingSchema, "Created and analysed"),
    ...errors(400, 401, 403, 413, 415, 422, 429, 502, 503),
  },
});

/** Upload a posting (PDF or text) and get its AI analysis. */
export const createJobPosting: RouteHandler<typeof createJobPostingRoute, AppEnv> = async (c) => {
  const form = c.req.valid("form");
  const posting = await createPosting(c.get("deps"), c.get("userId"), {
    title: form.title,
    text: form.text,
    pdf: formUpload(form.file),
  });
  return c.json(posting, 201);
};

const listJobPostingsRoute = createRoute({
  method: "get",
  path: "/",
  operationId: "listJobPostings",
  summary: "The user's postings, newest first",
  tags,
  security: bearer,
  request: { query: Pagination },
  responses: { 200: json(PostingListSchema), ...errors(401, 422) },
});

/** The user's postings, newest first. */
export const listJobPostings: RouteHandler<typeof listJobPostingsRoute, AppEnv> = async (c) => {
  const page = await listPostings(c.get("deps"), c.get("userId"), c.req.valid("query"));
  return c.json(page, 200);
};

const getJobPostingRoute = createRoute({
  method: "get",
  path: "/{id}",
  operationId: "getJobPosting",
  summary: "One posting with its text",
  tags,
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(PostingSchema), ...errors(401, 404, 422) },
});

/** One posting with its text. */
export const getJobPosting: RouteHandler<typeof getJobPostingRoute, AppEnv> = async (c) => {
  const posting = await getPosting(c.get("deps"), c.get("userId"), c.req.valid("param").id);
  return c.json(posting, 200);
};

const deleteJobPostingRoute = createRoute({
  method: "delete",
  path: "/{id}",
  operationId: "deleteJobPosting",
  summary: "Delete a posting and its PDF",
  tags,
  security: bearer,
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...errors(401, 403, 404, 422) },
});

/** Delete a posting and its PDF. */
export const deleteJobPosting: RouteHandler<typeof deleteJobPostingRoute, AppEnv> = async (c) => {
  await deletePosting(c.get("deps"), c.get("userId"), c.req.valid("param").id);
  return c.body(null, 204);
};

/** `/api/job-postings`: upload (PDF or text) with AI analysis, list, read, delete. */
export const jobPostings = createRouter();
jobPostings.use("*", requireUser);
jobPostings
  .openapi(createJobPostingRoute, createJobPosting)
  .openapi(listJobPostingsRoute, listJobPostings)
  .openapi(getJobPostingRoute, getJobPosting)
  .openapi(deleteJobPostingRoute, deleteJobPosting);
