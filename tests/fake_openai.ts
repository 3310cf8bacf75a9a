/**
 * An in-process fake of the OpenAI endpoints the product uses, for tests, benchmarks and
 * browser runs:
 *
 * - `POST /v1/chat/completions`: plain text, SSE streaming, and `json_schema` structured outputs
 *   that validate against the schema sent (strict-mode schemas are checked like the real API);
 *   content is derived from the prompt — keywords come from the last `<<<LABEL … >>>` data block,
 *   a question mentions a term from it (the latest answer in a follow-up), evidence quotes the
 *   matching `ANSWER_n` block, a claim quotes the `COVER_LETTER` block; a `requirement_map`
 *   quotes the answer sentences that share a salient term with a requirement, and checks the
 *   letter's numbers against the answers (see `requirementMapReply`); a `model_answer` cites
 *   the numbered sources, plus one made-up and one unsourced sentence (`modelAnswerReply`).
 * - `POST /v1/audio/speech`: real MP3 (or WAV, or raw PCM) bytes, streamed in chunks.
 * - `POST /v1/audio/transcriptions`: multipart upload, `json` / `verbose_json` / `text`, with
 *   gpt-transcribe's field rules (`languages[]` never beside `language`, `keywords[]` without
 *   `<`, `>`, CR or LF, json/text output only) and keywords that correct near-miss spellings
 *   present in the transcript (see `fake_stt_keywords.ts`); `usage` as the real API reports it.
 * - `GET /v1/realtime`: the Realtime API over WebSocket (`tests/fake_realtime.ts`, controlled
 *   through `realtime`), speech and live transcription sessions.
 *
 * Every request is recorded; latency and failures can be injected per endpoint. In `retired`
 * mode the models OpenAI shut down answer 404 `model_not_found`, as they will after 2027.
 */

import { inspectAudio } from "../lib/media/mod.ts";
import { isGptTranscribe, retiredModel } from "../lib/ai/openai/models.ts";
import { createOpenAiProvider, type OpenAiProviderOptions } from "../lib/ai/openai/mod.ts";
import type { AiProvider } from "../lib/ai/types.ts";
import { type FakeRealtime, startFakeRealtime } from "./fake_realtime.ts";
import { applyKeywords } from "./fake_stt_keywords.ts";

/** The fake's endpoints, as named in `setLatency`, `failNext` and `Recorded.endpoint`. */
export type FakeEndpoint = "chat" | "speech" | "transcription";

/** An injected failure: an HTTP status, a 404 `model_not_found`, or a hang until the client gives up. */
export type FailureKind = 500 | 429 | "model_not_found" | "timeout";

/** Delay before the first byte and before the last byte of a response (milliseconds). */
export interface Latency {
  firstByteMs: number;
  totalMs: number;
}

/** An uploaded file as the fake saw it. */
export interface RecordedFile {
  name: string;
  type: string;
  size: number;
}

/** One request the fake received. */
export interface Recorded {
  endpoint: FakeEndpoint;
  path: string;
  model: string | null;
  /** The JSON body, or the multipart form fields other than the file. */
  body: Record<string, unknown>;
  file: RecordedFile | null;
  /** Whether an `Authorization: Bearer …` header came along (the key itself is not kept). */
  authorized: boolean;
  /** The failure injected into this request, if any. */
  injected: FailureKind | null;
}

/** Options of `startFakeOpenAI`. */
export interface FakeOpenAIOptions {
  /** When set, requests must carry this key, else 401 `invalid_api_key`. */
  apiKey?: string;
  /**
   * `retry-after-ms` sent with injected 500/429 so SDK retries come quickly; `null` sends none
   * (the SDK then uses its own backoff). Default 10.
   */
  retryAfterMs?: number | null;
  /** Default transcript; a Korean answer with a filler word unless given. */
  transcript?: string;
  /**
   * The models OpenAI shut down (tts-1, tts-1-hd, gpt-4o-mini-tts, whisper-1,
   * gpt-4o-transcribe, gpt-4o-mini-transcribe) answer 404 `model_not_found` on every endpoint.
   */
  retired?: boolean;
}

/** Time a transcription takes: a base plus a share per second of audio (milliseconds). */
export interface TranscriptionCost {
  baseMs: number;
  perAudioSecondMs: number;
}

/** A running fake server. */
export interface FakeOpenAI {
  /** Base URL including `/v1`, for the SDK's `baseURL`. */
  url: string;
  requests: Recorded[];
  /** The Realtime endpoint: its own recordings, latency and failure injection. */
  realtime: FakeRealtime;
  /** Latency of an endpoint from now on; a number is both first-byte and total delay. */
  setLatency(endpoint: FakeEndpoint, latency: number | Latency): void;
  /** The next `n` calls of the endpoint fail with `kind` (each SDK retry counts as a call). */
  failNext(endpoint: FakeEndpoint, n: number, kind: FailureKind): void;
  /** The transcript returned from now on (after queued ones), with an optional duration. */
  setTranscript(text: string, durationSec?: number): void;
  /** Transcription time from now on, on top of `setLatency("transcription")`. */
  setTranscriptionCost(cost: TranscriptionCost): void;
  /** Transcripts for the next transcription calls, one each, before the default. */
  queueTranscripts(...texts: string[]): void;
  /** Raw assistant contents for the next chat calls, verbatim (e.g. invalid JSON). */
  queueChatContent(...contents: string[]): void;
  /** Clears recordings, latency, failures and queues, and releases hung requests. */
  reset(): void;
  close(): Promise<void>;
}

