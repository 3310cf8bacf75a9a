import assert from "node:assert/strict";
import { toHex } from "./hex.ts";

Deno.test("toHex writes two lower-case digits per byte, from buffers and views", async () => {
  assert.equal(toHex(new Uint8Array([0, 1, 15, 16, 171, 255])), "00010f10abff");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode("abc"));
  assert.equal(
    toHex(digest),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});
