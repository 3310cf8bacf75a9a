/**
 * Retry and compare: after the interview, any question can be answered again. An attempt is
 * stored first (its recording before anything can fail), then transcribed and scored in the
 * same request, like the answer pipeline's STT and LLM: `scored` with a `TurnFeedback` judged
 * on the interview's rubric, or `failed` with the recording kept, to be scored again with
 * `rerunAttempt`. Attempts are kept; the result lists them with each one compared to the one
 * before it (`attempt_compare.ts`).
 */
import {
  type AttemptClaim,
  type AttemptRow,
  countAttempts,
  deleteClaimedAttempt,
  failAttempt,
  findAttempt,
  insertAttempt,
  listSessionAttempts,
  reclaimAttempt,
  recordAttemptTranscript,
  scoreAttempt,
} from "../../db/attempts.ts";
import {
  type AnswerFields,
  lockSession,
  type SessionRow,
  type TranscriptSource,
  type TurnRow,
} from "../../db/interviews.ts";
import type { DeliveryMetrics, TurnFeedback } from "../ai/types.ts";
import { type AudioInspection, inspectAudio, makeSeekable } from "../media/mod.ts";
import { AppError, notFound } from "../errors.ts";
import { AnswerText } from "../schemas.ts";
import { URL_TTL_SEC } from "../storage/types.ts";
import { usageRecorder } from "../usage/mod.ts";
import { assertStorageQuota } from "../usage/quota.ts";
import { readUpload, type Upload } from "../upload.ts";
import {
  acceptedAudio,
  answerAudioKey,
  MAX_ANSWER_AUDIO_BYTES,
  readStoredAudio,
  transcribeFile,
} from "./answer_audio.ts";
import {
  type AttemptComparison,
  compareAttempts,
  type ComparedAnswer,
  feedbackOf,
} from "./attempt_compare.ts";
import { deliveryMetrics } from "./delivery_metrics.ts";
import {
  type InterviewDeps,
  loadInterviewContext,
  logWarn,
  measure,
  setupOf,
} from "./feedback_job.ts";
import { type ClientTranscript, clientTranscriptOf, noSpeech } from "./transcript.ts";
import { aiStepError, ownedTurn, STALE_CLAIM_MS } from "./turns.ts";

/** Retries one question may have (attempts 2 to 6; the interview's answer is attempt 1). */
export const MAX_RETRIES_PER_TURN = 5;

/** An answer given again: a recording (with the client's transcript) or typed text. */
export interface AttemptInput {
  audio?: Upload;
  text?: string;
  clientTranscript?: ClientTranscript;
}

/** An attempt as the API shows it. */
export interface AttemptView {
  turn_number: number;
  attempt_number: number;
  state: AttemptRow["state"];
  answer_source: "audio" | "text";
  answer_audio_url: string | null;
  answer_stt_text: string | null;
  transcript_source: TranscriptSource | null;
  metrics: DeliveryMetrics | null;
  feedback: TurnFeedback | null;
  score: number | null;
  /** Why scoring failed (`code: message`), while `failed`. */
  error: string | null;
  created_at: string;
  scored_at: string | null;
}

/** An attempt compared with the attempt before it (in a result, and once scored). */
export interface ResultAttempt extends AttemptView {
  comparison: AttemptComparison;
}

/**
 * Answers turn `turnNumber` of a completed interview again and scores the answer. Bad input is
 * refused before anything is stored; once stored, a failing AI step leaves the attempt `failed`
 * with its recording, and the error's details name the attempt to re-run.
 */
