import postgres from "postgres";

/** The one SQL client (the pool), which can also begin transactions. */
export type Sql = postgres.Sql;
/** A postgres.js transaction handle; inside `sql.begin` only this may be used. */
export type TxSql = postgres.TransactionSql;
/**
 * What query functions take: the pool or a transaction, so the same function runs inside
 * or outside `sql.begin`.
 */
export type Queryable = postgres.Sql | postgres.TransactionSql;

/** The first row a query returns, or null: the shape of every "find one" and "insert if new". */
export async function firstRow<T>(query: PromiseLike<readonly T[]>): Promise<T | null> {
  return (await query)[0] ?? null;
}

/** A connected database: the client, whether it is embedded, and how to close it. */
export interface Database {
  sql: Sql;
  embedded: boolean;
  close(): Promise<void>;
}

const types = {
  // Return bigint counts as numbers; they never approach 2^53 here.
  bigint: postgres.BigInt,
};

/** Options shared by both modes; `onnotice` is silenced so migrations don't spam logs. */
function clientOptions(max: number): postgres.Options<Record<string, postgres.PostgresType>> {
  return {
    max,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    transform: { undefined: null },
    types: { bigint: { ...types.bigint, parse: (v: string) => Number(v) } },
    connection: { application_name: "mock-interview" },
  } as unknown as postgres.Options<Record<string, postgres.PostgresType>>;
}

/** Connects to a PostgreSQL server by URL. */
export function connectUrl(url: string, max = 10): Database {
  const sql = postgres(url, clientOptions(max));
  return { sql, embedded: false, close: () => sql.end({ timeout: 5 }) };
}

/**
 * Starts PGlite in `dataDir` and serves it on a loopback port through pglite-socket, so the
 * application talks to it with the same driver and SQL as to a real server. pglite-socket
 * serves one connection, hence `max: 1` (queries queue on it).
 */
export async function connectEmbedded(dataDir: string): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  await Deno.mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(`${dataDir}/pglite`);
  const port = freePort();
  const server = new PGLiteSocketServer({ db, port, host: "127.0.0.1" });
  await server.start();
  const sql = postgres(
    `postgres://postgres@127.0.0.1:${port}/postgres`,
    clientOptions(1),
  );
  return {
    sql,
    embedded: true,
    async close() {
      await sql.end({ timeout: 5 });
      await server.stop();
      await db.close();
    },
  };
}

/**
 * Picks a free loopback port by binding port 0 and releasing it (the servers and tests that
 * need one all use this).
 */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = l.addr as Deno.NetAddr;
  l.close();
  return port;
}

/** Connects according to configuration: a server when a URL is given, else embedded PGlite. */
export function connect(
  opts: { url?: string; dataDir: string; max?: number },
): Promise<Database> {
  return opts.url ? Promise.resolve(connectUrl(opts.url, opts.max)) : connectEmbedded(opts.dataDir);
}

// postgres.js connection failures and PostgreSQL's admin-shutdown / cannot-connect-now states.
const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECT_TIMEOUT",
  "CONNECTION_DESTROYED",
  "57P01",
  "57P02",
  "57P03",
]);

/** Whether an error means the database connection is gone (answer 503, not 500). */
export function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code !== undefined && CONNECTION_ERROR_CODES.has(code);
}

/**
 * When the server drops a connection, postgres.js rejects some internal promises that nothing
 * awaits (the query that owned the connection has already failed with its own error). Deno
 * exits on an unhandled rejection, so these — and only these — are logged and swallowed;
 * postgres.js reconnects on the next query.
 */
export function survivePoolDisconnects(log: (entry: Record<string, unknown>) => void): void {
  globalThis.addEventListener("unhandledrejection", (e) => {
    if (!isConnectionError(e.reason)) return;
    e.preventDefault();
    log({ level: "warn", msg: "database connection dropped", code: e.reason.code });
  });
}
