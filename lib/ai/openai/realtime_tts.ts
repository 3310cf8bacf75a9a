/**
 * Text to speech over the OpenAI Realtime API (GA): one out-of-band response per question,
 * asking the model to read it verbatim, its PCM16 24 kHz deltas streamed into the `Speech`
 * body as they arrive. Sockets are opened ahead of time by `prepare()` (the handshake then
 * overlaps STT and the LLM) and kept a bounded time for the next question.
 */
import { distance } from "fastest-levenshtein";
import type { AppError } from "../../errors.ts";
import {
  errorFromEvent,
  RealtimeConnection,
  realtimeUrl,
  type SessionConfig,
  ttsFailed,
  ttsUnavailable,
} from "./realtime_socket.ts";
import type { CallOptions, Speech } from "../types.ts";

/** Raw 16-bit little-endian mono PCM at 24 kHz, the only rate the GA Realtime API emits. */
export const PCM_CONTENT_TYPE = "audio/pcm;rate=24000";

const READ_VERBATIM = "You are the voice of a job interviewer. Read the user's message aloud " +
  "exactly as written, word for word, in its own language. Do not answer it, comment on it, " +
  "translate it, or add or leave out anything. Speak calmly and clearly, at a natural pace.";

/**
 * Similarity at or above which the spoken transcript counts as the question read faithfully.
 * A faithful reading still differs a little: the transcript is itself a recognition of the
 * audio, and numbers or Latin terms come back spelt another way ("3년" → "삼 년", "API" →
 * "에이피아이"), a few characters in a question of 40–150. A real divergence — the model
 * answering or paraphrasing the question, or stopping halfway — replaces or drops most of it
 * and lands far below. 0.8 lets one character in five differ.
 */
export const TRANSCRIPT_MATCH = 0.8;

const normalise = (s: string) =>
  s.normalize("NFKC").toLowerCase().replace(/[\p{P}\p{S}\p{Z}\s]+/gu, "");

/** Character-level similarity (1 − edit distance / longer length) ignoring spacing and marks. */
export function transcriptSimilarity(spoken: string, text: string): number {
  const a = normalise(spoken);
  const b = normalise(text);
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - distance(a, b) / longer;
}

/** Speech from the Realtime path; `retake` is explained at `speak`. */
export interface RealtimeSpeech extends Speech {
  retake: Promise<Uint8Array | null>;
}

/** What happened to a reading whose transcript diverged from the text. */
export type DivergenceOutcome = "retried" | "kept";

export interface RealtimeTtsOptions {
  /** The TTS server's base URL including `/v1`; its scheme picks `ws://` or `wss://`. */
  baseURL: string;
  apiKey: string;
  model: string;
  voice: string;
  /** Limit for the handshake and for the silence between two events of a response. */
  timeoutMs: number;
  /**
   * How long an idle socket (prewarmed or used) is kept before it is closed; default 45 s,
   * under the 60 s idle limit common in reverse proxies in front of self-hosted servers.
   */
  keepAliveMs?: number;
  /** At most this many idle sockets are kept. */
  maxIdle?: number;
  /** Called when a reading diverged: `retried` if the retake matched, else `kept`. */
  onDivergence?: (outcome: DivergenceOutcome) => void;
}

export interface RealtimeTts {
  /** Opens a socket for the next `speak` unless an idle one is already waiting. */
  prepare(): void;
  speak(text: string, opts?: CallOptions): Promise<RealtimeSpeech>;
  /** Closes every idle socket (tests; the service keeps its provider for its lifetime). */
  close(): void;
}

