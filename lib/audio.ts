/**
 * Server-side inspection of uploaded answer audio, in pure TypeScript so it runs on Deno Deploy
 * (no ffmpeg). It recognises the container from magic bytes, reads the duration from container
 * metadata without decoding, and guesses whether the recording holds any speech from the sizes
 * of the compressed frames (or, for WAV, from the PCM loudness).
 *
 * The silence guess rests on one fact about the encoders browsers use: Opus and AAC spend only a
 * few bytes on a frame of digital silence (Chrome: 8 bytes per 60 ms, libopus: 3 bytes per
 * 20 ms, AAC: 4 bytes per 1024 samples), while speech takes tens to hundreds of bytes per frame.
 * Chrome's MediaRecorder encodes at ~128 kbps, so a quiet but non-silent room (a live microphone
 * nobody speaks into) costs as many bytes as speech: the frame-size guess catches a muted or dead
 * microphone, not a silent candidate. Only WAV, where we see the samples, measures loudness.
 *
 * Every parser is bounded by the buffer, always advances, and never throws: garbage or a
 * truncated upload yields `durationSec: null` (or a partial value) instead of an error.
 */

/** Container formats the service accepts for answers. */
export type AudioFormat = "webm" | "ogg" | "mp4" | "wav" | "mp3";

/** What the magic bytes say a file is. */
export interface SniffedAudio {
  format: AudioFormat;
  contentType: string;
  ext: string;
}

/** How much of a recording is loud enough (WAV) or costly enough (compressed) to be sound. */
export interface FrameActivity {
  /** Frames (WAV: 20 ms windows; compressed: packets) looked at. */
  frames: number;
  activeFrames: number;
  totalSec: number;
  activeSec: number;
}

/** Why `speechLikely` is false. */
export type NoSpeechReason = "too_short" | "silent" | "no_audio";

/** Result of `inspectAudio`. */
export interface AudioInspection extends SniffedAudio {
  /** Seconds of audio, from container metadata; null when the container does not tell. */
  durationSec: number | null;
  /** False only when the recording is too short, silent, or has no audio frames at all. */
  speechLikely: boolean;
  reason?: NoSpeechReason;
  /** Present when the format allows a silence measurement (WAV PCM, Opus, AAC). */
  activity?: FrameActivity;
}

/** Thresholds of the speech heuristic (measured on tests/fixtures/audio, see audio_test.ts). */
export const AUDIO_THRESHOLDS = {
  /** Recordings shorter than this are never treated as an answer. */
  minSpeechSec: 0.7,
  /** A WAV 20 ms window is sound when its RMS reaches this level (dBFS). */
  wavActiveDbfs: -40,
  /** A compressed packet is sound when it costs at least this many bits per second. */
  activeBitrate: 4000,
  /** Speech needs at least this much active audio in total... */
  minActiveSec: 0.5,
  /** ...and at least this share of the recording. */
  minActiveFraction: 0.05,
} as const;

const TYPES: Record<AudioFormat, SniffedAudio> = {
  webm: { format: "webm", contentType: "audio/webm", ext: "webm" },
  ogg: { format: "ogg", contentType: "audio/ogg", ext: "ogg" },
  // Safari's MediaRecorder labels its recordings audio/mp4; .m4a is the usual audio-only name.
  mp4: { format: "mp4", contentType: "audio/mp4", ext: "m4a" },
  wav: { format: "wav", contentType: "audio/wav", ext: "wav" },
  mp3: { format: "mp3", contentType: "audio/mpeg", ext: "mp3" },
};

/**
 * Identifies an audio container from its first bytes.
 *
 * Matroska files other than WebM are accepted as WebM (same EBML layout; MediaRecorder only
 * writes WebM). ADTS AAC shares MP3's 0xFFE sync but has layer bits 00 and is rejected.
 *
 * @returns the format with its canonical content type and file extension, or null.
 */
export function sniffAudio(bytes: Uint8Array): SniffedAudio | null {
  if (bytes.length < 4) return null;
  if (isAscii(bytes, 0, "OggS")) return TYPES.ogg;
  if (bytes.length >= 8 && isAscii(bytes, 4, "ftyp")) return TYPES.mp4;
  if (bytes.length >= 12 && isAscii(bytes, 0, "RIFF") && isAscii(bytes, 8, "WAVE")) {
    return TYPES.wav;
  }
  if (isAscii(bytes, 0, "ID3") || mpegFrameHeader(bytes, 0) !== null) return TYPES.mp3;
  if (u32be(bytes, 0) === 0x1a45dfa3) {
    const docType = ebmlDocType(bytes);
    return docType === null || docType === "webm" || docType === "matroska" ? TYPES.webm : null;
  }
  return null;
}

