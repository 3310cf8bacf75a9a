import assert from "node:assert/strict";
import { testDatabase } from "../tests/helpers.ts";
import { enforceLimit, type Limit } from "./rate_limit.ts";

const limit: Limit = { name: "test", max: 2, windowSec: 60 };

Deno.test("rate limit: counts per window, refuses past max, and prunes expired windows", async () => {
  const db = await testDatabase();
  try {
    const t0 = new Date("2026-12-01T10:00:05Z");
    await enforceLimit(db.sql, limit, "a", t0);
    await enforceLimit(db.sql, limit, "a", t0);
    await assert.rejects(
      enforceLimit(db.sql, limit, "a", t0),
      (e: Error & { details?: unknown }) => {
        assert.deepEqual(e.details, { retry_after: 55 });
        return true;
      },
    );
    await enforceLimit(db.sql, limit, "b", t0);
    const rows = async () =>
      (await db.sql`select key from rate_limits order by key`).map((r) => r.key);
    assert.deepEqual(await rows(), ["test:a", "test:b"]);

    // Two hours on, a new window's first hit removes every window that can no longer count.
    await enforceLimit(db.sql, limit, "c", new Date(t0.getTime() + 2 * 3600_000));
    assert.deepEqual(await rows(), ["test:c"]);
  } finally {
    await db.close();
  }
});
