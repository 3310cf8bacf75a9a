import assert from "node:assert/strict";
import type { Sql } from "../db/client.ts";
import { createTestApp } from "../tests/helpers.ts";
import { createApp } from "./app.ts";

Deno.test("healthz: 200 with the providers when the database answers", async () => {
  const t = await createTestApp();
  try {
    const res = await t.app.request("/healthz");
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: "ok", ai_provider: "offline", storage: "local" });
  } finally {
    await t.close();
  }
});

Deno.test("healthz: 503 with the error envelope and Retry-After when the database fails", async () => {
  const t = await createTestApp();
  try {
    // Not only connection errors: a server shutting the session down answers with a SQL error.
    for (const err of [{ code: "ECONNREFUSED" }, { code: "57P01", name: "PostgresError" }]) {
      const failing = (() => Promise.reject(Object.assign(new Error("down"), err))) as unknown;
      const app = createApp({ ...t.deps, sql: failing as Sql });
      const res = await app.request("/healthz");
      assert.equal(res.status, 503, err.code);
      assert.equal(res.headers.get("retry-after"), "5");
      const body = await res.json();
      assert.equal(body.status, "unavailable");
      assert.equal(body.error.code, "database_unavailable");
      assert.equal(typeof body.error.message, "string");
    }
  } finally {
    await t.close();
  }
});

Deno.test("every response carries the request id and nosniff, a handler-built one too", async () => {
  const t = await createTestApp();
  try {
    await t.deps.storage.put("probe/a.txt", new TextEncoder().encode("hello"), "text/plain");
    const url = await t.deps.storage.url("probe/a.txt");
    const ids = new Set<string>();
    for (const path of [url, "/healthz", "/api/nope"]) {
      const res = await t.app.request(path, { headers: { "x-request-id": "client-chosen" } });
      await res.body?.cancel();
      const id = res.headers.get("x-request-id") ?? "";
      assert.match(id, /^[0-9a-f-]{36}$/, path);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
      assert.equal(res.headers.get("referrer-policy"), "same-origin", path);
      ids.add(id);
    }
    assert.equal(ids.size, 3);
  } finally {
    await t.close();
  }
});
