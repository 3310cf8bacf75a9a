import { createHash } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { AppError } from "../errors.ts";

/** Access tokens live 15 minutes, refresh tokens 7 days (SPEC §2). */
export const ACCESS_TTL_SEC = 15 * 60;
export const REFRESH_TTL_SEC = 7 * 24 * 3600;
const ALG = "HS256";
const ISSUER = "mock-interview";
const VERIFIED_CACHE_MAX = 10_000;

/** The token's purpose; carried in the `typ` claim so one kind is never accepted as the other. */
export type TokenType = "access" | "refresh";

/** Verified claims of a token. */
export interface TokenClaims {
  sub: string;
  jti: string;
  typ: TokenType;
  exp: number;
  /** Refresh tokens only: the rotation family. */
  fam?: string;
}

/** Signs and verifies typed JWTs with one HMAC key. */
export class TokenSigner {
  #key: Promise<CryptoKey>;
  // Access tokens already verified, so a client's repeated calls skip the HMAC; expiry is
  // still checked on every hit. Refresh tokens never use it: their state lives in the database.
  #verified = new Map<string, TokenClaims>();

  constructor(secret: string) {
    // Imported once: importing per call costs more than the HMAC itself.
    this.#key = crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
  }

  /** Signs a token of the given type for a user; returns the JWT and its claims. */
  async sign(
    typ: TokenType,
    sub: string,
    opts: { jti?: string; fam?: string; now?: number } = {},
  ): Promise<{ token: string; claims: TokenClaims }> {
    const now = opts.now ?? Math.floor(Date.now() / 1000);
    const exp = now + (typ === "access" ? ACCESS_TTL_SEC : REFRESH_TTL_SEC);
    const jti = opts.jti ?? crypto.randomUUID();
    const payload: Record<string, unknown> = { typ };
    if (opts.fam) payload.fam = opts.fam;
    const token = await new SignJWT(payload)
      .setProtectedHeader({ alg: ALG, typ: "JWT" })
      .setSubject(sub)
      .setJti(jti)
      .setIssuer(ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(await this.#key);
    return { token, claims: { sub, jti, typ, exp, fam: opts.fam } };
  }

  /**
   * Verifies signature, algorithm (HS256 only), issuer, expiry and type. Any failure is the same
   * `unauthorized` error, so callers learn nothing about why a token was refused.
   */
  async verify(token: string, typ: TokenType): Promise<TokenClaims> {
    if (typ === "access") {
      const hit = this.#verified.get(token);
      if (hit && hit.exp * 1000 > Date.now()) return hit;
    }
    const claims = await this.#verify(token, typ);
    if (typ === "access") {
      if (this.#verified.size >= VERIFIED_CACHE_MAX) this.#verified.clear();
      this.#verified.set(token, claims);
    }
    return claims;
  }

  async #verify(token: string, typ: TokenType): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, await this.#key, {
        algorithms: [ALG],
        issuer: ISSUER,
        requiredClaims: ["sub", "jti", "exp"],
      });
      if (payload.typ !== typ) throw new Error("wrong token type");
      return {
        sub: payload.sub!,
        jti: payload.jti!,
        typ,
        exp: payload.exp!,
        fam: typeof payload.fam === "string" ? payload.fam : undefined,
      };
    } catch (e) {
      const expired = e instanceof errors.JWTExpired;
      throw new AppError(
        "unauthorized",
        expired ? "token_expired" : "invalid_token",
        expired ? "The token has expired" : "The token is invalid",
      );
    }
  }
}

/** SHA-256 of a token, hex: refresh tokens are stored only as this hash. */
export function tokenHash(token: string): Promise<string> {
  return Promise.resolve(createHash("sha256").update(token).digest("hex"));
}
