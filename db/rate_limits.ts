import type { Queryable } from "./client.ts";

/** Counts one hit in a fixed window and returns the window's count including it. */
export async function hitWindow(sql: Queryable, key: string, windowStart: Date): Promise<number> {
  const [row] = await sql<{ count: number }[]>`
    insert into rate_limits (key, window_start, count) values (${key}, ${windowStart}, 1)
    on conflict (key, window_start) do update set count = rate_limits.count + 1
    returning count`;
  return row.count;
}

/** Deletes windows older than `before`. */
export async function pruneWindows(sql: Queryable, before: Date): Promise<number> {
  return (await sql`delete from rate_limits where window_start < ${before}`).count;
}
