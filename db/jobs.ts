import type { PendingQuery, Row } from "postgres";
import { firstRow, type Sql, type TxSql } from "./client.ts";

/** A durable background job (table `jobs`). */
export interface JobRow {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  status: "pending" | "running" | "done" | "failed";
  attempts: number;
  max_attempts: number;
  run_at: Date;
  locked_until: Date | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Queues a job to run now; use the transaction that makes it necessary, so both commit together. */
export async function enqueueJob(
  sql: Sql | TxSql,
  kind: string,
  payload: Record<string, unknown>,
): Promise<JobRow> {
  const rows = await sql<JobRow[]>`
    insert into jobs (kind, payload) values (${kind}, ${sql.json(payload as never)})
    returning *`;
  return rows[0];
}

/**
 * Claims one runnable job of `kind` — pending and due, or running with an expired lease (its
 * worker died) — and leases it for `leaseMs`. `SKIP LOCKED` lets many workers poll at once
 * without blocking each other or taking the same job. With `sessionId`, only that session's job.
 */
export function claimJob(
  sql: Sql,
  kind: string,
  leaseMs: number,
  sessionId?: string,
): Promise<JobRow | null> {
  const forSession = sessionId ? sql`and payload ->> 'session_id' = ${sessionId}` : sql``;
  return firstRow(sql<JobRow[]>`
    update jobs set status = 'running', attempts = attempts + 1,
      locked_until = now() + ${leaseMs} * interval '1 millisecond', updated_at = now()
    where id = (
      select id from jobs
      where kind = ${kind} ${forSession}
        and ((status = 'pending' and run_at <= now())
          or (status = 'running' and locked_until < now()))
      order by run_at
      for update skip locked
      limit 1
    )
    returning *`);
}

/**
 * Extends the lease of a job this worker still holds (same attempt). Returns false when the
 * job was taken over or finished meanwhile.
 */
export async function extendLease(
  sql: Sql,
  id: number,
  attempt: number,
  leaseMs: number,
): Promise<boolean> {
  const rows = await sql`
    update jobs set locked_until = now() + ${leaseMs} * interval '1 millisecond', updated_at = now()
    where id = ${id} and attempts = ${attempt} and status = 'running'
    returning id`;
  return rows.length > 0;
}

/**
 * Applies `changes` to a job and releases its lease if this attempt still holds it (a fencing
 * check: a worker whose lease lapsed must not commit over the one that took over). Returns
 * false when the job is no longer held.
 */
async function settleJob(
  sql: Sql | TxSql,
  id: number,
  attempt: number,
  changes: PendingQuery<Row[]>,
): Promise<boolean> {
  const rows = await sql`
    update jobs set ${changes}, locked_until = null, updated_at = now()
    where id = ${id} and attempts = ${attempt} and status = 'running'
    returning id`;
  return rows.length > 0;
}

/** Marks a held job done. Returns false when no longer held. */
export function finishJob(sql: TxSql, id: number, attempt: number): Promise<boolean> {
  return settleJob(sql, id, attempt, sql`status = 'done', last_error = null`);
}

/** Puts a held job back to pending, due after `delayMs`. Returns false when no longer held. */
export function rescheduleJob(
  sql: Sql | TxSql,
  id: number,
  attempt: number,
  error: string,
  delayMs: number,
): Promise<boolean> {
  return settleJob(
    sql,
    id,
    attempt,
    sql`status = 'pending', last_error = ${error},
      run_at = now() + ${delayMs} * interval '1 millisecond'`,
  );
}

/** Gives up on a held job for good. Returns false when no longer held. */
export function failJob(
  sql: Sql | TxSql,
  id: number,
  attempt: number,
  error: string,
): Promise<boolean> {
  return settleJob(sql, id, attempt, sql`status = 'failed', last_error = ${error}`);
}
