/**
 * Inspection of an uploaded answer: mediabunny recognises and demuxes the container; this file
 * turns its packets into a duration and a speech/silence guess.
 */

import {
  AudioSampleSink,
  type EncodedPacket,
  EncodedPacketSink,
  Input,
  type InputAudioTrack,
  type InputFormat,
  MATROSKA,
  MP3,
  MP4,
  OGG,
  QTFF,
  StreamSource,
  WAVE,
  WEBM,
} from "mediabunny";
import {
  ActivityCounter,
  AUDIO_THRESHOLDS,
  type FrameActivity,
  opusPacketSec,
  PcmWindows,
} from "./activity.ts";

/** Container formats the service accepts for answers. */
export type AudioFormat = "webm" | "ogg" | "mp4" | "wav" | "mp3";

/** What the container says a file is. */
export interface SniffedAudio {
  format: AudioFormat;
  contentType: string;
  ext: string;
}

/** Why `speechLikely` is false. */
export type NoSpeechReason = "too_short" | "silent" | "no_audio";

/** Result of `inspectAudio`. */
export interface AudioInspection extends SniffedAudio {
  /** Seconds of audio, to the end of the last packet; null when no packet could be read. */
  durationSec: number | null;
  /** False only when the recording is too short, silent, or has no audio frames at all. */
  speechLikely: boolean;
  reason?: NoSpeechReason;
  /** Present when the format allows a silence measurement (PCM, Opus, AAC). */
  activity?: FrameActivity;
}

const TYPES: Record<AudioFormat, SniffedAudio> = {
  webm: { format: "webm", contentType: "audio/webm", ext: "webm" },
  ogg: { format: "ogg", contentType: "audio/ogg", ext: "ogg" },
  // Safari's MediaRecorder labels its recordings audio/mp4; .m4a is the usual audio-only name.
  mp4: { format: "mp4", contentType: "audio/mp4", ext: "m4a" },
  wav: { format: "wav", contentType: "audio/wav", ext: "wav" },
  mp3: { format: "mp3", contentType: "audio/mpeg", ext: "mp3" },
};

/** mediabunny's readers for the accepted formats; Matroska and QuickTime count as WebM and MP4. */
const READERS: [InputFormat, AudioFormat][] = [
  [WEBM, "webm"],
  [MATROSKA, "webm"],
  [OGG, "ogg"],
  [MP4, "mp4"],
  [QTFF, "mp4"],
  [WAVE, "wav"],
  [MP3, "mp3"],
];

/** Times one byte offset may be read; Ogg reads a page once per packet, at most 255 of them. */
const MAX_READS_AT = 1024;
/** Wall-clock backstop of one parse; a 60 s recording takes well under a second. */
const PARSE_BUDGET_MS = 10_000;

/**
 * Opens `bytes` with mediabunny, limited to the accepted formats. Reads are watched because
 * mediabunny 1.61's Matroska reader loops forever on a level-1 element ID whose size is cut off
 * or invalid (its resync finds the same ID at the same place): with the cache off every slice
 * request reaches `read`, which fails the parse when one offset is read over and over, instead
 * of letting a crafted upload hang the server.
 */
export function openAudio(bytes: Uint8Array): Input {
  const readsAt = new Map<number, number>();
  const deadline = performance.now() + PARSE_BUDGET_MS;
  const source = new StreamSource({
    getSize: () => bytes.length,
    read: (start, end) => {
      const reads = (readsAt.get(start) ?? 0) + 1;
      readsAt.set(start, reads);
      if (reads > MAX_READS_AT || performance.now() > deadline) {
        throw new Error("audio parse is looping");
      }
      return bytes.subarray(start, end);
    },
    maxCacheSize: 0,
    prefetchProfile: "none",
  });
  return new Input({ source, formats: READERS.map(([f]) => f) });
}

async function formatOf(input: Input): Promise<SniffedAudio | null> {
  try {
    const found = await input.getFormat();
    const entry = READERS.find(([f]) => f === found);
    return entry ? TYPES[entry[1]] : null;
  } catch {
    // UnsupportedInputFormatError, or a header too broken to read.
    return null;
  }
}

/**
 * Identifies an audio container.
 *
 * @returns the format with its canonical content type and file extension, or null.
 */
export async function sniffAudio(bytes: Uint8Array): Promise<SniffedAudio | null> {
  const input = openAudio(bytes);
  try {
    return await formatOf(input);
  } finally {
    input.dispose();
  }
}

