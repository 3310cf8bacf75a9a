import assert from "node:assert/strict";
import { deliveryMetrics, remeasure, speechRegister } from "./delivery_metrics.ts";
import { inspectAudio } from "../media/mod.ts";

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

const fixture = (name: string) =>
  Deno.readFile(new URL(`../../tests/fixtures/audio/${name}`, import.meta.url));

Deno.test("long pauses come from the recording's activity: only silences inside the answer", async () => {
  // speech_pause.* is speech.wav, 3.2 s of digital silence, speech.wav again.
  for (const name of ["speech_pause.wav", "speech_pause.webm"]) {
    const audio = (await inspectAudio(await fixture(name)))!;
    const m = deliveryMetrics(
      "첫 문장입니다. 두 번째 문장입니다.",
      audio.durationSec,
      audio.activity,
    );
    assert.equal(m.long_pause_count, 1, name);
    assert.ok(m.long_pause_total_sec! >= 3.2 && m.long_pause_total_sec! < 4, name);
  }
  // Continuous speech, in every measured container, has none.
  for (
    const name of ["speech.wav", "speech.webm", "speech.ogg", "speech.m4a", "speech_chrome.webm"]
  ) {
    const audio = (await inspectAudio(await fixture(name)))!;
    const m = deliveryMetrics("답변입니다.", audio.durationSec, audio.activity);
    assert.equal(m.long_pause_count, 0, name);
    assert.equal(m.long_pause_total_sec, 0, name);
  }
  // MP3 is not measured: no figure rather than a wrong one.
  const mp3 = (await inspectAudio(await fixture("speech.mp3")))!;
  assert.equal(
    deliveryMetrics("답변입니다.", mp3.durationSec, mp3.activity).long_pause_count,
    null,
  );
  // Typed answers have no pauses and no register.
  const typed = deliveryMetrics("했습니다. 했어요.", null);
  assert.equal(typed.long_pause_count, null);
  assert.equal(typed.register, null);
});

Deno.test("해요체 and 하십시오체 sentences are counted and mixing is flagged", () => {
  assert.deepEqual(speechRegister("저는 개발자입니다. 3년 일했습니다. 맞습니까?"), {
    haeyo: 0,
    hapsyo: 3,
    mixed: false,
  });
  assert.deepEqual(speechRegister("저는 개발자예요. 배치를 고쳤어요 그래서 빨라졌네요"), {
    haeyo: 3,
    hapsyo: 0,
    mixed: false,
  });
  // Transcripts often lack punctuation: the polite ending itself ends the sentence.
  assert.deepEqual(speechRegister("제가 맡았습니다 그리고 인덱스를 추가했어요 결과가 좋았습니다"), {
    haeyo: 1,
    hapsyo: 2,
    mixed: true,
  });
  // A lone "요" word and English sentences are neither.
  assert.deepEqual(speechRegister("요. I built it."), { haeyo: 0, hapsyo: 0, mixed: false });
  assert.deepEqual(deliveryMetrics("안녕하세요. 반갑습니다.", 4).register, {
    haeyo: 1,
    hapsyo: 1,
    mixed: true,
  });
});

// Transcript correction before scoring (issue 15).
Deno.test("remeasure: a corrected transcript is counted again; the audio's measures stay", () => {
  const heard = deliveryMetrics("음 저는 그 결재 시스템을 만들었어요. 배포했습니다.", 20, {
    longPauses: 2,
    longPauseSec: 6.04,
  });
  assert.equal(heard.filler_count, 1);
  assert.equal(heard.register?.mixed, true);
  const fixed = remeasure("저는 결제 시스템을 만들고 배포했습니다.", heard);
  assert.equal(fixed.duration_sec, 20);
  assert.equal(fixed.long_pause_count, 2);
  assert.equal(fixed.long_pause_total_sec, 6);
  assert.equal(fixed.filler_count, 0);
  assert.equal(fixed.char_count, 18);
  // 17 syllables in 20 s.
  assert.equal(fixed.syllables_per_minute, 51);
  assert.deepEqual(fixed.register, { haeyo: 0, hapsyo: 1, mixed: false });
  // A typed answer (no duration) stays typed: no rates, pauses or register.
  const typed = remeasure("고친 답변입니다.", deliveryMetrics("고친 답변", null));
  assert.equal(typed.syllables_per_minute, null);
  assert.equal(typed.long_pause_count, null);
  assert.equal(typed.register, null);
  assert.equal(remeasure("답", null).duration_sec, null);
});
