import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { findUser, updateUser } from "../../../db/users.ts";
import { AppError } from "../../../lib/errors.ts";
import { getProgress } from "../../../lib/interview/mod.ts";
import { ProfilePatch } from "../../../lib/schemas.ts";
import type { AppEnv } from "../../context.ts";
import { requireUser } from "../middleware.ts";
import { bearer, createRouter } from "../router.ts";
import { errors, json, jsonBody } from "../schemas.ts";
import { ProgressSchema, publicUser, UserSchema } from "./schemas.ts";

const tags = ["users"];
/** The profile as the API shows it; the account may have been deleted since the token. */
const profileOf = (user: Awaited<ReturnType<typeof findUser>>) => {
  if (!user) throw new AppError("unauthorized", "user_not_found", "The account no longer exists");
  return publicUser(user);
};

const getCurrentUserRoute = createRoute({
  method: "get",
  path: "/me",
  operationId: "getCurrentUser",
  summary: "The signed-in user's profile",
  tags,
  security: bearer,
  responses: { 200: json(UserSchema), ...errors(401) },
});

/** The signed-in user's profile. */
export const getCurrentUser: RouteHandler<typeof getCurrentUserRoute, AppEnv> = async (c) => {
  return c.json(profileOf(await findUser(c.get("deps").sql, c.get("userId"))), 200);
};

const updateCurrentUserRoute = createRoute({
  method: "patch",
  path: "/me",
  operationId: "updateCurrentUser",
  summary: "Change profile fields (only those sent)",
  tags,
  security: bearer,
  request: { body: jsonBody(ProfilePatch) },
  responses: { 200: json(UserSchema), ...errors(400, 401, 403, 415, 422) },
});

/** Change profile fields (only those sent). */
export const updateCurrentUser: RouteHandler<typeof updateCurrentUserRoute, AppEnv> = async (c) => {
  const user = await updateUser(c.get("deps").sql, c.get("userId"), c.req.valid("json"));
  return c.json(profileOf(user), 200);
};

const getProgressRoute = createRoute({
  method: "get",
  path: "/me/progress",
  operationId: "getProgress",
  summary: "The user's progress across completed interviews",
  tags,
  security: bearer,
  middleware: [requireUser] as const,
  description: "Series for the progress charts: per completed interview (oldest first) the " +
    "overall score, the mean score per rubric dimension, syllables and fillers per minute, " +
    "and requirement coverage.",
  responses: { 200: json(ProgressSchema), ...errors(401) },
});

/** The user's progress across completed interviews. */
export const getUserProgress: RouteHandler<typeof getProgressRoute, AppEnv> = async (c) => {
  return c.json(await getProgress(c.get("deps"), c.get("userId")), 200);
};

/** `/api/users/me`: the signed-in user's profile, and their progress. */
export const users = createRouter();
users.use("/me", requireUser);
users
  .openapi(getCurrentUserRoute, getCurrentUser)
  .openapi(updateCurrentUserRoute, updateCurrentUser)
  .openapi(getProgressRoute, getUserProgress);
