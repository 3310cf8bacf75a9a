import assert from "node:assert/strict";
import { toneWav } from "../../tests/fake_openai.ts";
import { pcmToMp3 } from "./mp3.ts";

/** ffprobe's reading of an MP3: duration, sample rate, channels. */
async function probe(mp3: Uint8Array) {
  const path = await Deno.makeTempFile({ suffix: ".mp3" });
  try {
    await Deno.writeFile(path, mp3);
    const out = await new Deno.Command("ffprobe", {
      args: [
        "-v",
        "error",
        "-show_entries",
        "stream=codec_name,sample_rate,channels:format=duration",
        "-of",
        "json",
        path,
      ],
      stdout: "piped",
    }).output();
    const j = JSON.parse(new TextDecoder().decode(out.stdout));
    return {
      codec: j.streams[0].codec_name as string,
      rate: Number(j.streams[0].sample_rate),
      channels: j.streams[0].channels as number,
      duration: Number(j.format.duration),
    };
  } finally {
    await Deno.remove(path);
  }
}

/** Encodes `pcm` fed in chunks of the given sizes (cycled). */
async function encode(pcm: Uint8Array, sizes: number[]): Promise<Uint8Array> {
  let i = 0;
  let k = 0;
  const source = new ReadableStream<Uint8Array>({
    pull(c) {
      if (i >= pcm.byteLength) return c.close();
      const n = sizes[k++ % sizes.length];
      c.enqueue(pcm.slice(i, i += n));
    },
  });
  return new Uint8Array(await new Response(source.pipeThrough(pcmToMp3(24_000))).arrayBuffer());
}

Deno.test("PCM in chunks that split samples encodes to a 24 kHz mono MP3 of the same length", async () => {
  const pcm = toneWav(2, 24_000).subarray(44);
  const mp3 = await encode(pcm, [4801, 999, 3]);
  const p = await probe(mp3);
  assert.deepEqual([p.codec, p.rate, p.channels], ["mp3", 24_000, 1]);
  assert.ok(Math.abs(p.duration - 2) < 0.1, `duration ${p.duration}`);
  // 48 kbit/s: about 6 KB per second of speech.
  assert.ok(mp3.byteLength > 10_000 && mp3.byteLength < 14_000, `${mp3.byteLength} bytes`);
  // A pooled encoder starts the next question afresh: same input, same bytes.
  assert.deepEqual(await encode(pcm, [2400]), mp3);
});

Deno.test("an odd byte is carried into the next chunk, not dropped", async () => {
  const pcm = toneWav(0.5, 24_000).subarray(44);
  assert.deepEqual(await encode(pcm, [1]), await encode(pcm, [pcm.byteLength]));
});
