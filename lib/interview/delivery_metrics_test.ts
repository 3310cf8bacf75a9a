import assert from "node:assert/strict";
import { deliveryMetrics } from "./delivery_metrics.ts";

Deno.test("counts characters, words and syllables per minute", () => {
  // 26 Hangul syllables in 7 words; 28 non-space characters (the syllables and two periods).
  const text = "안녕하세요. 저는 백엔드 개발자 김민수입니다. 잘 부탁드립니다";
  const m = deliveryMetrics(text, 12);
  assert.equal(m.duration_sec, 12);
  assert.equal(m.word_count, 7);
  assert.equal(m.char_count, 28);
  // 26 syllables in 12 s = 130 per minute.
  assert.equal(m.syllables_per_minute, 130);
  assert.equal(m.filler_count, 0);
  assert.equal(m.fillers_per_minute, 0);
  assert.deepEqual(m.fillers, {});
});

Deno.test("counts standalone fillers and their drawn-out forms", () => {
  const text =
    "음… 저는 어 그러니까 Redis를 좀 썼는데요, 으음 이제 막 캐시를 약간 바꿨고 어어 그냥 뭐랄까 아 에 네";
  const m = deliveryMetrics(text, 30);
  assert.deepEqual(m.fillers, {
    음: 2,
    어: 2,
    그러니까: 1,
    좀: 1,
    이제: 1,
    막: 1,
    약간: 1,
    그냥: 1,
    뭐랄까: 1,
    아: 1,
    에: 1,
  });
  assert.equal(m.filler_count, 13);
  assert.equal(m.fillers_per_minute, 26);
});

Deno.test("그 and 저 count only as standalone hesitations", () => {
  // 그래서, 그런, 저는, 저희 are words, not fillers.
  assert.equal(
    deliveryMetrics("그래서 그런 결과가 나왔고 저는 저희 팀과 일했습니다", null).filler_count,
    0,
  );
  // The demonstrative 그 before a noun is not a filler...
  assert.deepEqual(deliveryMetrics("그 프로젝트에서 배포를 맡았습니다", null).fillers, {});
  // ...but a hesitating 그 is: before punctuation, drawn out, repeated, before a filler, last.
  assert.deepEqual(deliveryMetrics("그… 프로젝트에서 그, 그으 배포를", null).fillers, { 그: 3 });
  assert.deepEqual(deliveryMetrics("그 그 프로젝트에서 그 음 배포를 했는데 그", null).fillers, {
    그: 3,
    음: 1,
  });
  assert.deepEqual(deliveryMetrics("저… 저 저어 그게", null).fillers, { 저: 3 });
});

Deno.test("fillers inside other words do not count", () => {
  const m = deliveryMetrics("음악을 좋아하고 어제 아침에 막걸리를 조금 마셨습니다 이제야", 10);
  assert.equal(m.filler_count, 0);
});

Deno.test("typed answers and bad durations leave the rates null", () => {
  for (const duration of [null, 0, -3, Number.NaN, Number.POSITIVE_INFINITY]) {
    const m = deliveryMetrics("음 저는 개발자입니다", duration);
    assert.equal(m.duration_sec, null);
    assert.equal(m.syllables_per_minute, null);
    assert.equal(m.fillers_per_minute, null);
    assert.equal(m.filler_count, 1);
  }
});

Deno.test("empty and non-Korean transcripts", () => {
  assert.deepEqual(deliveryMetrics("", 5), {
    duration_sec: 5,
    char_count: 0,
    word_count: 0,
    syllables_per_minute: 0,
    filler_count: 0,
    fillers_per_minute: 0,
    fillers: {},
    // Spoken, but the audio's activity was not given: no pause figure.
    long_pause_count: null,
    long_pause_total_sec: null,
    register: { haeyo: 0, hapsyo: 0, mixed: false },
  });
  const m = deliveryMetrics("I built a REST API - with tests.", 6);
  assert.equal(m.word_count, 7);
  assert.equal(m.char_count, 25);
  assert.equal(m.syllables_per_minute, 0);
});

Deno.test("decomposed Hangul (NFD) counts as syllables", () => {
  const nfd = "안녕하세요".normalize("NFD");
  assert.equal(deliveryMetrics(nfd, 60).syllables_per_minute, 5);
});
