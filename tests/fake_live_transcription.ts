/**
 * The fake's Realtime transcription session (`GET /v1/realtime?intent=transcription`), served
 * by `fake_realtime.ts` on its sockets. Client events: `session.update` with
 * `session.type: "transcription"` (PCM 24 kHz, a transcribe model, `turn_detection: null`),
 * `input_audio_buffer.append`, `input_audio_buffer.commit`. Server events: `session.created`,
 * `session.updated`, `conversation.item.input_audio_transcription.delta` — one word of the
 * transcript per {@link SECONDS_PER_WORD} of audio received, as it arrives —,
 * `input_audio_buffer.committed`, then after `finalMs` `….completed` with the whole transcript
 * (the fake's next queued or default one, the same the file endpoint would give) and duration
 * usage; `error` for bad input.
 */

/** Audio the fake hears per partial word. */
export const SECONDS_PER_WORD = 0.5;
const BYTES_PER_SECOND = 24_000 * 2;

/** What an injected failure does: close the socket, or send an `error`, after the first audio. */
export type LiveFailure = "close" | "error";

/** One live session as the fake saw it. */
export interface LiveSession {
  model: string | null;
  languages: string[];
  keywords: string[];
  /** PCM bytes appended so far. */
  audioBytes: number;
  committed: boolean;
  /** The final transcript sent, once sent. */
  final: string | null;
  injected: LiveFailure | null;
}

/** What the transcription sessions share with the rest of the fake. */
export interface LiveContext {
  /** The transcript the next transcription (file or live) returns, consuming a queued one. */
  nextTranscript(keywords: string[]): string;
  /** Commit → final transcript delay (ms). */
  finalMs(): number;
  /** The failure injected into a new session, if any. */
  nextFailure(): LiveFailure | null;
  delay(ms: number): Promise<void>;
}

type Json = Record<string, unknown>;

/** Serves one transcription session on `socket`; records it in `sessions`. */
export function serveTranscription(
  socket: WebSocket,
  ctx: LiveContext,
  sessions: LiveSession[],
  eventId: () => string,
): void {
  const rec: LiveSession = {
    model: null,
    languages: [],
    keywords: [],
    audioBytes: 0,
    committed: false,
    final: null,
    injected: ctx.nextFailure(),
  };
  sessions.push(rec);
  const itemId = `item_live_${crypto.randomUUID().slice(0, 8)}`;
  let words: string[] | null = null;
  let said = 0;
  const send = (type: string, fields: Json = {}) => {
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type, event_id: eventId(), ...fields }));
    }
  };
  const error = (code: string, message: string) =>
    send("error", { error: { type: "invalid_request_error", code, message, param: null } });
  const session = () => ({
    type: "transcription",
    object: "realtime.transcription_session",
    id: `sess_live_${itemId}`,
    audio: {
      input: {
        format: { type: "audio/pcm", rate: 24_000 },
        transcription: { model: rec.model, languages: rec.languages, keywords: rec.keywords },
        turn_detection: null,
      },
    },
  });
  socket.onopen = () => send("session.created", { session: session() });
  let queue = Promise.resolve();
  socket.onmessage = (m) => {
    queue = queue.then(() => onEvent(String(m.data))).catch(() => {});
  };
  const onEvent = async (data: string) => {
    let e: Json;
    try {
      e = JSON.parse(data);
    } catch {
      return error("invalid_json", "Invalid JSON");
    }
    if (e.type === "session.update") {
      const s = (e.session ?? {}) as Json;
      const input = ((s.audio as Json)?.input ?? {}) as Json;
      const format = (input.format ?? {}) as Json;
      const t = (input.transcription ?? {}) as Json;
      if (s.type !== "transcription") return error("invalid_value", "session.type");
      if (format.type !== "audio/pcm" || format.rate !== 24_000) {
        return error("invalid_value", "audio.input.format");
      }
      if (typeof t.model !== "string" || !/transcribe/.test(t.model)) {
        return error("invalid_value", "audio.input.transcription.model");
      }
      rec.model = t.model;
      rec.languages = Array.isArray(t.languages) ? t.languages.map(String) : [];
      rec.keywords = Array.isArray(t.keywords) ? t.keywords.map(String) : [];
      return send("session.updated", { session: session() });
    }
    if (e.type === "input_audio_buffer.append") {
      if (rec.committed) return error("invalid_value", "the answer was committed");
      let bytes: Uint8Array;
      try {
        bytes = Uint8Array.fromBase64(String(e.audio ?? ""));
      } catch {
        return error("invalid_value", "audio must be base64");
      }
      rec.audioBytes += bytes.byteLength;
      if (rec.injected === "close") return socket.close(1011, "fake close");
      if (rec.injected === "error") return send("error", { error: { type: "server_error" } });
      words ??= ctx.nextTranscript(rec.keywords).split(/(?<=\s)/);
      const due = Math.min(
        words.length - 1,
        Math.floor(rec.audioBytes / BYTES_PER_SECOND / SECONDS_PER_WORD),
      );
      for (; said < due; said++) {
        send("conversation.item.input_audio_transcription.delta", {
          item_id: itemId,
          content_index: 0,
          delta: words[said],
        });
      }
      return;
    }
    if (e.type === "input_audio_buffer.commit") {
      if (rec.audioBytes === 0) return error("input_audio_buffer_commit_empty", "buffer empty");
      rec.committed = true;
      send("input_audio_buffer.committed", { item_id: itemId, previous_item_id: null });
      await ctx.delay(ctx.finalMs());
      const transcript = (words ?? []).join("").trim();
      rec.final = transcript;
      return send("conversation.item.input_audio_transcription.completed", {
        item_id: itemId,
        content_index: 0,
        transcript,
        usage: { type: "duration", seconds: Math.ceil(rec.audioBytes / BYTES_PER_SECOND) },
      });
    }
    error("unknown_event", `Unknown event type '${e.type}'`);
  };
}