/**
 * Reads duration and a speech/silence guess from an audio upload without decoding it.
 *
 * @returns null when `sniffAudio` does not recognise the bytes; otherwise never throws.
 */
export function inspectAudio(bytes: Uint8Array): AudioInspection | null {
  const sniffed = sniffAudio(bytes);
  if (!sniffed) return null;
  let info: ContainerInfo;
  try {
    info = containerInfo(sniffed.format, bytes);
  } catch {
    // The parsers are bounded and fuzzed; this only keeps an unforeseen file from failing an
    // upload, since the inspection is advisory.
    info = { durationSec: null, activity: null, noAudio: false };
  }
  const durationSec = info.durationSec === null || !Number.isFinite(info.durationSec)
    ? null
    : Math.max(0, Math.round(info.durationSec * 1000) / 1000);
  const result: AudioInspection = { ...sniffed, durationSec, speechLikely: true };
  if (info.activity) result.activity = info.activity;
  const verdict = judge(durationSec, info);
  if (verdict) {
    result.speechLikely = false;
    result.reason = verdict;
  }
  return result;
}

interface ContainerInfo {
  durationSec: number | null;
  activity: FrameActivity | null;
  /** The whole buffer was read and held no audio frame. */
  noAudio: boolean;
}

function containerInfo(format: AudioFormat, bytes: Uint8Array): ContainerInfo {
  switch (format) {
    case "webm": {
      const w = webmInfo(bytes);
      return { durationSec: w.durationSec, activity: w.activity, noAudio: w.blockCount === 0 };
    }
    case "ogg":
      return oggInfo(bytes);
    case "mp4":
      return mp4Info(bytes);
    case "wav":
      return wavInfo(bytes);
    case "mp3":
      return mp3Info(bytes);
  }
}

function judge(durationSec: number | null, info: ContainerInfo): NoSpeechReason | null {
  const t = AUDIO_THRESHOLDS;
  if (info.noAudio) return "no_audio";
  if (durationSec !== null && durationSec < t.minSpeechSec) return "too_short";
  const a = info.activity;
  if (!a || a.totalSec <= 0) return null;
  if (a.totalSec < t.minSpeechSec && durationSec === null) return "too_short";
  const enough = a.activeSec >= t.minActiveSec && a.activeSec / a.totalSec >= t.minActiveFraction;
  return enough ? null : "silent";
}

class ActivityCounter {
  frames = 0;
  activeFrames = 0;
  totalSec = 0;
  activeSec = 0;

  add(sec: number, active: boolean) {
    if (!(sec > 0)) return;
    this.frames++;
    this.totalSec += sec;
    if (active) {
      this.activeFrames++;
      this.activeSec += sec;
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
    };
  }
}

// ---------------------------------------------------------------- byte helpers

function isAscii(b: Uint8Array, at: number, s: string): boolean {
  if (at + s.length > b.length) return false;
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
}

function ascii(b: Uint8Array, at: number, len: number): string {
  let s = "";
  for (let i = at; i < Math.min(at + len, b.length); i++) s += String.fromCharCode(b[i]);
  return s;
}

function u16be(b: Uint8Array, at: number): number {
  return at + 2 <= b.length ? (b[at] << 8) | b[at + 1] : NaN;
}

function u32be(b: Uint8Array, at: number): number {
  return at + 4 <= b.length
    ? ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0
    : NaN;
}

function u64be(b: Uint8Array, at: number): number {
  return u32be(b, at) * 2 ** 32 + u32be(b, at + 4);
}

function u16le(b: Uint8Array, at: number): number {
  return at + 2 <= b.length ? b[at] | (b[at + 1] << 8) : NaN;
}