export async function submitAttempt(
  deps: InterviewDeps,
  userId: string,
  sessionId: string,
  turnNumber: number,
  input: AttemptInput,
): Promise<ResultAttempt> {
  if ((input.audio === undefined) === (input.text === undefined)) {
    throw new AppError("invalid", "invalid_input", "Send either an audio recording or a text");
  }
  const client = clientTranscriptOf(deps.ai.capabilities.stt, input);
  const bytes = input.audio && await readUpload(input.audio, MAX_ANSWER_AUDIO_BYTES);
  let text: string | undefined;
  if (input.text !== undefined) {
    const parsed = AnswerText.safeParse(input.text);
    if (!parsed.success) {
      throw new AppError("invalid", "invalid_input", "The answer text is empty or too long");
    }
    text = parsed.data;
  }
  const { session, turn } = await retriable(deps, userId, sessionId, turnNumber);
  if (await countAttempts(deps.sql, turn.id) >= MAX_RETRIES_PER_TURN) throw attemptLimit(turn);

  if (text !== undefined) {
    const row = await insertNext(deps, session, turn, {
      answer_source: "text",
      answer_audio_key: null,
      answer_audio_type: null,
      answer_audio_size: null,
      answer_stt_text: text,
      transcript_source: "typed",
      metrics: deliveryMetrics(text, null),
    });
    return await score(deps, session, turn, row);
  }
  const audio = await acceptedAudio(bytes!);
  await assertStorageQuota(deps.sql, userId, bytes!.byteLength);
  const key = answerAudioKey(session, turnNumber, audio.ext);
  const stored = await makeSeekable(
    bytes!,
    audio,
    (e) => logWarn(deps, "attempt audio not remuxed", e),
  );
  try {
    await measure(deps, "storage", () => deps.storage.put(key, stored.bytes, stored.contentType));
  } catch (e) {
    logWarn(deps, "attempt audio storage failed", e);
    throw new AppError(
      "unavailable",
      "storage_unavailable",
      "Could not save the recording; please send it again",
      { retryable: true, turn_number: turnNumber },
    );
  }
  let row: AttemptRow;
  try {
    row = await insertNext(deps, session, turn, {
      answer_source: "audio",
      answer_audio_key: key,
      answer_audio_type: stored.contentType,
      answer_audio_size: stored.bytes.byteLength,
      // Without server STT the client's transcript is the one (required, checked above).
      answer_stt_text: client?.text ?? null,
      transcript_source: client?.source ?? null,
      metrics: client ? deliveryMetrics(client.text, audio.durationSec, audio.activity) : null,
    });
  } catch (e) {
    await deps.storage.delete(key).catch(() => {});
    throw e;
  }
  return await score(deps, session, turn, row, { bytes: bytes!, audio });
}

/**
 * Scores a `failed` attempt again from what is stored (transcribing its recording first when
 * that had failed); also takes over one whose scoring was abandoned by a crashed instance.
 */
export async function rerunAttempt(
  deps: InterviewDeps,
  userId: string,
  sessionId: string,
  turnNumber: number,
  attemptNumber: number,
): Promise<ResultAttempt> {
  const { session, turn } = await retriable(deps, userId, sessionId, turnNumber);
  const found = await findAttempt(deps.sql, turn.id, attemptNumber);
  if (!found) throw notFound("attempt");
  const row = await reclaimAttempt(deps.sql, found.id, STALE_CLAIM_MS);
  if (!row) {
    throw new AppError(
      "conflict",
      "attempt_not_failed",
      found.state === "scored" ? "This attempt is already scored" : "This attempt is being scored",
      { turn_number: turnNumber, attempt_number: attemptNumber, state: found.state },
    );
  }
  return await score(deps, session, turn, row);
}

/** The attempts of a session's turns for its result, by turn id, each compared to its previous. */
export async function resultAttempts(
  deps: InterviewDeps,
  sessionId: string,
  turns: TurnRow[],
): Promise<Map<string, ResultAttempt[]>> {
  const rows = await listSessionAttempts(deps.sql, sessionId);
  const out = new Map<string, ResultAttempt[]>();
  for (const turn of turns) {
    let previous: ComparedAnswer = { ...turn, attempt_number: 1 };
    const list: ResultAttempt[] = [];
    for (const row of rows.filter((r) => r.turn_id === turn.id)) {
      const view = await attemptView(deps, turn.turn_number, row);
      list.push({ ...view, comparison: compareAttempts(previous, row) });
      previous = row;
    }
    out.set(turn.id, list);
  }
  return out;
}

/** A turn of the user's completed interview: 404 when not theirs or absent, else 409. */
async function retriable(
  deps: InterviewDeps,
  userId: string,
  sessionId: string,
  turnNumber: number,
): Promise<{ session: SessionRow; turn: TurnRow }> {
  const { session, turn } = await ownedTurn(deps.sql, userId, sessionId, turnNumber);
  if (session.status !== "completed") {
    throw new AppError(
      "conflict",
      "interview_not_completed",
      "Questions can be answered again once the interview and its feedback are complete",
      { status: session.status },
    );
  }
  return { session, turn };
}

function attemptLimit(turn: TurnRow): AppError {
  return new AppError(
    "conflict",
    "attempt_limit_reached",
    `A question can be answered again at most ${MAX_RETRIES_PER_TURN} times`,
    { turn_number: turn.turn_number, max_retries: MAX_RETRIES_PER_TURN },
  );
}

/** Stores the turn's next attempt under the session lock (numbers never race past the cap). */
async function insertNext(
  deps: InterviewDeps,
  session: SessionRow,
  turn: TurnRow,
  fields: AnswerFields,
): Promise<AttemptRow> {
  const row = await deps.sql.begin(async (tx) => {
    await lockSession(tx, session.user_id, session.id);
    return await insertAttempt(tx, turn.id, MAX_RETRIES_PER_TURN + 1, fields);
  });
  if (!row) throw attemptLimit(turn);
  return row;
}

