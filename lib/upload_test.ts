import assert from "node:assert/strict";
import { AppError } from "./errors.ts";
import { formUpload, readLimited, readUpload } from "./upload.ts";

/** A stream of `count` chunks of `size` bytes that records how many were pulled and if it was cancelled. */
function chunks(count: number, size: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (state.pulled === count) return c.close();
      state.pulled++;
      c.enqueue(new Uint8Array(size).fill(state.pulled));
    },
    cancel() {
      state.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, state };
}

const tooLarge = (e: unknown) =>
  e instanceof AppError && e.kind === "too_large" && e.code === "file_too_large" &&
  e.details?.max_bytes === 250;

Deno.test("readLimited: joins chunks up to and including the limit", async () => {
  const { stream } = chunks(3, 100);
  const bytes = await readLimited(stream, 300);
  assert.equal(bytes.byteLength, 300);
  assert.deepEqual([bytes[0], bytes[150], bytes[299]], [1, 2, 3]);
});

Deno.test("readLimited: stops reading and cancels the stream past the limit", async () => {
  const { stream, state } = chunks(1000, 100);
  await assert.rejects(readLimited(stream, 250), tooLarge);
  assert.equal(state.pulled, 3);
  assert.equal(state.cancelled, true);
});

Deno.test("readUpload: bytes or stream, size-capped, never empty", async () => {
  assert.equal((await readUpload({ bytes: new Uint8Array(250), name: "a" }, 250)).byteLength, 250);
  await assert.rejects(readUpload({ bytes: new Uint8Array(251), name: "a" }, 250), tooLarge);
  await assert.rejects(readUpload({ stream: chunks(3, 100).stream, name: "a" }, 250), tooLarge);
  await assert.rejects(
    readUpload({ bytes: new Uint8Array(), name: "a" }, 250),
    (e) => e instanceof AppError && e.code === "file_empty",
  );
});

Deno.test("formUpload: files only; a blank file input counts as absent", async () => {
  assert.equal(formUpload(undefined), null);
  assert.equal(formUpload("text"), null);
  assert.equal(formUpload(new File([], "")), null);
  const up = formUpload(new File(["%PDF-1.4"], "posting.pdf"));
  assert.equal(up?.name, "posting.pdf");
  assert.equal(new TextDecoder().decode(await readUpload(up!, 100)), "%PDF-1.4");
});
