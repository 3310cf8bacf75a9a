/**
 * The interview room, the site's only island. It plays each question (server audio from its
 * first bytes, see stream_player.ts, or the browser's own voice when the provider has no TTS),
 * records the spoken answer as soon as the question ends (60 s at most, with countdown and
 * input meter), uploads it and goes straight on to the next question; after the last turn it
 * opens the result page. When the server cannot transcribe, the browser's speech recognition
 * shows live captions and its text goes with the recording; without it the candidate types
 * the transcript under the recording. Without a microphone answers are typed.
 * Props are plain JSON embedded in the page.
 */
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { IslandMessages } from "../lib/i18n/mod.ts";
import { preloadLive, recordingCaptions } from "./recording_captions.ts";
import { useDevice } from "./device.ts";
import { unlockAudio } from "./engine.ts";
import { canRecord, type MicProblem, requestMic } from "./mic.ts";
import { type Asking, askQuestion, mark } from "./question_player.ts";
import {
  fill,
  Intro,
  Question,
  RecordingPanel,
  Retry,
  Review,
  Skip,
  TypedAnswer,
} from "./recorder_views.tsx";
import { startTake, type Take } from "./recording.ts";
import {
  answerForm,
  type ClientTranscript,
  type Next,
  type Outcome,
  postAnswer,
} from "./upload.ts";
import type { LiveStream } from "./live_stream.ts";

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
  csrf: string;
  /** The server transcribes while the candidate speaks (`live_stream.ts`): stream and caption. */
  live?: boolean;
  resultUrl: string;
  loginUrl: string;
  t: IslandMessages;
}

type Phase = "idle" | "playing" | "recording" | "sending" | "review" | "failed" | "again" | "done";

const MAX_SECONDS = 60;

