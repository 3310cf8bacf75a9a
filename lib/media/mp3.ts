/**
 * Raw PCM (16-bit little-endian mono, what the Realtime API streams) encoded to MP3 as it
 * arrives, so question audio can be stored and served in a format every player streams
 * (Chromium, Firefox, Safari/iOS `<audio>`, mobile apps). LAME compiled to WebAssembly
 * (`wasm-media-encoders`, MIT): about 6 ms of CPU per second of speech at 48 kbit/s, a sixth of
 * the pure-JS lamejs port (docs/PERFORMANCE.md has the figures).
 */
import { createMp3Encoder, type WasmMediaEncoder } from "wasm-media-encoders";

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
 * The sample rate of a raw PCM content type (`audio/pcm;rate=24000`), or null when the type is
 * an encoded format. A PCM type without a rate is the Realtime API's 24 kHz.
 */
export function pcmRate(contentType: string): number | null {
  const [type, ...params] = contentType.split(";").map((s) => s.trim().toLowerCase());
  if (type !== "audio/pcm" && type !== "audio/l16") return null;
  const rate = params.find((p) => p.startsWith("rate="))?.slice(5);
  const n = rate ? Number(rate) : 24_000;
  return Number.isInteger(n) && n >= 8000 && n <= 96_000 ? n : 24_000;
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
      const samples = toFloat(chunk, carry);
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

/** Converts PCM16LE bytes to floats, prefixing a low byte left over from the previous chunk. */
function toFloat(chunk: Uint8Array, carry: number | null): {
  data: Float32Array;
  carry: number | null;
} {
  let bytes = chunk;
  if (carry !== null) {
    bytes = new Uint8Array(chunk.byteLength + 1);
    bytes[0] = carry;
    bytes.set(chunk, 1);
  }
  const n = bytes.byteLength >> 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, n * 2);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = view.getInt16(2 * i, true) / 32768;
  return { data, carry: bytes.byteLength % 2 ? bytes[bytes.byteLength - 1] : null };
}