function u32le(b: Uint8Array, at: number): number {
  return at + 4 <= b.length
    ? ((b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0)
    : NaN;
}

/** Duration in seconds of one Opus packet, from its TOC byte (RFC 6716 §3.1). */
function opusPacketSec(b: Uint8Array, at: number, size: number): number {
  if (size < 1 || at >= b.length) return 0;
  const toc = b[at];
  const config = toc >> 3;
  const frameSamples = config < 12
    ? [480, 960, 1920, 2880][config & 3]
    : config < 16
    ? [480, 960][config & 1]
    : [120, 240, 480, 960][config & 3];
  const code = toc & 3;
  const count = code === 0
    ? 1
    : code < 3
    ? 2
    : size >= 2 && at + 1 < b.length
    ? b[at + 1] & 0x3f
    : 0;
  return (frameSamples * count) / 48000;
}

// ---------------------------------------------------------------- WebM / Matroska

const EBML = {
  header: 0x1a45dfa3,
  docType: 0x4282,
  segment: 0x18538067,
  info: 0x1549a966,
  timecodeScale: 0x2ad7b1,
  duration: 0x4489,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackNumber: 0xd7,
  trackType: 0x83,
  codecId: 0x86,
  defaultDuration: 0x23e383,
  audio: 0xe1,
  cluster: 0x1f43b675,
  timecode: 0xe7,
  simpleBlock: 0xa3,
  blockGroup: 0xa0,
  block: 0xa1,
} as const;

/** Real files have one or two tracks; the cap keeps crafted files from making lookups quadratic. */
const MAX_TRACKS = 16;

/** Master elements whose children are read in place; every other element is skipped whole. */
const EBML_DESCEND = new Set<number>([
  EBML.header,
  EBML.segment,
  EBML.info,
  EBML.tracks,
  EBML.trackEntry,
  EBML.audio,
  EBML.cluster,
  EBML.blockGroup,
]);

interface Vint {
  value: number;
  length: number;
  /** All value bits set: "unknown size" (live streams, MediaRecorder). */
  unknown: boolean;
}

function readVint(b: Uint8Array, at: number, keepMarker: boolean): Vint | null {
  if (at >= b.length || b[at] === 0) return null;
  const first = b[at];
  const length = Math.clz32(first) - 23;
  if (at + length > b.length) return null;
  const mask = 0xff >> length;
  let value = keepMarker ? first : first & mask;
  let unknown = (first & mask) === mask;
  for (let i = 1; i < length; i++) {
    value = value * 256 + b[at + i];
    unknown &&= b[at + i] === 0xff;
  }
  return { value, length, unknown };
}

function ebmlUint(b: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = 0; i < size && at + i < b.length; i++) v = v * 256 + b[at + i];
  return v;
}

function ebmlFloat(b: Uint8Array, at: number, size: number): number | null {
  if (at + size > b.length) return null;
  const view = new DataView(b.buffer, b.byteOffset + at, size);
  if (size === 4) return view.getFloat32(0);
  if (size === 8) return view.getFloat64(0);
  return null;
}

function ebmlDocType(b: Uint8Array): string | null {
  const id = readVint(b, 0, true);
  const size = id && readVint(b, id.length, false);
  if (!id || !size) return null;
  const start = id.length + size.length;
  const end = size.unknown ? b.length : Math.min(b.length, start + size.value);
  for (let pos = start; pos < end;) {
    const cid = readVint(b, pos, true);
    const csize = cid && readVint(b, pos + cid.length, false);
    if (!cid || !csize || csize.unknown) return null;
    const data = pos + cid.length + csize.length;
    if (cid.value === EBML.docType) return ascii(b, data, csize.value).replace(/\0+$/, "");
    pos = data + csize.value;
  }
  return null;
}

/** What `webmInfo` reads from a WebM/Matroska file. */
export interface WebmInfo {
  docType: string | null;
  codecId: string | null;
  timecodeScaleNs: number;
  /** The Segment Info Duration element; ffmpeg writes it, Chrome's MediaRecorder does not. */
  durationElementSec: number | null;
  /** Span of the audio blocks in the clusters, start of the first to end of the last. */
  clusterDurationSec: number | null;
  /** `clusterDurationSec` when blocks were found, else `durationElementSec`. */
  durationSec: number | null;
  blockCount: number;
  /** Opus packet sizes against the silence threshold; null for other codecs. */
  activity: FrameActivity | null;
}

/**
 * Walks the EBML tree of a WebM file, reading clusters and block timecodes.
 *
 * Clusters are read in place rather than skipped, so unknown-size Segments and Clusters (as
 * MediaRecorder writes them) work, and the duration does not depend on the Duration element,
 * which MediaRecorder never writes and which overstates a truncated upload.
 */
