import { connect } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { createAi } from "./lib/ai/mod.ts";
import { ensureAssets } from "./lib/assets.ts";
import { TokenSigner } from "./lib/auth/mod.ts";
import { type Config, ConfigError, loadConfig } from "./lib/config.ts";
import { startFeedbackWorker } from "./lib/interview/mod.ts";
import { guardProcess } from "./lib/process_guard.ts";
import { Metrics } from "./lib/metrics.ts";
import { createStorage } from "./lib/storage/mod.ts";
import { createApp } from "./routes/app.ts";

export { createApp } from "./routes/app.ts";

/** Starts the service: config → database → storage → AI → app → HTTP; stops on SIGTERM/SIGINT. */
export async function start(config: Config) {
  await ensureAssets({ log: (line) => console.log(JSON.stringify({ level: "info", msg: line })) });
  const log = (e: Record<string, unknown>) => console.log(JSON.stringify(e));
  const metrics = new Metrics();
  guardProcess(log, metrics.unhandledErrors);
  const db = await connect({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    max: config.DATABASE_POOL_MAX,
  });
  const applied = await migrate(db.sql);
  const deps = {
    config,
    sql: db.sql,
    storage: createStorage(config),
    ai: createAi(config, {
      onTtsDivergence: (outcome) => metrics.ttsDivergence.inc({ outcome }),
    }),
    signer: new TokenSigner(config.jwtSecret),
    log,
    metrics,
  };
  const app = createApp(deps);
  const server = Deno.serve({
    port: config.PORT,
    hostname: "0.0.0.0",
    onListen: ({ port }) =>
      console.log(JSON.stringify({
        level: "info",
        msg: "listening",
        port,
        database: db.embedded ? "embedded-pglite" : "postgres",
        storage: deps.storage.kind,
        ai_provider: deps.ai.name,
        migrations_applied: applied,
      })),
  }, app.fetch);
  const worker = config.FEEDBACK_WORKER ? startFeedbackWorker(deps) : null;

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // shutdown() stops accepting and waits for in-flight requests before resolving.
    await server.shutdown();
    // A job still running after the grace period is taken over once its lease lapses.
    await worker?.stop();
    await db.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGINT", stop);
  return { server, db, deps, worker };
}

if (import.meta.main) {
  try {
    await start(await loadConfig());
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      Deno.exit(78);
    }
    throw e;
  }
}
