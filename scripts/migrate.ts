/**
 * `deno task db:migrate`: applies pending migrations to DATABASE_URL (or the embedded
 * database in DATA_DIR) and exits. The service also migrates at start-up; this is for
 * operators who prefer a separate release step.
 */
import { connect } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { ConfigError, parseEnv } from "../lib/config.ts";

try {
  const config = parseEnv(Deno.env.toObject());
  const db = await connect({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, max: 1 });
  try {
    const applied = await migrate(db.sql);
    console.log(
      applied.length ? `applied migrations: ${applied.join(", ")}` : "database is up to date",
    );
  } finally {
    await db.close();
  }
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    Deno.exit(78);
  }
  throw e;
}