export function webmInfo(b: Uint8Array): WebmInfo {
  let docType: string | null = null;
  let timecodeScale = 1_000_000;
  let durationTicks: number | null = null;
  const tracks: { number: number; type: number; codec: string; defaultNs: number }[] = [];
  let clusterTc = 0;
  let firstNs = Infinity;
  let lastEndNs = -Infinity;
  let blockCount = 0;
  const activity = new ActivityCounter();

  const audioTrack = () => tracks.find((t) => t.type === 2 || t.codec.startsWith("A_")) ?? null;

  const onBlock = (data: number, end: number) => {
    const track = readVint(b, data, false);
    if (!track || data + track.length + 3 > b.length) return;
    const audio = audioTrack();
    if (audio && track.value !== audio.number) return;
    let p = data + track.length;
    const rel = (u16be(b, p) << 16) >> 16;
    const flags = b[p + 2];
    p += 3;
    const frameSizes = blockFrameSizes(b, p, end, (flags >> 1) & 3);
    if (!frameSizes) return;
    const startNs = (clusterTc + rel) * timecodeScale;
    let lengthNs = audio?.defaultNs ?? 0;
    if (audio?.codec === "A_OPUS") {
      let sec = 0;
      for (const size of frameSizes.sizes) {
        const packetSec = opusPacketSec(b, frameSizes.start, size);
        activity.addPacket(size, packetSec);
        sec += packetSec;
        frameSizes.start += size;
      }
      lengthNs = sec * 1e9;
    }
    blockCount++;
    firstNs = Math.min(firstNs, startNs);
    lastEndNs = Math.max(lastEndNs, startNs + lengthNs);
  };

  let pos = 0;
  while (pos < b.length) {
    const id = readVint(b, pos, true);
    const size = id && readVint(b, pos + id.length, false);
    if (!id || !size || id.length > 4) break;
    const data = pos + id.length + size.length;
    if (EBML_DESCEND.has(id.value)) {
      if (id.value === EBML.trackEntry && tracks.length < MAX_TRACKS) {
        tracks.push({ number: 0, type: 0, codec: "", defaultNs: 0 });
      }
      pos = data;
      continue;
    }
    // A leaf of unknown size cannot be skipped.
    if (size.unknown) break;
    const end = data + size.value;
    const track = tracks[tracks.length - 1];
    switch (id.value) {
      case EBML.docType:
        docType = ascii(b, data, size.value).replace(/\0+$/, "");
        break;
      case EBML.timecodeScale:
        timecodeScale = ebmlUint(b, data, size.value) || 1_000_000;
        break;
      case EBML.duration:
        durationTicks = ebmlFloat(b, data, size.value);
        break;
      case EBML.trackNumber:
        if (track) track.number = ebmlUint(b, data, size.value);
        break;
      case EBML.trackType:
        if (track) track.type = ebmlUint(b, data, size.value);
        break;
      case EBML.codecId:
        if (track) track.codec = ascii(b, data, size.value).replace(/\0+$/, "");
        break;
      case EBML.defaultDuration:
        if (track) track.defaultNs = ebmlUint(b, data, size.value);
        break;
      case EBML.timecode:
        clusterTc = ebmlUint(b, data, size.value);
        break;
      case EBML.simpleBlock:
      case EBML.block:
        onBlock(data, Math.min(end, b.length));
        break;
    }
    pos = end;
  }

  const durationElementSec = durationTicks !== null && durationTicks > 0
    ? (durationTicks * timecodeScale) / 1e9
    : null;
  const clusterDurationSec = blockCount > 0 && lastEndNs >= firstNs
    ? (lastEndNs - firstNs) / 1e9
    : null;
  return {
    docType,
    codecId: audioTrack()?.codec ?? null,
    timecodeScaleNs: timecodeScale,
    durationElementSec,
    clusterDurationSec,
    durationSec: clusterDurationSec ?? durationElementSec,
    blockCount,
    activity: activity.result(),
  };
}

/** Sizes of the frames in a (Simple)Block after its header, following its lacing mode. */
function blockFrameSizes(
  b: Uint8Array,
  start: number,
  end: number,
  lacing: number,
): { start: number; sizes: number[] } | null {
  if (start > end) return null;
  if (lacing === 0) return { start, sizes: [end - start] };
  if (start >= end) return null;
  const count = b[start] + 1;
  let p = start + 1;
  const sizes: number[] = [];
  if (lacing === 2) {
    const each = Math.floor((end - p) / count);
    for (let i = 0; i < count; i++) sizes.push(each);
    return { start: p, sizes };
  }
  if (lacing === 1) {
    for (let i = 0; i < count - 1; i++) {
      let size = 0;
      while (p < end && b[p] === 255) size += b[p++];
      if (p >= end) return null;
      sizes.push(size + b[p++]);
    }
  } else {
    const first = readVint(b, p, false);
    if (!first) return null;
    sizes.push(first.value);
    p += first.length;
    for (let i = 1; i < count - 1; i++) {
      const diff = readVint(b, p, false);
      if (!diff) return null;
      // EBML lacing stores signed differences with a bias of 2^(7n-1)-1.
      sizes.push(sizes[i - 1] + diff.value - (2 ** (7 * diff.length - 1) - 1));
      p += diff.length;
    }
  }
  const used = sizes.reduce((a, x) => a + x, 0);
  if (sizes.some((s) => s < 0) || p + used > end) return null;
  sizes.push(end - p - used);
  return { start: p, sizes };
}

// ---------------------------------------------------------------- Ogg

