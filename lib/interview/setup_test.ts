import assert from "node:assert/strict";
import { AppError } from "../errors.ts";
import { parseSetup } from "./turns.ts";

Deno.test("the start form's mode and language: blank is the default, unknown is refused", () => {
  assert.deepEqual(parseSetup(undefined, undefined), { mode: "job", language: "ko" });
  assert.deepEqual(parseSetup(" ", ""), { mode: "job", language: "ko" });
  assert.deepEqual(parseSetup("self_intro", "en"), { mode: "self_intro", language: "en" });
  for (const [mode, language, bad] of [["casual", "ko", "mode"], ["job", "fr", "language"]]) {
    assert.throws(() => parseSetup(mode, language), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, "invalid_input");
      assert.deepEqual((e.details?.fields as { path: string }[]).map((f) => f.path), [bad]);
      return true;
    });
  }
});
