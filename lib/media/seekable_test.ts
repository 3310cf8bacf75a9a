import assert from "node:assert/strict";
import { hasFfprobe, probe } from "../../tests/ffprobe.ts";
import { inspectAudio, makeSeekable } from "./mod.ts";

const DIR = new URL("../../tests/fixtures/audio/", import.meta.url);
const read = (name: string) => Deno.readFileSync(new URL(name, DIR));

/** Matroska's Cues element ID: the index players seek with. */
const CUES_ID = [0x1c, 0x53, 0xbb, 0x6b];

/** Real Chromium MediaRecorder output, an ffmpeg WebM, Safari-like fragmented MP4, plain MP4. */
const REMUXED = [
  "speech_chrome.webm",
  "silence_chrome.webm",
  "speech.webm",
  "speech_frag.m4a",
  "speech.m4a",
];

Deno.test("WebM and MP4 answers are remuxed with the same packets and length", async () => {
  for (const name of REMUXED) {
    const bytes = read(name);
    const before = (await inspectAudio(bytes))!;
    const after = await makeSeekable(bytes, before);
    assert.equal(after.remuxed, true, name);
    assert.equal(after.contentType, before.contentType, name);
    assert.equal(after.ext, before.ext, name);
    const again = (await inspectAudio(after.bytes))!;
    assert.equal(again.format, before.format, name);
    assert.ok(
      Math.abs(again.durationSec! - before.durationSec!) <= 0.001,
      `${name}: ${again.durationSec}`,
    );
    assert.equal(again.activity?.frames, before.activity?.frames, name);
    assert.equal(again.speechLikely, before.speechLikely, name);
  }
});

Deno.test({
  name: "ffprobe reads a finite duration from the remuxed Chromium WebM and its Cues",
  ignore: !hasFfprobe,
  fn: async () => {
    for (const name of ["speech_chrome.webm", "silence_chrome.webm"]) {
      const bytes = read(name);
      assert.equal((await probe(bytes, "webm")).formatDurationSec, null, `${name} as recorded`);
      assert.equal(indexOf(bytes, CUES_ID), -1, `${name} as recorded has no Cues`);
      const before = (await inspectAudio(bytes))!;
      const after = await makeSeekable(bytes, before);
      const p = await probe(after.bytes, "webm");
      assert.ok(p.formatDurationSec !== null, name);
      assert.ok(
        Math.abs(p.formatDurationSec - before.durationSec!) <= 0.01,
        `${name}: ${p.formatDurationSec}`,
      );
      assert.ok(indexOf(after.bytes, CUES_ID) > 0, `${name} remuxed has Cues`);
    }
  },
});

Deno.test({
  name: "the fragmented MP4 becomes a plain one: no moof, moov before mdat, ffprobe's length",
  ignore: !hasFfprobe,
  fn: async () => {
    const bytes = read("speech_frag.m4a");
    assert.ok(topLevelBoxes(bytes).includes("moof"));
    const before = (await inspectAudio(bytes))!;
    const after = await makeSeekable(bytes, before);
    const boxes = topLevelBoxes(after.bytes);
    assert.ok(!boxes.includes("moof"), boxes.join(","));
    assert.ok(
      boxes.indexOf("moov") >= 0 && boxes.indexOf("moov") < boxes.indexOf("mdat"),
      boxes.join(","),
    );
    const p = await probe(after.bytes, "m4a");
    assert.ok(
      Math.abs(p.formatDurationSec! - (await probe(bytes, "m4a")).formatDurationSec!) <= 0.01,
    );
  },
});

Deno.test("Ogg, WAV and MP3 are stored as they came", async () => {
  for (const name of ["speech.ogg", "speech.wav", "speech.mp3"]) {
    const bytes = read(name);
    const after = await makeSeekable(bytes, (await inspectAudio(bytes))!);
    assert.equal(after.remuxed, false, name);
    assert.equal(after.bytes, bytes, name);
  }
});

Deno.test("a failed remux keeps the original bytes and says why", async () => {
  // PCM cannot go into WebM: claim a WAV is WebM so that the remux fails.
  const bytes = read("speech.wav");
  const inspection = { ...(await inspectAudio(bytes))!, format: "webm" as const };
  const errors: unknown[] = [];
  const after = await makeSeekable(bytes, inspection, (e) => errors.push(e));
  assert.equal(after.remuxed, false);
  assert.equal(after.bytes, bytes);
  assert.equal(after.contentType, "audio/wav");
  assert.equal(errors.length, 1);
});

function indexOf(haystack: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Types of an ISO BMFF file's top-level boxes, in order. */
function topLevelBoxes(b: Uint8Array): string[] {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const types: string[] = [];
  for (let pos = 0; pos + 8 <= b.length;) {
    let size = view.getUint32(pos);
    if (size === 1) size = Number(view.getBigUint64(pos + 8));
    types.push(new TextDecoder().decode(b.subarray(pos + 4, pos + 8)));
    if (size < 8) break;
    pos += size;
  }
  return types;
}