function oggInfo(b: Uint8Array): ContainerInfo {
  let serial: number | null = null;
  let codec: "opus" | "vorbis" | "flac" | null = null;
  let rate = 0;
  let preSkip = 0;
  let lastGranule: number | null = null;
  let packetIndex = 0;
  let audioPackets = 0;
  let packetStart = -1;
  let packetSize = 0;
  let sawWholeFile = false;
  const activity = new ActivityCounter();

  const onPacket = (at: number, size: number) => {
    if (packetIndex === 0) {
      if (isAscii(b, at, "OpusHead")) {
        codec = "opus";
        rate = 48000;
        preSkip = u16le(b, at + 10) || 0;
      } else if (isAscii(b, at + 1, "vorbis") && b[at] === 1) {
        codec = "vorbis";
        rate = u32le(b, at + 12) || 0;
      } else if (isAscii(b, at, "\x7fFLAC")) {
        codec = "flac";
        // STREAMINFO follows a 9-byte mapping header, "fLaC" and a 4-byte block header.
        const s = at + 17;
        rate = s + 13 <= b.length ? (b[s + 10] << 12) | (b[s + 11] << 4) | (b[s + 12] >> 4) : 0;
      }
    } else if (codec === "opus" && !isAscii(b, at, "OpusTags")) {
      audioPackets++;
      activity.addPacket(size, opusPacketSec(b, at, size));
    } else if (codec !== "opus" && packetIndex >= (codec === "flac" ? 1 : 3)) {
      audioPackets++;
    }
    packetIndex++;
  };

  let pos = 0;
  while (pos + 27 <= b.length) {
    if (!isAscii(b, pos, "OggS")) {
      // Resynchronise on the next capture pattern after damage.
      const next = indexOfAscii(b, "OggS", pos + 1);
      if (next < 0) break;
      pos = next;
      continue;
    }
    const segments = b[pos + 26];
    const bodyStart = pos + 27 + segments;
    if (bodyStart > b.length) break;
    const pageSerial = u32le(b, pos + 14);
    let bodyLen = 0;
    for (let i = 0; i < segments; i++) bodyLen += b[pos + 27 + i];
    const pageEnd = bodyStart + bodyLen;
    serial ??= pageSerial;
    if (pageSerial === serial) {
      let at = bodyStart;
      for (let i = 0; i < segments; i++) {
        const lace = b[pos + 27 + i];
        if (packetStart < 0) packetStart = at;
        packetSize += lace;
        at += lace;
        if (lace < 255) {
          if (packetStart + packetSize <= b.length) onPacket(packetStart, packetSize);
          packetStart = -1;
          packetSize = 0;
        }
      }
      const lo = u32le(b, pos + 6);
      const hi = u32le(b, pos + 10);
      // -1 marks a page on which no packet ends; a cut-off page's granule is not yet reached.
      if (!(lo === 0xffffffff && hi === 0xffffffff) && pageEnd <= b.length) {
        lastGranule = hi * 2 ** 32 + lo;
      }
    }
    if (pageEnd >= b.length) {
      sawWholeFile = pageEnd === b.length;
      break;
    }
    pos = pageEnd;
  }

  const samples = lastGranule === null ? null : lastGranule - (codec === "opus" ? preSkip : 0);
  return {
    durationSec: samples !== null && rate > 0 ? Math.max(0, samples) / rate : null,
    activity: activity.result(),
    noAudio: codec !== null && sawWholeFile && audioPackets === 0,
  };
}

function indexOfAscii(b: Uint8Array, s: string, from: number): number {
  const c0 = s.charCodeAt(0);
  for (let i = b.indexOf(c0, from); i >= 0; i = b.indexOf(c0, i + 1)) {
    if (isAscii(b, i, s)) return i;
  }
  return -1;
}

// ---------------------------------------------------------------- MP4 / M4A

const MP4_MAX_DEPTH = 12;
const MP4_DESCEND = new Set([
  "moov",
  "trak",
  "edts",
  "mdia",
  "minf",
  "stbl",
  "mvex",
  "moof",
  "traf",
]);

interface Mp4Track {
  id: number;
  handler: string;
  codec: string;
  timescale: number;
  duration: number;
  /** Sum of the edit list's played segments, in movie timescale; null without an edit list. */
  editDuration: number | null;
  sizes: number[];
  /** stts entries as [count, delta] pairs. */
  deltas: [number, number][];
  defaultDuration: number;
  defaultSize: number;
}