/** The recorder island. */
export default function Recorder(p: RecorderProps) {
  const t = p.t;
  const phase = useSignal<Phase>("idle");
  const turn = useSignal(p.turn);
  const question = useSignal(p.question);
  const status = useSignal("");
  const left = useSignal(MAX_SECONDS);
  const level = useSignal(0);
  const mic = useSignal<"ok" | MicProblem>("ok");
  const dev = useDevice(p.speechLang, !!p.audioUrl, p.serverStt);
  const caption = useSignal<string | null>(null);
  const draft = useSignal("");
  const serverRetry = useSignal(p.retryPending);
  const typed = useSignal("");
  const textRef = useRef<HTMLTextAreaElement>(null);
  const s = useRef({
    audio: null as HTMLAudioElement | null,
    audioUrl: p.audioUrl,
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
  }).current;

  const typing = () => mic.value !== "ok";

  useEffect(() => {
    if (phase.value === "recording") document.getElementById("rec-stop")?.focus();
    if (phase.value !== "idle" && typing() && phase.value !== "sending") textRef.current?.focus();
  }, [phase.value]);

  /** First tap: unlocks audio (allowed only inside a gesture) and asks for the microphone. */
  function start() {
    ({ audio: s.audio, ctx: s.ctx } = unlockAudio());
    s.stream = requestMic();
    // Fetched now, so the first recording does not wait for the live stream's chunk.
    if (p.live) preloadLive();
    if (serverRetry.value) void retryOnServer();
    else playQuestion();
  }

  function playQuestion() {
    phase.value = "playing";
    status.value = t.rec_playing;
    s.asking = askQuestion({
      turn: turn.value,
      text: question.value,
      url: s.audioUrl,
      lang: p.speechLang,
      ctx: s.ctx,
      audio: s.audio,
      voice: dev.getVoice,
    }, afterQuestion);
  }

  function afterQuestion() {
    if (phase.value !== "playing") return;
    void record();
  }

  async function record() {
    const stream = await (s.stream ??= requestMic());
    if (typeof stream === "string") {
      mic.value = stream;
      phase.value = "again";
      status.value = "";
      return;
    }
    const { browser, live } = await recordingCaptions({
      serverStt: p.serverStt,
      live: !!p.live,
      recognition: dev.recognition.value,
      optedOut: dev.optOut.value,
      lang: p.speechLang,
      sessionId: p.sessionId,
      turn: turn.value,
      csrf: p.csrf,
      stream,
      ctx: s.ctx,
      onPartial: (text) => (caption.value = text),
    });
    s.live = live;
    caption.value = browser || live ? "" : null;
    s.take = startTake(stream, s.ctx, browser, MAX_SECONDS, {
      left(n) {
        left.value = n;
        if (n === 0) stopRecording();
      },
      level: (l) => (level.value = l),
      done(blob, heard) {
        s.blob = blob;
        s.text = null;
        s.browserHeard = heard !== "";
        s.transcript = heard ? { text: heard, source: "browser" } : null;
        // Without server STT and nothing heard, the candidate writes the transcript.
        if (p.serverStt || heard) void send();
        else review(t.rec_type_transcript);
      },
    });
    phase.value = "recording";
    status.value = t.rec_recording;
  }

  function stopRecording() {
    if (phase.value !== "recording") return;
    mark("answer-stop", turn.value);
    phase.value = "sending";
    status.value = t.rec_uploading;
    s.live?.stop();
    s.take?.stop();
  }

  function review(message: string) {
    URL.revokeObjectURL(s.reviewUrl);
    s.reviewUrl = s.blob ? URL.createObjectURL(s.blob) : "";
    draft.value = s.transcript?.text ?? "";
    status.value = message;
    phase.value = "review";
  }

  function submitReview(e: Event) {
    e.preventDefault();
    const text = draft.value.trim();
    if (!text || !s.blob) return;
    // Corrected recognition stays the browser's; written from nothing, it is typed.
    s.transcript = { text, source: s.browserHeard ? "browser" : "typed" };
    void send();
  }

  function submitText(e: Event) {
    e.preventDefault();
    const text = typed.value.trim();
    if (!text || phase.value === "sending") return;
    // Silences a question still playing; out of "playing", it does not start a recording.
    phase.value = "sending";
    s.asking?.skip();
    s.text = text;
    s.blob = null;
    void send();
  }

  /** POSTs the kept answer; the answer is kept until accepted. */
  async function send() {
    phase.value = "sending";
    const answer = s.text !== null
      ? { text: s.text }
      : { blob: s.blob!, transcript: s.transcript, liveId: s.live?.liveId };
    await post(`/api/interviews/${p.sessionId}/answer`, answerForm(turn.value, answer));
  }

  async function retryOnServer() {
    phase.value = "sending";
    await post(`/api/interviews/${p.sessionId}/turns/${turn.value}/retry`);
  }

  async function post(url: string, body?: FormData) {
    status.value = turn.value >= p.total
      ? t.rec_finishing
      : p.serverStt || s.text !== null
      ? t.rec_processing
      : t.rec_saving;
    const out = await postAnswer(
      url,
      p.csrf,
      turn.value,
      body,
      (n) => (status.value = fill(t.rec_net_retry, n)),
    );
    handle(out);
  }

  function handle(out: Outcome) {
    switch (out.kind) {
      case "ok":
        return advance(out.completed ? undefined : out.next);
      case "login":
        location.assign(`${p.loginUrl}?next=${encodeURIComponent(location.pathname)}`);
        return fail(t.rec_session_expired, false);
      case "no_speech":
        s.blob = null;
        phase.value = "again";
        status.value = t.rec_no_speech;
        return;
      case "transcript_required":
        return review(t.rec_type_transcript);
      case "finished":
        return location.assign(p.resultUrl);
      case "stale":
        return location.reload();
      case "busy":
        return fail(t.rec_busy, false);
      case "failed": {
        const why = { rate_limited: t.rec_rate_limited, ai_down: t.rec_ai_down }[out.why as string];
        return fail(`${why ?? ""} ${t.rec_failed}`.trim(), out.onServer);
      }
    }
  }

  function fail(message: string, onServer: boolean) {
    serverRetry.value = onServer;
    status.value = message;
    phase.value = "failed";
  }

  function advance(next: Next | undefined) {
    URL.revokeObjectURL(s.reviewUrl);
    s.blob = null;
    s.text = null;
    s.transcript = null;
    s.browserHeard = false;
    typed.value = "";
    draft.value = "";
    caption.value = null;
    serverRetry.value = false;
    if (!next) {
      phase.value = "done";
      status.value = t.rec_done;
      s.stream?.then((st) => typeof st !== "string" && st.getTracks().forEach((tr) => tr.stop()));
      location.assign(p.resultUrl);
      return;
    }
    turn.value = next.turn_number;
    question.value = next.question_text;
    s.audioUrl = next.question_audio_url;
    playQuestion();
  }

  function again() {
    if (typing()) return;
    void record();
  }

  const ph = phase.value;
  const micNote = { ok: "", denied: t.rec_mic_denied, missing: t.rec_mic_missing }[
    mic.value as string
  ] ?? t.rec_unsupported;
  const noVoice = !s.audioUrl && dev.voice.value === null;

  return (
    <div
      class="space-y-5"
      data-phase={ph}
      data-turn={turn.value}
      data-ready={dev.ready.value ? "1" : undefined}
    >
      <Question
        t={t}
        turn={turn.value}
        total={p.total}
        text={question.value}
        noVoice={noVoice && ph !== "idle"}
      />

      {ph === "idle" && (
        <Intro
          t={t}
          canRecord={dev.ready.value ? dev.micLikely.value && canRecord() : true}
          questionAudio={!!p.audioUrl || !!dev.voice.value}
          recognition={p.serverStt ? null : dev.recognition.value}
          recognitionOn={!dev.optOut.value}
          onToggle={dev.setRecognition}
          onStart={start}
        />
      )}

      <p role="status" aria-live="polite" id="rec-status" class="font-medium text-slate-800">
        {status.value}
      </p>

      {ph === "playing" && <Skip t={t} onSkip={() => s.asking?.skip()} />}

      {ph === "recording" && (
        <RecordingPanel
          t={t}
          left={left.value}
          max={MAX_SECONDS}
          level={level.value}
          caption={caption.value}
          onStop={stopRecording}
        />
      )}

      {ph === "sending" && (
        <progress class="h-2 w-full accent-indigo-600" aria-label={status.value} />
      )}

      {ph === "review" && (
        <Review
          t={t}
          audioUrl={s.reviewUrl}
          value={draft.value}
          onInput={(v) => (draft.value = v)}
          onSubmit={submitReview}
          onAgain={again}
        />
      )}

      {(ph === "failed" || ph === "again") && (
        <Retry
          t={t}
          failed={ph === "failed"}
          onServer={serverRetry.value}
          kept={!!s.blob || s.text !== null}
          canRecord={!typing()}
          retryServer={retryOnServer}
          resend={send}
          again={again}
        />
      )}

      {ph !== "idle" && ph !== "done" && typing() && (
        <TypedAnswer
          t={t}
          note={micNote}
          value={typed.value}
          sending={ph === "sending"}
          textRef={textRef}
          onInput={(v) => (typed.value = v)}
          onSubmit={submitText}
        />
      )}
    </div>
  );
}
