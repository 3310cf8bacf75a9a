import assert from "node:assert/strict";
import { guardProcess } from "./process_guard.ts";
import { Metrics } from "./metrics.ts";

const tick = () => new Promise((r) => setTimeout(r, 20));

Deno.test("an unhandled rejection is logged and counted, and the process keeps running", async () => {
  const metrics = new Metrics();
  const lines: Record<string, unknown>[] = [];
  const unguard = guardProcess((e) => lines.push(e), metrics.unhandledErrors);
  try {
    Promise.reject(new TypeError("Cannot read properties of undefined (reading 'queue')"));
    await tick();
    assert.equal(lines.length, 1);
    assert.equal(lines[0].level, "error");
    assert.equal(lines[0].msg, "unhandled rejection");
    assert.equal(lines[0].error, "TypeError");
    assert.match(await metrics.render(), /unhandled_errors_total\{kind="rejection"\} 1/);
  } finally {
    unguard();
  }
});

Deno.test("a dropped database connection is a warning, not a counted bug", async () => {
  const metrics = new Metrics();
  const lines: Record<string, unknown>[] = [];
  const unguard = guardProcess((e) => lines.push(e), metrics.unhandledErrors);
  try {
    Promise.reject(
      Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" }),
    );
    await tick();
    assert.deepEqual(lines, [{
      level: "warn",
      msg: "database connection dropped",
      code: "CONNECTION_CLOSED",
    }]);
    assert.doesNotMatch(await metrics.render(), /unhandled_errors_total\{/);
  } finally {
    unguard();
  }
});

Deno.test("an uncaught exception in a callback is logged and counted", async () => {
  const metrics = new Metrics();
  const lines: Record<string, unknown>[] = [];
  const unguard = guardProcess((e) => lines.push(e), metrics.unhandledErrors);
  try {
    setTimeout(() => {
      throw new RangeError("boom");
    }, 0);
    await tick();
    assert.equal(lines.length, 1);
    assert.equal(lines[0].msg, "uncaught exception");
    assert.equal(lines[0].error, "RangeError");
    assert.match(await metrics.render(), /unhandled_errors_total\{kind="exception"\} 1/);
  } finally {
    unguard();
  }
});
