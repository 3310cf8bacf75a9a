import assert from "node:assert/strict";
import fc from "fast-check";
import { hasFfprobe, probe } from "../../tests/ffprobe.ts";
import { AUDIO_THRESHOLDS, type AudioFormat, inspectAudio, sniffAudio } from "./mod.ts";

const DIR = new URL("../../tests/fixtures/audio/", import.meta.url);
const read = (name: string) => Deno.readFileSync(new URL(name, DIR));

/**
 * The fixtures from scripts/make_audio_fixtures.sh, whether they hold speech, and `old`: the
 * duration the hand-written parser (lib/audio.ts, replaced by mediabunny) reported, kept as the
 * reference the library must match. `speech: null` marks formats where no silence heuristic is
 * claimed (MP3).
 */
const FIXTURES: { name: string; format: AudioFormat; old: number; speech: boolean | null }[] = [
  { name: "speech.wav", format: "wav", old: 4.796, speech: true },
  { name: "silence.wav", format: "wav", old: 3, speech: false },
  { name: "noise.wav", format: "wav", old: 2, speech: false },
  { name: "speech.webm", format: "webm", old: 4.821, speech: true },
  { name: "silence.webm", format: "webm", old: 3.021, speech: false },
  { name: "speech_chrome.webm", format: "webm", old: 3.96, speech: true },
  { name: "silence_chrome.webm", format: "webm", old: 3, speech: false },
  { name: "speech.ogg", format: "ogg", old: 4.796, speech: true },
  { name: "silence.ogg", format: "ogg", old: 3, speech: false },
  { name: "speech.m4a", format: "mp4", old: 4.796, speech: true },
  { name: "speech_frag.m4a", format: "mp4", old: 4.842, speech: true },
  { name: "silence.m4a", format: "mp4", old: 3, speech: false },
  { name: "speech.mp3", format: "mp3", old: 4.859, speech: true },
  { name: "silence.mp3", format: "mp3", old: 3.03, speech: null },
];
const SHORT = [
  { name: "short.wav", old: 0.4 },
  { name: "short.webm", old: 0.421 },
  { name: "short.mp3", old: 0.47 },
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

Deno.test("sniffAudio recognises every fixture format", async () => {
  for (const { name, format } of FIXTURES) {
    const [contentType, ext] = CONTENT_TYPES[format];
    assert.deepEqual(await sniffAudio(read(name)), { format, contentType, ext }, name);
  }
});

Deno.test("durations match the replaced parser to the millisecond", async () => {
  for (const { name, old } of [...FIXTURES, ...SHORT]) {
    const info = await inspectAudio(read(name));
    assert.ok(info?.durationSec != null, name);
    assert.ok(Math.abs(info.durationSec - old) <= 0.001, `${name}: ${info.durationSec} vs ${old}`);
  }
});

Deno.test({
  name: "durations are within 50 ms of ffprobe (its last packet's end where it has no duration)",
  ignore: !hasFfprobe,
  fn: async () => {
    await Promise.all([...FIXTURES, ...SHORT].map(async ({ name }) => {
      const bytes = read(name);
      const info = (await inspectAudio(bytes))!;
      const p = await probe(bytes, info.ext);
      const ffprobe = p.formatDurationSec ?? p.lastPacketEndSec!;
      assert.ok(
        Math.abs(info.durationSec! - ffprobe) <= 0.05,
        `${name}: ${info.durationSec} vs ${ffprobe}`,
      );
    }));
  },
});

Deno.test("speech is likely in speech fixtures and not in silent ones", async () => {
  for (const { name, format, speech } of FIXTURES) {
    const info = (await inspectAudio(read(name)))!;
    assert.equal(info.speechLikely, speech ?? true, name);
    if (speech === false) assert.equal(info.reason, "silent", name);
    // MP3 encoders spend constant bytes on silence, so MP3 gets no measurement.
    assert.equal(info.activity !== undefined, format !== "mp3", name);
  }
});

Deno.test("very short clips are too short", async () => {
  for (const { name } of SHORT) {
    const info = (await inspectAudio(read(name)))!;
    assert.equal(info.speechLikely, false, name);
    assert.equal(info.reason, "too_short", name);
  }
});

Deno.test({
  name: "Chrome MediaRecorder WebM has no duration; the last block's Opus TOC completes it",
  ignore: !hasFfprobe,
  fn: async () => {
    const bytes = read("speech_chrome.webm");
    const p = await probe(bytes, "webm");
    assert.equal(p.formatDurationSec, null);
    const info = (await inspectAudio(bytes))!;
    assert.equal(info.durationSec, p.lastPacketEndSec);
    assert.equal(info.activity?.frames, 66);
  },
});

Deno.test("WebM duration does not depend on the Duration element", async () => {
  const bytes = read("speech.webm");
  const withElement = (await inspectAudio(bytes))!;
  // Overwrite Duration (ID 4489, size 8, float64) with a Void element of the same length.
  const stripped = bytes.slice();
  const at = findBytes(stripped, [0x44, 0x89, 0x88]);
  assert.ok(at > 0);
  stripped.set([0xec, 0x89, 0, 0, 0, 0, 0, 0, 0, 0, 0], at);
  const without = (await inspectAudio(stripped))!;
  assert.equal(without.durationSec, withElement.durationSec);
  assert.equal(without.speechLikely, true);
});

Deno.test("a truncated recording reports the audio it holds", async () => {
  const bytes = read("speech_chrome.webm");
  const full = (await inspectAudio(bytes))!;
  const half = (await inspectAudio(bytes.subarray(0, bytes.length >> 1)))!;
  assert.ok(
    half.durationSec! > 0.5 && half.durationSec! < full.durationSec!,
    String(half.durationSec),
  );
  assert.equal(half.speechLikely, true);
});

Deno.test("a WebM header without any block has no audio", async () => {
  const bytes = read("speech_chrome.webm");
  const cluster = findBytes(bytes, [0x1f, 0x43, 0xb6, 0x75]);
  const info = (await inspectAudio(bytes.subarray(0, cluster)))!;
  assert.equal(info.format, "webm");
  assert.equal(info.durationSec, null);
  assert.equal(info.speechLikely, false);
  assert.equal(info.reason, "no_audio");
});

Deno.test("an MP3 tag without any frame is not audio", async () => {
  const bytes = new Uint8Array(4096);
  // ID3v2.4 header with a synchsafe size of 4086 bytes: the tag fills the buffer.
  bytes.set([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0x1f, 0x76]);
  assert.equal(await inspectAudio(bytes), null);
});

Deno.test("garbage is not audio", async () => {
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
    assert.equal(await sniffAudio(bytes), null);
    assert.equal(await inspectAudio(bytes), null);
  }
});

