import assert from "node:assert/strict";
import { objectResponse, parseRange, rangeNotSatisfiableResponse } from "./http_range.ts";
import type { StoredObject } from "./types.ts";

Deno.test("parseRange: absent, other units and multiple ranges are ignored", () => {
  assert.equal(parseRange(null), null);
  assert.equal(parseRange(""), null);
  assert.equal(parseRange("items=0-1", 10), null);
  assert.equal(parseRange("bytes", 10), null);
  assert.equal(parseRange("bytes=0-1,4-5", 10), null);
});

Deno.test("parseRange: ranges without a known size", () => {
  assert.deepEqual(parseRange("bytes=0-99"), { start: 0, end: 99 });
  assert.deepEqual(parseRange("bytes=5-"), { start: 5 });
  assert.deepEqual(parseRange("Bytes = 3-4"), { start: 3, end: 4 });
  // A suffix range needs the size, so the whole object is served instead.
  assert.equal(parseRange("bytes=-10"), null);
});

Deno.test("parseRange: ranges resolved against a size", () => {
  assert.deepEqual(parseRange("bytes=0-99", 1000), { start: 0, end: 99 });
  assert.deepEqual(parseRange("bytes=5-", 10), { start: 5, end: 9 });
  assert.deepEqual(parseRange("bytes=5-500", 10), { start: 5, end: 9 });
  assert.deepEqual(parseRange("bytes=9-9", 10), { start: 9, end: 9 });
  assert.deepEqual(parseRange("bytes=-3", 10), { start: 7, end: 9 });
  assert.deepEqual(parseRange("bytes=-30", 10), { start: 0, end: 9 });
});

Deno.test("parseRange: malformed and unsatisfiable ranges are invalid", () => {
  for (
    const h of [
      "bytes=",
      "bytes=-",
      "bytes=abc",
      "bytes=1-x",
      "bytes=5-4",
      "bytes=-0",
      "bytes=99999999999999999999-",
    ]
  ) {
    assert.equal(parseRange(h, 10), "invalid", h);
  }
  assert.equal(parseRange("bytes=10-", 10), "invalid");
  assert.equal(parseRange("bytes=0-", 0), "invalid");
  assert.equal(parseRange("bytes=-1", 0), "invalid");
});

function obj(bytes: Uint8Array<ArrayBuffer>, extra: Partial<StoredObject> = {}): StoredObject {
  return { body: new Blob([bytes]).stream(), contentType: "audio/webm", size: 10, ...extra };
}

Deno.test("objectResponse: whole object is a 200 with Content-Length", async () => {
  const data = new Uint8Array(10).map((_, i) => i);
  const res = objectResponse(obj(data), { "Cache-Control": "private, max-age=60" });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-length"), "10");
  assert.equal(res.headers.get("content-type"), "audio/webm");
  assert.equal(res.headers.get("accept-ranges"), "bytes");
  assert.equal(res.headers.get("cache-control"), "private, max-age=60");
  assert.equal(res.headers.get("content-range"), null);
  assert.deepEqual(new Uint8Array(await res.arrayBuffer()), data);
});

Deno.test("objectResponse: ranged object is a 206 with Content-Range", async () => {
  const part = new Uint8Array([2, 3, 4]);
  const res = objectResponse(obj(part, { range: { start: 2, end: 4 } }));
  assert.equal(res.status, 206);
  assert.equal(res.headers.get("content-length"), "3");
  assert.equal(res.headers.get("content-range"), "bytes 2-4/10");
  assert.equal(res.headers.get("accept-ranges"), "bytes");
  assert.deepEqual(new Uint8Array(await res.arrayBuffer()), part);
});

Deno.test("rangeNotSatisfiableResponse: 416 naming the size when known", () => {
  const res = rangeNotSatisfiableResponse(10);
  assert.equal(res.status, 416);
  assert.equal(res.headers.get("content-range"), "bytes */10");
  assert.equal(rangeNotSatisfiableResponse().headers.get("content-range"), null);
});
