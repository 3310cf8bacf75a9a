import assert from "node:assert/strict";
import type { DeliveryMetrics, Rubric } from "./types.ts";
import {
  ANCHORS,
  buildRubric,
  CONTENT_DIMENSIONS,
  deliveryScore,
  overallScore,
  RUBRIC_DIMENSIONS,
  RUBRIC_WEIGHTS,
  rubricScore,
  selfIntroAdvice,
  selfIntroCheck,
} from "./rubric.ts";

const spoken = (over: Partial<DeliveryMetrics> = {}): DeliveryMetrics => ({
  duration_sec: 40,
  char_count: 200,
  word_count: 60,
  syllables_per_minute: 300,
  filler_count: 1,
  fillers_per_minute: 1.5,
  fillers: { 음: 1 },
  long_pause_count: 0,
  long_pause_total_sec: 0,
  register: { haeyo: 0, hapsyo: 4, mixed: false },
  ...over,
});

const content = (scores: [number, number, number, number]) =>
  Object.fromEntries(
    CONTENT_DIMENSIONS.map((d, i) => [d, { score: scores[i], evidence: "" }]),
  ) as Parameters<typeof buildRubric>[0];

Deno.test("every dimension has five distinct anchors in both languages", () => {
  for (const lang of ["ko", "en"] as const) {
    for (const d of RUBRIC_DIMENSIONS) {
      assert.equal(ANCHORS[lang][d].length, 5, `${lang} ${d}`);
      assert.equal(new Set(ANCHORS[lang][d]).size, 5);
    }
  }
});

Deno.test("the score is the weighted mean of the dimensions present, rounded half up", () => {
  // conclusion 5, specifics 2, relevance 3, structure 4 (typed): (5 + 8 + 6 + 8) / 9 = 3.0
  const typed = buildRubric(content([5, 2, 3, 4]), spoken({ duration_sec: null }), "ko");
  assert.equal(typed.delivery, null);
  assert.equal(rubricScore(typed), 3);
  // The same content spoken with a delivery of 5: (27 + 5) / 10 = 3.2 → 3
  const voiced = buildRubric(content([5, 2, 3, 4]), spoken(), "ko");
  assert.equal(voiced.delivery?.score, 5);
  assert.equal(rubricScore(voiced), 3);
  // Specifics weigh most: raising it by two moves the score more than the others can.
  assert.equal(rubricScore(buildRubric(content([5, 4, 3, 4]), spoken(), "ko")), 4);
  assert.equal(rubricScore(buildRubric(content([1, 1, 1, 1]), null, "en")), 1);
  assert.equal(rubricScore(buildRubric(content([5, 5, 5, 5]), spoken(), "en")), 5);
  // Rounded, not truncated: 23 / 9 = 2.56 → 3.
  const half: Rubric = buildRubric(content([3, 2, 3, 3]), null, "ko");
  const mean = (3 * 1 + 2 * 4 + 3 * 2 + 3 * 2) / 9;
  assert.equal(rubricScore(half), Math.floor(mean + 0.5));
  assert.equal(
    Object.values(RUBRIC_WEIGHTS).reduce((a, b) => a + b, 0),
    10,
    "documented weights",
  );
  assert.equal(overallScore([{ score: 2 }, { score: 3 }]), 3);
  assert.equal(overallScore([]), 1);
});

Deno.test("anchors follow the level and the interview language", () => {
  const r = buildRubric(content([1, 3, 5, 2]), null, "en");
  assert.equal(r.conclusion_first.anchor, ANCHORS.en.conclusion_first[0]);
  assert.equal(r.specifics.anchor, ANCHORS.en.specifics[2]);
  assert.equal(r.relevance.anchor, ANCHORS.en.relevance[4]);
  // Out-of-range scores are clamped to a level.
  const k = buildRubric(content([0, 9, 3, 3]), null, "ko");
  assert.equal(k.conclusion_first.score, 1);
  assert.equal(k.specifics.score, 5);
});

Deno.test("delivery loses points for pace, fillers, long pauses and mixed register", () => {
  assert.equal(deliveryScore(spoken(), "ko")?.score, 5);
  assert.equal(deliveryScore(spoken({ syllables_per_minute: 230 }), "ko")?.score, 4);
  assert.equal(deliveryScore(spoken({ syllables_per_minute: 420 }), "ko")?.score, 3);
  assert.equal(deliveryScore(spoken({ fillers_per_minute: 8 }), "ko")?.score, 4);
  assert.equal(
    deliveryScore(spoken({ long_pause_count: 1, long_pause_total_sec: 3 }), "ko")
      ?.score,
    4,
  );
  assert.equal(
    deliveryScore(spoken({ long_pause_count: 3, long_pause_total_sec: 9 }), "ko")
      ?.score,
    3,
  );
  const mixed = deliveryScore(spoken({ register: { haeyo: 2, hapsyo: 3, mixed: true } }), "ko")!;
  assert.equal(mixed.score, 4);
  assert.match(mixed.evidence, /해요체 2문장·하십시오체 3문장/);
  const worst = deliveryScore(
    spoken({
      syllables_per_minute: 150,
      fillers_per_minute: 12,
      long_pause_count: 4,
      register: { haeyo: 1, hapsyo: 1, mixed: true },
    }),
    "en",
  )!;
  assert.equal(worst.score, 1);
  assert.match(worst.evidence, /150 syllables\/min, 12 fillers\/min, 4 long pauses/);
  assert.equal(deliveryScore(spoken({ duration_sec: null }), "ko"), null, "typed");
  assert.equal(deliveryScore(null, "ko"), null);
});

Deno.test("a self-introduction is on target at 52–62 s and 350–400 characters", () => {
  const check = (sec: number | null, chars: number) =>
    selfIntroCheck(spoken({ duration_sec: sec, char_count: chars }), "");
  assert.deepEqual(
    [check(57, 375).duration_ok, check(57, 375).chars_ok],
    [true, true],
  );
  assert.equal(check(52, 350).duration_ok, true);
  assert.equal(check(62, 400).chars_ok, true);
  assert.equal(check(51.9, 375).duration_ok, false);
  assert.equal(check(62.1, 375).duration_ok, false);
  assert.equal(check(57, 349).chars_ok, false);
  assert.equal(check(57, 401).chars_ok, false);
  assert.equal(check(null, 375).duration_ok, null);
  assert.equal(selfIntroAdvice(check(57, 375), "ko"), null);
  assert.match(selfIntroAdvice(check(30, 200), "ko")!, /30초 .* 200자.*수치가 있는 성과/);
  assert.match(selfIntroAdvice(check(70, 450), "en")!, /^It lasted 70 s.*Cut background/);
  // Without metrics the answer's own characters count.
  assert.equal(selfIntroCheck(null, "가 나 다").char_count, 3);
});