/** The transcript returned when none is configured. */
export const DEFAULT_TRANSCRIPT =
  "저는 이전 회사에서 결제 시스템의 백엔드 개발을 맡았습니다. 음, 특히 데이터베이스 쿼리를 최적화해서 응답 시간을 절반으로 줄인 경험이 있습니다.";

const SPEECH_MP3 = new URL("./fixtures/tts_question.mp3", import.meta.url);
const SPEECH_CHUNKS = 8;
const TRANSCRIBE_EXTENSIONS = [
  "flac",
  "m4a",
  "mp3",
  "mp4",
  "mpeg",
  "mpga",
  "oga",
  "ogg",
  "wav",
  "webm",
];
const LANGUAGE_NAMES: Record<string, string> = { ko: "korean", en: "english", ja: "japanese" };

/** Transcription fields that are arrays (sent by the SDK as `name[]`). */
const ARRAY_FIELDS = new Set(["languages", "keywords", "include", "timestamp_granularities"]);

/**
 * Why the real API would refuse these transcription fields, or null. gpt-transcribe takes
 * `languages` or `language` but not both, rejects the whole request for one keyword with `<`,
 * `>`, CR or LF, and answers json or text only; older models know neither array.
 */
export function transcriptionFieldProblem(
  model: string,
  fields: Record<string, unknown>,
): string | null {
  const keywords = (fields.keywords as string[] | undefined) ?? [];
  if (!isGptTranscribe(model)) {
    if (fields.languages !== undefined || fields.keywords !== undefined) {
      return `'languages' and 'keywords' are not supported with ${model}`;
    }
    return null;
  }
  if (fields.language !== undefined && fields.languages !== undefined) {
    return "Pass either 'language' or 'languages', not both";
  }
  const bad = keywords.find((k) => /[<>\r\n]/.test(k));
  if (bad !== undefined) return "Invalid keyword: keywords may not contain '<', '>' or line breaks";
  const format = fields.response_format ?? "json";
  if (format !== "json" && format !== "text") {
    return `response_format '${format}' is not compatible with ${model}; use json or text`;
  }
  if (fields.timestamp_granularities !== undefined) {
    return `timestamp_granularities are not supported with ${model}`;
  }
  return null;
}

const ROUTES: Record<string, FakeEndpoint> = {
  "/v1/chat/completions": "chat",
  "/v1/audio/speech": "speech",
  "/v1/audio/transcriptions": "transcription",
};

