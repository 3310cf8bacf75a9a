/**
 * The interview room, the site's only island. It plays each question (server audio from its
 * first bytes, see stream_player.ts, or the browser's own voice when the provider has no TTS),
 * records the spoken answer as soon as the
 * question ends (60 s at most, with countdown and input meter), uploads it and goes straight
 * on to the next question; after the last turn it opens the result page. Without a microphone
 * it falls back to typed answers. Props are plain JSON embedded in the page.
 */
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { IslandMessages } from "../lib/i18n/mod.ts";
import { extensionOf, pickMimeType, recordedType, unlockAudio } from "./engine.ts";
import { type Playback, playStream } from "./stream_player.ts";

/** Serializable props, embedded as JSON by the interview page. */
export interface RecorderProps {
  sessionId: string;
  turn: number;
  total: number;
  question: string;
  audioUrl: string | null;
  /** "text" when the server cannot transcribe speech (offline provider). */
  mode: "voice" | "text";
  /** BCP 47 language of the interview, for the browser's own voice. */
  speechLang?: string;
  /** The current turn has a stored answer whose processing failed: resume it on the server. */
  retryPending: boolean;
  csrf: string;
  resultUrl: string;
  loginUrl: string;
  t: IslandMessages;
}

type Phase = "idle" | "playing" | "recording" | "sending" | "failed" | "again" | "done";
type Mic = "ok" | "denied" | "missing" | "unsupported";
interface Next {
  turn_number: number;
  question_text: string;
  question_audio_url: string | null;
}

const MAX_SECONDS = 60;
const NET_RETRIES = 3;

const fill = (s: string, n: number | string) => s.replace(/\{\w+\}/, String(n));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * Marks the moments a candidate perceives on the page's performance timeline (stop pressed,
 * question audible, question over), so browser tests and the bench read the gap they hear.
 */
const mark = (name: string, turn: number, startTime?: number) =>
  performance.mark(name, { detail: { turn }, startTime });

