import { firstRow, type Queryable } from "./client.ts";

/** A stored refresh token (only its hash is kept). */
export interface RefreshTokenRow {
  id: string;
  user_id: string;
  family_id: string;
  token_hash: string;
  expires_at: Date;
  revoked_at: Date | null;
  replaced_by: string | null;
}

/** Stores a newly issued refresh token. */
export async function insertRefreshToken(
  sql: Queryable,
  t: { id: string; user_id: string; family_id: string; token_hash: string; expires_at: Date },
): Promise<void> {
  await sql`
    insert into refresh_tokens (id, user_id, family_id, token_hash, expires_at)
    values (${t.id}, ${t.user_id}, ${t.family_id}, ${t.token_hash}, ${t.expires_at})`;
}

/**
 * Marks a live token as rotated, atomically: returns the row when this call won, null when the
 * token was already rotated or revoked (a reuse, or a concurrent refresh).
 */
export function rotateRefreshToken(
  sql: Queryable,
  id: string,
  tokenHash: string,
  replacedBy: string,
): Promise<RefreshTokenRow | null> {
  return firstRow(sql<RefreshTokenRow[]>`
    update refresh_tokens set revoked_at = now(), replaced_by = ${replacedBy}
    where id = ${id} and token_hash = ${tokenHash} and revoked_at is null and expires_at > now()
    returning *`);
}

/** Finds a token by id and hash, whatever its state. */
export function findRefreshToken(
  sql: Queryable,
  id: string,
  tokenHash: string,
): Promise<RefreshTokenRow | null> {
  return firstRow(sql<RefreshTokenRow[]>`
    select * from refresh_tokens where id = ${id} and token_hash = ${tokenHash}`);
}

/** Revokes every live token of a rotation family. */
export async function revokeFamily(sql: Queryable, familyId: string): Promise<number> {
  const r = await sql`
    update refresh_tokens set revoked_at = now()
    where family_id = ${familyId} and revoked_at is null`;
  return r.count;
}
