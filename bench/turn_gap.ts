/**
 * Turn gap: the time from the candidate sending an answer to the first audio byte of the next
 * question, measured over HTTP like a client sees it.
 *
 * - `pipelined` drives the real app: `POST /api/interviews/{id}/answer`, then at once
 *   `GET next_turn.question_audio_url` with `format=pcm` (as the recorder island asks) until its
 *   first body byte.
 * - `naive` is the serial pipeline the issue describes, built here from the same provider,
 *   storage and latencies: put answer → STT → LLM → TTS to the last byte → put question →
 *   respond → the client downloads the stored question from `/files`. It skips the app's
 *   database writes, auth and validation, so it is, if anything, flattered.
 */
import { Hono } from "hono";
import type { AiProvider, InterviewContext, QA } from "../lib/ai/types.ts";
import { inspectAudio } from "../lib/media/mod.ts";
import { loadInterviewContext, TURNS_PER_INTERVIEW } from "../lib/interview/mod.ts";
import type { Sql } from "../db/client.ts";
import type { Storage } from "../lib/storage/types.ts";

/** One measured turn. */
export interface TurnSample {
  /** Answer sent → first byte of the next question's audio. */
  gapMs: number;
  /** Answer sent → answer response read (JSON). */
  answerMs: number;
  /** Question audio requested → its first byte. */
  audioFirstByteMs: number;
  /** Size of the whole question audio the client received. */
  audioBytes: number;
}

/** A signed-in client of the app under test. */
export interface Client {
  origin: string;
  token: string;
}

/** Which interview API a client drives: the app's or the bench's naive one. */
interface InterviewApi {
  start(): Promise<{ sessionId: string; audioUrl: string }>;
  answer(sessionId: string, turn: number, audio: Blob): Promise<Response>;
  /** The URL a client fetches to hear a question whose `question_audio_url` is `url`. */
  listen(url: string): string;
}

/**
 * An interview API at `base` (`…/start`, `…/{id}/answer`): the app's and the naive pipeline's
 * differ only in their base path, credentials and what `start` needs.
 */
function interviewApi(
  base: string,
  headers: Record<string, string>,
  startBody: Record<string, string>,
  listen: (url: string) => string = (url) => url,
): InterviewApi {
  return {
    listen,
    async start() {
      const res = await fetch(`${base}/start`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(startBody),
      });
      const j = await expectJson(res, 201);
      return { sessionId: j.session_id, audioUrl: j.current_turn.question_audio_url };
    },
    answer(sessionId, turn, audio) {
      const form = new FormData();
      form.set("turn_number", String(turn));
      form.set("audio", audio, "answer.webm");
      return fetch(`${base}/${sessionId}/answer`, { method: "POST", headers, body: form });
    },
  };
}

/** The app's own API. */
export function appApi(client: Client, coverLetterId: string): InterviewApi {
  return interviewApi(
    `${client.origin}/api/interviews`,
    { authorization: `Bearer ${client.token}` },
    { cover_letter_id: coverLetterId },
    (url) => `${url}&format=pcm`,
  );
}

/** The naive pipeline's API (served by {@link naivePipeline} under `/bench/naive`). */
export function naiveApi(client: Client, userId: string, coverLetterId: string): InterviewApi {
  return interviewApi(`${client.origin}/bench/naive`, {}, {
    user_id: userId,
    cover_letter_id: coverLetterId,
  });
}

/**
 * Runs one whole interview like the recorder island: plays each question to its end, answers,
 * and times every turn that has a next question. Returns the session id and the samples.
 */
export async function runInterview(
  origin: string,
  api: InterviewApi,
  recording: Blob,
): Promise<{ sessionId: string; samples: TurnSample[] }> {
  const { sessionId, audioUrl } = await api.start();
  await download(new URL(audioUrl, origin));
  const samples: TurnSample[] = [];
  for (let n = 1; n <= TURNS_PER_INTERVIEW; n++) {
    const t0 = performance.now();
    const res = await api.answer(sessionId, n, recording);
    const j = await expectJson(res, 200);
    const tAnswer = performance.now();
    if (n === TURNS_PER_INTERVIEW) {
      if (j.interview_completed !== true) throw new Error("turn 5 did not complete the interview");
      break;
    }
    const audio = await fetch(new URL(api.listen(j.next_turn.question_audio_url), origin));
    if (!audio.ok || !audio.body) throw new Error(`question audio: HTTP ${audio.status}`);
    const reader = audio.body.getReader();
    const first = await reader.read();
    const tFirst = performance.now();
    if (first.done || first.value.byteLength === 0) throw new Error("question audio is empty");
    // The client plays the question to its end before it records the next answer.
    let bytes = first.value.byteLength;
    for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.byteLength;
    samples.push({
      gapMs: tFirst - t0,
      answerMs: tAnswer - t0,
      audioFirstByteMs: tFirst - tAnswer,
      audioBytes: bytes,
    });
  }
  return { sessionId, samples };
}

