/**
 * Frame activity: how much of a recording costs enough bytes (compressed) or is loud enough
 * (PCM) to be sound. This is the part no container library does; it feeds the `no_speech` guess.
 */

import type { AudioSample } from "mediabunny";

/** How much of a recording is loud enough (PCM) or costly enough (compressed) to be sound. */
export interface FrameActivity {
  /** Frames (PCM: 20 ms windows; compressed: packets) looked at. */
  frames: number;
  activeFrames: number;
  totalSec: number;
  activeSec: number;
  /** Silences longer than `LONG_PAUSE_SEC` between the first and the last sound. */
  longPauses: number;
  longPauseSec: number;
}

/** A silence inside an answer longer than this is a long pause (a delivery metric). */
export const LONG_PAUSE_SEC = 2.5;

/** Thresholds of the speech heuristic (measured on tests/fixtures/audio, see inspect_test.ts). */
export const AUDIO_THRESHOLDS = {
  /** Recordings shorter than this are never treated as an answer. */
  minSpeechSec: 0.7,
  /** A PCM 20 ms window is sound when its RMS reaches this level (dBFS). */
  wavActiveDbfs: -40,
  /** A compressed packet is sound when it costs at least this many bits per second. */
  activeBitrate: 4000,
  /** Speech needs at least this much active audio in total... */
  minActiveSec: 0.5,
  /** ...and at least this share of the recording. */
  minActiveFraction: 0.05,
} as const;

export class ActivityCounter {
  frames = 0;
  activeFrames = 0;
  totalSec = 0;
  activeSec = 0;
  longPauses = 0;
  longPauseSec = 0;
  /** Silence since the last sound; null before the first sound (leading silence is no pause). */
  #silentRun: number | null = null;

  add(sec: number, active: boolean) {
    if (!(sec > 0)) return;
    this.frames++;
    this.totalSec += sec;
    if (active) {
      this.activeFrames++;
      this.activeSec += sec;
      // A silence counts once sound follows it: trailing silence is the end, not a pause.
      if (this.#silentRun !== null && this.#silentRun > LONG_PAUSE_SEC) {
        this.longPauses++;
        this.longPauseSec += this.#silentRun;
      }
      this.#silentRun = 0;
    } else if (this.#silentRun !== null) {
      this.#silentRun += sec;
    }
  }

  /** A compressed packet of `size` bytes lasting `sec`. */
  addPacket(size: number, sec: number) {
    this.add(sec, (size * 8) / sec >= AUDIO_THRESHOLDS.activeBitrate);
  }

  result(): FrameActivity | null {
    if (this.frames === 0) return null;
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    return {
      frames: this.frames,
      activeFrames: this.activeFrames,
      totalSec: r3(this.totalSec),
      activeSec: r3(this.activeSec),
      longPauses: this.longPauses,
      longPauseSec: r3(this.longPauseSec),
    };
  }
}

/** Sums decoded PCM into 20 ms RMS windows, carrying a window across sample boundaries. */
export class PcmWindows {
  readonly counter = new ActivityCounter();
  #threshold = 10 ** (AUDIO_THRESHOLDS.wavActiveDbfs / 20);
  #window = 0;
  #rate = 0;
  #sum = 0;
  #values = 0;
  #frames = 0;

  add(sample: AudioSample) {
    const channels = sample.numberOfChannels;
    if (this.#rate === 0) {
      this.#rate = sample.sampleRate;
      this.#window = Math.max(1, Math.round(sample.sampleRate * 0.02));
    }
    const data = new Float32Array(sample.numberOfFrames * channels);
    sample.copyTo(data, { planeIndex: 0, format: "f32" });
    for (let f = 0; f < sample.numberOfFrames; f++) {
      for (let c = 0; c < channels; c++) {
        const x = data[f * channels + c];
        this.#sum += x * x;
      }
      this.#values += channels;
      if (++this.#frames === this.#window) this.#flush();
    }
  }

  result(): FrameActivity | null {
    if (this.#frames > 0) this.#flush();
    return this.counter.result();
  }

  #flush() {
    this.counter.add(
      this.#frames / this.#rate,
      Math.sqrt(this.#sum / this.#values) >= this.#threshold,
    );
    this.#sum = 0;
    this.#values = 0;
    this.#frames = 0;
  }
}

/**
 * Duration in seconds of one Opus packet, from its TOC byte (RFC 6716 §3.1). Matroska blocks
 * carry no duration, so a demuxer cannot tell how long the last block of a WebM lasts.
 */
export function opusPacketSec(packet: Uint8Array): number {
  if (packet.length < 1) return 0;
  const toc = packet[0];
  const config = toc >> 3;
  const frameSamples = config < 12
    ? [480, 960, 1920, 2880][config & 3]
    : config < 16
    ? [480, 960][config & 1]
    : [120, 240, 480, 960][config & 3];
  const code = toc & 3;
  const count = code === 0 ? 1 : code < 3 ? 2 : packet.length >= 2 ? packet[1] & 0x3f : 0;
  return (frameSamples * count) / 48000;
}