/** The recorder island. */
export default function Recorder(p: RecorderProps) {
  const t = p.t;
  const phase = useSignal<Phase>("idle");
  const turn = useSignal(p.turn);
  const question = useSignal(p.question);
  const status = useSignal("");
  const left = useSignal(MAX_SECONDS);
  const level = useSignal(0);
  const mic = useSignal<Mic>(p.mode === "voice" ? "ok" : "unsupported");
  const serverRetry = useSignal(p.retryPending);
  const typed = useSignal("");
  // False in the server render; true once hydrated, so the start button is known to work.
  const ready = useSignal(false);
  const stopRef = useRef<HTMLButtonElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const s = useRef({
    audio: null as HTMLAudioElement | null,
    audioUrl: p.audioUrl,
    playback: null as Playback | null,
    // Set while record() waits for the microphone: a second "question over" must not record twice.
    starting: false,
    ctx: null as AudioContext | null,
    stream: null as Promise<MediaStream | null> | null,
    recorder: null as MediaRecorder | null,
    blob: null as Blob | null,
    text: null as string | null,
    interval: undefined as ReturnType<typeof setInterval> | undefined,
    raf: 0,
  }).current;

  const typing = () => p.mode === "text" || mic.value !== "ok";

  useEffect(() => {
    ready.value = true;
    return stopTimers;
  }, []);
  useEffect(() => {
    if (phase.value === "recording") stopRef.current?.focus();
    if (phase.value !== "idle" && typing() && phase.value !== "sending") textRef.current?.focus();
  }, [phase.value]);

  function stopTimers() {
    clearInterval(s.interval);
    cancelAnimationFrame(s.raf);
  }

  function requestMic(): Promise<MediaStream | null> {
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === "undefined") {
      mic.value = "unsupported";
      return Promise.resolve(null);
    }
    return navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true },
    }).catch((e: DOMException) => {
      mic.value = e.name === "NotFoundError" || e.name === "OverconstrainedError"
        ? "missing"
        : "denied";
      return null;
    });
  }

  /** First tap: unlocks audio (allowed only inside a gesture) and asks for the microphone. */
  function start() {
    ({ audio: s.audio, ctx: s.ctx } = unlockAudio());
    if (p.mode === "voice") s.stream = requestMic();
    if (serverRetry.value) {
      void retryOnServer();
      return;
    }
    playQuestion();
  }

  function playQuestion() {
    phase.value = "playing";
    status.value = t.rec_playing;
    const url = s.audioUrl;
    const n = turn.value;
    if (!url || !s.audio) return speak(afterQuestion);
    const pb = playStream(url, s.ctx, s.audio, {
      firstByte: () => mark("question-first-byte", n),
      audible: (at) => mark("question-audible", n, at),
    });
    s.playback = pb;
    void pb.done.then((how) => {
      // Skipped, or a newer question took over: not this playback's turn to move on.
      if (s.playback !== pb) return;
      s.playback = null;
      mark(`question-${how}`, n);
      if (how === "failed") speak(afterQuestion);
      else afterQuestion();
    });
  }

  /** Reads the question aloud with the browser's voice; calls `done` once, however it ends. */
  function speak(done: () => void) {
    const synth = globalThis.speechSynthesis;
    let finished = false;
    const finish = () => {
      if (!finished) (finished = true, done());
    };
    if (!synth) return finish();
    const u = new SpeechSynthesisUtterance(question.value);
    const lang = p.speechLang ?? "ko-KR";
    u.lang = lang;
    const base = lang.slice(0, 2).toLowerCase();
    const voice = synth.getVoices().find((v) => v.lang.toLowerCase().startsWith(base));
    if (voice) u.voice = voice;
    let started = false;
    u.onstart = () => (started = true);
    u.onend = finish;
    u.onerror = finish;
    synth.cancel();
    synth.speak(u);
    // Some browsers have no voice at all and never fire an event.
    setTimeout(() => started || finish(), 2500);
  }

  function silence() {
    const pb = s.playback;
    s.playback = null;
    pb?.stop();
    globalThis.speechSynthesis?.cancel();
  }

  function afterQuestion() {
    if (phase.value !== "playing" || s.starting) return;
    if (typing()) {
      phase.value = "again";
      status.value = "";
      return;
    }
    s.starting = true;
    void record().finally(() => (s.starting = false));
  }

  async function record() {
    const stream = await (s.stream ??= requestMic());
    if (!stream) {
      phase.value = "again";
      status.value = "";
      return;
    }
    const mime = pickMimeType();
    const rec = new MediaRecorder(stream, mime ? { mimeType: mime } : undefined);
    const chunks: Blob[] = [];
    rec.ondataavailable = (e) => e.data.size && chunks.push(e.data);
    rec.onstop = () => {
      stopTimers();
      level.value = 0;
      s.blob = new Blob(chunks, { type: recordedType(rec, chunks, mime) });
      s.text = null;
      void send();
    };
    s.recorder = rec;
    rec.start(1000);
    phase.value = "recording";
    status.value = t.rec_recording;
    left.value = MAX_SECONDS;
    const began = performance.now();
    s.interval = setInterval(() => {
      left.value = Math.max(0, Math.ceil(MAX_SECONDS - (performance.now() - began) / 1000));
      if (left.value === 0) stopRecording();
    }, 250);
    meter(stream);
  }

  function meter(stream: MediaStream) {
    if (!s.ctx) return;
    const analyser = s.ctx.createAnalyser();
    analyser.fftSize = 512;
    s.ctx.createMediaStreamSource(stream).connect(analyser);
    const buf = new Uint8Array(analyser.fftSize);
    const tick = () => {
      analyser.getByteTimeDomainData(buf);
      let sum = 0;
      for (const v of buf) sum += ((v - 128) / 128) ** 2;
      level.value = Math.min(1, Math.sqrt(sum / buf.length) * 4);
      s.raf = requestAnimationFrame(tick);
    };
    tick();
  }

  function stopRecording() {
    if (s.recorder?.state === "recording") {
      mark("answer-stop", turn.value);
      phase.value = "sending";
      status.value = t.rec_uploading;
      s.recorder.stop();
    }
  }

  function submitText(e: Event) {
    e.preventDefault();
    const text = typed.value.trim();
    if (!text || phase.value === "sending") return;
    silence();
    s.text = text;
    s.blob = null;
    void send();
  }

  /** POSTs the kept answer, retrying network failures; the answer is kept until accepted. */
  async function send() {
    phase.value = "sending";
    const body = new FormData();
    body.set("turn_number", String(turn.value));
    if (s.text !== null) body.set("answer_text", s.text);
    else body.set("audio", s.blob!, `answer.${extensionOf(s.blob!.type)}`);
    await post(`/api/interviews/${p.sessionId}/answer`, body);
  }

  async function retryOnServer() {
    phase.value = "sending";
    await post(`/api/interviews/${p.sessionId}/turns/${turn.value}/retry`);
  }

  async function post(url: string, body?: FormData) {
    status.value = turn.value >= p.total ? t.rec_finishing : t.rec_processing;
    let res: Response | null = null;
    for (let attempt = 1; attempt <= NET_RETRIES && !res; attempt++) {
      try {
        res = await fetch(url, {
          method: "POST",
          body,
          credentials: "same-origin",
          headers: { "X-CSRF-Token": p.csrf, Accept: "application/json" },
        });
      } catch {
        status.value = fill(t.rec_net_retry, attempt);
        await sleep(1000 * 2 ** attempt);
      }
    }
    if (!res) return fail(t.rec_failed, false);
    const data = await res.json().catch(() => ({}));
    if (res.ok) return advance(data);
    const err = data.error ?? {};
    if (res.status === 401) {
      location.assign(`${p.loginUrl}?next=${encodeURIComponent(location.pathname)}`);
      return fail(t.rec_session_expired, false);
    }
    if (err.code === "no_speech") {
      s.blob = null;
      phase.value = "again";
      status.value = t.rec_no_speech;
      return;
    }
    if (err.code === "turn_conflict") {
      const d = err.details ?? {};
      if (d.status && d.status !== "in_progress") return location.assign(p.resultUrl);
      // An earlier attempt was accepted but its response was lost: the page shows the turn
      // the server is on.
      if (d.current_turn && d.current_turn !== turn.value) return location.reload();
      // The same turn is held by an attempt still in flight (or one that crashed): keep the
      // recording and let the candidate send it again shortly.
      return fail(t.rec_busy, false);
    }
    const resumable = (res.status === 502 || res.status === 503) && err.details?.retryable &&
      err.code !== "storage_unavailable";
    const why = res.status === 429 ? t.rec_rate_limited : res.status >= 502 ? t.rec_ai_down : "";
    fail(`${why} ${t.rec_failed}`.trim(), !!resumable);
  }

  function fail(message: string, onServer: boolean) {
    serverRetry.value = onServer;
    status.value = message;
    phase.value = "failed";
  }

  function advance(data: { interview_completed?: boolean; next_turn?: Next }) {
    s.blob = null;
    s.text = null;
    typed.value = "";
    serverRetry.value = false;
    if (data.interview_completed || !data.next_turn) {
      phase.value = "done";
      status.value = t.rec_done;
      s.stream?.then((st) => st?.getTracks().forEach((tr) => tr.stop()));
      location.assign(p.resultUrl);
      return;
    }
    turn.value = data.next_turn.turn_number;
    question.value = data.next_turn.question_text;
    s.audioUrl = data.next_turn.question_audio_url;
    playQuestion();
  }

  function again() {
    if (typing()) return;
    void record();
  }

  const ph = phase.value;
  const micNote = mic.value === "denied"
    ? t.rec_mic_denied
    : mic.value === "missing"
    ? t.rec_mic_missing
    : mic.value === "unsupported" && p.mode === "voice"
    ? t.rec_unsupported
    : p.mode === "text"
    ? t.rec_text_mode
    : "";
  const btn =
    "inline-flex min-h-11 items-center justify-center rounded-lg px-4 py-2 font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";
  const primary = `${btn} bg-indigo-600 text-white hover:bg-indigo-700`;
  const secondary = `${btn} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`;

  return (
    <div
      class="space-y-5"
      data-phase={ph}
      data-turn={turn.value}
      data-ready={ready.value ? "1" : undefined}
    >
      <section
        aria-labelledby="q-heading"
        class="rounded-xl border border-indigo-200 bg-indigo-50 p-4 sm:p-6"
      >
        <h2 id="q-heading" class="text-sm font-semibold text-indigo-800">
          {t.rec_question_label} · {turn.value} / {p.total}
        </h2>
        <p id="question" class="mt-2 text-lg font-medium leading-relaxed text-slate-900">
          {question.value}
        </p>
      </section>

      {ph === "idle" && (
        <div class="space-y-3">
          <p class="text-slate-700">{t.rec_intro}</p>
          <p class="text-sm text-slate-600">{t.rec_headphones}</p>
          <button type="button" class={primary} onClick={start} id="rec-start">
            {t.rec_start}
          </button>
        </div>
      )}

      <p role="status" aria-live="polite" id="rec-status" class="font-medium text-slate-800">
        {status.value}
      </p>

      {ph === "playing" && (
        <button type="button" class={secondary} onClick={() => (silence(), afterQuestion())}>
          {t.rec_skip}
        </button>
      )}

      {ph === "recording" && (
        <div class="space-y-3 rounded-xl border border-red-200 bg-white p-4">
          <p class="flex items-center gap-2 font-semibold text-red-700">
            <span
              class="inline-block size-3 animate-pulse rounded-full bg-red-600"
              aria-hidden="true"
            >
            </span>
            <span id="rec-left">{fill(t.rec_seconds_left, left.value)}</span>
          </p>
          <progress
            class="h-2 w-full accent-indigo-600"
            max={MAX_SECONDS}
            value={left.value}
            aria-hidden="true"
          />
          <label class="block text-sm text-slate-600">
            {t.rec_level}
            <meter
              class="mt-1 block h-3 w-full accent-indigo-600"
              min={0}
              max={1}
              low={0.1}
              value={level.value}
            />
          </label>
          <button type="button" ref={stopRef} class={primary} onClick={stopRecording} id="rec-stop">
            {t.rec_stop}
          </button>
        </div>
      )}

      {ph === "sending" && (
        <progress class="h-2 w-full accent-indigo-600" aria-label={status.value} />
      )}

      {ph === "failed" && (
        <div class="flex flex-wrap gap-2">
          {serverRetry.value
            ? (
              <button type="button" class={primary} onClick={retryOnServer} id="rec-retry-server">
                {t.rec_retry_server}
              </button>
            )
            : (s.blob || s.text !== null) && (
              <button type="button" class={primary} onClick={send} id="rec-retry">
                {t.rec_retry}
              </button>
            )}
          {!typing() && (
            <button type="button" class={secondary} onClick={again}>{t.rec_record_again}</button>
          )}
        </div>
      )}

      {ph === "again" && !typing() && (
        <button type="button" class={primary} onClick={again} id="rec-again">
          {t.rec_record_again}
        </button>
      )}

      {ph !== "idle" && ph !== "done" && typing() && (
        <form class="space-y-3" onSubmit={submitText}>
          {micNote && <p class="rounded-lg bg-amber-50 p-3 text-sm text-amber-950">{micNote}</p>}
          <label for="answer-text" class="block text-sm font-medium text-slate-800">
            {t.rec_answer_label}
          </label>
          <textarea
            id="answer-text"
            ref={textRef}
            rows={6}
            maxLength={5000}
            class="block w-full rounded-lg border border-slate-300 px-3 py-2 text-base"
            value={typed.value}
            onInput={(e) => (typed.value = (e.target as HTMLTextAreaElement).value)}
          />
          <button type="submit" class={primary} disabled={ph === "sending"} id="answer-send">
            {t.rec_send_text}
          </button>
        </form>
      )}
    </div>
  );
}