async function download(url: URL): Promise<number> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url.pathname}: HTTP ${res.status}`);
  return (await res.arrayBuffer()).byteLength;
}

// deno-lint-ignore no-explicit-any
async function expectJson(res: Response, status: number): Promise<any> {
  const text = await res.text();
  if (res.status !== status) {
    throw new Error(`${res.url}: expected ${status}, got ${res.status}: ${text.slice(0, 300)}`);
  }
  return JSON.parse(text);
}

/** Dependencies of the naive pipeline: the very objects the app under test uses. */
export interface NaiveDeps {
  sql: Sql;
  storage: Storage;
  ai: AiProvider;
  /** Receives each serial stage's duration. */
  timings?: (stage: string, ms: number) => void;
}

interface NaiveSession {
  ctx: InterviewContext;
  history: QA[];
  question: string;
  turn: number;
}

/**
 * The naive serial pipeline as an HTTP app: every step awaits the one before, the question is
 * synthesised completely and stored before the response, and its URL points at storage.
 */
export function naivePipeline(deps: NaiveDeps) {
  const sessions = new Map<string, NaiveSession>();
  const timed = async <T>(stage: string, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      deps.timings?.(stage, performance.now() - started);
    }
  };

  /** Synthesises `text` completely, stores it, and returns the stored object's URL. */
  async function speakAndStore(sessionId: string, turn: number, text: string): Promise<string> {
    const speech = await timed("tts_total", async () => {
      const s = await deps.ai.speak(text);
      return {
        bytes: new Uint8Array(await new Response(s.body).arrayBuffer()),
        type: s.contentType,
      };
    });
    const key = `bench/naive/${sessionId}/questions/${turn}.mp3`;
    await timed("storage", () => deps.storage.put(key, speech.bytes, speech.type));
    return await deps.storage.url(key);
  }

  const app = new Hono();
  app.post("/bench/naive/start", async (c) => {
    const { user_id, cover_letter_id } = await c.req.json();
    const ctx = await loadInterviewContext(deps.sql, user_id, cover_letter_id);
    const question = await timed("llm", () => deps.ai.firstQuestion(ctx));
    const id = crypto.randomUUID();
    sessions.set(id, { ctx, history: [], question, turn: 1 });
    const url = await speakAndStore(id, 1, question);
    return c.json({
      session_id: id,
      current_turn: { turn_number: 1, question_text: question, question_audio_url: url },
    }, 201);
  });
  app.post("/bench/naive/:id/answer", async (c) => {
    const s = sessions.get(c.req.param("id"));
    if (!s) return c.json({ error: "no session" }, 404);
    const form = await c.req.formData();
    const n = Number(form.get("turn_number"));
    const file = form.get("audio");
    if (n !== s.turn || !(file instanceof Blob)) return c.json({ error: "bad turn" }, 409);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const audio = await inspectAudio(bytes);
    if (!audio) return c.json({ error: "unsupported audio" }, 415);
    const key = `bench/naive/${c.req.param("id")}/answers/${n}.${audio.ext}`;
    await timed("storage", () => deps.storage.put(key, bytes, audio.contentType));
    const stt = await timed(
      "stt",
      () => deps.ai.transcribe(bytes, `answer.${audio.ext}`, audio.contentType),
    );
    s.history.push({ turn_number: n, question: s.question, answer: stt.text });
    const base = {
      turn_number: n,
      answer_audio_url: await deps.storage.url(key),
      answer_stt_text: stt.text,
    };
    if (n >= TURNS_PER_INTERVIEW) return c.json({ ...base, interview_completed: true });
    s.question = await timed("llm", () => deps.ai.nextQuestion(s.ctx, s.history));
    s.turn = n + 1;
    const url = await speakAndStore(c.req.param("id"), n + 1, s.question);
    return c.json({
      ...base,
      next_turn: { turn_number: n + 1, question_text: s.question, question_audio_url: url },
    });
  });
  return app;
}
