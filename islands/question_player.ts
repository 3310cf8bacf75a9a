/**
 * Asks one question: the server's audio from its first bytes (stream_player.ts), else, or when
 * that fails, the browser's voice, else nothing at all. However it ends — played out, failed,
 * skipped, a voice that never starts, an engine whose `cancel()` reports an error at once —
 * `next` runs exactly once, so one question leads to exactly one recording.
 */
import { cancelSpeech, speak } from "./question_voice.ts";
import { playStream } from "./stream_player.ts";

/**
 * Marks the moments a candidate perceives on the page's performance timeline (stop pressed,
 * question audible, question over), so browser tests and the bench read the gap they hear.
 */
export const mark = (name: string, turn: number, startTime?: number) =>
  performance.mark(name, { detail: { turn }, startTime });

/** A question being asked. */
export interface Asking {
  /** Silences it and moves on to the answer now. */
  skip(): void;
}

/** `f`, callable many times, run once. */
function once(f: () => void): () => void {
  let ran = false;
  return () => ran || (ran = true, f());
}

/** Asks question `turn`; `next` starts the answer. */
export function askQuestion(
  q: {
    turn: number;
    text: string;
    url: string | null;
    lang: string;
    ctx: AudioContext | null;
    audio: HTMLAudioElement | null;
    /** The browser's voice for `lang`, or null without one. */
    voice(): Promise<SpeechSynthesisVoice | null>;
  },
  next: () => void,
): Asking {
  const step = once(next);
  let skipped = false;
  const aloud = async () => {
    const v = await q.voice();
    if (skipped) return;
    if (v) speak(q.text, q.lang, v, step);
    else step();
  };
  const pb = q.url && q.audio
    ? playStream(q.url, q.ctx, q.audio, {
      firstByte: () => mark("question-first-byte", q.turn),
      audible: (at) => mark("question-audible", q.turn, at),
    })
    : null;
  if (pb) {
    void pb.done.then((how) => {
      if (skipped) return;
      mark(`question-${how}`, q.turn);
      if (how === "failed") void aloud();
      else step();
    });
  } else void aloud();
  return {
    skip() {
      skipped = true;
      pb?.stop();
      cancelSpeech();
      step();
    },
  };
}
