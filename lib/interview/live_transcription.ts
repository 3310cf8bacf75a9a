/**
 * Live transcriptions of answers being spoken, keyed by interview and turn: the live endpoint
 * starts one per recording (identified by the `live_id` the island also sends with the
 * answer), pushes the PCM into it and ends it when the recording stops; the answer pipeline
 * then takes its transcript once, if it is complete and belongs to that very recording.
 *
 * A newer stream for the same turn replaces the older one (reconnect, reload); a stream that
 * breaks, idles, runs too long or too large is dropped, and its answer falls back to file
 * STT. Memory is bounded: at most `maxEntries` streams, each at most `maxPcmBytes` of audio
 * (which the provider holds, not this registry) and `maxAgeMs` old.
 */
import type {
  LiveTranscribeOptions,
  LiveTranscript,
  LiveTranscription,
  Transcription,
} from "../ai/types.ts";
import { LIVE_PCM_RATE } from "../ai/types.ts";

export interface LiveLimits {
  /** Streams kept at once; the oldest is dropped beyond. */
  maxEntries: number;
  /** A stream that received nothing for this long is dropped. */
  idleMs: number;
  /** A stream (and its result) is forgotten this long after it started. */
  maxAgeMs: number;
  /** PCM accepted per stream: a 60-s answer with slack. */
  maxPcmBytes: number;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = {
  maxEntries: 500,
  idleMs: 20_000,
  maxAgeMs: 180_000,
  maxPcmBytes: 70 * LIVE_PCM_RATE * 2,
};

/** How long `take` waits for a stream that was stopped to deliver its final text. */
export const LIVE_FINAL_WAIT_MS = 1_500;

type State = "opening" | "streaming" | "finishing" | "done" | "broken";

interface Entry {
  liveId: string;
  state: State;
  session: Promise<LiveTranscription | null>;
  final: Promise<LiveTranscript> | null;
  /** Resolves when the recording stopped, or the stream broke. */
  stopped: PromiseWithResolvers<void>;
  bytes: number;
  /** Set when an earlier stream of this turn used the same id: the start of its audio is lost. */
  resumed: boolean;
  idle: ReturnType<typeof setTimeout> | undefined;
  expiry: ReturnType<typeof setTimeout>;
}

/** One live stream as the endpoint drives it. */
export interface LiveStream {
  /** Resolves true once the provider session is open, false when it could not open. */
  ready: Promise<boolean>;
  push(pcm: Uint8Array): void;
  /** The recording stopped: commit, and let `take` have the final text. */
  stop(): Promise<LiveTranscript>;
  /** The stream ended without a stop (socket lost): nothing of it will be used. */
  abandon(): void;
}

export class LiveTranscriptions {
  readonly #entries = new Map<string, Entry>();
  readonly #limits: LiveLimits;

  constructor(limits: Partial<LiveLimits> = {}) {
    this.#limits = { ...DEFAULT_LIVE_LIMITS, ...limits };
  }

