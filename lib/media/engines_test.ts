/**
 * Real recordings of the other browser engines (tests/e2e/record_fixtures.ts: their own
 * MediaRecorder and fake microphone, a tone, 1 s timeslices as the island records): Firefox's
 * WebM and Ogg, WebKit's fragmented MP4, whose last `moof` comes twice.
 */
import assert from "node:assert/strict";
import { hasFfprobe, probe } from "../../tests/ffprobe.ts";
import { openAudio, orderedPackets } from "./inspect.ts";
import { inspectAudio, makeSeekable, sniffAudio } from "./mod.ts";

const DIR = new URL("../../tests/fixtures/audio/", import.meta.url);
const read = (name: string) => Deno.readFileSync(new URL(name, DIR));

const ENGINES = [
  { name: "firefox.webm", format: "webm", remuxed: true },
  { name: "firefox.ogg", format: "ogg", remuxed: false },
  { name: "webkit.m4a", format: "mp4", remuxed: true },
] as const;

/** Types of an ISO BMFF file's top-level boxes, in order. */
function topLevelBoxes(b: Uint8Array): string[] {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const types: string[] = [];
  for (let pos = 0; pos + 8 <= b.length;) {
    const size = view.getUint32(pos);
    types.push(new TextDecoder().decode(b.subarray(pos + 4, pos + 8)));
    if (size < 8) break;
    pos += size;
  }
  return types;
}

Deno.test("each engine's recording is sniffed, holds sound, and is stored seekable", async () => {
  for (const { name, format, remuxed } of ENGINES) {
    const bytes = read(name);
    assert.ok(bytes.length < 100_000, name);
    assert.equal((await sniffAudio(bytes))?.format, format, name);
    const before = (await inspectAudio(bytes))!;
    assert.equal(before.speechLikely, true, name);
    // Each packet counted once: the sound lasts as long as the recording.
    assert.ok(Math.abs(before.activity!.totalSec - before.durationSec!) < 0.05, name);
    const after = await makeSeekable(bytes, before, (e) => assert.fail(`${name}: ${e}`));
    assert.equal(after.remuxed, remuxed, name);
    assert.equal(after.contentType, before.contentType, name);
    const again = (await inspectAudio(after.bytes))!;
    assert.ok(Math.abs(again.durationSec! - before.durationSec!) <= 0.001, name);
    assert.equal(again.activity?.frames, before.activity?.frames, name);
  }
});

Deno.test("WebKit's repeated last fragment: its second copy is kept, in time order", async () => {
  const bytes = read("webkit.m4a");
  const moofs = topLevelBoxes(bytes).filter((t) => t === "moof").length;
  const input = openAudio(bytes);
  try {
    const { packets, error } = await orderedPackets((await input.getPrimaryAudioTrack())!);
    assert.equal(error, null);
    for (let i = 1; i < packets.length; i++) {
      assert.ok(packets[i].timestamp > packets[i - 1].timestamp, `packet ${i}`);
    }
    // Five moofs, the last two alike: four fragments of audio, 44.1 kHz AAC of 1024 samples.
    assert.equal(moofs, 5);
    assert.equal(packets.length, Math.round(3.924 * 44100 / 1024));
    // The first copy pointed into the second moof: its "audio" held the box's `mfhd` header.
    const mfhd = new TextEncoder().encode("mfhd");
    const holdsBox = (d: Uint8Array) => d.some((_, i) => mfhd.every((c, j) => d[i + j] === c));
    assert.ok(!packets.some((p) => holdsBox(p.data)), "no box bytes read as audio");
  } finally {
    input.dispose();
  }
});

Deno.test({
  name: "ffprobe agrees: WebKit's MP4 becomes a plain one, Firefox's WebM gets its length",
  ignore: !hasFfprobe,
  fn: async () => {
    for (const { name } of ENGINES) {
      const bytes = read(name);
      const before = (await inspectAudio(bytes))!;
      const after = await makeSeekable(bytes, before);
      const p = await probe(after.bytes, before.ext);
      assert.ok(p.formatDurationSec !== null, `${name}: a container duration`);
      assert.ok(Math.abs(p.formatDurationSec - before.durationSec!) <= 0.02, name);
    }
    const mp4 = await makeSeekable(read("webkit.m4a"), (await inspectAudio(read("webkit.m4a")))!);
    const boxes = topLevelBoxes(mp4.bytes);
    assert.ok(!boxes.includes("moof") && boxes.indexOf("moov") < boxes.indexOf("mdat"), `${boxes}`);
  },
});