function mp4Info(b: Uint8Array): ContainerInfo {
  let movieTimescale = 0;
  let movieDuration = 0;
  const tracks: Mp4Track[] = [];
  // Fragment samples as [trackId, duration, size].
  const fragments: [number, number, number][] = [];
  let traf = { trackId: 0, duration: 0, size: 0, hasDuration: false, hasSize: false };

  const walk = (start: number, end: number, depth: number) => {
    let pos = start;
    while (pos + 8 <= end) {
      let size = u32be(b, pos);
      const type = ascii(b, pos + 4, 4);
      let header = 8;
      if (size === 1) {
        size = u64be(b, pos + 8);
        header = 16;
      } else if (size === 0) {
        size = end - pos;
      }
      if (!(size >= header)) return;
      const boxEnd = Math.min(end, pos + size);
      const d = pos + header;
      const track = tracks[tracks.length - 1];
      switch (type) {
        case "trak":
          if (tracks.length >= MAX_TRACKS) break;
          tracks.push({
            id: 0,
            handler: "",
            codec: "",
            timescale: 0,
            duration: 0,
            editDuration: null,
            sizes: [],
            deltas: [],
            defaultDuration: 0,
            defaultSize: 0,
          });
          break;
        case "traf":
          traf = { trackId: 0, duration: 0, size: 0, hasDuration: false, hasSize: false };
          break;
        case "mvhd":
          if (b[d] === 1) {
            movieTimescale = u32be(b, d + 20);
            movieDuration = u64be(b, d + 24);
          } else {
            movieTimescale = u32be(b, d + 12);
            movieDuration = u32be(b, d + 16);
          }
          break;
        case "tkhd":
          if (track) track.id = u32be(b, d + (b[d] === 1 ? 20 : 12));
          break;
        case "mdhd":
          if (!track) break;
          if (b[d] === 1) {
            track.timescale = u32be(b, d + 20);
            track.duration = u64be(b, d + 24);
          } else {
            track.timescale = u32be(b, d + 12);
            track.duration = u32be(b, d + 16);
          }
          break;
        case "hdlr":
          if (track) track.handler = ascii(b, d + 8, 4);
          break;
        case "stsd":
          if (track) track.codec = ascii(b, d + 12, 4);
          break;
        case "stsz":
          if (track) readStsz(b, d, boxEnd, track);
          break;
        case "elst":
          if (track) track.editDuration = editListDuration(b, d, boxEnd);
          break;
        case "stts":
          if (track) {
            const n = u32be(b, d + 4);
            for (let i = 0, p = d + 8; i < n && p + 8 <= boxEnd; i++, p += 8) {
              track.deltas.push([u32be(b, p), u32be(b, p + 4)]);
            }
          }
          break;
        case "trex": {
          const t = tracks.find((x) => x.id === u32be(b, d + 4));
          if (t) {
            t.defaultDuration = u32be(b, d + 12) || 0;
            t.defaultSize = u32be(b, d + 16) || 0;
          }
          break;
        }
        case "tfhd":
          traf = readTfhd(b, d, tracks);
          break;
        case "trun":
          readTrun(b, d, boxEnd, traf, fragments);
          break;
      }
      if (MP4_DESCEND.has(type) && depth < MP4_MAX_DEPTH) walk(d, boxEnd, depth + 1);
      pos += size;
    }
  };
  walk(0, b.length, 0);

  const audio = tracks.find((t) => t.handler === "soun") ?? tracks[0] ?? null;
  const timescale = audio?.timescale || movieTimescale;
  const samples: [number, number][] = fragments
    .filter(([id]) => !audio || tracks.length <= 1 || id === audio.id)
    .map(([, duration, size]) => [duration, size]);
  if (samples.length === 0 && audio) {
    // Pair stsz sizes with stts durations.
    let k = 0;
    for (const [count, delta] of audio.deltas) {
      for (let i = 0; i < count && k < audio.sizes.length; i++) {
        samples.push([delta, audio.sizes[k++]]);
      }
    }
  }

  let durationSec: number | null = null;
  if (fragments.length > 0 && timescale > 0) {
    durationSec = samples.reduce((a, [d]) => a + d, 0) / timescale;
  } else if (audio?.editDuration && movieTimescale > 0) {
    // The edit list drops the encoder's priming samples, as players (and ffprobe) do.
    durationSec = audio.editDuration / movieTimescale;
  } else if (audio && audio.timescale > 0 && audio.duration > 0) {
    durationSec = audio.duration / audio.timescale;
  } else if (movieTimescale > 0 && movieDuration > 0) {
    durationSec = movieDuration / movieTimescale;
  }

  const activity = new ActivityCounter();
  if (audio && timescale > 0 && (audio.codec === "mp4a" || audio.codec === "Opus")) {
    for (const [d, size] of samples) activity.addPacket(size, d / timescale);
  }
  return { durationSec, activity: activity.result(), noAudio: false };
}

