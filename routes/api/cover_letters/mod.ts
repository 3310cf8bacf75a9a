import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import * as letters from "../../../lib/cover_letters/mod.ts";
import { CoverLetterInput, CoverLetterPatch, Pagination } from "../../../lib/schemas.ts";
import type { AppEnv } from "../../context.ts";
import { aiLimited, requireUser } from "../middleware.ts";
import { bearer, createRouter } from "../router.ts";
import { CoverLetterDetailSchema, CoverLetterListSchema, CoverLetterSchema } from "./schemas.ts";
import { errors, IdParam, json, jsonBody } from "../schemas.ts";

const tags = ["cover-letters"];
/** Writing a letter asks the AI for feedback on it: these are the ways that fails. */
const feedbackErrors = errors(400, 401, 403, 404, 415, 422, 429, 502, 503);

const createCoverLetterRoute = createRoute({
  method: "post",
  path: "/",
  operationId: "createCoverLetter",
  summary: "Write a cover letter for a posting and get AI feedback",
  tags,
  security: bearer,
  middleware: aiLimited,
  request: { body: jsonBody(CoverLetterInput) },
  responses: {
    201: json(CoverLetterSchema, "Created with feedback"),
    ...feedbackErrors,
  },
});

/** Write a cover letter for a posting and get AI feedback. */
export const createCoverLetter: RouteHandler<typeof createCoverLetterRoute, AppEnv> = async (c) => {
  const letter = await letters.createCoverLetter(
    c.get("deps"),
    c.get("userId"),
    c.req.valid("json"),
  );
  return c.json(letter, 201);
};

const listCoverLettersRoute = createRoute({
  method: "get",
  path: "/",
  operationId: "listCoverLetters",
  summary: "The user's cover letters, newest first",
  tags,
  security: bearer,
  request: { query: Pagination },
  responses: { 200: json(CoverLetterListSchema), ...errors(401, 422) },
});

/** The user's cover letters, newest first. */
export const listCoverLetters: RouteHandler<typeof listCoverLettersRoute, AppEnv> = async (c) => {
  const page = await letters.listCoverLetters(c.get("deps"), c.get("userId"), c.req.valid("query"));
  return c.json(page, 200);
};

const getCoverLetterRoute = createRoute({
  method: "get",
  path: "/{id}",
  operationId: "getCoverLetter",
  summary: "One cover letter with its posting",
  tags,
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(CoverLetterDetailSchema), ...errors(401, 404, 422) },
});

/** One cover letter with its posting. */
export const getCoverLetter: RouteHandler<typeof getCoverLetterRoute, AppEnv> = async (c) => {
  const letter = await letters.getCoverLetter(
    c.get("deps"),
    c.get("userId"),
    c.req.valid("param").id,
  );
  return c.json(letter, 200);
};

const updateCoverLetterRoute = createRoute({
  method: "patch",
  path: "/{id}",
  operationId: "updateCoverLetter",
  summary: "Rewrite a cover letter and get fresh feedback",
  tags,
  security: bearer,
  middleware: aiLimited,
  request: { params: IdParam, body: jsonBody(CoverLetterPatch) },
  responses: {
    200: json(CoverLetterDetailSchema, "Updated with fresh feedback"),
    ...feedbackErrors,
  },
});

/** Rewrite a cover letter and get fresh feedback. */
export const updateCoverLetter: RouteHandler<typeof updateCoverLetterRoute, AppEnv> = async (c) => {
  const letter = await letters.updateCoverLetter(
    c.get("deps"),
    c.get("userId"),
    c.req.valid("param").id,
    c.req.valid("json"),
  );
  return c.json(letter, 200);
};

const deleteCoverLetterRoute = createRoute({
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
});

/** Delete a cover letter and its interviews. */
export const deleteCoverLetter: RouteHandler<typeof deleteCoverLetterRoute, AppEnv> = async (c) => {
  await letters.deleteCoverLetter(c.get("deps"), c.get("userId"), c.req.valid("param").id);
  return c.body(null, 204);
};

/** `/api/cover-letters`: letters for the user's postings, with AI feedback. */
export const coverLetters = createRouter();
coverLetters.use("*", requireUser);
coverLetters
  .openapi(createCoverLetterRoute, createCoverLetter)
  .openapi(listCoverLettersRoute, listCoverLetters)
  .openapi(getCoverLetterRoute, getCoverLetter)
  .openapi(updateCoverLetterRoute, updateCoverLetter)
  .openapi(deleteCoverLetterRoute, deleteCoverLetter);
