/**
 * What captions one recording: the browser's speech recognition when the server cannot
 * transcribe (its text then becomes the transcript sent with the audio), or the server's live
 * transcription when it offers one (captions only; the stream's id goes with the answer). The
 * live stream's code is a chunk of its own, fetched only by interviews that use it.
 */
import { browserCaptions, type CaptionSource } from "./captions.ts";
import type { Recognition } from "./device.ts";
import type { LiveStream } from "./live_stream.ts";

/** Fetches the live stream's chunk ahead of the first recording. */
export function preloadLive(): void {
  void import("./live_stream.ts");
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
  const browser = !o.serverStt && o.recognition !== "none" && !o.optedOut
    ? browserCaptions(o.lang, o.recognition)
    : null;
  if (browser) browser.onPartial = o.onPartial;
  const live = o.live && o.ctx
    ? (await import("./live_stream.ts")).startLiveStream({ ...o, ctx: o.ctx })
    : null;
  return { browser, live };
}
