import assert from "node:assert/strict";
import fc from "fast-check";
import { AUDIO_THRESHOLDS, type AudioFormat, inspectAudio, sniffAudio, webmInfo } from "./audio.ts";

const DIR = new URL("../tests/fixtures/audio/", import.meta.url);
const read = (name: string) => Deno.readFileSync(new URL(name, DIR));

/**
 * The fixtures from scripts/make_audio_fixtures.sh, with ffprobe's duration (for the Chrome
 * recordings, which have none, the end of the last packet) and whether they hold speech.
 * `speech: null` marks formats where no silence heuristic is claimed (MP3).
 */
const FIXTURES: { name: string; format: AudioFormat; ffprobe: number; speech: boolean | null }[] = [
  { name: "speech.wav", format: "wav", ffprobe: 4.796, speech: true },
  { name: "silence.wav", format: "wav", ffprobe: 3.0, speech: false },
  { name: "noise.wav", format: "wav", ffprobe: 2.0, speech: false },
  { name: "speech.webm", format: "webm", ffprobe: 4.803, speech: true },
  { name: "silence.webm", format: "webm", ffprobe: 3.008, speech: false },
  { name: "speech_chrome.webm", format: "webm", ffprobe: 3.96, speech: true },
  { name: "silence_chrome.webm", format: "webm", ffprobe: 3.0, speech: false },
  { name: "speech.ogg", format: "ogg", ffprobe: 4.802, speech: true },
  { name: "silence.ogg", format: "ogg", ffprobe: 3.007, speech: false },
  { name: "speech.m4a", format: "mp4", ffprobe: 4.796, speech: true },
  { name: "speech_frag.m4a", format: "mp4", ffprobe: 4.842, speech: true },
  { name: "silence.m4a", format: "mp4", ffprobe: 3.0, speech: false },
  { name: "speech.mp3", format: "mp3", ffprobe: 4.859, speech: true },
  { name: "silence.mp3", format: "mp3", ffprobe: 3.03, speech: null },
];
const SHORT = [
  { name: "short.wav", ffprobe: 0.4 },
  { name: "short.webm", ffprobe: 0.408 },
  { name: "short.mp3", ffprobe: 0.47 },
];

const CONTENT_TYPES: Record<AudioFormat, [string, string]> = {
  webm: ["audio/webm", "webm"],
  ogg: ["audio/ogg", "ogg"],
  mp4: ["audio/mp4", "m4a"],
  wav: ["audio/wav", "wav"],
  mp3: ["audio/mpeg", "mp3"],
};

Deno.test("fixtures stay small", () => {
  for (const { name } of [...FIXTURES, ...SHORT]) {
    assert.ok(read(name).length < 100_000, name);
  }
});

Deno.test("sniffAudio recognises every fixture format", () => {
  for (const { name, format } of FIXTURES) {
    const [contentType, ext] = CONTENT_TYPES[format];
    assert.deepEqual(sniffAudio(read(name)), { format, contentType, ext }, name);
  }
});

Deno.test("durations are within 0.3 s of ffprobe", () => {
  for (const { name, ffprobe } of [...FIXTURES, ...SHORT]) {
    const info = inspectAudio(read(name));
    assert.ok(info?.durationSec != null, name);
    assert.ok(Math.abs(info.durationSec - ffprobe) <= 0.3, `${name}: ${info.durationSec}`);
  }
});

Deno.test("speech is likely in speech fixtures and not in silent ones", () => {
  for (const { name, format, speech } of FIXTURES) {
    const info = inspectAudio(read(name))!;
    assert.equal(info.speechLikely, speech ?? true, name);
    if (speech === false) assert.equal(info.reason, "silent", name);
    // MP3 encoders spend constant bytes on silence, so MP3 gets no measurement.
    assert.equal(info.activity !== undefined, format !== "mp3", name);
  }
});

