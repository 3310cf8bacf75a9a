/**
 * How an answer given again compares with the one before it (attempt 2 with the interview's
 * own answer, 3 with 2, …): the score change overall and per rubric dimension, and a word-level
 * diff of the transcripts. Pure, so the result page and the API show the same numbers.
 */
import { diffArrays } from "diff";
import { RUBRIC_DIMENSIONS } from "../ai/rubric.ts";
import type { RubricDimension, TurnFeedback } from "../ai/types.ts";

/** One run of the diff: words both transcripts share, or only the later (added) or earlier. */
export interface DiffSegment {
  op: "equal" | "added" | "removed";
  text: string;
}

/**
 * Later score minus earlier score, overall and per dimension; null where a side lacks the
 * score (not scored yet or failed, feedback from before the rubric, delivery of a typed answer).
 */
export type ScoreChange = { overall: number | null } & Record<RubricDimension, number | null>;

/** One attempt against the one before it. */
export interface AttemptComparison {
  /** The attempt compared against: 1 is the interview's own answer. */
  against_attempt: number;
  score_change: ScoreChange;
  /** Null when either side has no transcript yet. */
  transcript_diff: DiffSegment[] | null;
}

/** What a side of a comparison needs: its number, transcript and stored feedback. */
export interface ComparedAnswer {
  attempt_number: number;
  answer_stt_text: string | null;
  feedback: unknown;
}

/** Stored feedback when it has the shape of a `TurnFeedback` score, else null. */
export function feedbackOf(v: unknown): TurnFeedback | null {
  const f = v as TurnFeedback | null;
  return f && typeof f === "object" && typeof f.score === "number" ? f : null;
}

/** The score change from `before` to `after` (see `ScoreChange`). */
export function scoreChange(before: unknown, after: unknown): ScoreChange {
  const a = feedbackOf(before), b = feedbackOf(after);
  const delta = (x: number | undefined, y: number | undefined) =>
    x === undefined || y === undefined ? null : y - x;
  const out = { overall: delta(a?.score, b?.score) } as ScoreChange;
  for (const d of RUBRIC_DIMENSIONS) {
    out[d] = delta(a?.rubric?.[d]?.score ?? undefined, b?.rubric?.[d]?.score ?? undefined);
  }
  return out;
}

/**
 * A word-level diff: whitespace-separated words (어절, punctuation kept on the word) and the
 * whitespace between them, compared as units. The space between two changed words counts as
 * changed too, so a rewritten phrase reads as one removed and one added run. The `equal` and
 * `removed` runs spell `before` exactly, the `equal` and `added` runs `after`.
 */
export function wordDiff(before: string, after: string): DiffSegment[] {
  const words = (s: string) => s.match(/\s+|\S+/g) ?? [];
  const changes = diffArrays(words(before), words(after)).map((c) => ({
    op: c.added ? "added" as const : c.removed ? "removed" as const : "equal" as const,
    text: c.value.join(""),
  })).filter((c) => c.text);
  const out: DiffSegment[] = [];
  let removed = "", added = "";
  const flush = () => {
    if (removed) out.push({ op: "removed", text: removed });
    if (added) out.push({ op: "added", text: added });
    removed = added = "";
  };
  changes.forEach((c, i) => {
    const between = c.op === "equal" && !c.text.trim() && i > 0 &&
      changes[i - 1].op !== "equal" && changes[i + 1] && changes[i + 1].op !== "equal";
    if (c.op === "removed" || between) removed += c.text;
    if (c.op === "added" || between) added += c.text;
    if (c.op === "equal" && !between) {
      flush();
      out.push({ op: "equal", text: c.text });
    }
  });
  flush();
  return out;
}

/** `after` against `before`, the attempt just before it. */
export function compareAttempts(before: ComparedAnswer, after: ComparedAnswer): AttemptComparison {
  return {
    against_attempt: before.attempt_number,
    score_change: scoreChange(before.feedback, after.feedback),
    transcript_diff: before.answer_stt_text === null || after.answer_stt_text === null
      ? null
      : wordDiff(before.answer_stt_text, after.answer_stt_text),
  };
}
