/**
 * The answer pipeline (the hot path): claim the turn exactly once, store the audio while it is
 * transcribed, then ask for the next question. Every step that can fail comes after the audio
 * is durable, and a retry resumes from what is stored. Question audio is never synthesised
 * here: the response carries a signed URL whose route streams TTS on demand
 * (`question_audio.ts`).
 */
import {
  completeTurn,
  findSession,
  findTurn,
  insertTurn,
  listTurns,
  lockSession,
  recordAnswer,
  recordTranscript,
  releaseTurn,
  type SessionRow,
  setSessionStatus,
  type TurnClaim,
  type TurnRow,
} from "../../db/interviews.ts";
import { requirementGaps } from "../ai/mod.ts";
import { inspectAudio, makeSeekable } from "../media/mod.ts";
import type { DeliveryMetrics, InterviewContext, QA } from "../ai/types.ts";
import { turnsFor } from "../ai/types.ts";
import { usageRecorder } from "../usage/mod.ts";
import { AppError, notFound } from "../errors.ts";
import { assertStorageQuota } from "../usage/quota.ts";
import { AnswerText } from "../schemas.ts";
import { URL_TTL_SEC } from "../storage/types.ts";
import { readUpload, type Upload } from "../upload.ts";
import {
  acceptedAudio,
  answerAudioKey,
  MAX_ANSWER_AUDIO_BYTES,
  readStoredAudio,
  transcribeFile,
} from "./answer_audio.ts";
import { deliveryMetrics } from "./delivery_metrics.ts";
import { liveOrFileTranscript } from "./live_transcription.ts";
import {
  type InterviewDeps,
  loadInterviewContext,
  logWarn,
  measure,
  queueFeedback,
  setupOf,
} from "./feedback_job.ts";
import { type QuestionView, questionView } from "./question_audio.ts";
import { type ClientTranscript, clientTranscriptOf, noSpeech, transcriptOf } from "./transcript.ts";
import {
  assertClaimable,
  claimCurrentTurn,
  currentState,
  failTurn,
  turnConflict,
} from "./turns.ts";

/** `POST /api/interviews/{id}/answer` (and turn retry) response. */
export interface AnswerResult {
  turn_number: number;
  answer_audio_url: string | null;
  answer_stt_text: string;
  metrics: DeliveryMetrics;
  next_turn?: QuestionView;
  interview_completed?: true;
  /** The interview waits in `reviewing` for the candidate's transcript corrections. */
  review_required?: true;
  message?: string;
}

/**
 * An answer, for turn `turnNumber`: a recording as uploaded (read here, capped) or typed text.
 * A recording may carry the client's transcript, used only when the server has no STT.
 */
export interface AnswerInput {
  turnNumber: number;
  audio?: Upload;
  text?: string;
  clientTranscript?: ClientTranscript;
  /** The recording's id the island also streamed live under (`live_transcription.ts`). */
  liveId?: string;
}

/**
 * Records the answer to the current turn and moves the interview on. Exactly one of several
 * concurrent submissions for a turn wins; the others get `turn_conflict`.
 */
export async function submitAnswer(
  deps: InterviewDeps,
  userId: string,
  sessionId: string,
  input: AnswerInput,
): Promise<AnswerResult> {
  if ((input.audio === undefined) === (input.text === undefined)) {
    throw new AppError("invalid", "invalid_input", "Send either an audio recording or a text");
  }
  const client = clientTranscriptOf(deps.ai.capabilities.stt, input);
  // Read (capped) before anything else: an oversized upload is refused without a lookup.
  const bytes = input.audio && await readUpload(input.audio, MAX_ANSWER_AUDIO_BYTES);
  const session = await findSession(deps.sql, userId, sessionId);
  if (!session) throw notFound("interview");
  // Cheap early answer before any audio work; the locked check below is the one that counts.
  assertClaimable(session, await listTurns(deps.sql, sessionId), input.turnNumber);

  if (input.text !== undefined) {
    const parsed = AnswerText.safeParse(input.text);
    if (!parsed.success) {
      throw new AppError("invalid", "invalid_input", "The answer text is empty or too long");
    }
    return await answerWithText(deps, session, input.turnNumber, parsed.data);
  }
  return await answerWithAudio(deps, session, input.turnNumber, bytes!, client, input.liveId);
}

async function answerWithText(
  deps: InterviewDeps,
  session: SessionRow,
  n: number,
  text: string,
): Promise<AnswerResult> {
  const metrics = deliveryMetrics(text, null);
  const { claim } = await claimCurrentTurn(deps, session, n, async (tx, claim) => {
    await recordAnswer(tx, claim, {
      answer_source: "text",
      answer_audio_key: null,
      answer_audio_type: null,
      answer_audio_size: null,
      answer_stt_text: text,
      transcript_source: "typed",
      metrics,
    });
  });
  return await advance(deps, session, claim, n, { key: null, transcript: text, metrics });
}

