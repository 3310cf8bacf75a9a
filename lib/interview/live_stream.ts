/**
 * The live endpoint's entry into the interview: checks, before the socket is upgraded, that
 * the interview is the user's and the turn is the one awaiting an answer, then starts the
 * recording's live transcription in the registry with the same hints file STT gets.
 */
import { findSession, listTurns } from "../../db/interviews.ts";
import { transcriptionKeywords } from "../ai/stt_hints.ts";
import { AppError, notFound } from "../errors.ts";
import { usageRecorder } from "../usage/mod.ts";
import { type InterviewDeps, loadInterviewContext } from "./feedback_job.ts";
import type { LiveStream } from "./live_transcription.ts";
import { assertClaimable } from "./turns.ts";

/** A turn cleared for live transcription; `start` begins one recording's stream. */
export interface LiveTurn {
  start(liveId: string, onPartial: (text: string) => void): LiveStream;
}

/**
 * Clears turn `turn` of interview `sessionId` for a live stream by `userId`. Throws
 * `live_stt_unavailable` when the provider (or the app) has no live transcription,
 * `interview_not_found` for another user's interview, `turn_conflict` for any other turn.
 */
export async function liveTurn(
  deps: InterviewDeps,
  userId: string,
  sessionId: string,
  turn: number,
): Promise<LiveTurn> {
  const liveTranscribe = deps.ai.liveTranscribe?.bind(deps.ai);
  const registry = deps.live;
  if (!liveTranscribe || !registry) {
    throw new AppError(
      "invalid",
      "live_stt_unavailable",
      "Live transcription is not available; the answer is transcribed once it is sent",
    );
  }
  const session = await findSession(deps.sql, userId, sessionId);
  if (!session) throw notFound("interview");
  const row = assertClaimable(session, await listTurns(deps.sql, sessionId), turn);
  const ctx = await loadInterviewContext(deps.sql, userId, session.cover_letter_id);
  const keywords = transcriptionKeywords(ctx);
  const usage = usageRecorder(deps, { userId, sessionId });
  return {
    start: (liveId, onPartial) =>
      registry.start(sessionId, turn, liveId, (o) =>
        liveTranscribe({
          ...usage.for("live_transcription"),
          keywords,
          prompt: row.question_text,
          ...o,
        }), onPartial),
  };
}
