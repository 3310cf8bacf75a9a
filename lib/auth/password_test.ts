import assert from "node:assert/strict";
import { ARGON2_PARAMS, hashPassword, verifyPassword } from "./password.ts";

Deno.test("password: argon2id at OWASP parameters, salted, verified", async () => {
  const a = await hashPassword("correct horse battery");
  const b = await hashPassword("correct horse battery");
  assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.equal(ARGON2_PARAMS.memorySize, 19 * 1024);
  assert.notEqual(a, b, "a fresh salt per hash");
  assert.equal(await verifyPassword("correct horse battery", a), true);
  assert.equal(await verifyPassword("correct horse batterY", a), false);
  assert.equal(await verifyPassword("anything", "not a hash"), false);
});

Deno.test("password: NFC and NFD spellings of a Korean password are the same password", async () => {
  const nfc = "비밀번호입니다".normalize("NFC");
  const nfd = nfc.normalize("NFD");
  assert.notEqual(nfc, nfd);
  assert.equal(await verifyPassword(nfd, await hashPassword(nfc)), true);
});
