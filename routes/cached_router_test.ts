import assert from "node:assert/strict";
import { Hono } from "hono";
import { CachedTrieRouter, MATCH_CACHE_MAX } from "./cached_router.ts";

function app() {
  const router = new CachedTrieRouter<[unknown, unknown]>();
  const hono = new Hono({ router: router as never });
  hono.use("*", async (c, next) => {
    await next();
    c.res.headers.set("x-layer", "root");
  });
  hono.post("/interviews/start", (c) => c.text("start"));
  hono.post("/interviews/:id/answer", (c) => c.text(`answer ${c.req.param("id")}`));
  hono.get("/interviews/history", (c) => c.text("history"));
  hono.get("/files/*", (c) => c.text(`file ${c.req.path}`));
  return { hono, router };
}

Deno.test("cached router: static and parameter siblings route as TrieRouter does", async () => {
  const { hono } = app();
  for (let i = 0; i < 3; i++) {
    const start = await hono.request("/interviews/start", { method: "POST" });
    assert.equal(await start.text(), "start");
    assert.equal(start.headers.get("x-layer"), "root");
    // Parameter matches are never served from the cache: each id comes back as sent.
    const id = crypto.randomUUID();
    assert.equal(
      await (await hono.request(`/interviews/${id}/answer`, { method: "POST" })).text(),
      `answer ${id}`,
    );
    assert.equal(await (await hono.request("/interviews/history")).text(), "history");
    assert.equal(await (await hono.request(`/files/a${i}.webm`)).text(), `file /files/a${i}.webm`);
    assert.equal((await hono.request("/interviews/history", { method: "POST" })).status, 404);
  }
});

Deno.test("cached router: a parameterless match is reused; a route added later is seen", () => {
  const { router } = app();
  const first = router.match("GET", "/interviews/history");
  assert.equal(router.match("GET", "/interviews/history"), first);
  assert.notEqual(
    router.match("POST", "/interviews/x/answer"),
    router.match("POST", "/interviews/x/answer"),
  );
  router.add("GET", "/interviews/history", [() => "second", null]);
  assert.equal(router.match("GET", "/interviews/history")[0].length, first[0].length + 1);
});

Deno.test("cached router: a scan of unknown paths keeps the cache bounded", () => {
  const { router } = app();
  const kept = router.match("GET", "/interviews/history");
  for (let i = 0; i < MATCH_CACHE_MAX * 4; i++) router.match("GET", `/unknown/${i}`);
  // The cache started over at least once, so the first result was dropped and rebuilt.
  const again = router.match("GET", "/interviews/history");
  assert.notEqual(again, kept);
  assert.deepEqual(again[0].map(([h]) => h), kept[0].map(([h]) => h));
});
