/**
 * What captions one recording: the browser's speech recognition when the server cannot
 * transcribe (its text then becomes the transcript sent with the audio), or the server's live
 * transcription when it offers one (captions only; the stream's id goes with the answer). Each
 * source's code is a chunk of its own, fetched only by interviews that use it.
 */
import { type CaptionSource, recognitionClass } from "./captions.ts";
import type { Recognition } from "./device.ts";
import type { LiveStream } from "./live_stream.ts";

/** Fetches the caption source's chunk ahead of the first recording. */
export function preloadCaptions(o: { live: boolean; serverStt: boolean }): void {
  if (o.live) void import("./live_stream.ts");
  else if (!o.serverStt) void import("./browser_captions.ts");
}

/** Starts the caption sources of a recording; `onPartial` hears the text so far. */
export async function recordingCaptions(o: {
  serverStt: boolean;
  live: boolean;
  recognition: Recognition;
  optedOut: boolean;
  lang: string;
  sessionId: string;
  turn: number;
  csrf: string;
  stream: MediaStream;
  ctx: AudioContext | null;
  onPartial: (text: string) => void;
}): Promise<{ browser: CaptionSource | null; live: LiveStream | null }> {
  const where = o.serverStt || o.optedOut || o.recognition === "none" ? null : o.recognition;
  const R = where && recognitionClass();
  const browser = R && where
    ? (await import("./browser_captions.ts")).browserCaptions(R, o.lang, where)
    : null;
  if (browser) browser.onPartial = o.onPartial;
  const live = o.live && o.ctx
    ? (await import("./live_stream.ts")).startLiveStream({ ...o, ctx: o.ctx })
    : null;
  return { browser, live };
}
