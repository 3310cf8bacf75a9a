/**
 * Accounts and tokens: sign-up, log-in, refresh-token rotation with reuse detection (a reused
 * refresh token revokes its whole family), log-out and access-token checks. Passwords are
 * argon2id (hashed off the main thread); tokens are typed, short-lived JWTs. Routes and pages
 * use only this module.
 */
import type { Sql } from "../../db/client.ts";
import {
  findRefreshToken,
  insertRefreshToken,
  revokeFamily,
  rotateRefreshToken,
} from "../../db/refresh_tokens.ts";
import { findUserByEmail, insertUser, type UserRow } from "../../db/users.ts";
import { AppError } from "../errors.ts";
import type { RegisterInput } from "../schemas.ts";
import { burnVerification, hashPassword, verifyPassword } from "./password.ts";
import { type TokenClaims, tokenHash, TokenSigner } from "./tokens.ts";

export { ACCESS_TTL_SEC, REFRESH_TTL_SEC, TokenSigner } from "./tokens.ts";

/** What the auth functions need. */
export interface AuthDeps {
  sql: Sql;
  signer: TokenSigner;
}

/** An access/refresh pair as the API returns it. */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: "bearer";
  expires_in: number;
}

/** Creates an account; a taken e-mail (in any letter case) is a conflict. */
export async function register(deps: AuthDeps, input: RegisterInput): Promise<UserRow> {
  const { password, ...profile } = input;
  const user = await insertUser(deps.sql, {
    ...profile,
    email: input.email,
    password_hash: await hashPassword(password),
  });
  if (!user) {
    throw new AppError("conflict", "email_taken", "An account with this e-mail already exists");
  }
  return user;
}

const badLogin = () =>
  new AppError("unauthorized", "invalid_credentials", "E-mail or password is incorrect");

/** Checks credentials and issues a new token family. Unknown e-mails take as long as wrong passwords. */
export async function login(
  deps: AuthDeps,
  email: string,
  password: string,
): Promise<TokenPair & { user_id: string }> {
  const user = await findUserByEmail(deps.sql, email);
  if (!user) {
    await burnVerification(password);
    throw badLogin();
  }
  if (!(await verifyPassword(password, user.password_hash))) throw badLogin();
  return { ...(await issuePair(deps, user.id, crypto.randomUUID())), user_id: user.id };
}

async function issuePair(
  deps: AuthDeps,
  userId: string,
  familyId: string,
  jti: string = crypto.randomUUID(),
): Promise<TokenPair> {
  const access = await deps.signer.sign("access", userId);
  const refresh = await deps.signer.sign("refresh", userId, { jti, fam: familyId });
  await insertRefreshToken(deps.sql, {
    id: jti,
    user_id: userId,
    family_id: familyId,
    token_hash: await tokenHash(refresh.token),
    expires_at: new Date(refresh.claims.exp * 1000),
  });
  return {
    access_token: access.token,
    refresh_token: refresh.token,
    token_type: "bearer",
    expires_in: access.claims.exp - Math.floor(Date.now() / 1000),
  };
}

/**
 * Rotates a refresh token (RFC 9700 §4.14.2): the presented token is retired and a new pair is
 * issued in the same family. Presenting a token that was already rotated means it leaked (or a
 * client replayed it), so the whole family is revoked and the caller must log in again.
 */
export async function refresh(deps: AuthDeps, refreshToken: string): Promise<TokenPair> {
  const claims = await deps.signer.verify(refreshToken, "refresh");
  const hash = await tokenHash(refreshToken);
  const nextJti = crypto.randomUUID();
  const won = await deps.sql.begin(async (tx) => {
    const row = await rotateRefreshToken(tx, claims.jti, hash, nextJti);
    if (row) return row;
    const known = await findRefreshToken(tx, claims.jti, hash);
    if (known) await revokeFamily(tx, known.family_id);
    return null;
  });
  if (!won) {
    throw new AppError(
      "unauthorized",
      "refresh_token_revoked",
      "The refresh token is no longer valid",
    );
  }
  return await issuePair(deps, won.user_id, won.family_id, nextJti);
}

/** Revokes the refresh token's family; an already invalid token is silently accepted. */
export async function logout(deps: AuthDeps, refreshToken: string): Promise<void> {
  let claims: TokenClaims;
  try {
    claims = await deps.signer.verify(refreshToken, "refresh");
  } catch {
    return;
  }
  const row = await findRefreshToken(deps.sql, claims.jti, await tokenHash(refreshToken));
  if (row) await revokeFamily(deps.sql, row.family_id);
}

/** Verifies an access token and returns the user id. */
export async function authenticate(deps: AuthDeps, accessToken: string): Promise<string> {
  return (await deps.signer.verify(accessToken, "access")).sub;
}
