/**
 * Media: what the service knows about uploaded answer audio, in pure TypeScript so it runs on
 * Deno Deploy (no ffmpeg). mediabunny recognises and demuxes the container (WebM/Matroska, Ogg,
 * MP4/MOV, WAV, MP3) and writes seekable copies; this folder adds what no library does: the
 * duration of a WebM's last block, and the guess whether a recording holds speech. That guess
 * rests on one fact about the encoders browsers use: Opus and AAC spend a few bytes on a frame
 * of digital silence (Chrome: 8 bytes per 60 ms, libopus: 3 bytes per 20 ms, AAC: 4 bytes per
 * 1024 samples), while sound takes tens to hundreds. A quiet but live microphone costs as much
 * as speech, so the guess catches a muted or dead microphone, not a silent candidate; only PCM
 * (WAV), where the samples are seen, is measured by loudness.
 *
 * For question audio it turns the raw PCM a Realtime voice streams into MP3 as it arrives
 * (`pcmToMp3`); `pcm.ts` decodes PCM and is shared with the recorder island.
 */

export { AUDIO_THRESHOLDS, type FrameActivity, LONG_PAUSE_SEC } from "./activity.ts";
export {
  type AudioFormat,
  type AudioInspection,
  inspectAudio,
  type NoSpeechReason,
  sniffAudio,
  type SniffedAudio,
} from "./inspect.ts";
export { makeSeekable, type SeekableAudio } from "./seekable.ts";
export { pcmToMp3 } from "./mp3.ts";
export { pcm16ToFloat, pcmRate } from "./pcm.ts";
