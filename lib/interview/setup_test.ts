import assert from "node:assert/strict";
import { AppError } from "../errors.ts";
import { parsePrepSeconds, parseSetup } from "./turns.ts";

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

Deno.test("the start form's preparation countdown: blank is 5 s, 0–30 whole seconds, else refused", () => {
  assert.equal(parsePrepSeconds(undefined), 5);
  assert.equal(parsePrepSeconds(" "), 5);
  assert.equal(parsePrepSeconds("0"), 0);
  assert.equal(parsePrepSeconds("30"), 30);
  for (const bad of ["31", "-1", "2.5", "abc", "99", "5s"]) {
    assert.throws(() => parsePrepSeconds(bad), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, "invalid_input");
      assert.deepEqual((e.details?.fields as { path: string }[]).map((f) => f.path), [
        "prep_seconds",
      ]);
      return true;
    });
  }
});
