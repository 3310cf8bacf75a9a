/**
 * The recorder's screens without their behaviour: the start screen (saying only what will
 * happen on this device), the question, the preparation countdown, the recording panel with
 * live captions, the review of a take before it is submitted (with the transcript the
 * candidate writes or corrects when the server cannot transcribe), and the typed answer.
 */
import type { IslandMessages } from "../lib/i18n/mod.ts";

const btn =
  "inline-flex min-h-11 items-center justify-center rounded-lg px-4 py-2 font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";
const primary = `${btn} bg-indigo-600 text-white hover:bg-indigo-700`;
const secondary = `${btn} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`;
const textarea = "block w-full rounded-lg border border-slate-300 px-3 py-2 text-base";
const label = "block text-sm font-medium text-slate-800";

type T = { t: IslandMessages };
export const fill = (s: string, n: number | string) => s.replace(/\{\w+\}/, String(n));

/**
 * The question, always in full text; says so when no voice can read it. `retry`: one question
 * of a finished interview, answered again.
 */
export function Question(
  p: T & { retry: boolean; turn: number; total: number; text: string; noVoice: boolean },
) {
  const { t } = p;
  return (
    <section
      aria-labelledby="q-heading"
      class="rounded-xl border border-indigo-200 bg-indigo-50 p-4 sm:p-6"
    >
      <h2 id="q-heading" class="text-sm font-semibold text-indigo-800">
        {p.retry
          ? fill(t.rec_retry_label, p.turn)
          : `${t.rec_question_label} · ${p.turn} / ${p.total}`}
      </h2>
      <p id="question" class="mt-2 text-lg font-medium leading-relaxed text-slate-900">{p.text}</p>
      {p.noVoice && <p id="no-voice" class="mt-2 text-sm text-indigo-900">{t.rec_no_voice}</p>}
    </section>
  );
}

/**
 * The start screen. `recognition` is null when the server transcribes; otherwise where the
 * browser's recognition sends the audio, with the candidate's switch to turn it off.
 */
export function Intro(
  p: T & {
    canRecord: boolean;
    questionAudio: boolean;
    /** One question of a finished interview, answered again. */
    retry: boolean;
    recognition: "none" | "device" | "vendor" | null;
    recognitionOn: boolean;
    onToggle(on: boolean): void;
    onStart(): void;
  },
) {
  const { t, recognition: r } = p;
  const intro = !p.canRecord
    ? t.rec_intro_typed
    : p.questionAudio
    ? t.rec_intro
    : t.rec_intro_silent;
  return (
    <div class="space-y-3">
      <p class="text-slate-700" id="rec-intro">{intro}</p>
      {p.canRecord && p.questionAudio && (
        <p class="text-sm text-slate-600" id="rec-headphones">{t.rec_headphones}</p>
      )}
      {p.canRecord && r === "none" && (
        <p class="text-sm text-slate-600" id="rec-recognition">{t.rec_no_recognition}</p>
      )}
      {p.canRecord && (r === "device" || r === "vendor") && (
        <div class="space-y-2 rounded-lg bg-slate-100 p-3 text-sm" id="rec-recognition">
          <p class="text-slate-700">{r === "vendor" ? t.rec_stt_vendor : t.rec_stt_local}</p>
          <label class="flex items-center gap-2 font-medium text-slate-800">
            <input
              type="checkbox"
              id="rec-recognition-on"
              class="size-5 accent-indigo-600"
              checked={p.recognitionOn}
              onChange={(e) =>
                p.onToggle((e.target as HTMLInputElement).checked)}
            />
            {t.rec_stt_toggle}
          </label>
          {!p.recognitionOn && <p class="text-slate-600">{t.rec_stt_off}</p>}
        </div>
      )}
      <button type="button" class={primary} onClick={p.onStart} id="rec-start">
        {p.retry ? t.rec_retry_start : t.rec_start}
      </button>
    </div>
  );
}

/** Countdown, input level and, when a caption source runs, what it has heard so far. */
export function RecordingPanel(
  p: T & {
    left: number;
    max: number;
    level: number;
    caption: string | null;
    onStop(): void;
  },
) {
  const { t } = p;
  return (
    <div class="space-y-3 rounded-xl border border-red-200 bg-white p-4">
      <p class="flex items-center gap-2 font-semibold text-red-700">
        <span class="inline-block size-3 animate-pulse rounded-full bg-red-600" aria-hidden="true">
        </span>
        <span id="rec-left">{fill(t.rec_seconds_left, p.left)}</span>
      </p>
      <progress
        class="h-2 w-full accent-indigo-600"
        max={p.max}
        value={p.left}
        aria-hidden="true"
      />
      <label class="block text-sm text-slate-600">
        {t.rec_level}
        <meter
          class="mt-1 block h-3 w-full accent-indigo-600"
          min={0}
          max={1}
          low={0.1}
          value={p.level}
        />
      </label>
      {p.caption !== null && (
        <div>
          <h3 class="text-sm font-semibold text-slate-700">{t.rec_captions}</h3>
          <p
            id="captions"
            aria-live="polite"
            class="mt-1 min-h-12 rounded-lg bg-slate-900 p-3 text-base leading-relaxed text-white"
          >
            {p.caption || <span class="text-slate-400">{t.rec_captions_waiting}</span>}
          </p>
        </div>
      )}
      <button type="button" class={primary} onClick={p.onStop} id="rec-stop">
        {t.rec_stop}
      </button>
    </div>
  );
}

