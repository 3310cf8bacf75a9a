/**
 * The recorder island's props and the state it keeps outside of rendering (media objects, the
 * take in hand and what goes with it), split from Recorder.tsx to keep that file readable.
 */
import type { Asking } from "./question_player.ts";
import type { MicProblem } from "./mic.ts";
import type { Take } from "./recording.ts";
import type { ClientTranscript } from "./upload.ts";
import type { LiveStream } from "./live_stream.ts";
import type { IslandMessages } from "../lib/i18n/mod.ts";

/** Serializable props, embedded as JSON by the interview page. */
export interface RecorderProps {
  sessionId: string;
  turn: number;
  total: number;
  question: string;
  audioUrl: string | null;
  /** The server transcribes recordings; else the browser (or the candidate) gives the text. */
  serverStt: boolean;
  /** The language answers are spoken in (BCP 47), for the browser's voice and recognition. */
  speechLang: string;
  /** The current turn has a stored answer whose processing failed: resume it on the server. */
  retryPending: boolean;
  /** Where answers are POSTed: the answer API, or in `retry` mode the turn's attempts. */
  postUrl: string;
  /** `retry`: one question of a finished interview answered again (nothing to resume). */
  mode?: "interview" | "retry";
  /** Seconds of countdown between a question and its recording (0: none). */
  prepSeconds: number;
  csrf: string;
  /** The server transcribes while the candidate speaks (`live_stream.ts`): stream and caption. */
  live?: boolean;
  resultUrl: string;
  loginUrl: string;
  t: IslandMessages;
}

export type Phase =
  | "idle"
  | "playing"
  | "prep"
  | "recording"
  | "sending"
  | "review"
  | "failed"
  | "again"
  | "done";

/** The recorder's state outside of rendering, for one page. */
export function roomState(audioUrl: string | null) {
  return {
    audio: null as HTMLAudioElement | null,
    audioUrl,
    asking: null as Asking | null,
    ctx: null as AudioContext | null,
    stream: null as Promise<MediaStream | MicProblem> | null,
    take: null as Take | null,
    /** Whether the browser recognised anything of the last recording. */
    browserHeard: false,
    blob: null as Blob | null,
    reviewUrl: "",
    live: null as LiveStream | null,
    text: null as string | null,
    transcript: null as ClientTranscript | null,
    /** Cancels the running preparation countdown; null when none runs. */
    stopPrep: null as (() => void) | null,
  };
}
