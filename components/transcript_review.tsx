/**
 * Transcript correction before scoring: the start form's opt-in, the review form shown after
 * the last answer (each question with its recording and an editable transcript), and the
 * "corrected" mark with the transcript as first heard on the result.
 */
import { fmt, type Messages } from "../lib/i18n/mod.ts";
import { Alert, Button, PageHeader, PostForm, TextArea } from "./ui.tsx";

/** The form field of turn `n`'s corrected transcript. */
export const reviewField = (n: number) => `text_${n}`;

/** The start form's checkbox; on by default, so the web candidate reviews unless they opt out. */
export function TranscriptReviewField(p: { t: Messages }) {
  const { t } = p;
  return (
    <div class="mb-4 flex items-start gap-3">
      <input
        id="f-transcript_review"
        type="checkbox"
        name="transcript_review"
        value="on"
        checked
        aria-describedby="f-transcript_review-hint"
        class="mt-1 size-5 rounded border-slate-300 text-indigo-600"
      />
      <div>
        <label for="f-transcript_review" class="text-sm font-medium text-slate-800">
          {t.setup_transcript_review}
        </label>
        <p id="f-transcript_review-hint" class="text-sm text-slate-500">
          {t.setup_transcript_review_hint}
        </p>
      </div>
    </div>
  );
}

/** What the review form needs of a turn. */
export interface ReviewTurn {
  turn_number: number;
  question_text: string;
  answer_audio_url: string | null;
  answer_stt_text: string | null;
  answer_source: "audio" | "text" | null;
}

/**
 * The review form: every answered turn's transcript in a textarea, prefilled with what was
 * heard (or, after a refused submission, what the candidate sent).
 */
export function TranscriptReview(
  p: {
    t: Messages;
    csrf: string;
    sessionId: string;
    turns: ReviewTurn[];
    maxLength: number;
    values?: Record<number, string>;
    error?: string;
  },
) {
  const { t } = p;
  const answered = p.turns.filter((turn) => turn.answer_stt_text !== null);
  return (
    <div class="space-y-6">
      <PageHeader title={t.review_title} lead={t.review_lead} />
      {p.error && <Alert kind="error">{p.error}</Alert>}
      <PostForm action={`/interviews/${p.sessionId}/review`} csrf={p.csrf} label={t.review_title}>
        <ol class="space-y-4">
          {answered.map((turn) => (
            <li
              key={turn.turn_number}
              data-turn={turn.turn_number}
              class="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6"
            >
              <h2 class="text-sm font-semibold text-indigo-700">
                {fmt(t.result_turn, { n: turn.turn_number })}
              </h2>
              <p class="text-lg font-medium leading-relaxed text-slate-900">
                {turn.question_text}
              </p>
              {turn.answer_audio_url && (
                <audio controls preload="metadata" src={turn.answer_audio_url} class="w-full">
                </audio>
              )}
              <TextArea
                name={reviewField(turn.turn_number)}
                label={turn.answer_source === "text" ? t.result_typed_answer : t.result_transcript}
                hint={fmt(t.review_field_hint, { max: p.maxLength.toLocaleString("en-US") })}
                value={p.values?.[turn.turn_number] ?? turn.answer_stt_text}
                maxLength={p.maxLength}
                required
              />
            </li>
          ))}
        </ol>
        <div class="flex flex-wrap gap-3">
          <Button>{t.review_submit}</Button>
          {/* Sends the transcripts as heard, whatever the textareas now hold. */}
          <Button kind="secondary" name="accept">{t.review_accept}</Button>
        </div>
      </PostForm>
    </div>
  );
}

/** The "corrected" badge of a transcript, with the text as first heard behind a disclosure. */
export function CorrectedNote(p: { t: Messages; original: string | null }) {
  if (p.original === null) return null;
  return (
    <details class="mt-2 text-sm">
      <summary class="cursor-pointer text-slate-600">
        <span class="mr-2 rounded-full bg-violet-100 px-2 py-0.5 text-xs font-semibold text-violet-900">
          {p.t.review_corrected}
        </span>
        {p.t.review_original}
      </summary>
      <blockquote class="mt-1 whitespace-pre-line border-l-4 border-slate-200 pl-3 text-slate-600">
        {p.original}
      </blockquote>
    </details>
  );
}