Deno.test("very short clips are too short", () => {
  for (const { name } of SHORT) {
    const info = inspectAudio(read(name))!;
    assert.equal(info.speechLikely, false, name);
    assert.equal(info.reason, "too_short", name);
  }
});

Deno.test("Chrome MediaRecorder WebM has no Duration element; clusters give the duration", () => {
  const info = webmInfo(read("speech_chrome.webm"));
  assert.equal(info.docType, "webm");
  assert.equal(info.codecId, "A_OPUS");
  assert.equal(info.durationElementSec, null);
  assert.equal(info.blockCount, 66);
  assert.ok(Math.abs(info.clusterDurationSec! - 3.96) < 0.01);
  assert.equal(info.durationSec, info.clusterDurationSec);
});

Deno.test("WebM duration does not depend on the Duration element", () => {
  const bytes = read("speech.webm");
  const withElement = webmInfo(bytes);
  assert.ok(Math.abs(withElement.durationElementSec! - 4.803) < 0.01);
  assert.ok(Math.abs(withElement.clusterDurationSec! - 4.803) <= 0.3);

  // Overwrite Duration (ID 4489, size 8, float64) with a Void element of the same length.
  const stripped = bytes.slice();
  const at = findBytes(stripped, [0x44, 0x89, 0x88]);
  assert.ok(at > 0);
  stripped.set([0xec, 0x89, 0, 0, 0, 0, 0, 0, 0, 0, 0], at);
  const without = webmInfo(stripped);
  assert.equal(without.durationElementSec, null);
  assert.equal(without.durationSec, withElement.clusterDurationSec);
  assert.equal(inspectAudio(stripped)!.speechLikely, true);
});

Deno.test("a truncated WebM reports the audio it holds, not the declared duration", () => {
  const bytes = read("speech.webm");
  const half = inspectAudio(bytes.subarray(0, bytes.length >> 1))!;
  assert.ok(half.durationSec! > 1.5 && half.durationSec! < 3.5, String(half.durationSec));
  assert.equal(half.speechLikely, true);
});

Deno.test("a WebM header without any block has no audio", () => {
  const bytes = read("speech_chrome.webm");
  const cluster = findBytes(bytes, [0x1f, 0x43, 0xb6, 0x75]);
  const info = inspectAudio(bytes.subarray(0, cluster))!;
  assert.equal(info.format, "webm");
  assert.equal(info.durationSec, null);
  assert.equal(info.speechLikely, false);
  assert.equal(info.reason, "no_audio");
});

Deno.test("an MP3 tag without any frame has no audio", () => {
  const bytes = new Uint8Array(4096);
  // ID3v2.4 header with a synchsafe size of 4086 bytes: the tag fills the buffer.
  bytes.set([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0x1f, 0x76]);
  const info = inspectAudio(bytes)!;
  assert.equal(info.format, "mp3");
  assert.equal(info.reason, "no_audio");
});

Deno.test("EBML doc types other than webm/matroska are not audio", () => {
  const header = (docType: string) =>
    Uint8Array.from([
      0x1a,
      0x45,
      0xdf,
      0xa3,
      0x80 | (docType.length + 3),
      0x42,
      0x82,
      0x80 | docType.length,
      ...new TextEncoder().encode(docType),
    ]);
  assert.equal(sniffAudio(header("matroska"))?.format, "webm");
  assert.equal(sniffAudio(header("webm"))?.format, "webm");
  assert.equal(sniffAudio(header("dvb")), null);
});

Deno.test("garbage is not audio", () => {
  const samples = [
    new Uint8Array(0),
    new Uint8Array([0x52, 0x49]),
    new TextEncoder().encode("hello, this is not audio at all"),
    new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n"),
    // ADTS AAC shares the 0xFFF sync with MP3 but has layer bits 00.
    new Uint8Array([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc]),
    new Uint8Array(64),
  ];
  for (const bytes of samples) {
    assert.equal(sniffAudio(bytes), null);
    assert.equal(inspectAudio(bytes), null);
  }
});

