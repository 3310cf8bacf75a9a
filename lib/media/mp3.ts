/**
 * Raw PCM (16-bit little-endian mono, what the Realtime API streams) encoded to MP3 as it
 * arrives, so question audio can be stored and served in a format every player streams
 * (Chromium, Firefox, Safari/iOS `<audio>`, mobile apps). LAME compiled to WebAssembly
 * (`wasm-media-encoders`, MIT): about 6 ms of CPU per second of speech at 48 kbit/s, a sixth of
 * the pure-JS lamejs port (docs/PERFORMANCE.md has the figures).
 */
import { createMp3Encoder, type WasmMediaEncoder } from "wasm-media-encoders";
import { pcm16ToFloat } from "./pcm.ts";

/** Bit rate of encoded speech: 5.9 KiB per second of 24 kHz mono, clear for a voice. */
export const MP3_KBPS = 48;

const OUTPUT_RATES = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000] as const;
type OutputRate = typeof OUTPUT_RATES[number];

type Encoder = WasmMediaEncoder<"audio/mpeg">;

/**
 * Idle encoders. Each owns a WebAssembly instance (about 1.4 MiB) that takes some 12 ms to
 * create; `configure` resets LAME, so a finished encoder serves the next question.
 */
const idle: Encoder[] = [];
const MAX_IDLE = 4;

async function takeEncoder(sampleRate: number): Promise<Encoder> {
  const enc = idle.pop() ?? await createMp3Encoder();
  const out = OUTPUT_RATES.includes(sampleRate as OutputRate)
    ? sampleRate as OutputRate
    : undefined;
  enc.configure({ channels: 1, sampleRate, bitrate: MP3_KBPS, outputSampleRate: out });
  return enc;
}

function release(enc: Encoder) {
  if (idle.length < MAX_IDLE) idle.push(enc);
}

/**
 * A transform from PCM16LE mono bytes (chunks may split a sample) to MP3 bytes. The encoder's
 * output views WebAssembly memory that the next call overwrites, so every chunk is copied out.
 * A stream that errors or is cancelled drops its encoder instead of returning it to the pool.
 */
export function pcmToMp3(sampleRate: number): TransformStream<Uint8Array, Uint8Array> {
  let enc: Encoder | null = null;
  let carry: number | null = null;
  return new TransformStream({
    async start() {
      enc = await takeEncoder(sampleRate);
    },
    transform(chunk, controller) {
      const samples = pcm16ToFloat(chunk, carry);
      carry = samples.carry;
      if (samples.data.length === 0) return;
      const out = enc!.encode([samples.data]);
      if (out.byteLength) controller.enqueue(out.slice());
    },
    flush(controller) {
      const out = enc!.finalize();
      if (out.byteLength) controller.enqueue(out.slice());
      release(enc!);
      enc = null;
    },
  });
}
