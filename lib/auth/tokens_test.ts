import assert from "node:assert/strict";
import { tokenHash } from "./tokens.ts";

Deno.test("tokenHash is the lower-case hex SHA-256 of the token", async () => {
  assert.equal(
    await tokenHash("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});
