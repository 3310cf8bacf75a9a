/**
 * Transcript correction before scoring. An interview started with `transcript_review` waits in
 * `reviewing` after its last answer (`answer.ts`); the candidate then fixes mis-heard words,
 * and only the corrected text is scored: the corrections, their recomputed metrics, the
 * originals kept beside them and the queued feedback job commit together, or nothing does.
 */
import { correctTranscript } from "../../db/coaching.ts";
import { listTurns, lockSession } from "../../db/interviews.ts";
import type { DeliveryMetrics } from "../ai/types.ts";
import { AppError, notFound } from "../errors.ts";
import type { TranscriptCorrections } from "../schemas.ts";
import { remeasure } from "./delivery_metrics.ts";
import { type InterviewDeps, queueFeedback } from "./feedback_job.ts";

/** `POST /api/interviews/{id}/review` response. */
export interface ReviewResult {
  session_id: string;
  status: "feedback_pending";
  /** Turns whose transcript changed; an unchanged text is no correction. */
  corrected_turns: number[];
}

/**
 * Applies the candidate's corrections (validated by `TranscriptCorrections`; none accepts the
 * transcripts as heard) and queues the feedback. Only an interview of `userId` in `reviewing`
 * takes them, and every corrected turn must be one of its answered turns.
 */
export async function submitReview(
  deps: Pick<InterviewDeps, "sql">,
  userId: string,
  sessionId: string,
  input: TranscriptCorrections,
): Promise<ReviewResult> {
  const corrected = await deps.sql.begin(async (tx) => {
    const session = await lockSession(tx, userId, sessionId);
    if (!session) throw notFound("interview");
    if (session.status !== "reviewing") {
      throw new AppError(
        "conflict",
        "not_reviewing",
        "This interview is not waiting for transcript corrections",
        { status: session.status },
      );
    }
    const turns = await listTurns(tx, session.id);
    const changed: number[] = [];
    for (const c of input.corrections) {
      const turn = turns.find((t) => t.turn_number === c.turn_number);
      if (!turn || turn.answer_stt_text === null) {
        throw new AppError("invalid", "unknown_turn", "No answered turn with this number", {
          turn_number: c.turn_number,
        });
      }
      // Line breaks travel as CRLF in forms (a textarea, a multipart typed answer) and as LF
      // elsewhere: a text differing only in them is the same text, not a correction.
      if (unixLines(c.text) === unixLines(turn.answer_stt_text)) continue;
      const metrics = remeasure(c.text, turn.metrics as DeliveryMetrics | null);
      if (await correctTranscript(tx, session.id, c.turn_number, c.text, metrics)) {
        changed.push(c.turn_number);
      }
    }
    await queueFeedback(tx, session.id);
    return changed.sort((a, b) => a - b);
  });
  return { session_id: sessionId, status: "feedback_pending", corrected_turns: corrected };
}

const unixLines = (s: string) => s.replaceAll("\r\n", "\n");