  /** Streams held now (tests, metrics). */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Starts the live stream of recording `liveId` for a turn, replacing any earlier stream of
   * that turn. `open` opens the provider session (with hints and the partial callback).
   */
  start(
    sessionId: string,
    turn: number,
    liveId: string,
    open: (opts: Pick<LiveTranscribeOptions, "onPartial">) => Promise<LiveTranscription>,
    onPartial?: (text: string) => void,
  ): LiveStream {
    const key = `${sessionId}:${turn}`;
    const previous = this.#entries.get(key);
    if (previous) this.#drop(key, previous);
    while (this.#entries.size >= this.#limits.maxEntries) {
      const [oldestKey, oldest] = this.#entries.entries().next().value!;
      this.#drop(oldestKey, oldest);
    }
    const entry: Entry = {
      liveId,
      state: "opening",
      session: open({ onPartial }).catch(() => null),
      final: null,
      stopped: Promise.withResolvers(),
      bytes: 0,
      resumed: previous?.liveId === liveId,
      idle: undefined,
      expiry: setTimeout(() => this.#drop(key, entry), this.#limits.maxAgeMs),
    };
    this.#entries.set(key, entry);
    const touch = () => {
      clearTimeout(entry.idle);
      entry.idle = setTimeout(() => this.#break(entry), this.#limits.idleMs);
    };
    touch();
    const ready = entry.session.then((s) => {
      if (!s) this.#break(entry);
      else if (entry.state === "opening") entry.state = "streaming";
      else if (entry.state === "broken") s.close(); // replaced or dropped while it opened
      return s !== null && entry.state !== "broken";
    });
    return {
      ready,
      push: (pcm) => {
        if (entry.state !== "opening" && entry.state !== "streaming") return;
        entry.bytes += pcm.byteLength;
        if (entry.bytes > this.#limits.maxPcmBytes) return this.#break(entry);
        touch();
        // Runs before a later stop's finish: callbacks on one promise keep their order.
        entry.session.then((s) => entry.state !== "broken" && s?.push(pcm));
      },
      stop: () => {
        if (entry.final) return entry.final;
        if (entry.state !== "opening" && entry.state !== "streaming") {
          return Promise.resolve({ text: "", complete: false });
        }
        clearTimeout(entry.idle);
        entry.state = "finishing";
        entry.final = entry.session.then(async (s) => {
          const t = s ? await s.finish() : { text: "", complete: false };
          if (entry.state === "finishing") entry.state = t.complete ? "done" : "broken";
          return t;
        });
        entry.stopped.resolve();
        return entry.final;
      },
      abandon: () => {
        if (entry.state === "opening" || entry.state === "streaming") this.#break(entry);
      },
    };
  }

  /**
   * The complete live transcript of recording `liveId` for a turn (with the seconds of audio
   * streamed), taken once; null when there
   * is none (no stream, another recording's, broken, resumed, empty, or not stopped and final
   * within `waitMs`: the answer may overtake the stream's stop message).
   */
  async take(
    sessionId: string,
    turn: number,
    liveId: string,
    waitMs = LIVE_FINAL_WAIT_MS,
  ): Promise<Transcription | null> {
    const key = `${sessionId}:${turn}`;
    const entry = this.#entries.get(key);
    if (!entry || entry.liveId !== liveId) return null;
    this.#drop(key, entry, false);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((r) => timer = setTimeout(() => r(null), waitMs));
    try {
      await Promise.race([entry.stopped.promise, late]);
      if (!entry.final || entry.resumed) return null;
      const t = await Promise.race([entry.final, late]);
      if (!t?.complete || !t.text.trim()) return null;
      return { text: t.text.trim(), durationSec: entry.bytes / (LIVE_PCM_RATE * 2) };
    } finally {
      clearTimeout(timer);
      this.#close(entry);
    }
  }

  /** Drops every stream (shutdown, tests). */
  close(): void {
    for (const [key, entry] of this.#entries) this.#drop(key, entry);
  }

  #break(entry: Entry): void {
    clearTimeout(entry.idle);
    entry.state = "broken";
    entry.stopped.resolve();
    this.#close(entry);
  }

  #close(entry: Entry): void {
    entry.session.then((s) => s?.close());
  }

  #drop(key: string, entry: Entry, close = true): void {
    clearTimeout(entry.idle);
    clearTimeout(entry.expiry);
    if (this.#entries.get(key) === entry) this.#entries.delete(key);
    if (close) this.#break(entry);
  }
}

/**
 * The answer's transcript: the complete live transcript of this very recording when there is
 * one (then the file is not transcribed at all), else `fileStt`.
 */
export async function liveOrFileTranscript(
  live: LiveTranscriptions | undefined,
  sessionId: string,
  turn: number,
  liveId: string | undefined,
  fileStt: () => Promise<Transcription>,
): Promise<Transcription & { source: "live" | "server" }> {
  const heard = liveId ? await live?.take(sessionId, turn, liveId) : null;
  if (heard) return { ...heard, source: "live" };
  return { ...(await fileStt()), source: "server" };
}