async function answerWithAudio(
  deps: InterviewDeps,
  session: SessionRow,
  n: number,
  bytes: Uint8Array,
  client: ClientTranscript | null,
  liveId?: string,
): Promise<AnswerResult> {
  const audio = await acceptedAudio(bytes);
  await assertStorageQuota(deps.sql, session.user_id, bytes.byteLength);

  const [{ claim, before }, ctx] = await Promise.all([
    claimCurrentTurn(deps, session, n),
    loadInterviewContext(deps.sql, session.user_id, session.cover_letter_id, setupOf(session)),
  ]);
  const usage = usageRecorder(deps, { userId: session.user_id, sessionId: session.id });
  const key = answerAudioKey(session, n, audio.ext);
  // Stored seekable (CPU only; it falls back to the bytes as sent). Storing and transcribing run
  // side by side; success needs both, but a transcription failure after a good put keeps the
  // audio for the retry.
  const stored = makeSeekable(bytes, audio, (e) => logWarn(deps, "answer audio not remuxed", e));
  const [put, stt] = await Promise.allSettled([
    stored.then((s) =>
      measure(deps, "storage", () => deps.storage.put(key, s.bytes, s.contentType))
    ),
    transcriptOf(
      client,
      () =>
        liveOrFileTranscript(deps.live, session.id, n, liveId, () =>
          transcribeFile(
            deps,
            ctx,
            before.question_text,
            { bytes, ext: audio.ext, contentType: audio.contentType },
            usage.for("transcription"),
          )),
    ),
  ]);
  await usage.settled();
  if (put.status === "rejected") {
    // Nothing new is stored; the client still holds the recording and can send it again.
    await releaseTurn(deps.sql, claim, resumeState(before), before.answer_error);
    logWarn(deps, "answer audio storage failed", put.reason);
    throw new AppError(
      "unavailable",
      "storage_unavailable",
      "Could not save the recording; please send it again",
      { retryable: true, turn_number: n },
    );
  }
  const transcript = stt.status === "fulfilled" ? stt.value.text : null;
  if (transcript === "") {
    await deps.storage.delete(key).catch(() => {});
    await releaseTurn(deps.sql, claim, resumeState(before), before.answer_error);
    throw noSpeech("silent");
  }
  const durationSec = audio.durationSec ??
    (stt.status === "fulfilled" ? stt.value.durationSec : null);
  const metrics = transcript === null
    ? null
    : deliveryMetrics(transcript, durationSec, audio.activity);
  const held = await recordAnswer(deps.sql, claim, {
    answer_source: "audio",
    answer_audio_key: key,
    answer_audio_type: audio.contentType,
    answer_audio_size: (await stored).bytes.byteLength,
    answer_stt_text: transcript,
    transcript_source: stt.status === "fulfilled" && transcript !== null ? stt.value.source : null,
    metrics,
  });
  if (!held) throw turnConflict(await currentState(deps, session.id));
  if (stt.status === "rejected") throw await failTurn(deps, claim, n, stt.reason, "ai_stt_failed");
  return await advance(deps, session, claim, n, {
    key,
    transcript: transcript!,
    metrics: metrics!,
  }, ctx);
}

/**
 * Resumes a failed turn from what is stored: transcribes the stored audio if that had failed,
 * then asks for the next question (or completes the interview).
 */
