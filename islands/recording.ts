/**
 * One take of an answer: the MediaRecorder with its countdown (the caller stops it at 0), the
 * input meter and, when given, a caption source listening alongside. When stopped it hands
 * over the recording and what the captions heard.
 */
import type { CaptionSource } from "./captions.ts";
import { pickMimeType, recordedType } from "./engine.ts";
import { meter } from "./mic.ts";

/** A take in progress. */
export interface Take {
  /** Stops it (once; later calls do nothing); `done` follows. */
  stop(): void;
}

/** Starts recording `stream` for at most `maxSec` seconds. */
export function startTake(
  stream: MediaStream,
  ctx: AudioContext | null,
  captions: CaptionSource | null,
  maxSec: number,
  on: {
    left(seconds: number): void;
    level(level: number): void;
    /** The recording, and the captions' final text ("" without captions). */
    done(blob: Blob, heard: string): void;
  },
): Take {
  const mime = pickMimeType();
  const rec = new MediaRecorder(stream, mime ? { mimeType: mime } : undefined);
  const chunks: Blob[] = [];
  let heard = Promise.resolve("");
  const stopMeter = ctx ? meter(ctx, stream, on.level) : () => {};
  const began = performance.now();
  const interval = setInterval(() => {
    const left = Math.max(0, Math.ceil(maxSec - (performance.now() - began) / 1000));
    on.left(left);
  }, 250);
  rec.ondataavailable = (e) => e.data.size && chunks.push(e.data);
  rec.onstop = () => {
    clearInterval(interval);
    stopMeter();
    on.level(0);
    const blob = new Blob(chunks, { type: recordedType(rec, chunks, mime) });
    void heard.then((text) => on.done(blob, text.trim()));
  };
  const take: Take = {
    stop() {
      if (rec.state !== "recording") return;
      if (captions) heard = captions.stop();
      rec.stop();
    },
  };
  rec.start(1000);
  captions?.start();
  on.left(maxSec);
  return take;
}
