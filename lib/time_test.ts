import assert from "node:assert/strict";
import { isoTime, isoTimeOrNull } from "./time.ts";

Deno.test("isoTime matches toISOString across leap years, month ends and millisecond edges", () => {
  const fixed = [
    0,
    -1,
    951_782_400_000, // 2000-02-29, a leap day of a 400-year century
    4_107_456_000_000 - 1, // the last millisecond of 2100-02-28 (2100 is no leap year)
    Date.UTC(2024, 11, 31, 23, 59, 59, 999),
    Date.UTC(1969, 11, 31, 23, 59, 59, 999),
    Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    Date.UTC(1900, 0, 1),
    -62_167_219_200_000, // 0000-01-01T00:00:00.000Z
  ];
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const sampled = Array.from(
    { length: 20_000 },
    () => Math.floor(-62_167_219_200_000 + random() * (253_402_300_800_000 + 62_167_219_200_000)),
  );
  for (const ms of [...fixed, ...sampled]) {
    const d = new Date(ms);
    assert.equal(isoTime(d), d.toISOString(), `at ${ms}`);
  }
});

Deno.test("isoTime defers to the builtin outside four-digit years and for invalid dates", () => {
  const far = new Date(Date.UTC(10000, 0, 1));
  assert.equal(isoTime(far), "+010000-01-01T00:00:00.000Z");
  const before = new Date(-62_167_219_200_001);
  assert.equal(isoTime(before), before.toISOString());
  assert.throws(() => isoTime(new Date(Number.NaN)), RangeError);
});

Deno.test("isoTimeOrNull keeps null", () => {
  assert.equal(isoTimeOrNull(null), null);
  assert.equal(isoTimeOrNull(new Date(0)), "1970-01-01T00:00:00.000Z");
});
