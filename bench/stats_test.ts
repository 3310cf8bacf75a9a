import assert from "node:assert/strict";
import { formatBytes, formatMs, markdownTable, median, percentile } from "./stats.ts";
import { parseWrkOutput, wrkScript } from "./wrk.ts";

Deno.test("percentile is nearest-rank", () => {
  const v = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
  assert.equal(percentile(v, 50), 5);
  assert.equal(percentile(v, 95), 10);
  assert.equal(percentile(v, 0), 1);
  assert.equal(percentile([7], 99), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
});

Deno.test("median of odd and even counts", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

Deno.test("formatting", () => {
  assert.equal(formatMs(2412.3), "2.41 s");
  assert.equal(formatMs(12.34), "12.3 ms");
  assert.equal(formatMs(3.456), "3.46 ms");
  assert.equal(formatMs(NaN), "–");
  assert.equal(formatBytes(11_387), "11.1 KiB");
  assert.equal(formatBytes(300 * 1024 * 1024), "300.0 MiB");
  assert.equal(formatBytes(12), "12 B");
});

Deno.test("markdownTable pads columns, counting Hangul as two columns", () => {
  const t = markdownTable(["a", "bb"], [["면접", "x"], ["c", "dddd"]]).split("\n");
  assert.deepEqual(t, [
    "| a    | bb   |",
    "| ---- | ---- |",
    "| 면접 | x    |",
    "| c    | dddd |",
  ]);
});

Deno.test("wrk script sets the request and prints a JSON summary", () => {
  const s = wrkScript({ path: "/api/x?y=1", headers: { Authorization: 'Bearer "t"' } });
  assert.match(s, /^wrk\.method = "GET"$/m);
  assert.match(s, /^wrk\.path = "\/api\/x\?y=1"$/m);
  assert.match(s, /^wrk\.headers\["Authorization"\] = "Bearer \\"t\\""$/m);
  assert.match(s, /done = function\(summary, latency, requests\)/);
  assert.match(s, /latency:percentile\(99\)/);
});

Deno.test("parseWrkOutput reads the summary line", () => {
  const out = [
    "Running 5s test @ http://127.0.0.1:1",
    "  2 threads and 64 connections",
    'WRK_JSON {"requests":50000,"duration_us":5000000,"p50_us":1200,"p90_us":3000,' +
    '"p99_us":9500,"max_us":20000,"status":2,"socket":1}',
  ].join("\n");
  assert.deepEqual(parseWrkOutput(out), {
    requests: 50000,
    durationSec: 5,
    rps: 10000,
    p50Ms: 1.2,
    p90Ms: 3,
    p99Ms: 9.5,
    maxMs: 20,
    non2xx: 2,
    socketErrors: 1,
  });
  assert.throws(() => parseWrkOutput("no summary"), /no summary/);
});
