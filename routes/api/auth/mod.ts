import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { login, logout, refresh, register } from "../../../lib/auth/mod.ts";
import { LIMITS } from "../../../lib/rate_limit.ts";
import { LoginInput, RegisterInput } from "../../../lib/schemas.ts";
import type { AppEnv } from "../../context.ts";
import { clientIp, hit } from "../middleware.ts";
import { createRouter, publicRoute } from "../router.ts";
import { errors, json, jsonBody } from "../schemas.ts";
import { RefreshInput, TokenPairSchema } from "./schemas.ts";

const tags = ["auth"];

const registerUserRoute = createRoute({
  method: "post",
  path: "/register",
  operationId: "registerUser",
  summary: "Create an account",
  tags,
  security: publicRoute,
  request: { body: jsonBody(RegisterInput) },
  responses: {
    201: json(
      z.object({ id: z.uuid(), email: z.string(), name: z.string().nullable() }),
      "Created",
    ),
    ...errors(400, 409, 415, 422, 429),
  },
});

/** Create an account. */
export const registerUser: RouteHandler<typeof registerUserRoute, AppEnv> = async (c) => {
  const deps = c.get("deps");
  await hit(c, LIMITS.authPerIp, clientIp(c));
  const user = await register(deps, c.req.valid("json"));
  return c.json({ id: user.id, email: user.email, name: user.name }, 201);
};

const loginUserRoute = createRoute({
  method: "post",
  path: "/login",
  operationId: "loginUser",
  summary: "Sign in: a token pair for e-mail and password",
  tags,
  security: publicRoute,
  request: { body: jsonBody(LoginInput) },
  responses: { 200: json(TokenPairSchema), ...errors(400, 401, 415, 422, 429) },
});

/** Sign in: a token pair for e-mail and password. */
export const loginUser: RouteHandler<typeof loginUserRoute, AppEnv> = async (c) => {
  const deps = c.get("deps");
  const { email, password } = c.req.valid("json");
  await hit(c, LIMITS.authPerIp, clientIp(c));
  await hit(c, LIMITS.authPerAccount, email);
  const { user_id: _, ...pair } = await login(deps, email, password);
  return c.json(pair, 200);
};

const refreshTokensRoute = createRoute({
  method: "post",
  path: "/refresh",
  operationId: "refreshTokens",
  summary: "Trade a refresh token for a new pair (the old one is revoked)",
  tags,
  security: publicRoute,
  request: { body: jsonBody(RefreshInput) },
  responses: { 200: json(TokenPairSchema), ...errors(400, 401, 415, 422, 429) },
});

/** Trade a refresh token for a new pair (the old one is revoked). */
export const refreshTokens: RouteHandler<typeof refreshTokensRoute, AppEnv> = async (c) => {
  const deps = c.get("deps");
  await hit(c, LIMITS.authPerIp, clientIp(c));
  return c.json(await refresh(deps, c.req.valid("json").refresh_token), 200);
};

const logoutUserRoute = createRoute({
  method: "post",
  path: "/logout",
  operationId: "logoutUser",
  summary: "Revoke a refresh token",
  tags,
  security: publicRoute,
  request: { body: jsonBody(RefreshInput) },
  responses: { 204: { description: "Logged out" }, ...errors(400, 415, 422) },
});

/** Revoke a refresh token. */
export const logoutUser: RouteHandler<typeof logoutUserRoute, AppEnv> = async (c) => {
  await logout(c.get("deps"), c.req.valid("json").refresh_token);
  return c.body(null, 204);
};

/** `/api/auth`: register, login, refresh (rotating), logout. */
export const auth = createRouter()
  .openapi(registerUserRoute, registerUser)
  .openapi(loginUserRoute, loginUser)
  .openapi(refreshTokensRoute, refreshTokens)
  .openapi(logoutUserRoute, logoutUser);