Deno.test("a WebM cut inside a cluster header fails fast instead of hanging the demuxer", async () => {
  // mediabunny 1.61 loops forever here without the read budget of openAudio.
  const bytes = read("silence_chrome.webm");
  const cluster = findBytes(bytes, [0x1f, 0x43, 0xb6, 0x75]);
  const info = await inspectAudio(bytes.subarray(0, cluster + 8));
  assert.equal(info?.durationSec ?? null, null);
});

Deno.test("truncated fixtures never throw", async () => {
  for (const { name } of [...FIXTURES, ...SHORT]) {
    const bytes = read(name);
    for (let len = 0; len < bytes.length; len += Math.max(1, bytes.length >> 6)) {
      const info = await inspectAudio(bytes.subarray(0, len));
      if (info?.durationSec != null) assert.ok(info.durationSec >= 0, `${name}[:${len}]`);
    }
  }
});

Deno.test("corrupted fixtures and random bytes never throw", async () => {
  const sources = FIXTURES.map(({ name }) => read(name));
  await fc.assert(
    fc.asyncProperty(
      fc.nat(sources.length - 1),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 40 }),
      fc.nat(),
      async (which, edits, cut) => {
        const bytes = sources[which].slice(0, 2048 + (cut % sources[which].length));
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        await inspectAudio(bytes);
      },
    ),
    { numRuns: 300 },
  );
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) => {
      await inspectAudio(bytes);
    }),
  );
});

Deno.test("WAV: every PCM sample format is measured", async () => {
  for (const [format, bits] of [[1, 8], [1, 16], [1, 24], [1, 32], [3, 32], [3, 64]]) {
    const loud = (await inspectAudio(makeWav(format, bits, 0.1)))!;
    assert.equal(loud.durationSec, 1, `${format}/${bits}`);
    assert.equal(loud.speechLikely, true, `${format}/${bits}`);
    const quiet = (await inspectAudio(makeWav(format, bits, 0.001)))!;
    assert.equal(quiet.speechLikely, false, `${format}/${bits}`);
    assert.equal(quiet.reason, "silent");
  }
});

Deno.test("WAV: a streaming header without a data size uses the bytes present", async () => {
  const bytes = makeWav(1, 16, 0.1);
  new DataView(bytes.buffer).setUint32(40, 0xffffffff, true);
  assert.equal((await inspectAudio(bytes))!.durationSec, 1);
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