/** Starts the fake on a free port of 127.0.0.1. */
export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const mp3 = await Deno.readFile(SPEECH_MP3);
  const retryAfterMs = opts.retryAfterMs === undefined ? 10 : opts.retryAfterMs;
  const requests: Recorded[] = [];
  const latency = new Map<FakeEndpoint, Latency>();
  const failures = new Map<FakeEndpoint, FailureKind[]>();
  const chatQueue: string[] = [];
  const transcriptQueue: string[] = [];
  let transcript = {
    text: opts.transcript ?? DEFAULT_TRANSCRIPT,
    durationSec: undefined as number | undefined,
  };
  const realtime = await startFakeRealtime({
    apiKey: opts.apiKey,
    nextTranscript: (keywords) =>
      applyKeywords(transcriptQueue.shift() ?? transcript.text, keywords),
  });
  let cost: TranscriptionCost = { baseMs: 0, perAudioSecondMs: 0 };
  // Aborted to release hung requests and pending delays (reset, close).
  let release = new AbortController();
  let seq = 0;

  const handler = async (req: Request): Promise<Response> => {
    const path = new URL(req.url).pathname;
    if (path === "/v1/realtime" && req.method === "GET") return realtime.handle(req);
    const endpoint = ROUTES[path];
    if (!endpoint || req.method !== "POST") {
      return apiError(404, "invalid_request_error", `Unknown request URL: ${req.method} ${path}`);
    }
    const auth = req.headers.get("authorization") ?? "";
    const rec: Recorded = {
      endpoint,
      path,
      model: null,
      body: {},
      file: null,
      authorized: /^Bearer \S+/.test(auth),
      injected: null,
    };
    let form: FormData | null = null;
    try {
      if (endpoint === "transcription") {
        form = await req.formData();
        for (const [k, v] of form) {
          if (typeof v !== "string") rec.file = { name: v.name, type: v.type, size: v.size };
          else if (ARRAY_FIELDS.has(k.replace(/\[\]$/, ""))) {
            // The SDK sends arrays as repeated `name[]` parts; a plain repeated name is accepted too.
            const name = k.replace(/\[\]$/, "");
            rec.body[name] = [...((rec.body[name] as string[] | undefined) ?? []), v];
          } else rec.body[k] = v;
        }
      } else {
        const json = await req.json();
        if (json === null || typeof json !== "object" || Array.isArray(json)) throw new Error();
        rec.body = json;
      }
    } catch {
      requests.push(rec);
      return apiError(400, "invalid_request_error", "Could not parse the request body");
    }
    rec.model = typeof rec.body.model === "string" ? rec.body.model : null;
    requests.push(rec);

    if (opts.apiKey !== undefined && auth !== `Bearer ${opts.apiKey}`) {
      return apiError(
        401,
        "invalid_request_error",
        "Incorrect API key provided",
        "invalid_api_key",
      );
    }
    if (opts.retired && rec.model && retiredModel(rec.model)) {
      return apiError(
        404,
        "invalid_request_error",
        `The model \`${rec.model}\` does not exist or you do not have access to it.`,
        "model_not_found",
      );
    }
    const failure = failures.get(endpoint)?.shift();
    if (failure !== undefined) {
      rec.injected = failure;
      if (failure === "timeout") {
        await hang(release.signal);
        return apiError(503, "server_error", "Released by the fake server");
      }
      if (failure === "model_not_found") {
        return apiError(
          404,
          "invalid_request_error",
          `The model \`${rec.model}\` does not exist or you do not have access to it.`,
          "model_not_found",
        );
      }
      const headers: Record<string, string> = retryAfterMs === null
        ? {}
        : { "retry-after-ms": String(retryAfterMs) };
      return failure === 429
        ? apiError(
          429,
          "requests",
          "Rate limit reached for requests",
          "rate_limit_exceeded",
          headers,
        )
        : apiError(
          500,
          "server_error",
          "The server had an error while processing your request.",
          null,
          headers,
        );
    }
    const lat = latency.get(endpoint) ?? { firstByteMs: 0, totalMs: 0 };
    const signal = release.signal;
    if (endpoint === "chat") return chat(rec.body, lat, signal);
    if (endpoint === "speech") return speech(rec.body, lat, signal);
    return transcribe(form!, rec.body, lat, signal);
  };

  const chat = async (body: Record<string, unknown>, lat: Latency, signal: AbortSignal) => {
    if (typeof body.model !== "string" || !Array.isArray(body.messages)) {
      return apiError(400, "invalid_request_error", "'model' and 'messages' are required");
    }
    const ctx = promptContext(body.messages);
    const format = body.response_format as
      | { type?: string; json_schema?: { name?: string; strict?: boolean; schema?: unknown } }
      | undefined;
    let content: string;
    if (format?.type === "json_schema") {
      const js = format.json_schema;
      if (!js || typeof js.name !== "string" || !/^[a-zA-Z0-9_-]{1,64}$/.test(js.name)) {
        return apiError(400, "invalid_request_error", "Invalid 'response_format.json_schema.name'");
      }
      const schema = (js.schema ?? {}) as Schema;
      const problems = js.strict ? strictSchemaProblems(schema) : [];
      if (problems.length) {
        return apiError(
          400,
          "invalid_request_error",
          `Invalid schema for response_format '${js.name}': ${problems[0]}`,
          "invalid_json_schema",
        );
      }
      content = chatQueue.shift() ??
        JSON.stringify(
          js.name === "requirement_map"
            ? requirementMapReply(ctx)
            : js.name === "model_answer"
            ? modelAnswerReply(ctx)
            : generateFromSchema(schema, ctx),
        );
    } else if (format?.type === "json_object") {
      content = chatQueue.shift() ?? JSON.stringify({ reply: plainReply(ctx) });
    } else {
      content = chatQueue.shift() ?? plainReply(ctx);
    }
    const id = `chatcmpl-fake-${++seq}`;
    const created = Math.floor(Date.now() / 1000);
    const usage = {
      prompt_tokens: Math.ceil(ctx.all.length / 2),
      completion_tokens: Math.ceil(content.length / 2),
      total_tokens: Math.ceil(ctx.all.length / 2) + Math.ceil(content.length / 2),
    };
    if (body.stream !== true) {
      await delay(lat.totalMs, signal);
      return Response.json({
        id,
        object: "chat.completion",
        created,
        model: body.model,
        choices: [{
          index: 0,
          message: { role: "assistant", content, refusal: null },
          logprobs: null,
          finish_reason: "stop",
        }],
        usage,
      }, { headers: { "x-request-id": `req_fake_${seq}` } });
    }
    const event = (fields: Record<string, unknown>) =>
      `data: ${
        JSON.stringify({
          id,
          object: "chat.completion.chunk",
          created,
          model: body.model,
          ...fields,
        })
      }\n\n`;
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      event({ choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
    const events = [
      chunk({ role: "assistant", content: "" }, null),
      ...splitEven(content, SPEECH_CHUNKS).map((c) => chunk({ content: c }, null)),
      chunk({}, "stop"),
    ];
    const options = body.stream_options as { include_usage?: boolean } | undefined;
    if (options?.include_usage) {
      events.push(event({ choices: [], usage }));
    }
    events.push("data: [DONE]\n\n");
    const enc = new TextEncoder();
    return await streamed(events.map((e) => enc.encode(e)), lat, signal, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
    });
  };

  const speech = async (body: Record<string, unknown>, lat: Latency, signal: AbortSignal) => {
    const input = body.input;
    if (typeof body.model !== "string" || typeof body.voice !== "string") {
      return apiError(400, "invalid_request_error", "'model' and 'voice' are required");
    }
    if (typeof input !== "string" || !input.trim() || input.length > 4096) {
      return apiError(400, "invalid_request_error", "'input' must be 1 to 4096 characters");
    }
    const format = body.response_format ?? "mp3";
    const [bytes, type] = format === "mp3"
      ? [mp3, "audio/mpeg"]
      : format === "wav"
      ? [toneWav(1), "audio/wav"]
      : format === "pcm"
      // Raw 24 kHz 16-bit mono, as the real API sends it: the samples of a WAV, no header.
      ? [toneWav(2, 24_000).subarray(44), "audio/pcm"]
      : [null, ""];
    if (!bytes) {
      return apiError(
        400,
        "invalid_request_error",
        `The fake serves mp3, wav and pcm, not ${format}`,
      );
    }
    return await streamed(splitBytes(bytes, SPEECH_CHUNKS), lat, signal, { "content-type": type });
  };

  const transcribe = async (
    form: FormData,
    fields: Record<string, unknown>,
    lat: Latency,
    signal: AbortSignal,
  ) => {
    const file = form.get("file");
    const model = form.get("model");
    if (!(file instanceof File) || typeof model !== "string") {
      return apiError(400, "invalid_request_error", "'file' and 'model' are required");
    }
    const problem = transcriptionFieldProblem(model, fields);
    if (problem) return apiError(400, "invalid_request_error", problem);
    const ext = file.name.includes(".") ? file.name.split(".").pop()!.toLowerCase() : "";
    if (!TRANSCRIBE_EXTENSIONS.includes(ext)) {
      return apiError(
        400,
        "invalid_request_error",
        `Invalid file format. Supported formats: ${JSON.stringify(TRANSCRIBE_EXTENSIONS)}`,
      );
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes.byteLength < 100) {
      return apiError(400, "invalid_request_error", "Audio file is too short.", "audio_too_short");
    }
    const queued = transcriptQueue.shift();
    const base = queued ?? transcript.text;
    const text = applyKeywords(base, (fields.keywords as string[] | undefined) ?? []);
    const duration = wavDurationSec(bytes) ?? (await inspectAudio(bytes))?.durationSec ??
      (queued === undefined ? transcript.durationSec : undefined) ??
      estimateSpeechSec(text);
    const lang = fields.language ?? (fields.languages as string[] | undefined)?.[0];
    const language = typeof lang === "string" ? LANGUAGE_NAMES[lang] ?? lang : "korean";
    const format = fields.response_format ?? "json";
    await delay(lat.totalMs + cost.baseMs + cost.perAudioSecondMs * duration, signal);
    if (format === "text") return new Response(text, { headers: { "content-type": "text/plain" } });
    // gpt-transcribe and Whisper bill per second of audio; the gpt-4o models bill tokens.
    const usage = isGptTranscribe(model) || model.startsWith("whisper")
      ? { type: "duration", seconds: Math.ceil(duration) }
      : {
        type: "tokens",
        input_tokens: Math.ceil(duration * 10),
        output_tokens: Math.ceil(text.length / 2),
        total_tokens: Math.ceil(duration * 10) + Math.ceil(text.length / 2),
      };
    if (format === "json") {
      return Response.json(
        isGptTranscribe(model) ? { text, languages: [{ code: "ko" }], usage } : { text, usage },
      );
    }
    if (format !== "verbose_json") {
      return apiError(400, "invalid_request_error", `The fake does not serve ${format}`);
    }
    return Response.json({
      task: "transcribe",
      language,
      duration,
      text,
      segments: [{
        id: 0,
        seek: 0,
        start: 0,
        end: duration,
        text,
        tokens: [],
        temperature: 0,
        avg_logprob: -0.2,
        compression_ratio: 1.2,
        no_speech_prob: 0.01,
      }],
      usage,
    });
  };

  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen() {},
    onError: () => apiError(500, "server_error", "Fake server failure"),
  }, handler);

  return {
    url: `http://127.0.0.1:${server.addr.port}/v1`,
    requests,
    realtime,
    setLatency(endpoint, l) {
      latency.set(endpoint, typeof l === "number" ? { firstByteMs: l, totalMs: l } : l);
    },
    failNext(endpoint, n, kind) {
      const q = failures.get(endpoint) ?? [];
      for (let i = 0; i < n; i++) q.push(kind);
      failures.set(endpoint, q);
    },
    setTranscript(text, durationSec) {
      transcript = { text, durationSec };
    },
    setTranscriptionCost(c) {
      cost = { ...c };
    },
    queueTranscripts(...texts) {
      transcriptQueue.push(...texts);
    },
    queueChatContent(...contents) {
      chatQueue.push(...contents);
    },
    reset() {
      requests.length = 0;
      latency.clear();
      failures.clear();
      chatQueue.length = 0;
      transcriptQueue.length = 0;
      transcript = { text: opts.transcript ?? DEFAULT_TRANSCRIPT, durationSec: undefined };
      cost = { baseMs: 0, perAudioSecondMs: 0 };
      release.abort();
      release = new AbortController();
      realtime.reset();
    },
    async close() {
      release.abort();
      await realtime.close();
      await server.shutdown();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

function apiError(
  status: number,
  type: string,
  message: string,
  code: string | null = null,
  headers: Record<string, string> = {},
): Response {
  return Response.json({ error: { message, type, param: null, code } }, { status, headers });
}

/** Waits `ms`, cut short when the server releases its requests. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * A hung request ends only on reset or close. Watching `request.signal` for the client going
 * away would print Deno's legacy-abort warning on every timeout test.
 */
export function hang(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener("abort", () => resolve(), { once: true })
  );
}

/**
 * Sends the first chunk after `firstByteMs` (with the headers) and the rest spread evenly until
 * `totalMs`.
 */
async function streamed(
  chunks: Uint8Array[],
  lat: Latency,
  signal: AbortSignal,
  headers: Record<string, string>,
): Promise<Response> {
  await delay(lat.firstByteMs, signal);
  const rest = Math.max(0, lat.totalMs - lat.firstByteMs);
  const gap = chunks.length > 1 ? rest / (chunks.length - 1) : 0;
  let i = 0;
  const cancelled = new AbortController();
  const both = AbortSignal.any([signal, cancelled.signal]);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (i > 0) await delay(gap, both);
      if (cancelled.signal.aborted) return;
      controller.enqueue(chunks[i++]);
      if (i >= chunks.length) controller.close();
    },
    cancel() {
      cancelled.abort();
    },
  }, { highWaterMark: 0 });
  return new Response(body, { headers });
}