function editListDuration(b: Uint8Array, d: number, end: number): number | null {
  const v1 = b[d] === 1;
  const n = u32be(b, d + 4);
  const entry = v1 ? 20 : 12;
  let total = 0;
  for (let i = 0, p = d + 8; i < n && p + entry <= end; i++, p += entry) {
    const segment = v1 ? u64be(b, p) : u32be(b, p);
    const mediaTime = v1 ? u32be(b, p + 8) : u32be(b, p + 4);
    // media_time -1 is an empty edit (a delay), not played media.
    if (mediaTime !== 0xffffffff) total += segment;
  }
  return total > 0 ? total : null;
}

function readStsz(b: Uint8Array, d: number, end: number, track: Mp4Track) {
  const fixed = u32be(b, d + 4);
  const count = u32be(b, d + 8);
  if (!(count >= 0)) return;
  if (fixed > 0) {
    // Uncompressed or constant-size audio: the sizes say nothing about silence.
    return;
  }
  for (let i = 0, p = d + 12; i < count && p + 4 <= end; i++, p += 4) track.sizes.push(u32be(b, p));
}

function readTfhd(b: Uint8Array, d: number, tracks: Mp4Track[]) {
  const flags = u32be(b, d) & 0xffffff;
  const trackId = u32be(b, d + 4);
  const track = tracks.find((t) => t.id === trackId);
  let p = d + 8;
  if (flags & 0x1) p += 8;
  if (flags & 0x2) p += 4;
  const hasDuration = (flags & 0x8) !== 0;
  const duration = hasDuration ? u32be(b, p) : track?.defaultDuration ?? 0;
  if (hasDuration) p += 4;
  const hasSize = (flags & 0x10) !== 0;
  const size = hasSize ? u32be(b, p) : track?.defaultSize ?? 0;
  return { trackId, duration: duration || 0, size: size || 0, hasDuration, hasSize };
}

function readTrun(
  b: Uint8Array,
  d: number,
  end: number,
  traf: { trackId: number; duration: number; size: number },
  out: [number, number, number][],
) {
  const flags = u32be(b, d) & 0xffffff;
  const count = u32be(b, d + 4);
  let p = d + 8;
  if (flags & 0x1) p += 4;
  if (flags & 0x4) p += 4;
  const stride = [0x100, 0x200, 0x400, 0x800].filter((f) => flags & f).length * 4;
  // Without per-sample fields only the count bounds the loop; every sample needs a byte of mdat.
  const n = stride > 0
    ? Math.min(count, Math.floor((end - p) / stride))
    : Math.min(count, b.length - out.length);
  for (let i = 0; i < n; i++) {
    let q = p;
    let duration = traf.duration;
    let size = traf.size;
    if (flags & 0x100) {
      duration = u32be(b, q);
      q += 4;
    }
    if (flags & 0x200) size = u32be(b, q);
    out.push([traf.trackId, duration, size]);
    p += stride;
  }
}

// ---------------------------------------------------------------- WAV

function wavInfo(b: Uint8Array): ContainerInfo {
  let format = 0;
  let channels = 0;
  let rate = 0;
  let blockAlign = 0;
  let bits = 0;
  let pos = 12;
  while (pos + 8 <= b.length) {
    const id = ascii(b, pos, 4);
    const size = u32le(b, pos + 4);
    const d = pos + 8;
    if (id === "fmt ") {
      format = u16le(b, d);
      channels = u16le(b, d + 2);
      rate = u32le(b, d + 4);
      blockAlign = u16le(b, d + 12);
      bits = u16le(b, d + 14);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format code in its sub-format GUID.
      if (format === 0xfffe) format = u16le(b, d + 24);
    } else if (id === "data") {
      // Streaming writers leave the size 0 or 0xFFFFFFFF; trust the bytes we have.
      const available = b.length - d;
      const len = size > 0 && size <= available ? size : available;
      if (!(rate > 0 && blockAlign > 0)) break;
      const frames = Math.floor(len / blockAlign);
      return {
        durationSec: frames / rate,
        activity: pcmActivity(b, d, frames, { format, channels, rate, blockAlign, bits }),
        noAudio: false,
      };
    }
    if (!(size >= 0)) break;
    pos = d + size + (size & 1);
  }
  return { durationSec: null, activity: null, noAudio: false };
}

