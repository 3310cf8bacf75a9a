/**
 * Makes a stored answer seekable. Browsers record as they go and cannot rewrite the start of the
 * file: Chromium's and Firefox's WebM carries no duration and no cues, Safari's MP4 is
 * fragmented with every duration field 0. Players then show a wrong length and cannot seek.
 * mediabunny copies the encoded packets (no re-encoding) into a WebM with duration and cues, or
 * a plain MP4 with its index first; Ogg, WAV and MP3 are left as they are (their length is
 * readable from the file).
 */

import {
  BufferTarget,
  EncodedAudioPacketSource,
  Mp4OutputFormat,
  Output,
  WebMOutputFormat,
} from "mediabunny";
import { type AudioInspection, openAudio, orderedPackets, packetSec } from "./inspect.ts";

/** The audio to store. */
export interface SeekableAudio {
  bytes: Uint8Array;
  contentType: string;
  ext: string;
  durationSec: number | null;
  /** True when `bytes` is a remuxed copy, false when it is the upload as it came. */
  remuxed: boolean;
}

/**
 * Remuxes WebM and MP4 so that players know the length and can seek; never throws.
 *
 * @param onError told why the original bytes are kept when remuxing fails.
 */
export async function makeSeekable(
  bytes: Uint8Array,
  inspection: AudioInspection,
  onError?: (e: unknown) => void,
): Promise<SeekableAudio> {
  const original: SeekableAudio = {
    bytes,
    contentType: inspection.contentType,
    ext: inspection.ext,
    durationSec: inspection.durationSec,
    remuxed: false,
  };
  if (inspection.format !== "webm" && inspection.format !== "mp4") return original;
  try {
    return { ...original, bytes: await remux(bytes, inspection.format), remuxed: true };
  } catch (e) {
    onError?.(e);
    return original;
  }
}

async function remux(bytes: Uint8Array, format: "webm" | "mp4"): Promise<Uint8Array> {
  const input = openAudio(bytes);
  try {
    const track = await input.getPrimaryAudioTrack();
    if (!track?.codec) throw new Error("no audio track to remux");
    const target = new BufferTarget();
    const output = new Output({
      format: format === "webm"
        ? new WebMOutputFormat()
        // "in-memory": one moov before one mdat, the layout every player seeks in.
        : new Mp4OutputFormat({ fastStart: "in-memory" }),
      target,
    });
    const source = new EncodedAudioPacketSource(track.codec);
    output.addAudioTrack(source);
    await output.start();
    const decoderConfig = await track.getDecoderConfig();
    if (!decoderConfig) throw new Error(`no decoder configuration for ${track.codec}`);
    const { packets, error } = await orderedPackets(track);
    if (error) throw error;
    if (packets.length === 0) throw new Error("no audio packet to remux");
    for (const [i, p] of packets.entries()) {
      // The last WebM block has no duration; without it the copy would end one packet early.
      const packet = p.duration > 0 ? p : p.clone({ duration: packetSec(track.codec, p) });
      await source.add(packet, i === 0 ? { decoderConfig } : undefined);
    }
    await output.finalize();
    return new Uint8Array(target.buffer!);
  } finally {
    input.dispose();
  }
}
