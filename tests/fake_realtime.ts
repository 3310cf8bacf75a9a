/**
 * A fake of the OpenAI Realtime API (GA protocol) over WebSocket, as far as speech synthesis
 * uses it; `tests/fake_openai.ts` mounts it at `GET /v1/realtime?model=…`.
 *
 * Client events: `session.update` (→ `session.updated`), `conversation.item.create`
 * (→ `conversation.item.created`), `response.create` with `conversation: "none"` and its own
 * `input`, or on the conversation (the last user item is read). Server events per response:
 * `response.created`, `response.output_item.added`, `response.content_part.added`,
 * `response.output_audio.delta` (real PCM16 24 kHz, 100 ms a delta, as long as the text takes
 * to say) interleaved with `response.output_audio_transcript.delta`, `response.output_audio.done`,
 * `response.output_audio_transcript.done`, `response.content_part.done`,
 * `response.output_item.done`, `response.done` with usage; `error` for bad input.
 *
 * The audio is `fixtures/tts_question_24k.pcm`, made once from `tts_question.mp3` with
 * `ffmpeg -i tts_question.mp3 -f s16le -ac 1 -ar 24000 tts_question_24k.pcm`, looped to length.
 *
 * `?intent=transcription` opens a live transcription session instead
 * (`fake_live_transcription.ts`).
 */

import { delay, hang } from "./fake_openai.ts";
import {
  type LiveFailure,
  type LiveSession,
  serveTranscription,
} from "./fake_live_transcription.ts";

/** Failures: a refused handshake (HTTP status), or for a response an `error` event instead, the
 * socket closed halfway through the audio, or silence after `response.created`. */
export type RealtimeFailure = 401 | 404 | 500 | "error" | "close" | "timeout";

/** Delays of the fake, in milliseconds. */
export interface RealtimeLatency {
  /** Before the upgrade is answered. */
  handshakeMs: number;
  /** From `response.create` to the first audio delta. */
  firstDeltaMs: number;
  /** From `response.create` to the last audio delta. */
  totalMs: number;
}

/** One `response.create` as the fake saw it (keys are never kept). */
export interface RealtimeRequest {
  model: string;
  /** The session's voice when the response was asked for. */
  voice: string;
  sessionInstructions: string;
  instructions: string | null;
  conversation: string;
  /** The text the model was asked to read. */
  text: string;
  injected: RealtimeFailure | "diverge" | null;
}

export interface FakeRealtime {
  requests: RealtimeRequest[];
  /** Live transcription sessions (`?intent=transcription`), oldest first. */
  liveSessions: LiveSession[];
  /** Commit → final transcript delay of live sessions from now on (default 0). */
  setLiveFinalMs(ms: number): void;
  /** The next `n` live sessions fail with `kind` after their first audio. */
  failLiveNext(n: number, kind: LiveFailure): void;
  /** WebSocket upgrades accepted so far. */
  readonly handshakes: number;
  /** Sockets open now. */
  readonly open: number;
  /** Responses whose audio is being sent now. */
  readonly streaming: number;
  setLatency(latency: Partial<RealtimeLatency>): void;
  /** The next `n` handshakes (401/404/500) or responses (other kinds) fail with `kind`. */
  failNext(n: number, kind: RealtimeFailure): void;
  /** The next `n` responses speak and transcribe `transcript` instead of the text asked for. */
  divergeNext(n: number, transcript?: string): void;
  /** Answers `GET /v1/realtime`. */
  handle(req: Request): Promise<Response>;
  /** Clears recordings (and the handshake count), latency and injections; closes every socket. */
  reset(): void;
  close(): Promise<void>;
}

export const SAMPLE_RATE = 24_000;
const DELTA_BYTES = SAMPLE_RATE / 10 * 2;
const VOICES = [
  "alloy",
  "ash",
  "ballad",
  "coral",
  "echo",
  "sage",
  "shimmer",
  "verse",
  "marin",
  "cedar",
];
/** What a model says when it answers the question instead of reading it. */
export const DIVERGENT_TRANSCRIPT =
  "네, 좋은 질문입니다. 저는 그 경험을 통해 많은 것을 배웠습니다.";
const PCM = new URL("./fixtures/tts_question_24k.pcm", import.meta.url);