function pcmActivity(
  b: Uint8Array,
  start: number,
  frames: number,
  f: { format: number; channels: number; rate: number; blockAlign: number; bits: number },
): FrameActivity | null {
  const bytesPer = f.bits / 8;
  const isInt = f.format === 1 && [8, 16, 24, 32].includes(f.bits);
  const isFloat = f.format === 3 && (f.bits === 32 || f.bits === 64);
  if ((!isInt && !isFloat) || f.channels < 1 || f.blockAlign < bytesPer * f.channels) return null;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const read = (at: number): number => {
    if (isFloat) return f.bits === 32 ? view.getFloat32(at, true) : view.getFloat64(at, true);
    switch (f.bits) {
      case 8:
        return (b[at] - 128) / 128;
      case 16:
        return view.getInt16(at, true) / 32768;
      case 24:
        return ((b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) << 8 >> 8) / 8388608;
      default:
        return view.getInt32(at, true) / 2147483648;
    }
  };
  const window = Math.max(1, Math.round(f.rate * 0.02));
  // Long uploads are sampled sparsely: RMS over every k-th sample is close enough.
  const step = Math.max(1, Math.floor(frames / 2_000_000));
  const threshold = 10 ** (AUDIO_THRESHOLDS.wavActiveDbfs / 20);
  const counter = new ActivityCounter();
  for (let w = 0; w < frames; w += window) {
    const n = Math.min(window, frames - w);
    let sum = 0;
    let count = 0;
    for (let i = 0; i < n; i += step) {
      const at = start + (w + i) * f.blockAlign;
      for (let c = 0; c < f.channels; c++) {
        const x = read(at + c * bytesPer);
        sum += x * x;
        count++;
      }
    }
    counter.add(n / f.rate, Math.sqrt(sum / count) >= threshold);
  }
  return counter.result();
}

// ---------------------------------------------------------------- MP3

const MPEG_BITRATES = {
  v1l1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  v1l2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  v1l3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2l1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  v2l23: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MPEG_RATES: Record<number, number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

interface MpegFrame {
  length: number;
  samples: number;
  rate: number;
  mpeg1: boolean;
  mono: boolean;
}

/** Parses an MPEG audio frame header at `at`; null if the four bytes are not a valid one. */
function mpegFrameHeader(b: Uint8Array, at: number): MpegFrame | null {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1] & 0xe0) !== 0xe0) return null;
  const version = (b[at + 1] >> 3) & 3;
  const layer = (b[at + 1] >> 1) & 3;
  const bitrateIndex = b[at + 2] >> 4;
  const rateIndex = (b[at + 2] >> 2) & 3;
  if (
    version === 1 || layer === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3
  ) {
    return null;
  }
  const mpeg1 = version === 3;
  const table = layer === 3
    ? (mpeg1 ? MPEG_BITRATES.v1l1 : MPEG_BITRATES.v2l1)
    : mpeg1
    ? (layer === 2 ? MPEG_BITRATES.v1l2 : MPEG_BITRATES.v1l3)
    : MPEG_BITRATES.v2l23;
  const bitrate = table[bitrateIndex] * 1000;
  const rate = MPEG_RATES[version][rateIndex];
  const padding = (b[at + 2] >> 1) & 1;
  const samples = layer === 3 ? 384 : layer === 2 || mpeg1 ? 1152 : 576;
  const length = layer === 3
    ? (Math.floor((12 * bitrate) / rate) + padding) * 4
    : Math.floor(((samples / 8) * bitrate) / rate) + padding;
  return { length, samples, rate, mpeg1, mono: b[at + 3] >> 6 === 3 };
}

function mp3Info(b: Uint8Array): ContainerInfo {
  let pos = 0;
  while (isAscii(b, pos, "ID3") && pos + 10 <= b.length) {
    const size = (b[pos + 6] << 21) | (b[pos + 7] << 14) | (b[pos + 8] << 7) | b[pos + 9];
    pos += 10 + size + (b[pos + 5] & 0x10 ? 10 : 0);
  }
  // Find the first frame whose successor is also a frame (or that ends the buffer).
  let first: MpegFrame | null = null;
  for (; pos + 4 <= b.length; pos++) {
    const h = mpegFrameHeader(b, pos);
    if (!h) continue;
    const next = pos + h.length;
    if (next >= b.length || mpegFrameHeader(b, next)) {
      first = h;
      break;
    }
  }
  if (!first) return { durationSec: null, activity: null, noAudio: true };

  const side = first.mpeg1 ? (first.mono ? 17 : 32) : first.mono ? 9 : 17;
  const xing = pos + 4 + side;
  if ((isAscii(b, xing, "Xing") || isAscii(b, xing, "Info")) && u32be(b, xing + 4) & 1) {
    return {
      durationSec: (u32be(b, xing + 8) * first.samples) / first.rate,
      activity: null,
      noAudio: false,
    };
  }
  if (isAscii(b, pos + 36, "VBRI")) {
    return {
      durationSec: (u32be(b, pos + 50) * first.samples) / first.rate,
      activity: null,
      noAudio: false,
    };
  }
  let seconds = 0;
  for (let h: MpegFrame | null = first; h; h = mpegFrameHeader(b, pos)) {
    seconds += h.samples / h.rate;
    pos += h.length;
  }
  return { durationSec: seconds, activity: null, noAudio: false };
}
