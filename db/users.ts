import { firstRow, type Queryable } from "./client.ts";
import type { Gender } from "./types.ts";

/** A user as stored, without the password hash. */
export interface UserRow {
  id: string;
  email: string;
  name: string | null;
  age: number | null;
  gender: Gender | null;
  career_summary: string | null;
  certifications: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Profile columns a user may change. */
export type ProfileColumns = Partial<
  Pick<UserRow, "name" | "age" | "gender" | "career_summary" | "certifications">
>;

const PROFILE_KEYS = ["name", "age", "gender", "career_summary", "certifications"] as const;
/** The columns of a {@link UserRow}: every read leaves the password hash behind. */
const USER_COLUMNS = ["id", "email", ...PROFILE_KEYS, "created_at", "updated_at"];

/** The profile columns of a user row, without id, e-mail or timestamps. */
export function pickProfile(u: Required<ProfileColumns>): Required<ProfileColumns> {
  return {
    name: u.name,
    age: u.age,
    gender: u.gender,
    career_summary: u.career_summary,
    certifications: u.certifications,
  };
}

/** Inserts a user; returns null when the e-mail is taken (case-insensitively). */
export function insertUser(
  sql: Queryable,
  u: ProfileColumns & { email: string; password_hash: string },
): Promise<UserRow | null> {
  return firstRow(sql<UserRow[]>`
    insert into users (email, password_hash, name, age, gender, career_summary, certifications)
    values (${u.email}, ${u.password_hash}, ${u.name ?? null}, ${u.age ?? null},
            ${u.gender ?? null}, ${u.career_summary ?? null}, ${u.certifications ?? null})
    on conflict (lower(email)) do nothing
    returning ${sql(USER_COLUMNS)}`);
}

/** Finds a user and their password hash by e-mail, case-insensitively. */
export function findUserByEmail(
  sql: Queryable,
  email: string,
): Promise<(UserRow & { password_hash: string }) | null> {
  return firstRow(sql<(UserRow & { password_hash: string })[]>`
    select * from users where lower(email) = lower(${email})`);
}

/** Finds a user by id. */
export function findUser(sql: Queryable, id: string): Promise<UserRow | null> {
  return firstRow(sql<UserRow[]>`
    select ${sql(USER_COLUMNS)} from users where id = ${id}`);
}

/** Updates the given profile columns; returns the updated user or null when absent. */
export function updateUser(
  sql: Queryable,
  id: string,
  patch: ProfileColumns,
): Promise<UserRow | null> {
  const keys = PROFILE_KEYS.filter((k) => patch[k] !== undefined);
  if (keys.length === 0) return findUser(sql, id);
  return firstRow(sql<UserRow[]>`
    update users set ${sql(patch, ...keys)}, updated_at = now() where id = ${id}
    returning ${sql(USER_COLUMNS)}`);
}