Deno.test("truncated fixtures never throw", () => {
  for (const { name } of [...FIXTURES, ...SHORT]) {
    const bytes = read(name);
    for (let len = 0; len < bytes.length; len += Math.max(1, bytes.length >> 6)) {
      const info = inspectAudio(bytes.subarray(0, len));
      if (info?.durationSec != null) assert.ok(info.durationSec >= 0, `${name}[:${len}]`);
    }
  }
});

Deno.test("corrupted fixtures and random bytes never throw", () => {
  const sources = FIXTURES.map(({ name }) => read(name));
  fc.assert(
    fc.property(
      fc.nat(sources.length - 1),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 40 }),
      fc.nat(),
      (which, edits, cut) => {
        const bytes = sources[which].slice(0, 2048 + (cut % sources[which].length));
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        inspectAudio(bytes);
      },
    ),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
      inspectAudio(bytes);
    }),
  );
});

Deno.test("WAV: every PCM sample format is measured", () => {
  for (const [format, bits] of [[1, 8], [1, 16], [1, 24], [1, 32], [3, 32], [3, 64]]) {
    const loud = inspectAudio(makeWav(format, bits, 0.1))!;
    assert.equal(loud.durationSec, 1, `${format}/${bits}`);
    assert.equal(loud.speechLikely, true, `${format}/${bits}`);
    const quiet = inspectAudio(makeWav(format, bits, 0.001))!;
    assert.equal(quiet.speechLikely, false, `${format}/${bits}`);
    assert.equal(quiet.reason, "silent");
  }
});

Deno.test("WAV: a streaming header without a data size uses the bytes present", () => {
  const bytes = makeWav(1, 16, 0.1);
  new DataView(bytes.buffer).setUint32(40, 0xffffffff, true);
  assert.equal(inspectAudio(bytes)!.durationSec, 1);
});

Deno.test("thresholds are the documented ones", () => {
  assert.deepEqual(AUDIO_THRESHOLDS, {
    minSpeechSec: 0.7,
    wavActiveDbfs: -40,
    activeBitrate: 4000,
    minActiveSec: 0.5,
    minActiveFraction: 0.05,
  });
});

function findBytes(haystack: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** One second of a 440 Hz tone with the given peak amplitude (1 = full scale), 8 kHz mono. */
function makeWav(format: number, bits: number, amplitude: number): Uint8Array {
  const rate = 8000;
  const bytesPer = bits / 8;
  const data = rate * bytesPer;
  const out = new Uint8Array(44 + data);
  const v = new DataView(out.buffer);
  out.set(new TextEncoder().encode("RIFF"), 0);
  v.setUint32(4, 36 + data, true);
  out.set(new TextEncoder().encode("WAVEfmt "), 8);
  v.setUint32(16, 16, true);
  v.setUint16(20, format, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * bytesPer, true);
  v.setUint16(32, bytesPer, true);
  v.setUint16(34, bits, true);
  out.set(new TextEncoder().encode("data"), 36);
  v.setUint32(40, data, true);
  for (let i = 0; i < rate; i++) {
    const x = amplitude * Math.sin((2 * Math.PI * 440 * i) / rate);
    const at = 44 + i * bytesPer;
    if (format === 3) {
      if (bits === 32) v.setFloat32(at, x, true);
      else v.setFloat64(at, x, true);
    } else if (bits === 8) v.setUint8(at, Math.round(128 + x * 127));
    else if (bits === 16) v.setInt16(at, Math.round(x * 32767), true);
    else if (bits === 24) {
      const s = Math.round(x * 8388607);
      v.setUint8(at, s & 0xff);
      v.setInt16(at + 1, s >> 8, true);
    } else v.setInt32(at, Math.round(x * 2147483647), true);
  }
  return out;
}
