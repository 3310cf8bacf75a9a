import assert from "node:assert/strict";
import { testDatabase } from "../tests/helpers.ts";
import { migrate, readMigrations } from "./migrate.ts";

Deno.test("migrations: applied once, recorded, idempotent under concurrent starts", async () => {
  const db = await testDatabase(); // already migrated once
  try {
    const files = await readMigrations();
    assert.ok(files.length >= 1);
    assert.deepEqual(
      files.map((m) => m.version),
      [...files.map((m) => m.version)].sort((a, b) => a - b),
    );
    // Several instances starting together: none re-applies anything, none fails.
    const results = await Promise.all([migrate(db.sql), migrate(db.sql), migrate(db.sql)]);
    assert.deepEqual(results, [[], [], []]);
    const rows = await db.sql<
      { version: number }[]
    >`select version from schema_migrations order by 1`;
    assert.deepEqual(rows.map((r) => r.version), files.map((m) => m.version));
    // A new migration is applied exactly once even when raced.
    const extra = [...files, { version: 9999, name: "probe", sql: "create table probe (id int)" }];
    const raced = await Promise.all([migrate(db.sql, extra), migrate(db.sql, extra)]);
    assert.deepEqual(raced.flat(), [9999]);
    const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from probe`;
    assert.equal(n, 0);
  } finally {
    await db.close();
  }
});

Deno.test("migrations: a failing migration rolls back entirely", async () => {
  const db = await testDatabase();
  try {
    const files = await readMigrations();
    const bad = [...files, {
      version: 9998,
      name: "bad",
      sql: "create table half_done (id int); select * from no_such_table",
    }];
    await assert.rejects(() => migrate(db.sql, bad));
    const [{ t }] = await db.sql<
      { t: string | null }[]
    >`select to_regclass('half_done')::text as t`;
    assert.equal(t, null);
    const v = await db.sql`select 1 from schema_migrations where version = 9998`;
    assert.equal(v.length, 0);
  } finally {
    await db.close();
  }
});
