/**
 * The interview room, the site's only island. It plays each question (server audio from its
 * first bytes, see stream_player.ts, or the browser's voice when the provider has no TTS),
 * counts down the preparation time, records the answer (60 s at most, with input meter) and
 * shows the take to record again or submit (final); then the next question, and after the last
 * the result page. Without server STT the browser's recognition captions and its (correctable)
 * text goes with the recording, or the candidate types it. Without a microphone answers are
 * typed. `retry` mode asks one question of a finished interview and posts a new attempt.
 * Props are plain JSON embedded in the page.
 */
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { preloadCaptions, recordingCaptions } from "./recording_captions.ts";
import { useDevice } from "./device.ts";
import { unlockAudio } from "./engine.ts";
import { canRecord, type MicProblem, requestMic } from "./mic.ts";
import { askQuestion, mark } from "./question_player.ts";
import {
  fill,
  Intro,
  Prep,
  Question,
  RecordingPanel,
  Retry,
  Review,
  Skip,
  TypedAnswer,
} from "./recorder_views.tsx";
import { countdown } from "./countdown.ts";
import { startTake } from "./recording.ts";
import { answerForm, type Next, type Outcome, postAnswer } from "./upload.ts";
import { type Phase, type RecorderProps, roomState } from "./recorder_state.ts";

export type { RecorderProps };

const MAX_SECONDS = 60;
/** The control each step puts the keyboard on. */
const FOCUS: Partial<Record<Phase, string>> = {
  prep: "rec-go",
  recording: "rec-stop",
  review: "rec-submit",
};

/** The recorder island. */
export default function Recorder(p: RecorderProps) {
  const t = p.t;
  const phase = useSignal<Phase>("idle");
  const turn = useSignal(p.turn);
  const question = useSignal(p.question);
  const status = useSignal("");
  const left = useSignal(MAX_SECONDS);
  const prepLeft = useSignal(0);
  /** The take under review needs its transcript written here (no server STT, or it asked). */
  const needText = useSignal(false);
  const level = useSignal(0);
  const mic = useSignal<"ok" | MicProblem>("ok");
  const dev = useDevice(p.speechLang, !!p.audioUrl, p.serverStt);
  const caption = useSignal<string | null>(null);
  const draft = useSignal("");
  const serverRetry = useSignal(p.retryPending);
  const typed = useSignal("");
  const textRef = useRef<HTMLTextAreaElement>(null);
  const s = useRef(roomState(p.audioUrl)).current;

  const typing = () => mic.value !== "ok";

  useEffect(() => {
    document.getElementById(FOCUS[phase.value] ?? "")?.focus();
    if (phase.value !== "idle" && typing() && phase.value !== "sending") textRef.current?.focus();
  }, [phase.value]);

  /** First tap: unlocks audio (allowed only inside a gesture) and asks for the microphone. */
  function start() {
    ({ audio: s.audio, ctx: s.ctx } = unlockAudio());
    s.stream = requestMic();
    // Fetched now, so the first recording does not wait for its captions' chunk.
    preloadCaptions({ live: !!p.live, serverStt: p.serverStt });
    if (serverRetry.value) void retryOnServer();
    else playQuestion();
  }

  function ask(next: () => void) {
    s.asking = askQuestion({
      turn: turn.value,
      text: question.value,
      url: s.audioUrl,
      lang: p.speechLang,
      ctx: s.ctx,
      audio: s.audio,
      voice: dev.getVoice,
    }, next);
  }

  function playQuestion() {
    phase.value = "playing";
    status.value = t.rec_playing;
    ask(() => phase.value === "playing" && void prepare());
  }

  /** Hears the question again: the countdown restarts after it; a take under review stays. */
  function replay() {
    s.stopPrep?.();
    s.stopPrep = null;
    if (phase.value !== "review") return playQuestion();
    s.asking?.skip();
    ask(() => {});
  }

  /** The countdown, unless there is none or nothing to record with (answers are typed). */
  async function prepare() {
    const stream = await (s.stream ??= requestMic());
    if (!p.prepSeconds || typeof stream === "string") return void record();
    phase.value = "prep";
    status.value = "";
    s.stopPrep = countdown(p.prepSeconds, (n) => (prepLeft.value = n), begin);
  }

  /** Ends the countdown (run out, or the candidate starts now) and records, once. */
  function begin() {
    if (!s.stopPrep) return;
    s.stopPrep();
    s.stopPrep = null;
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
        // Without server STT the transcript goes with the take: the browser's, or written.
        needText.value = !p.serverStt;
        review(p.serverStt || heard ? t.rec_review_hint : t.rec_type_transcript);
      },
    });
    phase.value = "recording";
    status.value = t.rec_recording;
  }

  function stopRecording() {
    if (phase.value !== "recording") return;
    // The take comes to review once the recorder (and the captions) hand it over.
    phase.value = "sending";
    status.value = "";
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

  /** Submits the take under review: final (the server takes one answer a turn). */
  function submitReview(e: Event) {
    e.preventDefault();
    const text = draft.value.trim();
    if (!s.blob || (needText.value && !text)) return;
    // Corrected recognition stays the browser's; written from nothing, it is typed.
    if (needText.value) s.transcript = { text, source: s.browserHeard ? "browser" : "typed" };
    s.asking?.skip();
    mark("answer-stop", turn.value);
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
    await post(p.postUrl, answerForm(turn.value, answer));
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
    const onRetry = (n: number) => (status.value = fill(t.rec_net_retry, n));
    handle(await postAnswer(url, p.csrf, turn.value, body, onRetry));
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
        return fail(t.rec_no_speech, false, "again");
      case "transcript_required":
        needText.value = true;
        return review(t.rec_type_transcript);
      case "finished":
        return location.assign(p.resultUrl);
      case "stale":
        return location.reload();
      case "busy":
        return fail(t.rec_busy, false);
      case "failed": {
        const why = { rate_limited: t.rec_rate_limited, ai_down: t.rec_ai_down }[out.why as string];
        // A retry attempt is not kept on the server: it is sent again from here.
        return fail(`${why ?? ""} ${t.rec_failed}`.trim(), out.onServer && p.mode !== "retry");
      }
    }
  }

  function fail(message: string, onServer: boolean, to: Phase = "failed") {
    serverRetry.value = onServer;
    status.value = message;
    phase.value = to;
  }

  function advance(next: Next | undefined) {
    URL.revokeObjectURL(s.reviewUrl);
    s.blob = null;
    s.text = null;
    s.transcript = null;
    s.browserHeard = false;
    typed.value = "";
    draft.value = "";
    needText.value = false;
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

  /** Discards the take (if any) and records again after the countdown. */
  function again() {
    if (typing()) return;
    URL.revokeObjectURL(s.reviewUrl);
    s.reviewUrl = "";
    s.blob = null;
    s.asking?.skip();
    void prepare();
  }

  const ph = phase.value;
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
        retry={p.mode === "retry"}
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
          retry={p.mode === "retry"}
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

      {ph === "prep" && (
        <Prep t={t} left={prepLeft.value} onGo={begin} onReplay={noVoice ? undefined : replay} />
      )}

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
          needText={needText.value}
          value={draft.value}
          onInput={(v) => (draft.value = v)}
          onSubmit={submitReview}
          onAgain={again}
          onReplay={noVoice ? undefined : replay}
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
          mic={mic.value}
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