function splitBytes(bytes: Uint8Array, parts: number): Uint8Array[] {
  const size = Math.ceil(bytes.byteLength / parts);
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.byteLength; at += size) out.push(bytes.slice(at, at + size));
  return out;
}

function splitEven(text: string, parts: number): string[] {
  const chars = [...text];
  const size = Math.max(1, Math.ceil(chars.length / parts));
  const out: string[] = [];
  for (let at = 0; at < chars.length; at += size) out.push(chars.slice(at, at + size).join(""));
  return out.length ? out : [""];
}

// ---------------------------------------------------------------------------------------------
// Audio

/** A mono 16-bit PCM WAV of a quiet 440 Hz tone lasting `seconds`. */
export function toneWav(seconds: number, sampleRate = 16_000): Uint8Array {
  const samples = Math.round(seconds * sampleRate);
  const out = new Uint8Array(44 + samples * 2);
  const v = new DataView(out.buffer);
  const ascii = (at: number, s: string) =>
    [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, "RIFF");
  v.setUint32(4, 36 + samples * 2, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  ascii(36, "data");
  v.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) {
    v.setInt16(44 + i * 2, Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate)), true);
  }
  return out;
}

/** Duration of a PCM WAV from its header, or null when the bytes are not one. */
export function wavDurationSec(bytes: Uint8Array): number | null {
  if (bytes.byteLength < 44) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (tag(0) !== "RIFF" || tag(8) !== "WAVE") return null;
  let byteRate = 0;
  for (let at = 12; at + 8 <= bytes.byteLength;) {
    const id = tag(at);
    const size = v.getUint32(at + 4, true);
    if (id === "fmt ") byteRate = v.getUint32(at + 16, true);
    if (id === "data" && byteRate > 0) {
      const size2 = Math.min(size, bytes.byteLength - at - 8);
      return Math.round((size2 / byteRate) * 100) / 100;
    }
    at += 8 + size + (size % 2);
  }
  return null;
}