interface Idle {
  conn: Promise<RealtimeConnection>;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export function createRealtimeTts(o: RealtimeTtsOptions): RealtimeTts {
  const keepAliveMs = o.keepAliveMs ?? 45_000;
  const maxIdle = o.maxIdle ?? 4;
  const url = realtimeUrl(o.baseURL, o.model);
  const session: SessionConfig = {
    type: "realtime",
    output_modalities: ["audio"],
    instructions: READ_VERBATIM,
    audio: { output: { format: { type: "audio/pcm", rate: 24_000 }, voice: o.voice } },
  };
  const idle: Idle[] = [];

  const dial = () => RealtimeConnection.open(url, o.apiKey, session, o.timeoutMs);

  const unpark = (entry: Idle) => {
    clearTimeout(entry.timer);
    const i = idle.indexOf(entry);
    if (i >= 0) idle.splice(i, 1);
  };

  /** (Re)starts an idle socket's `keepAliveMs`, after which it is closed. */
  const expire = (entry: Idle) => {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      unpark(entry);
      entry.conn.then((c) => c.close(), () => {});
    }, keepAliveMs);
  };

  /** Keeps a socket (or one being opened) for `keepAliveMs`; it leaves when closed by the peer. */
  const park = (conn: Promise<RealtimeConnection>) => {
    const entry: Idle = { conn, timer: undefined };
    expire(entry);
    idle.push(entry);
    conn.then(
      // An error while idle (a rejected session.update) spoils the socket: the next speak
      // dials anew and meets the error on its own response.
      (c) =>
        c.listen({
          event: (e) => e.type === "error" && c.close(errorFromEvent(e.error)),
          closed: () => unpark(entry),
        }),
      () => unpark(entry),
    );
  };

  /** An idle socket if one is open (or opening), else a new one. */
  const acquire = async (): Promise<RealtimeConnection> => {
    while (idle.length) {
      const entry = idle.shift()!;
      clearTimeout(entry.timer);
      // A prewarm that failed is dialled again below, so its error is reported fresh.
      const conn = await entry.conn.catch(() => null);
      if (conn?.usable) return conn;
    }
    return dial();
  };

  const release = (conn: RealtimeConnection) => {
    if (conn.usable && idle.length < maxIdle) park(Promise.resolve(conn));
    else conn.close();
  };

  /**
   * Runs one out-of-band response on `conn`, handing each audio chunk to `onAudio` as it
   * arrives; resolves with the output transcript (null when the server sent none) once the
   * response completed. Any failure closes the socket: it may still carry the broken response.
   */
  const respond = (
    conn: RealtimeConnection,
    text: string,
    onAudio: (pcm: Uint8Array) => void,
    call?: CallOptions,
  ) =>
    new Promise<string | null>((resolve, reject) => {
      let transcript: string | null = null;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(
          () =>
            fail(
              ttsUnavailable("The speech service did not answer in time", { stage: "response" }),
            ),
          o.timeoutMs,
        );
      };
      const fail = (err: AppError) => {
        clearTimeout(timer);
        conn.listen(null);
        conn.close(err);
        reject(err);
      };
      conn.listen({
        event(e) {
          arm();
          if (e.type === "response.output_audio.delta" && e.delta) {
            onAudio(Uint8Array.fromBase64(e.delta));
          } else if (e.type === "response.output_audio_transcript.done") transcript = e.transcript;
          else if (e.type === "error") fail(errorFromEvent(e.error));
          else if (e.type === "response.done") {
            const usage = e.response.usage;
            call?.onUsage?.({
              capability: "tts",
              model: o.model,
              input_tokens: usage?.input_tokens ?? 0,
              output_audio_tokens: usage?.output_token_details?.audio_tokens ?? 0,
              output_text_tokens: usage?.output_token_details?.text_tokens ?? 0,
              characters: text.length,
            });
            const status = e.response.status;
            if (status === "completed") {
              clearTimeout(timer);
              conn.listen(null);
              resolve(transcript);
            } else if (status === "failed") fail(errorFromEvent(e.response.status_details?.error));
            else fail(ttsFailed("The speech response ended early", { status: status ?? null }));
          }
        },
        closed: fail,
      });
      conn.send({
        type: "response.create",
        response: {
          conversation: "none",
          output_modalities: ["audio"],
          instructions: READ_VERBATIM,
          input: [{ type: "message", role: "user", content: [{ type: "input_text", text }] }],
        },
      });
      arm();
    });

  /**
   * The retake after a diverged reading, on the same socket: the complete audio if its
   * transcript matches, else null (the streamed audio is kept).
   */
  const retake = async (conn: RealtimeConnection, text: string, call?: CallOptions) => {
    const chunks: Uint8Array[] = [];
    try {
      const transcript = await respond(conn, text, (pcm) => chunks.push(pcm), call);
      release(conn);
      if (transcript !== null && transcriptSimilarity(transcript, text) < TRANSCRIPT_MATCH) {
        o.onDivergence?.("kept");
        return null;
      }
      o.onDivergence?.("retried");
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
      chunks.reduce((at, c) => (out.set(c, at), at + c.byteLength), 0);
      return out;
    } catch {
      o.onDivergence?.("kept");
      return null;
    }
  };

  return {
    prepare() {
      // An idle socket already waiting is kept longer rather than joined by another.
      if (idle.length) expire(idle[0]);
      else park(dial());
    },

    /**
     * Resolves at the first audio delta, so a failure before any audio rejects (a clean error
     * for the caller) and one after it errors the body stream (never a normal end, so a
     * partial is never taken for the whole). The body closes when the response completed.
     *
     * The transcript is known only after the audio has been streamed to the listener, so the
     * check cannot keep a diverged reading from being heard. What it can fix is the stored
     * copy every later play uses: on divergence the question is synthesised once more on the
     * same socket and `retake` resolves with that complete audio, which the consumer stores
     * instead of the body; `retake` is null when the body is what to keep (it matched, there
     * was no transcript, or the retake diverged too or failed — then counted as `kept`).
     */
    async speak(text, call) {
      const conn = await acquire();
      let controller!: ReadableStreamDefaultController<Uint8Array>;
      let streaming = true;
      const body = new ReadableStream<Uint8Array>({
        start: (c) => void (controller = c),
        // Both tee branches gave up (the listener left and storage failed): stop paying. Once
        // the response is over the socket may already serve another question.
        cancel: () => {
          if (streaming) conn.close();
        },
      });
      return await new Promise<RealtimeSpeech>((resolve, reject) => {
        let verdict: (audio: Uint8Array | null) => void = () => {};
        const speech: RealtimeSpeech = {
          body,
          contentType: PCM_CONTENT_TYPE,
          retake: new Promise((r) => verdict = r),
        };
        let started = false;
        respond(conn, text, (pcm) => {
          if (!started) resolve(speech);
          started = true;
          controller.enqueue(pcm);
        }, call).then((transcript) => {
          streaming = false;
          if (!started) {
            conn.close();
            return reject(ttsFailed("The speech service returned no audio"));
          }
          controller.close();
          if (transcript === null || transcriptSimilarity(transcript, text) >= TRANSCRIPT_MATCH) {
            release(conn);
            verdict(null);
          } else {
            retake(conn, text, call).then(verdict);
          }
        }, (err) => {
          streaming = false;
          verdict(null);
          if (started) controller.error(err);
          else reject(err);
        });
      });
    },

    close() {
      for (const entry of idle.splice(0)) {
        clearTimeout(entry.timer);
        entry.conn.then((c) => c.close(), () => {});
      }
    },
  };
}