/**
 * The take just recorded, before it is submitted: listen to it, record again or submit (final).
 * `needText`: the server cannot transcribe, so the transcript is written or corrected here.
 */
export function Review(
  p: T & {
    audioUrl: string;
    needText: boolean;
    value: string;
    onInput(v: string): void;
    onSubmit(e: Event): void;
    onAgain(): void;
    /** Absent when nothing can read the question aloud. */
    onReplay?: () => void;
  },
) {
  const { t } = p;
  return (
    <form class="space-y-3 rounded-xl border border-slate-200 bg-white p-4" onSubmit={p.onSubmit}>
      <h3 class="text-sm font-semibold text-slate-700">{t.rec_review_title}</h3>
      {p.audioUrl && <audio controls src={p.audioUrl} id="review-audio" class="w-full"></audio>}
      {p.needText && (
        <>
          <label for="transcript-text" class={label}>{t.rec_transcript_label}</label>
          <textarea
            id="transcript-text"
            rows={5}
            maxLength={5000}
            required
            class={textarea}
            value={p.value}
            onInput={(e) => p.onInput((e.target as HTMLTextAreaElement).value)}
          />
        </>
      )}
      <div class="flex flex-wrap gap-2">
        <button type="submit" class={primary} id="rec-submit">{t.rec_submit}</button>
        <button type="button" class={secondary} onClick={p.onAgain} id="rec-redo">
          {t.rec_record_again}
        </button>
        <Replay t={t} onReplay={p.onReplay} />
      </div>
    </form>
  );
}

/** The countdown before recording, with starting now and hearing the question again. */
export function Prep(p: T & { left: number; onGo(): void; onReplay?: () => void }) {
  const { t } = p;
  return (
    <div class="space-y-3 rounded-xl border border-indigo-200 bg-white p-4">
      <p id="rec-prep" class="text-2xl font-bold text-indigo-800">{fill(t.rec_prep, p.left)}</p>
      <div class="flex flex-wrap gap-2">
        <button type="button" class={primary} onClick={p.onGo} id="rec-go">{t.rec_prep_go}</button>
        <Replay t={t} onReplay={p.onReplay} />
      </div>
    </div>
  );
}

function Replay(p: T & { onReplay?: () => void }) {
  return p.onReplay && (
    <button type="button" class={secondary} onClick={p.onReplay} id="rec-replay">
      {p.t.rec_replay}
    </button>
  );
}

/**
 * After a failure (`failed`) or a recording to redo: resume on the server, send the kept
 * answer again, or record again.
 */
export function Retry(
  p: T & {
    failed: boolean;
    onServer: boolean;
    kept: boolean;
    canRecord: boolean;
    retryServer(): void;
    resend(): void;
    again(): void;
  },
) {
  const { t } = p;
  if (!p.failed) {
    return p.canRecord
      ? (
        <button type="button" class={primary} onClick={p.again} id="rec-again">
          {t.rec_record_again}
        </button>
      )
      : null;
  }
  return (
    <div class="flex flex-wrap gap-2">
      {p.onServer
        ? (
          <button type="button" class={primary} onClick={p.retryServer} id="rec-retry-server">
            {t.rec_retry_server}
          </button>
        )
        : p.kept && (
          <button type="button" class={primary} onClick={p.resend} id="rec-retry">
            {t.rec_retry}
          </button>
        )}
      {p.canRecord && (
        <button type="button" class={secondary} onClick={p.again}>{t.rec_record_again}</button>
      )}
    </div>
  );
}

/** A typed answer, when there is no microphone to record with (`mic` says why). */
export function TypedAnswer(
  p: T & {
    mic: string;
    value: string;
    sending: boolean;
    textRef: { current: HTMLTextAreaElement | null };
    onInput(v: string): void;
    onSubmit(e: Event): void;
  },
) {
  const { t } = p;
  const note = { ok: "", denied: t.rec_mic_denied, missing: t.rec_mic_missing }[p.mic] ??
    t.rec_unsupported;
  return (
    <form class="space-y-3" onSubmit={p.onSubmit}>
      {note && <p class="rounded-lg bg-amber-50 p-3 text-sm text-amber-950">{note}</p>}
      <label for="answer-text" class={label}>{t.rec_answer_label}</label>
      <textarea
        id="answer-text"
        ref={p.textRef}
        rows={6}
        maxLength={5000}
        class={textarea}
        value={p.value}
        onInput={(e) => p.onInput((e.target as HTMLTextAreaElement).value)}
      />
      <button type="submit" class={primary} disabled={p.sending} id="answer-send">
        {t.rec_send_text}
      </button>
    </form>
  );
}

/** Silences the question and starts the answer now. */
export function Skip(p: T & { onSkip(): void }) {
  return (
    <button type="button" class={secondary} onClick={p.onSkip} id="rec-skip">
      {p.t.rec_skip}
    </button>
  );
}
