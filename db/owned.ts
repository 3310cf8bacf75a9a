/**
 * The two queries every user-owned table answers the same way: one row by id that must be the
 * user's (absent and not-yours look the same), and a page of the user's rows, newest first,
 * with how many there are in all.
 */
import { firstRow, type Queryable } from "./client.ts";

/** The tables whose rows carry `user_id`, `created_at` and `id`. */
export type OwnedTable = "job_postings" | "cover_letters" | "interview_sessions";

/** A row of `table` by id when it is `userId`'s, else null. */
export function findOwned<T extends object>(
  sql: Queryable,
  table: OwnedTable,
  userId: string,
  id: string,
): Promise<T | null> {
  return firstRow(sql<T[]>`select * from ${sql(table)} where id = ${id} and user_id = ${userId}`);
}

/** One page of `userId`'s rows of `table` (the given columns), newest first, and the total. */
export async function listOwned<T extends object>(
  sql: Queryable,
  table: OwnedTable,
  columns: string[] | "*",
  userId: string,
  page: { limit: number; offset: number },
): Promise<{ items: T[]; total: number }> {
  const items = await sql<T[]>`
    select ${columns === "*" ? sql`*` : sql(columns)} from ${sql(table)} where user_id = ${userId}
    order by created_at desc, id desc
    limit ${page.limit} offset ${page.offset}`;
  const [{ total }] = await sql<{ total: number }[]>`
    select count(*)::int as total from ${sql(table)} where user_id = ${userId}`;
  return { items: [...items], total };
}