/** Seconds a Korean speaker needs for `text`, at about 4.5 syllables a second. */
function estimateSpeechSec(text: string): number {
  const syllables = text.replace(/\s/g, "").length;
  return Math.max(1, Math.round((syllables / 4.5) * 100) / 100);
}

// ---------------------------------------------------------------------------------------------
// Prompt-derived content

/** A `<<<LABEL … >>>` data block of a prompt. */
export interface DataBlock {
  label: string;
  text: string;
}

/** What the generator knows about the prompt. */
export interface PromptContext {
  /** All user text. */
  all: string;
  blocks: DataBlock[];
  /** The last data block's text (the posting, the cover letter, the latest answer), else the last user message. */
  focus: string;
}

/** Data blocks of a prompt, in order. */
export function dataBlocks(text: string): DataBlock[] {
  return [...text.matchAll(/<<<([A-Z][A-Z0-9_]*)\n([\s\S]*?)\n>>>/g)].map((m) => ({
    label: m[1],
    text: m[2],
  }));
}

function promptContext(messages: unknown[]): PromptContext {
  const texts = messages.flatMap((m) => {
    const msg = m as { role?: string; content?: unknown };
    if (msg.role !== "user") return [];
    if (typeof msg.content === "string") return [msg.content];
    if (Array.isArray(msg.content)) {
      return msg.content.flatMap((p: { type?: string; text?: string }) =>
        p?.type === "text" && typeof p.text === "string" ? [p.text] : []
      );
    }
    return [];
  });
  const all = texts.join("\n\n");
  const blocks = dataBlocks(all);
  return { all, blocks, focus: blocks.at(-1)?.text ?? texts.at(-1) ?? "" };
}

const JOSA =
  /(으로서|으로써|에서는|에게서|이라는|이라고|으로|에서|에게|까지|부터|라는|라고|처럼|보다|에는|와의|과의|을|를|은|는|이|가|에|의|로|와|과|도|만|및)$/;
const VERBISH =
  /(다|요|니다|하고|하며|하여|해서|했고|했으며|하는|했던|하면|지만|는데|면서|으며|었고|았고|겠고|하게|되어|되고|된|한|할|함|음|됨|임)$/;
const STOPWORDS = new Set(
  "저 저는 제가 저희 우리 그리고 그래서 하지만 또한 특히 이번 정말 매우 가장 통해 위해 대한 관련 경험 업무 담당 내용 부분 이상 이하 없음 미기재 비어 있음 어 음 그 좀 뭐 것 수 등 더 잘 같은 있는 이런 그런 제목 답변 질문 나이 경력 요약 자격증 공고 지원 회사 때 중 후 전"
    .split(" "),
);

/** Salient terms of a text: nouns and tech words, most frequent and longest first. */
export function salientTerms(text: string): string[] {
  const stats = new Map<string, { n: number; first: number }>();
  const tokens = text.split(/[^\p{L}\p{N}+#.]+/u);
  tokens.forEach((raw, i) => {
    let t = raw.replace(/^[.]+|[.]+$/g, "");
    if (/[가-힣]$/.test(t)) {
      const stripped = t.replace(JOSA, "");
      if (stripped.length >= 2) t = stripped;
    }
    if (t.length < 2 || STOPWORDS.has(t) || /^\d+$/.test(t)) return;
    if (/[가-힣]$/.test(t) && VERBISH.test(t)) return;
    const s = stats.get(t);
    if (s) s.n++;
    else stats.set(t, { n: 1, first: i });
  });
  const score = (t: string, n: number) =>
    n * 3 + Math.min(t.length, 8) + (/[A-Za-z]/.test(t) ? 2 : 0);
  return [...stats.entries()]
    .sort(([a, x], [b, y]) => score(b, y.n) - score(a, x.n) || x.first - y.first)
    .map(([t]) => t);
}

function sentences(text: string): string[] {
  return text
    .split(/\n|(?<=[.!?。])\s+|(?<=다\.)\s*/)
    .map((s) => s.replace(/^[\s\-*•·\d.)]+/, "").trim())
    .filter((s) => s.length >= 4);
}

/** Bulleted or numbered lines (how postings list requirements), or null when there are none. */
function bulletLines(text: string): string[] | null {
  const lines = text.split("\n").filter((l) => /^\s*([-*•·]|\d+[.)])\s+\S/.test(l));
  return lines.length ? sentences(lines.join("\n")) : null;
}

