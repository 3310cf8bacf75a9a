/**
 * What differs between browser engines, in one place: the recording container each one can
 * write, the type its chunks really carry, and the audio unlocking some engines only allow
 * inside a user gesture. Chromium and Firefox record Opus (WebM, Ogg), WebKit/Safari only
 * MP4/AAC.
 */

/** Recording containers in order of preference; the first one the engine supports wins. */
const MIME_TYPES = ["audio/webm;codecs=opus", "audio/mp4", "audio/ogg;codecs=opus", "audio/ogg"];

/** The first container this browser can record, or "" to let it choose. */
export function pickMimeType(): string {
  return MIME_TYPES.find((m) => MediaRecorder.isTypeSupported?.(m)) ?? "";
}

/**
 * The type of a finished recording: the recorder's own, else the chunks' (an engine may leave
 * `mimeType` empty), else what was asked for.
 */
export function recordedType(rec: MediaRecorder, chunks: Blob[], asked: string): string {
  return rec.mimeType || chunks.find((c) => c.type)?.type || asked || "audio/webm";
}

/** File extension the server expects for a recorded MIME type. */
export function extensionOf(mime: string): string {
  return mime.includes("mp4") ? "m4a" : mime.includes("ogg") ? "ogg" : "webm";
}

/** A 1 ms silent WAV: what the audio element plays inside the first tap. */
const SILENCE =
  "data:audio/wav;base64,UklGRjQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YRAAAAAAAAAAAAAAAAAAAAAAAAAA";

/**
 * Everything that browsers (Safari and iOS above all) only allow inside a user gesture, done in
 * the first "start" tap for the whole interview: an audio element that has played once (Safari
 * lets an element play later without a gesture only after a `play()` inside one), a resumed
 * AudioContext (WebKit and Firefox create it suspended), and the playback audio session.
 */
export function unlockAudio(): { audio: HTMLAudioElement; ctx: AudioContext | null } {
  const audio = new Audio(SILENCE);
  audio.preload = "auto";
  audio.play().catch(() => {});
  const AC = globalThis.AudioContext ??
    (globalThis as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  const ctx = AC ? new AC() : null;
  ctx?.resume().catch(() => {});
  // iOS mutes Web Audio under the silent switch unless the session says it is playback.
  const session = (navigator as { audioSession?: { type: string } }).audioSession;
  if (session) session.type = "playback";
  return { audio, ctx };
}