export async function retryTurn(
  deps: InterviewDeps,
  userId: string,
  sessionId: string,
  turnNumber: number,
): Promise<AnswerResult> {
  const session = await findSession(deps.sql, userId, sessionId);
  if (!session) throw notFound("interview");
  const { claim, before } = await claimCurrentTurn(
    deps,
    session,
    turnNumber,
    (_tx, _claim, turn) => {
      if (turn.answer_state === "awaiting" || (!turn.answer_audio_key && !turn.answer_stt_text)) {
        throw new AppError("conflict", "nothing_to_retry", "No stored answer to retry; send one", {
          turn_number: turnNumber,
        });
      }
      return Promise.resolve();
    },
  );
  let transcript = before.answer_stt_text;
  let metrics = before.metrics as DeliveryMetrics | null;
  if (transcript === null) {
    const key = before.answer_audio_key!;
    let bytes: Uint8Array;
    try {
      bytes = await readStoredAudio(deps, key);
    } catch (e) {
      await releaseTurn(deps.sql, claim, "failed", before.answer_error);
      logWarn(deps, "stored answer audio unreadable", e);
      throw new AppError("unavailable", "storage_unavailable", "Could not read the recording", {
        retryable: true,
        turn_number: turnNumber,
      });
    }
    const contentType = before.answer_audio_type ?? "application/octet-stream";
    const audio = await inspectAudio(bytes);
    const usage = usageRecorder(deps, { userId, sessionId: session.id });
    let stt;
    try {
      const ctx = await loadInterviewContext(
        deps.sql,
        userId,
        session.cover_letter_id,
        setupOf(session),
      );
      stt = await transcribeFile(
        deps,
        ctx,
        before.question_text,
        { bytes, ext: audio?.ext ?? "webm", contentType },
        usage.for("transcription"),
      );
    } catch (e) {
      throw await failTurn(deps, claim, turnNumber, e, "ai_stt_failed");
    } finally {
      await usage.settled();
    }
    transcript = stt.text.trim();
    if (!transcript) {
      await releaseTurn(deps.sql, claim, "awaiting", null);
      throw noSpeech("silent");
    }
    metrics = deliveryMetrics(transcript, audio?.durationSec ?? stt.durationSec, audio?.activity);
    if (!(await recordTranscript(deps.sql, claim, transcript, "server", metrics))) {
      throw turnConflict(await currentState(deps, session.id));
    }
  }
  return await advance(deps, session, claim, turnNumber, {
    key: before.answer_audio_key,
    transcript,
    metrics: metrics ?? deliveryMetrics(transcript, null),
  });
}

/**
 * Finishes a turn whose answer is recorded: asks for the next question and adds it, or, after
 * the last turn, completes the interview and, in the same transaction, queues its feedback or,
 * with transcript review, waits for the candidate's corrections (`review.ts`).
 */
async function advance(
  deps: InterviewDeps,
  session: SessionRow,
  claim: TurnClaim,
  n: number,
  answer: { key: string | null; transcript: string; metrics: DeliveryMetrics },
  known?: InterviewContext,
): Promise<AnswerResult> {
  const base = {
    turn_number: n,
    answer_audio_url: answer.key ? await deps.storage.url(answer.key, URL_TTL_SEC) : null,
    answer_stt_text: answer.transcript,
    metrics: answer.metrics,
  };
  if (n >= turnsFor(session.mode)) {
    await deps.sql.begin(async (tx) => {
      await lockSession(tx, session.user_id, session.id);
      if (!(await completeTurn(tx, claim))) {
        throw turnConflict(await currentState(deps, session.id, tx));
      }
      if (session.transcript_review) await setSessionStatus(tx, session.id, "reviewing");
      else await queueFeedback(tx, session.id);
    });
    return {
      ...base,
      interview_completed: true,
      ...(session.transcript_review
        ? { review_required: true, message: "The interview is complete. Review your transcripts." }
        : { message: "The interview is complete. Your feedback is being prepared." }),
    };
  }

  let question: string;
  const usage = usageRecorder(deps, { userId: session.user_id, sessionId: session.id });
  try {
    const ctx = known ??
      await loadInterviewContext(
        deps.sql,
        session.user_id,
        session.cover_letter_id,
        setupOf(session),
      );
    const turns = await listTurns(deps.sql, session.id);
    const history: QA[] = turns.filter((t) => t.turn_number <= n).map((t) => ({
      turn_number: t.turn_number,
      question: t.question_text,
      answer: t.turn_number === n ? answer.transcript : t.answer_stt_text ?? "",
      metrics: t.turn_number === n ? answer.metrics : (t.metrics as DeliveryMetrics | null),
    }));
    // The next question aims at the requirements the answers have not shown yet.
    const aimed = { ...ctx, requirementGaps: requirementGaps(ctx, history) };
    question = await measure(
      deps,
      "llm",
      () => deps.ai.nextQuestion(aimed, history, usage.for("next_question")),
    );
  } catch (e) {
    throw await failTurn(deps, claim, n, e, "ai_llm_failed");
  } finally {
    await usage.settled();
  }
  const next = await deps.sql.begin(async (tx) => {
    await lockSession(tx, session.user_id, session.id);
    if (!(await completeTurn(tx, claim))) {
      throw turnConflict(await currentState(deps, session.id, tx));
    }
    return (await insertTurn(tx, session.id, n + 1, question)) ??
      (await findTurn(tx, session.id, n + 1))!;
  });
  return { ...base, next_turn: await questionView(deps, next) };
}

/** What a released turn goes back to: `failed` keeps an earlier stored answer retryable. */
function resumeState(before: TurnRow): "awaiting" | "failed" {
  return before.answer_audio_key || before.answer_stt_text !== null ? "failed" : "awaiting";
}