/**
 * Transcribes (when the attempt has no transcript yet) and scores a claimed attempt. Each
 * failure is written to the attempt before it is thrown; a recording without speech is
 * dropped with its attempt, as the answer pipeline drops one (the candidate records again).
 */
async function score(
  deps: InterviewDeps,
  session: SessionRow,
  turn: TurnRow,
  row: AttemptRow,
  known?: { bytes: Uint8Array; audio: AudioInspection },
): Promise<ResultAttempt> {
  const claim: AttemptClaim = { attemptId: row.id, claimedAt: row.claimed_at! };
  const ids = { turn_number: turn.turn_number, attempt_number: row.attempt_number };
  const fail = async (cause: unknown, fallbackCode: string) => {
    const err = cause instanceof AppError ? cause : null;
    if (!err) logWarn(deps, "attempt scoring failed", cause);
    await failAttempt(deps.sql, claim, err ? `${err.code}: ${err.message}` : fallbackCode);
    return aiStepError(cause, fallbackCode, ids);
  };
  const lost = () =>
    new AppError("conflict", "attempt_conflict", "This attempt is being scored elsewhere", ids);
  const usage = usageRecorder(deps, { userId: session.user_id, sessionId: session.id });
  try {
    const ctx = await loadInterviewContext(
      deps.sql,
      session.user_id,
      session.cover_letter_id,
      setupOf(session),
    );
    let transcript = row.answer_stt_text;
    let metrics = row.metrics as DeliveryMetrics | null;
    if (transcript === null) {
      let bytes: Uint8Array, audio: AudioInspection | null;
      try {
        bytes = known?.bytes ?? await readStoredAudio(deps, row.answer_audio_key!);
        audio = known?.audio ?? await inspectAudio(bytes);
      } catch (e) {
        logWarn(deps, "stored attempt audio unreadable", e);
        await failAttempt(deps.sql, claim, "storage_unavailable");
        throw new AppError("unavailable", "storage_unavailable", "Could not read the recording", {
          retryable: true,
          ...ids,
        });
      }
      const contentType = row.answer_audio_type ?? "application/octet-stream";
      const stt = await transcribeFile(
        deps,
        ctx,
        turn.question_text,
        { bytes, ext: audio?.ext ?? "webm", contentType },
        usage.for("transcription"),
      ).catch(async (e) => {
        throw await fail(e, "ai_stt_failed");
      });
      transcript = stt.text.trim();
      if (!transcript) {
        await deleteAttempt(deps, claim, row);
        throw noSpeech("silent");
      }
      metrics = deliveryMetrics(transcript, audio?.durationSec ?? stt.durationSec, audio?.activity);
      if (!(await recordAttemptTranscript(deps.sql, claim, transcript, "server", metrics))) {
        throw lost();
      }
    }
    const qa = { turn_number: turn.turn_number, question: turn.question_text, answer: transcript };
    const feedback = await measure(
      deps,
      "llm",
      () => deps.ai.answerFeedback(ctx, { ...qa, metrics }, usage.for("attempt_feedback")),
    ).catch(async (e) => {
      throw await fail(e, "ai_llm_failed");
    });
    if (!(await scoreAttempt(deps.sql, claim, feedback))) throw lost();
    // Compared right away, exactly as the result will show it.
    const listed = (await resultAttempts(deps, session.id, [turn])).get(turn.id)!;
    return listed.find((a) => a.attempt_number === row.attempt_number)!;
  } finally {
    await usage.settled();
  }
}

/** Removes an attempt still held by `claim`, and then its recording. */
async function deleteAttempt(deps: InterviewDeps, claim: AttemptClaim, row: AttemptRow) {
  if ((await deleteClaimedAttempt(deps.sql, claim)) && row.answer_audio_key) {
    await deps.storage.delete(row.answer_audio_key).catch(() => {});
  }
}

async function attemptView(
  deps: InterviewDeps,
  turnNumber: number,
  row: AttemptRow,
): Promise<AttemptView> {
  const feedback = feedbackOf(row.feedback);
  return {
    turn_number: turnNumber,
    attempt_number: row.attempt_number,
    state: row.state,
    answer_source: row.answer_source,
    answer_audio_url: row.answer_audio_key
      ? await deps.storage.url(row.answer_audio_key, URL_TTL_SEC)
      : null,
    answer_stt_text: row.answer_stt_text,
    transcript_source: row.transcript_source,
    metrics: (row.metrics as DeliveryMetrics | null) ?? null,
    feedback,
    score: feedback?.score ?? null,
    error: row.error,
    created_at: row.created_at.toISOString(),
    scored_at: row.scored_at?.toISOString() ?? null,
  };
}