function plainReply(ctx: PromptContext): string {
  const term = salientTerms(ctx.focus)[0] ?? "말씀하신 내용";
  return `네, '${term}'에 대해 말씀드리겠습니다. 핵심은 구체적인 경험과 결과를 함께 보여 주는 것입니다.`;
}

// ---------------------------------------------------------------------------------------------
// JSON Schema → value

/** A JSON Schema node. */
export type Schema = Record<string, unknown>;

/** Keywords OpenAI's strict mode answers with "'…' is not permitted". */
const NOT_PERMITTED_IN_STRICT = ["minLength", "maxLength", "default", "patternProperties"];

/** Problems OpenAI's strict mode would reject the schema for (first one is reported). */
export function strictSchemaProblems(root: Schema): string[] {
  const problems: string[] = [];
  if (root.type !== "object") problems.push("the root schema must be of type 'object'.");
  const visit = (node: unknown, at: string) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${at}/${i}`));
    const s = node as Schema;
    const props = s.properties as Record<string, unknown> | undefined;
    if (s.type === "object" || props) {
      if (s.additionalProperties !== false) {
        problems.push(
          `In context=(${at}), 'additionalProperties' is required to be supplied and to be false.`,
        );
      }
      const required = new Set(Array.isArray(s.required) ? s.required : []);
      const missing = Object.keys(props ?? {}).filter((k) => !required.has(k));
      if (missing.length) {
        problems.push(
          `In context=(${at}), 'required' is required to include every key; missing ${
            missing.join(", ")
          }.`,
        );
      }
    }
    for (const k of NOT_PERMITTED_IN_STRICT) {
      if (k in s) problems.push(`In context=(${at}), '${k}' is not permitted.`);
    }
    for (const [k, v] of Object.entries(s)) {
      if (k === "properties" || k === "$defs" || k === "definitions") {
        for (const [p, child] of Object.entries(v as Schema)) visit(child, `${at}/${k}/${p}`);
      } else if (["items", "prefixItems", "anyOf", "oneOf", "allOf", "not"].includes(k)) {
        visit(v, `${at}/${k}`);
      }
    }
  };
  visit(root, "");
  return problems;
}

interface GenState {
  root: Schema;
  ctx: PromptContext;
  terms: string[];
  /** Property name of the value being generated. */
  key: string;
  /** Index of the innermost enclosing array item. */
  index: number;
  /** Index of the innermost enclosing array item that is an object, e.g. a turn. */
  row: number | null;
  depth: number;
}

/** A value that validates against `schema`, with content taken from the prompt where it fits. */
export function generateFromSchema(schema: Schema, ctx: PromptContext): unknown {
  return gen(schema, {
    root: schema,
    ctx,
    terms: salientTerms(ctx.focus),
    key: "",
    index: 0,
    row: null,
    depth: 0,
  });
}

function resolveRef(ref: string, root: Schema): Schema {
  if (ref === "#") return root;
  let node: unknown = root;
  for (const part of ref.replace(/^#\//, "").split("/")) {
    node = (node as Schema | undefined)?.[part.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  if (!node || typeof node !== "object") throw new Error(`Unresolvable $ref ${ref}`);
  return node as Schema;
}

function gen(schema: Schema | boolean, st: GenState): unknown {
  if (schema === true || schema === false) return null;
  if (typeof schema.$ref === "string") {
    const { $ref, ...rest } = schema;
    return gen({ ...resolveRef($ref as string, st.root), ...rest }, st);
  }
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[st.index % schema.enum.length];
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(alternatives)) {
    const pick = alternatives.find((a) => a.type !== "null") ?? alternatives[0];
    return gen(pick, st);
  }
  if (Array.isArray(schema.allOf)) {
    const merged: Schema = { ...schema, allOf: undefined };
    for (const part of schema.allOf as Schema[]) {
      const p = typeof part.$ref === "string" ? resolveRef(part.$ref, st.root) : part;
      Object.assign(merged, p, {
        properties: { ...(merged.properties as Schema), ...(p.properties as Schema) },
        required: [...((merged.required as string[]) ?? []), ...((p.required as string[]) ?? [])],
      });
    }
    delete merged.allOf;
    return gen(merged, st);
  }
  let type = schema.type;
  if (Array.isArray(type)) type = type.find((t) => t !== "null") ?? "null";
  if (!type) type = schema.properties ? "object" : schema.items ? "array" : "string";
  switch (type) {
    case "object":
      return genObject(schema, st);
    case "array":
      return genArray(schema, st);
    case "integer":
    case "number":
      return genNumber(schema, st, type === "integer");
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return genString(schema, st);
  }
}

function genObject(schema: Schema, st: GenState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  for (const [key, child] of Object.entries(props)) {
    out[key] = gen(child, { ...st, key, depth: st.depth + 1 });
  }
  return out;
}

function genArray(schema: Schema, st: GenState): unknown[] {
  const min = typeof schema.minItems === "number" ? schema.minItems : 0;
  const max = typeof schema.maxItems === "number" ? schema.maxItems : Infinity;
  const key = st.key.toLowerCase();
  const wanted = st.depth > 6
    ? 0
    : /keyword|tag|skill/.test(key)
    ? 5
    : /requirement/.test(key)
    ? 4
    : 2;
  const count = Math.min(Math.max(wanted, min), max);
  const prefix = (schema.prefixItems ?? []) as Schema[];
  const items = (schema.items ?? {}) as Schema;
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (let i = 0; i < Math.max(count, prefix.length); i++) {
    const child = prefix[i] ?? items;
    const row = isObjectSchema(child, st.root) ? i : st.row;
    let v = gen(child, { ...st, index: i, row, depth: st.depth + 1 });
    if (schema.uniqueItems) {
      for (let n = 2; seen.has(JSON.stringify(v)) && typeof v === "string"; n++) {
        v = fitLength(`${v} ${n}`, child);
      }
      seen.add(JSON.stringify(v));
    }
    out.push(v);
  }
  return out;
}

function genNumber(schema: Schema, st: GenState, integer: boolean): number {
  const num = (k: string) => (typeof schema[k] === "number" ? schema[k] as number : undefined);
  let lo = num("minimum") ?? -Infinity;
  let hi = num("maximum") ?? Infinity;
  const exLo = num("exclusiveMinimum");
  const exHi = num("exclusiveMaximum");
  const step = num("multipleOf");
  if (integer) {
    lo = exLo !== undefined ? Math.max(lo, Math.floor(exLo) + 1) : Math.ceil(lo);
    hi = exHi !== undefined ? Math.min(hi, Math.ceil(exHi) - 1) : Math.floor(hi);
  } else {
    if (exLo !== undefined && exLo >= lo) lo = exLo;
    if (exHi !== undefined && exHi <= hi) hi = exHi;
  }
  const key = st.key.toLowerCase();
  let v: number;
  if (/(^|_)(turn|number|index|no)$|_number$/.test(key)) v = st.index + 1;
  else if (Number.isFinite(lo) && Number.isFinite(hi)) {
    v = integer ? Math.ceil((lo + hi) / 2) + (st.index % 2) : (lo + hi) / 2;
  } else if (Number.isFinite(lo)) v = lo + 3;
  else if (Number.isFinite(hi)) v = hi - 3;
  else v = 3 + (st.index % 2);
  if (step) v = Math.round(v / step) * step;
  if (integer) v = Math.round(v);
  // Clamp into the (possibly exclusive) range, stepping inwards on exclusive bounds.
  const inside = (x: number) =>
    x >= lo && x <= hi && (exLo === undefined || x > exLo) && (exHi === undefined || x < exHi);
  if (!inside(v)) {
    const unit = step ?? (integer ? 1 : 0);
    const candidates = [
      lo + unit,
      lo,
      hi - unit,
      hi,
      step ? Math.ceil(lo / step) * step : lo,
      step ? Math.floor(hi / step) * step : hi,
      (lo + hi) / 2,
    ];
    v = candidates.find((c) => Number.isFinite(c) && inside(c)) ?? v;
  }
  return v;
}

function genString(schema: Schema, st: GenState): string {
  switch (schema.format) {
    case "email":
      return "candidate@example.com";
    case "uri":
    case "url":
      return "https://example.com/";
    case "uuid":
      return "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    case "date-time":
      return "2025-01-01T00:00:00.000Z";
    case "date":
      return "2025-01-01";
    case "time":
      return "00:00:00";
  }
  return fitLength(prose(st), schema);
}

function fitLength(text: string, schema: Schema): string {
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : Infinity;
  let s = text;
  while ([...s].length < min) s += " 내용";
  const chars = [...s];
  if (chars.length > max) s = chars.slice(0, max).join("");
  while ([...s].length < min) s += "가";
  return s;
}

function isObjectSchema(schema: Schema, root: Schema): boolean {
  const s = typeof schema.$ref === "string" ? resolveRef(schema.$ref, root) : schema;
  return s.type === "object" || !!s.properties;
}

/** The data block an object in an array belongs to, e.g. `ANSWER_2` for turns[1]. */
function turnText(st: GenState): string {
  const label = `ANSWER_${(st.row ?? st.index) + 1}`;
  return st.ctx.blocks.find((b) => b.label === label)?.text ?? st.ctx.focus;
}

function prose(st: GenState): string {
  const key = st.key.toLowerCase();
  const i = st.index;
  const term = (list: string[], n = i) => list.length ? list[n % list.length] : "지원 직무";
  const local = salientTerms(turnText(st));
  if (/keyword|tag|skill/.test(key)) return term(st.terms);
  if (/requirement/.test(key)) {
    const lines = bulletLines(st.ctx.focus) ?? sentences(st.ctx.focus);
    return lines.length ? lines[i % lines.length].slice(0, 120) : `${term(st.terms)} 역량`;
  }
  if (/question/.test(key)) {
    const followUp = st.ctx.blocks.some((b) => b.label.startsWith("ANSWER_"));
    return followUp
      ? `방금 말씀하신 '${
        term(st.terms, 0)
      }' 경험에서 본인이 맡은 역할과 결과를 조금 더 구체적으로 말씀해 주시겠어요?`
      : `'${
        term(st.terms, 0)
      }'에 관한 경험을 중심으로 이 직무에 지원하신 이유를 말씀해 주시겠어요?`;
  }
  if (/claim/.test(key)) {
    // A claim quotes the cover letter, as the requirement map asks.
    const letter = st.ctx.blocks.find((b) => b.label === "COVER_LETTER")?.text ?? "";
    const lines = sentences(letter);
    return lines.length ? [...lines[i % lines.length]].slice(0, 40).join("") : "(주장 없음)";
  }
  if (/evidence|quote/.test(key)) {
    const lines = sentences(turnText(st));
    return lines.length ? [...lines[i % lines.length]].slice(0, 40).join("") : "(인용할 답변 없음)";
  }
  if (/strength/.test(key)) return `'${term(local)}' 경험을 구체적으로 언급한 점이 좋습니다.`;
  if (/improve|weak/.test(key)) {
    return `'${term(local)}'의 성과를 수치로 보여 주면 더 설득력이 있습니다.`;
  }
  if (/suggest|tip|revision/.test(key)) {
    return `"${term(local)} 경험을 통해 ○○ 문제를 해결했습니다"처럼 결과 중심으로 써 보세요.`;
  }
  if (/summary|feedback|overall|comment|review|reason/.test(key)) {
    return `'${
      term(local, 0)
    }'에 대한 내용이 구체적으로 드러나 좋습니다. 다만 본인의 역할과 결과를 수치로 보여 주면 더 설득력이 있습니다.`;
  }
  return `${term(st.terms)} 관련 내용`;
}

