import assert from "node:assert/strict";
import { fmt, islandMessages, LANGS, messages, pickLang } from "./mod.ts";

Deno.test("both catalogues have every key, none empty", () => {
  const ko = messages("ko");
  const en = messages("en");
  assert.deepEqual(Object.keys(en).sort(), Object.keys(ko).sort());
  for (const lang of LANGS) {
    for (const [k, v] of Object.entries(messages(lang))) {
      assert.ok(v.trim(), `${lang}.${k} is empty`);
    }
  }
});

Deno.test("placeholders match between languages", () => {
  const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  const ko = messages("ko");
  const en = messages("en");
  for (const k of Object.keys(ko) as (keyof typeof ko)[]) {
    assert.deepEqual(names(en[k]), names(ko[k]), k);
  }
});

Deno.test("pickLang: explicit choice, then Accept-Language by weight, then Korean", () => {
  assert.equal(pickLang("en", "ko-KR"), "en");
  assert.equal(pickLang(undefined, "en-US,en;q=0.9"), "en");
  assert.equal(pickLang(undefined, "fr-FR, en;q=0.5, ko;q=0.8"), "ko");
  assert.equal(pickLang(undefined, "fr-FR"), "ko");
  assert.equal(pickLang("xx", "en;q=0"), "ko");
  assert.equal(pickLang(null, null), "ko");
});

Deno.test("the island ships only its own strings", () => {
  const keys = Object.keys(islandMessages("en"));
  assert.ok(keys.length > 10);
  assert.ok(keys.every((k) => k.startsWith("rec_")));
});

Deno.test("fmt fills known placeholders and keeps unknown ones", () => {
  assert.equal(fmt("{n} / {total} {x}", { n: 1, total: 5 }), "1 / 5 {x}");
});
