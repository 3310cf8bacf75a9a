/**
 * A recorded answer's checks and plumbing, shared by the interview's answers (`answer.ts`) and
 * the answers given again afterwards (`attempts.ts`): the limits, what a recording must be to
 * be accepted, where it is stored, reading it back and transcribing the file.
 */
import type { SessionRow } from "../../db/interviews.ts";
import { type AudioInspection, inspectAudio } from "../media/mod.ts";
import type { InterviewContext, TranscribeOptions, Transcription } from "../ai/types.ts";
import { AppError } from "../errors.ts";
import { readLimited } from "../upload.ts";
import { type InterviewDeps, measure } from "./feedback_job.ts";
import { noSpeech, transcriptionHints } from "./transcript.ts";

/** Largest accepted answer recording. */
export const MAX_ANSWER_AUDIO_BYTES = 10 * 1024 * 1024;
/** Longest accepted answer: the recorder stops at 60 s; a few seconds of container slack. */
export const MAX_ANSWER_SECONDS = 65;

/**
 * The recording if it can be an answer: a known container (else `unsupported_audio`), at most
 * `MAX_ANSWER_SECONDS` long (`audio_too_long`), with speech in it (`no_speech`).
 */
export async function acceptedAudio(bytes: Uint8Array): Promise<AudioInspection> {
  const audio = await inspectAudio(bytes);
  if (!audio) {
    throw new AppError(
      "unsupported",
      "unsupported_audio",
      "Unsupported audio format; send webm, ogg, mp4/m4a, wav or mp3",
    );
  }
  if (audio.durationSec !== null && audio.durationSec > MAX_ANSWER_SECONDS) {
    throw new AppError("invalid", "audio_too_long", "The recording is longer than 60 seconds", {
      duration_sec: audio.durationSec,
      max_sec: MAX_ANSWER_SECONDS,
    });
  }
  if (!audio.speechLikely) throw noSpeech(audio.reason);
  return audio;
}

/** A new storage key for an answer to turn `n` of `session`. */
export function answerAudioKey(
  session: Pick<SessionRow, "id" | "user_id">,
  n: number,
  ext: string,
): string {
  return `users/${session.user_id}/interviews/${session.id}/answers/${n}-${crypto.randomUUID()}.${ext}`;
}

/** The bytes of a stored recording (at most the upload limit). */
export async function readStoredAudio(deps: InterviewDeps, key: string): Promise<Uint8Array> {
  const obj = await measure(deps, "storage", () => deps.storage.get(key));
  return await readLimited(obj.body, MAX_ANSWER_AUDIO_BYTES);
}

/** The server's file STT of a recording, hinted with the interview's terms and the question. */
export function transcribeFile(
  deps: InterviewDeps,
  ctx: InterviewContext,
  question: string,
  audio: { bytes: Uint8Array; ext: string; contentType: string },
  call: TranscribeOptions,
): Promise<Transcription> {
  return measure(
    deps,
    "stt",
    () =>
      deps.ai.transcribe(
        audio.bytes,
        `answer.${audio.ext}`,
        audio.contentType,
        transcriptionHints(ctx, question, call),
      ),
  );
}