/**
 * A requirement map read from the prompt the way a careful model would, by shared terms: a
 * requirement is evidenced by answer sentences with one of its three most salient terms; a
 * letter sentence with a number is contradicted by an answer sentence on its topic with another
 * number of the same unit, unsupported when no answer shares its terms.
 */
export function requirementMapReply(ctx: PromptContext): unknown {
  const block = (label: string) => ctx.blocks.find((b) => b.label === label)?.text ?? "";
  const requirements = block("REQUIREMENTS").split("\n").map((l) => l.match(/^(\d+)\. (.+)$/))
    .filter((m) => m !== null);
  const answers = ctx.blocks.filter((b) => /^ANSWER_\d+$/.test(b.label)).flatMap((b) =>
    sentences(b.text).map((s) => ({ turn: Number(b.label.slice(7)), sentence: s.slice(0, 200) }))
  );
  const about = (text: string, n: number) => {
    const terms = salientTerms(text).slice(0, n);
    return answers.filter((a) => terms.some((t) => a.sentence.includes(t)));
  };
  const number = (text: string) => text.match(/(\d+(?:\.\d+)?)\s*(%|배|건|명|초|분)/);
  const letter = sentences(block("COVER_LETTER")).map((c) => c.slice(0, 200));
  type Claim = {
    claim: string;
    status: string;
    turn_number: number | null;
    answer_quote: string | null;
  };
  const claims = letter.filter((c) => number(c)).flatMap((claim): Claim[] => {
    const [, value, unit] = number(claim)!;
    const related = about(claim, 4);
    if (!related.length) {
      return [{ claim, status: "unsupported", turn_number: null, answer_quote: null }];
    }
    const other = related.find((a) => {
      const m = number(a.sentence);
      return m && m[2] === unit && m[1] !== value;
    });
    return other
      ? [{ claim, status: "contradicted", turn_number: other.turn, answer_quote: other.sentence }]
      : [];
  });
  return {
    requirements: requirements.map(([, n, text]) => ({
      requirement_number: Number(n),
      evidence: about(text, 3).slice(0, 2).map((a) => ({ turn_number: a.turn, quote: a.sentence })),
    })),
    claims: claims.slice(0, 6),
  };
}

