/**
 * Which transcript a recorded answer gets, decided in one place: the server's file STT when it
 * has one (the browser's text was captions only), else the client's own (the browser's speech
 * recognition, or typed under the recording), which is then required. A later source (the
 * server's live transcription, else its file STT).
 */
import type { TranscriptSource } from "../../db/interviews.ts";
import { transcriptionKeywords } from "../ai/stt_hints.ts";
import type { InterviewContext, TranscribeOptions, Transcription } from "../ai/types.ts";
import { AppError } from "../errors.ts";
import { AnswerText } from "../schemas.ts";

/**
 * The client's own transcript of a recording: the browser's speech recognition (possibly
 * corrected by the candidate) or typed in full under the recording.
 */
export interface ClientTranscript {
  text: string;
  source: "browser" | "typed";
}

/**
 * The client transcript that counts: none when the server transcribes (its STT is the source
 * of truth and the browser's text was captions only); without server STT one is required.
 */
export function clientTranscriptOf(
  serverStt: boolean,
  input: { audio?: unknown; clientTranscript?: ClientTranscript },
): ClientTranscript | null {
  if (input.audio === undefined || serverStt) return null;
  if (input.clientTranscript === undefined) {
    throw new AppError(
      "invalid",
      "transcript_required",
      "This server cannot transcribe speech: send the recording with `client_transcript` " +
        "(or type the answer in `answer_text`)",
    );
  }
  const parsed = AnswerText.safeParse(input.clientTranscript.text);
  if (!parsed.success) {
    throw new AppError("invalid", "invalid_input", "The transcript is empty or too long");
  }
  return { text: parsed.data, source: input.clientTranscript.source };
}

/** A recording's transcript, with where it came from and the length the recogniser heard. */
export interface Transcript {
  text: string;
  source: TranscriptSource;
  durationSec: number | null;
}

/**
 * The one place that picks a recording's transcript: the client's when it counts (no server
 * STT), else the server's (its live transcription when complete, else file STT).
 */
export async function transcriptOf(
  client: ClientTranscript | null,
  serverStt: () => Promise<Transcription & { source: "live" | "server" }>,
): Promise<Transcript> {
  if (client) return { text: client.text, source: client.source, durationSec: null };
  const r = await serverStt();
  return { text: r.text.trim(), source: r.source, durationSec: r.durationSec };
}

/** What the recogniser is told: the interview's domain terms and the question answered. */
export function transcriptionHints(
  ctx: InterviewContext,
  question: string,
  call: TranscribeOptions,
): TranscribeOptions {
  return {
    ...call,
    keywords: transcriptionKeywords(ctx),
    prompt: question,
    language: ctx.setup?.language,
  };
}

/** The answer held no speech (or the recogniser heard none): the candidate records again. */
export function noSpeech(reason?: string): AppError {
  return new AppError("invalid", "no_speech", "No speech detected — please record again", {
    reason: reason ?? "silent",
  });
}
