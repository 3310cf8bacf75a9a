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

/** Picks a free loopback port by binding port 0 and releasing it. */
function freePort(): number {
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