/** The text of the sentence a careless model attributes to a source that does not exist. */
export const INVENTED_SENTENCE = "저는 사내 해커톤에서 대상을 받았습니다.";

/**
 * A model answer read from the numbered `SOURCES` the way a careful model would, by shared
 * terms: the sources sharing most salient terms with the `QUESTION` first (the conclusion),
 * then up to three more in their order, each citing its number; then, like a careless model,
 * one sentence citing a number past the last source and one citing none, which the server must
 * drop.
 */
export function modelAnswerReply(ctx: PromptContext): unknown {
  const block = (label: string) => ctx.blocks.find((b) => b.label === label)?.text ?? "";
  const sources = block("SOURCES").split("\n").map((l) => l.match(/^(\d+)\. \[[^\]]*\] (.+)$/))
    .filter((m) => m !== null).map(([, id, text]) => ({ id: Number(id), text }));
  const terms = salientTerms(block("QUESTION")).slice(0, 5);
  const shared = (text: string) => terms.filter((t) => text.includes(t)).length;
  const ranked = [...sources].sort((a, b) => shared(b.text) - shared(a.text) || a.id - b.id);
  const [first, ...rest] = ranked;
  const support = rest.slice(0, 3).sort((a, b) => a.id - b.id);
  const last = sources.at(-1)?.id ?? 0;
  return {
    sentences: [
      ...(first ? [first, ...support] : []).map((s) => ({ text: s.text, source_ids: [s.id] })),
      { text: INVENTED_SENTENCE, source_ids: [last + 1] },
      { text: "그래서 이 직무에 잘 맞는다고 생각합니다.", source_ids: [] },
    ],
  };
}

/**
 * The real OpenAI provider pointed at a fake server, with the product's default models and no
 * retries (so every injected failure shows); `overrides` change any option.
 */
export function fakeOpenAiProvider(
  fake: Pick<FakeOpenAI, "url">,
  overrides: Partial<OpenAiProviderOptions> = {},
): AiProvider {
  return createOpenAiProvider({
    apiKey: "test-key",
    baseURL: fake.url,
    chatModel: "gpt-4o",
    ttsModel: "tts-1-hd",
    ttsVoice: "alloy",
    sttModel: "gpt-transcribe",
    sttLanguages: ["ko"],
    timeoutMs: 10_000,
    maxRetries: 0,
    ...overrides,
  });
}
