/**
 * Raw PCM as the Realtime API streams it (16-bit little-endian mono) — shared by the server's
 * MP3 encoder and the recorder island's Web Audio player, so it imports nothing.
 */

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
 * Samples of a chunk of PCM16LE as floats in [-1, 1). Chunks may split a sample: `carry` is the
 * low byte left over from the previous chunk (null if none), and the result says what is left
 * over from this one.
 */
export function pcm16ToFloat(chunk: Uint8Array, carry: number | null): {
  data: Float32Array<ArrayBuffer>;
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