/**
 * Reads duration and a speech/silence guess from an audio upload. Compressed audio is not
 * decoded: packet sizes tell silence from sound. PCM is measured by loudness.
 *
 * @returns null when the bytes are not an accepted container; otherwise never throws: a
 * truncated or corrupt upload yields what could be read (`durationSec` partial or null).
 */
export async function inspectAudio(bytes: Uint8Array): Promise<AudioInspection | null> {
  const input = openAudio(bytes);
  try {
    const sniffed = await formatOf(input);
    if (!sniffed) return null;
    const info = await packetInfo(input);
    const durationSec = info.endSec === null
      ? null
      : Math.max(0, Math.round(info.endSec * 1000) / 1000);
    const result: AudioInspection = { ...sniffed, durationSec, speechLikely: true };
    if (info.activity) result.activity = info.activity;
    const verdict = judge(durationSec, info);
    if (verdict) {
      result.speechLikely = false;
      result.reason = verdict;
    }
    return result;
  } finally {
    input.dispose();
  }
}

interface PacketInfo {
  /** End of the last packet, in seconds. */
  endSec: number | null;
  activity: FrameActivity | null;
  /** The file holds no audio packet. */
  noAudio: boolean;
}

/** Seconds a packet lasts; Matroska's last block has none, Opus tells it from its TOC byte. */
export function packetSec(codec: string | null, p: { duration: number; data: Uint8Array }): number {
  return p.duration > 0 ? p.duration : codec === "opus" ? opusPacketSec(p.data) : 0;
}

/**
 * The track's packets in time order, each once, and the error that cut the reading short, if
 * any. WebKit's MediaRecorder writes the last fragment's `moof` twice when a timeslice is set
 * (WebKitGTK 2.50, tests/fixtures/audio/webkit.m4a): the first copy points into the second, so
 * its packets are garbage, and the second copy brings the same times again with the real audio.
 * A packet that starts before the previous one therefore replaces what was read from its time on.
 */
export async function orderedPackets(
  track: InputAudioTrack,
  metadataOnly = false,
): Promise<{ packets: EncodedPacket[]; error: unknown }> {
  const packets: EncodedPacket[] = [];
  try {
    for await (
      const p of new EncodedPacketSink(track).packets(undefined, undefined, { metadataOnly })
    ) {
      if (packets.length && p.timestamp < packets[packets.length - 1].timestamp) {
        let keep = packets.length;
        while (keep > 0 && packets[keep - 1].timestamp >= p.timestamp) keep--;
        packets.length = keep;
      }
      packets.push(p);
    }
    return { packets, error: null };
  } catch (error) {
    return { packets, error };
  }
}

async function packetInfo(input: Input): Promise<PacketInfo> {
  let track: InputAudioTrack | null;
  try {
    track = await input.getPrimaryAudioTrack();
  } catch {
    return { endSec: null, activity: null, noAudio: false };
  }
  if (!track) return { endSec: null, activity: null, noAudio: true };
  const measured = track.codec === "opus" || track.codec === "aac";
  const counter = new ActivityCounter();
  let endSec: number | null = null;
  // A truncated or corrupt tail ends the list: what was read before it counts.
  const { packets } = await orderedPackets(track, !measured);
  for (const p of packets) {
    const sec = packetSec(track.codec, p);
    endSec = Math.max(endSec ?? 0, p.timestamp + sec);
    if (measured) counter.addPacket(p.byteLength, sec);
  }
  const activity = measured ? counter.result() : await pcmActivity(track);
  return { endSec, activity, noAudio: packets.length === 0 };
}

async function pcmActivity(track: InputAudioTrack): Promise<FrameActivity | null> {
  if (!track.codec?.startsWith("pcm-")) return null;
  const windows = new PcmWindows();
  try {
    for await (const sample of new AudioSampleSink(track).samples()) {
      windows.add(sample);
      sample.close();
    }
  } catch {
    // Same as above: measure what decoded.
  }
  return windows.result();
}

function judge(durationSec: number | null, info: PacketInfo): NoSpeechReason | null {
  const t = AUDIO_THRESHOLDS;
  if (info.noAudio) return "no_audio";
  if (durationSec !== null && durationSec < t.minSpeechSec) return "too_short";
  const a = info.activity;
  if (!a || a.totalSec <= 0) return null;
  if (a.totalSec < t.minSpeechSec && durationSec === null) return "too_short";
  const enough = a.activeSec >= t.minActiveSec && a.activeSec / a.totalSec >= t.minActiveFraction;
  return enough ? null : "silent";
}