/** Seconds the fake takes to say `text`: 6 syllables a second, at least half a second. */
export function speechSeconds(text: string): number {
  return Math.max(0.5, text.replace(/\s/g, "").length / 6);
}

type Json = Record<string, unknown>;

export async function startFakeRealtime(opts: {
  apiKey?: string;
  /** The transcript a live session returns next (shared with the file endpoint's queue). */
  nextTranscript?: (keywords: string[]) => string;
} = {}): Promise<FakeRealtime> {
  const fixture = await Deno.readFile(PCM);
  const requests: RealtimeRequest[] = [];
  const liveSessions: LiveSession[] = [];
  let liveFinalMs = 0;
  let liveFailures: LiveFailure[] = [];
  let latency: RealtimeLatency = { handshakeMs: 0, firstDeltaMs: 0, totalMs: 0 };
  let handshakeFailures: RealtimeFailure[] = [];
  let responseFailures: RealtimeFailure[] = [];
  let divergences: string[] = [];
  let handshakes = 0;
  let streaming = 0;
  let seq = 0;
  const sockets = new Set<{ socket: WebSocket; closed: Promise<void> }>();
  let release = new AbortController();

  const audioFor = (text: string) => {
    const bytes = Math.round(speechSeconds(text) * SAMPLE_RATE) * 2;
    const out = new Uint8Array(bytes);
    for (let at = 0; at < bytes; at += fixture.byteLength) {
      out.set(fixture.subarray(0, Math.min(fixture.byteLength, bytes - at)), at);
    }
    return out;
  };

  const serve = (socket: WebSocket, model: string) => {
    const state = {
      voice: "alloy",
      instructions: "",
      items: [] as { role: string; text: string }[],
    };
    const send = (type: string, fields: Json = {}) => {
      if (socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ type, event_id: `event_fake_${++seq}`, ...fields }));
      }
    };
    const error = (type: string, code: string | null, message: string, eventId?: unknown) =>
      send("error", {
        error: { type, code, message, param: null, event_id: eventId ?? null },
      });
    const session = () => ({
      type: "realtime",
      object: "realtime.session",
      id: `sess_fake_${seq}`,
      model,
      output_modalities: ["audio"],
      instructions: state.instructions,
      audio: { output: { format: { type: "audio/pcm", rate: SAMPLE_RATE }, voice: state.voice } },
    });
    // One event at a time, like the real server: a response finishes before the next event.
    let queue = Promise.resolve();
    socket.onopen = () => {
      if (!model.includes("realtime")) {
        error("invalid_request_error", "model_not_found", `The model '${model}' does not exist`);
        return socket.close(1008, "model_not_found");
      }
      send("session.created", { session: session() });
    };
    socket.onmessage = (m) => {
      queue = queue.then(() => onEvent(String(m.data))).catch(() => {});
    };

    const onEvent = async (data: string) => {
      let e: Json;
      try {
        e = JSON.parse(data);
      } catch {
        return error("invalid_request_error", null, "Invalid JSON");
      }
      if (e.type === "session.update") {
        const s = (e.session ?? {}) as Json;
        const output = ((s.audio as Json)?.output ?? {}) as Json;
        const format = output.format as Json | undefined;
        if (s.type !== "realtime") {
          return error("invalid_request_error", "invalid_value", "session.type", e.event_id);
        }
        if (format && (format.type !== "audio/pcm" || format.rate !== SAMPLE_RATE)) {
          return error("invalid_request_error", "invalid_value", "audio format", e.event_id);
        }
        if (output.voice !== undefined && !VOICES.includes(String(output.voice))) {
          return error("invalid_request_error", "invalid_value", "voice", e.event_id);
        }
        if (typeof output.voice === "string") state.voice = output.voice;
        if (typeof s.instructions === "string") state.instructions = s.instructions;
        return send("session.updated", { session: session() });
      }
      if (e.type === "conversation.item.create") {
        const item = (e.item ?? {}) as Json;
        state.items.push({ role: String(item.role), text: inputText([item]) });
        return send("conversation.item.created", { item: { id: `item_fake_${seq}`, ...item } });
      }
      if (e.type === "response.create") return await respond(e);
      error("invalid_request_error", "unknown_event", `Unknown event type '${e.type}'`, e.event_id);
    };

    const respond = async (e: Json) => {
      const r = (e.response ?? {}) as Json;
      const conversation = typeof r.conversation === "string" ? r.conversation : "auto";
      const text = Array.isArray(r.input)
        ? inputText(r.input)
        : conversation === "none"
        ? ""
        : state.items.findLast((i) => i.role === "user")?.text ?? "";
      const modalities = r.output_modalities ?? ["audio"];
      if (!text.trim() || JSON.stringify(modalities) !== '["audio"]') {
        return error("invalid_request_error", "invalid_value", "nothing to speak", e.event_id);
      }
      const failure = responseFailures.shift() ?? null;
      const diverged = failure ? undefined : divergences.shift();
      requests.push({
        model,
        voice: state.voice,
        sessionInstructions: state.instructions,
        instructions: typeof r.instructions === "string" ? r.instructions : null,
        conversation,
        text,
        injected: failure ?? (diverged === undefined ? null : "diverge"),
      });
      const id = `resp_fake_${++seq}`;
      const itemId = `item_fake_${++seq}`;
      const response = (status: string, extra: Json = {}) => ({
        object: "realtime.response",
        id,
        status,
        conversation_id: conversation === "none" ? null : "conv_fake",
        output_modalities: ["audio"],
        audio: { output: { format: { type: "audio/pcm", rate: SAMPLE_RATE }, voice: state.voice } },
        ...extra,
      });
      send("response.created", { response: response("in_progress", { output: [] }) });
      if (failure === "error") {
        return error("server_error", "server_error", "The server had an error", e.event_id);
      }
      if (failure === "timeout") return await hang(release.signal);
      const spoken = diverged ?? text;
      const pcm = audioFor(spoken);
      const deltas = chunk(pcm, DELTA_BYTES);
      const words = splitText(spoken, deltas.length);
      const at = { response_id: id, item_id: itemId, output_index: 0, content_index: 0 };
      const item = (status: string, transcript?: string) => ({
        id: itemId,
        object: "realtime.item",
        type: "message",
        role: "assistant",
        status,
        content: [{ type: "output_audio", transcript: transcript ?? "" }],
      });
      streaming++;
      try {
        await stream(spoken, deltas, words, at, item, failure);
      } finally {
        streaming--;
      }
      const inputTokens = Math.ceil((state.instructions.length + text.length) / 4);
      const audioTokens = Math.ceil(speechSeconds(spoken) * 20);
      const textTokens = Math.ceil(spoken.length / 2);
      if (socket.readyState !== WebSocket.OPEN) return;
      send("response.done", {
        response: response("completed", {
          output: [item("completed", spoken)],
          usage: {
            total_tokens: inputTokens + audioTokens + textTokens,
            input_tokens: inputTokens,
            output_tokens: audioTokens + textTokens,
            input_token_details: { text_tokens: inputTokens, audio_tokens: 0, cached_tokens: 0 },
            output_token_details: { text_tokens: textTokens, audio_tokens: audioTokens },
          },
        }),
      });
    };

    /** The audio and transcript of one response, spread over the configured latency. */
    const stream = async (
      spoken: string,
      deltas: Uint8Array[],
      words: string[],
      at: Json & { response_id: string },
      item: (status: string, transcript?: string) => Json,
      failure: RealtimeFailure | null,
    ) => {
      const { response_id } = at;
      const started = performance.now();
      await delay(latency.firstDeltaMs, release.signal);
      send("response.output_item.added", {
        response_id,
        output_index: 0,
        item: item("in_progress"),
      });
      send("response.content_part.added", { ...at, part: { type: "audio", transcript: "" } });
      const gap = deltas.length > 1
        ? Math.max(0, latency.totalMs - latency.firstDeltaMs) / (deltas.length - 1)
        : 0;
      for (let i = 0; i < deltas.length; i++) {
        if (i > 0) {
          await delay(started + latency.firstDeltaMs + gap * i - performance.now(), release.signal);
        }
        if (socket.readyState !== WebSocket.OPEN) return; // the client hung up
        if (failure === "close" && i === Math.floor(deltas.length / 2)) {
          return socket.close(1011, "fake close");
        }
        if (words[i]) send("response.output_audio_transcript.delta", { ...at, delta: words[i] });
        send("response.output_audio.delta", { ...at, delta: deltas[i].toBase64() });
      }
      send("response.output_audio.done", at);
      send("response.output_audio_transcript.done", { ...at, transcript: spoken });
      send("response.content_part.done", { ...at, part: { type: "audio", transcript: spoken } });
      send("response.output_item.done", {
        response_id,
        output_index: 0,
        item: item("completed", spoken),
      });
    };
  };

  return {
    requests,
    liveSessions,
    setLiveFinalMs(ms) {
      liveFinalMs = ms;
    },
    failLiveNext(n, kind) {
      for (let i = 0; i < n; i++) liveFailures.push(kind);
    },
    get handshakes() {
      return handshakes;
    },
    get open() {
      return sockets.size;
    },
    get streaming() {
      return streaming;
    },
    setLatency(l) {
      latency = { ...latency, ...l };
    },
    failNext(n, kind) {
      const q = typeof kind === "number" ? handshakeFailures : responseFailures;
      for (let i = 0; i < n; i++) q.push(kind);
    },
    divergeNext(n, transcript = DIVERGENT_TRANSCRIPT) {
      for (let i = 0; i < n; i++) divergences.push(transcript);
    },
    async handle(req) {
      await delay(latency.handshakeMs, release.signal);
      const model = new URL(req.url).searchParams.get("model");
      const live = new URL(req.url).searchParams.get("intent") === "transcription";
      if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
        return Response.json({ error: { message: "WebSocket upgrade expected" } }, { status: 426 });
      }
      const auth = req.headers.get("authorization") ?? "";
      const refused = handshakeFailures.shift() ??
        (!/^Bearer \S+/.test(auth) ||
            (opts.apiKey !== undefined && auth !== `Bearer ${opts.apiKey}`)
          ? 401
          : model || live
          ? null
          : 400);
      if (refused !== null) {
        return Response.json({ error: { type: "invalid_request_error", code: null } }, {
          status: refused as number,
        });
      }
      const { socket, response } = Deno.upgradeWebSocket(req);
      handshakes++;
      const entry = {
        socket,
        closed: new Promise<void>((resolve) => socket.addEventListener("close", () => resolve())),
      };
      sockets.add(entry);
      entry.closed.then(() => sockets.delete(entry));
      if (live) {
        serveTranscription(
          socket,
          {
            nextTranscript: opts.nextTranscript ?? (() => ""),
            finalMs: () => liveFinalMs,
            nextFailure: () => liveFailures.shift() ?? null,
            delay: (ms) => delay(ms, release.signal),
          },
          liveSessions,
          () => `event_fake_${++seq}`,
        );
      } else serve(socket, model!);
      return response;
    },
    reset() {
      requests.length = 0;
      liveSessions.length = 0;
      liveFinalMs = 0;
      liveFailures = [];
      handshakes = 0;
      latency = { handshakeMs: 0, firstDeltaMs: 0, totalMs: 0 };
      handshakeFailures = [];
      responseFailures = [];
      divergences = [];
      release.abort();
      release = new AbortController();
      for (const s of sockets) s.socket.close();
    },
    async close() {
      release.abort();
      const open = [...sockets];
      for (const s of open) s.socket.close();
      // Until the peers have answered the close, so a test ends with no socket left open.
      await Promise.all(open.map((s) => s.closed));
    },
  };
}

/** The text of the `input_text` parts of message items. */
function inputText(items: unknown[]): string {
  return items.flatMap((i) => {
    const content = (i as Json)?.content;
    return Array.isArray(content)
      ? content.flatMap((p: Json) =>
        p?.type === "input_text" && typeof p.text === "string" ? [p.text] : []
      )
      : [];
  }).join("\n");
}

function chunk(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.byteLength; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

/** `text` in `parts` pieces of about equal length (some empty when the text is shorter). */
function splitText(text: string, parts: number): string[] {
  const chars = [...text];
  return Array.from(
    { length: parts },
    (_, i) =>
      chars.slice(
        Math.floor((i * chars.length) / parts),
        Math.floor(((i + 1) * chars.length) / parts),
      )
        .join(""),
  );
}
