/**
 * The one AI interface the product uses. Providers (OpenAI, offline) implement it and are
 * passed into the app, so tests swap them freely.
 */
import type {
  Gender,
  InterviewLanguage,
  InterviewMode,
  PostingAnalysis,
  ProviderName,
} from "../../db/types.ts";

/**
 * Structured analysis of a job posting (SPEC §3 `ai_analysis`), and which provider produced a
 * result (stored as `ai_provider`, returned by the API): the columns' own types.
 */
export type {
  InterviewLanguage,
  InterviewMode,
  PostingAnalysis,
  ProviderName,
} from "../../db/types.ts";

/** What the candidate told us about themselves. */
export interface Profile {
  name?: string | null;
  age?: number | null;
  gender?: Gender | null;
  career_summary?: string | null;
  certifications?: string | null;
}

/**
 * Kinds of interview: 직무 (job skills, the default), 인성 (behavioural), 압박 (pressure: chains
 * of probing follow-ups on the weakest part of the last answer), or 1분 자기소개 (one answer,
 * judged against a time and length target).
 */
export const INTERVIEW_MODES: readonly InterviewMode[] = [
  "job",
  "behavioural",
  "pressure",
  "self_intro",
];
/** Languages an interview is held in: questions, transcription and feedback. */
export const INTERVIEW_LANGUAGES: readonly InterviewLanguage[] = ["ko", "en"];

/** How an interview was set up at its start (stored on the session). */
export interface InterviewSetup {
  mode: InterviewMode;
  language: InterviewLanguage;
}
export const DEFAULT_SETUP: InterviewSetup = { mode: "job", language: "ko" };

/** Number of questions of an interview in `mode`: a self-introduction is one answer. */
export function turnsFor(mode: InterviewMode): number {
  return mode === "self_intro" ? 1 : TURNS_PER_INTERVIEW;
}

/** Everything an interviewer knows before the first question. */
export interface InterviewContext {
  profile: Profile;
  posting: { title: string | null; analysis: PostingAnalysis } | null;
  coverLetter: string;
  /**
   * Posting requirements (required, then preferred) the answers so far have not evidenced, set
   * when the next question is asked so both providers aim follow-ups at the gaps.
   */
  requirementGaps?: string[];
  /** Absent means the default setup (a Korean job interview). */
  setup?: InterviewSetup;
}

/** Delivery measurements of one spoken or typed answer, computed by the server. */
export interface DeliveryMetrics {
  /** Seconds of audio, null for typed answers. */
  duration_sec: number | null;
  /** Characters without whitespace. */
  char_count: number;
  word_count: number;
  /** Hangul syllables per minute of audio; null for typed answers. */
  syllables_per_minute: number | null;
  filler_count: number;
  /** Fillers per minute of audio; null for typed answers. */
  fillers_per_minute: number | null;
  fillers: Record<string, number>;
  /**
   * Silences longer than `LONG_PAUSE_SEC` between the first and the last sound of the
   * recording; null for typed answers and when the audio's activity could not be measured.
   */
  long_pause_count?: number | null;
  long_pause_total_sec?: number | null;
  /**
   * Sentences ending in 해요체 (…요) and in 하십시오체 (…니다/…니까), and whether the answer
   * mixes the two; null for typed answers.
   */
  register?: { haeyo: number; hapsyo: number; mixed: boolean } | null;
}

/** One question and its answer so far. */
export interface QA {
  turn_number: number;
  question: string;
  answer: string;
  metrics?: DeliveryMetrics | null;
}

/** The named dimensions every answer is scored on (anchors in rubric.ts). */
export type RubricDimension =
  | "conclusion_first"
  | "specifics"
  | "relevance"
  | "structure"
  | "delivery";

/** One dimension's judgement: the level, the anchor text of that level, the quote it rests on. */
export interface RubricScore {
  score: number; // 1..5
  anchor: string;
  /** Verbatim from the answer ("" when there is nothing to quote); delivery quotes the metrics. */
  evidence: string;
}

/** Scores of one answer per dimension; delivery is null for typed answers. */
export type Rubric = Record<Exclude<RubricDimension, "delivery">, RubricScore> & {
  delivery: RubricScore | null;
};

/** A 1분 자기소개 measured against its target (57 ± 5 s, 350–400 characters). */
export interface SelfIntroCheck {
  duration_sec: number | null;
  char_count: number;
  target_sec: [number, number];
  target_chars: [number, number];
  duration_ok: boolean | null;
  chars_ok: boolean;
}

/** Structured feedback on one answer. */
export interface TurnFeedback {
  turn_number: number;
  feedback: string;
  /** 1..5, derived from `rubric` (see `rubricScore`). */
  score: number;
  rubric?: Rubric;
  /** Only in 1분 자기소개 mode. */
  self_intro?: SelfIntroCheck;
  strengths: string[];
  improvements: string[];
  /** Short quotes from the transcript that the feedback rests on. */
  evidence: string[];
}

/** Structured feedback on a whole interview. */
export interface InterviewFeedback {
  summary: string;
  score: number; // 1..5
  strengths: string[];
  improvements: string[];
  turns: TurnFeedback[];
}

/** An answer that evidences a requirement: a verbatim quote and the turn it comes from. */
export interface AnswerQuote {
  turn_number: number;
  quote: string;
}

/** One posting requirement and the answers that evidence it (none: "no evidence yet"). */
export interface RequirementEvidence {
  requirement: string;
  kind: "required" | "preferred";
  evidence: AnswerQuote[];
}

/**
 * A cover-letter claim the spoken answers contradict (with the answer that does) or never back
 * up (`answer` null).
 */
export interface ClaimCheck {
  claim: string;
  status: "contradicted" | "unsupported";
  answer: AnswerQuote | null;
}

/** Which posting requirements the interview evidenced, and which letter claims it did not. */
export interface RequirementMap {
  requirements: RequirementEvidence[];
  claims: ClaimCheck[];
  /** Share of requirements with evidence, 0..1; null when the posting lists none. */
  coverage: number | null;
}

/** A numbered sentence of what the candidate wrote or said, which a model answer may use. */
export interface SourceSentence {
  id: number;
  kind: "profile" | "cover_letter" | "answer";
  /** The turn of an answer sentence; absent for the profile and the cover letter. */
  turn_number?: number;
  text: string;
}

/** One question to write a model answer for, and the numbered sources it may use. */
export interface ModelAnswerInput {
  turn_number: number;
  question: string;
  sources: SourceSentence[];
}

/** A model answer, conclusion first: every sentence names the source ids it rests on (≥ 1). */
export interface ModelAnswer {
  sentences: { text: string; source_ids: number[] }[];
}

/** Structured feedback on a cover letter. */
export interface CoverLetterFeedback {
  summary: string;
  strengths: string[];
  improvements: string[];
  suggestions: string[];
}

/** Cover-letter feedback as stored: readable text (`ai_feedback`) and its structure. */
export interface CoverLetterReview {
  text: string;
  structured: CoverLetterFeedback;
}

/**
 * Synthesised speech, streamed as the provider produces it. `contentType` is an encoded format
 * (`audio/mpeg`, …) or raw `audio/pcm;rate=24000` (16-bit little-endian mono), which the
 * question-audio route encodes for delivery and storage.
 */
export interface Speech {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  /**
   * Realtime only. The spoken transcript is checked against the text once the body has been
   * streamed; this resolves after the body ends with complete audio (same `contentType`) to
   * store instead of the body when the reading diverged and a retake matched, else null (store
   * the body).
   */
  retake?: Promise<Uint8Array | null>;
}

/** What one AI call consumed, reported so cost can be recorded per interview. */
export type UsageEvent =
  | { capability: "chat"; model: string; input_tokens: number; output_tokens: number }
  | { capability: "stt"; model: string; audio_seconds: number }
  | {
    capability: "tts";
    model: string;
    input_tokens: number;
    output_audio_tokens: number;
    output_text_tokens: number;
    /** Characters spoken, for `/audio/speech` models billed per character. */
    characters: number;
  };

/** Per-call options every provider method accepts. */
export interface CallOptions {
  /** Called once per upstream call that consumed something (retries included). */
  onUsage?: (usage: UsageEvent) => void;
}

/** Hints for transcribing one answer. */
export interface TranscribeOptions extends CallOptions {
  /** Domain terms the candidate is likely to say (posting keywords, cover-letter terms). */
  keywords?: string[];
  /** The question being answered, as context. */
  prompt?: string;
  /** The interview's language, instead of the configured STT languages. */
  language?: InterviewLanguage;
}

/** Result of speech-to-text. */
export interface Transcription {
  text: string;
  durationSec: number | null;
}

/** Hints and callbacks of a live transcription session (one answer being spoken). */
export interface LiveTranscribeOptions extends TranscribeOptions {
  /** The transcript so far, each time it grows (partial, may still change until the final). */
  onPartial?: (text: string) => void;
}

/** The final text of a live transcription; `complete` is false when the stream broke. */
export interface LiveTranscript {
  text: string;
  complete: boolean;
}

/**
 * A live transcription session: audio goes in while the candidate speaks, partial text comes
 * out through `onPartial`, and `finish` commits the audio and waits for the final text.
 */
export interface LiveTranscription {
  /** Raw 16-bit little-endian mono PCM at {@link LIVE_PCM_RATE} Hz. */
  push(pcm: Uint8Array): void;
  /** Commits what was pushed; resolves (never rejects) once the final text or a failure is in. */
  finish(): Promise<LiveTranscript>;
  /** Drops the session (no final expected). */
  close(): void;
}

/** Sample rate of the PCM a live transcription takes (the Realtime API's only input rate). */
export const LIVE_PCM_RATE = 24_000;

/** The AI capabilities the product needs. */
export interface AiProvider {
  readonly name: ProviderName;
  /** The offline provider has neither: clients speak with the browser and accept typed answers. */
  readonly capabilities: { tts: boolean; stt: boolean };
  analyzePosting(
    text: string,
    title?: string | null,
    opts?: CallOptions,
  ): Promise<PostingAnalysis>;
  coverLetterFeedback(input: {
    profile: Profile;
    posting: { title: string | null; analysis: PostingAnalysis } | null;
    content: string;
  }, opts?: CallOptions): Promise<CoverLetterReview>;
  firstQuestion(ctx: InterviewContext, opts?: CallOptions): Promise<string>;
  /** The question for turn `history.length + 1`, following up on the answers so far. */
  nextQuestion(ctx: InterviewContext, history: QA[], opts?: CallOptions): Promise<string>;
  interviewFeedback(
    ctx: InterviewContext,
    turns: QA[],
    opts?: CallOptions,
  ): Promise<InterviewFeedback>;
  /**
   * Feedback on one answer given again after the interview (a retry), judged as
   * `interviewFeedback` judges each answer (same rubric, anchors and weights), so the scores of
   * the attempts of a question compare.
   */
  answerFeedback(ctx: InterviewContext, qa: QA, opts?: CallOptions): Promise<TurnFeedback>;
  /** Which requirements the answers evidence and which letter claims they contradict or lack. */
  requirementMap(
    ctx: InterviewContext,
    turns: QA[],
    opts?: CallOptions,
  ): Promise<RequirementMap>;
  /** A 두괄식 model answer to one question, only from `input.sources`, within the mode's time. */
  modelAnswer(
    ctx: InterviewContext,
    input: ModelAnswerInput,
    opts?: CallOptions,
  ): Promise<ModelAnswer>;
  /**
   * Opens what the next `speak` needs (a Realtime socket) ahead of time, so its handshake
   * overlaps STT and the LLM instead of adding to the turn gap. Optional and fire-and-forget.
   */
  prepareSpeech?(): void;
  /** Throws AppError("unsupported", "tts_unavailable") when the provider has no TTS. */
  speak(text: string, opts?: CallOptions): Promise<Speech>;
  /**
   * Opens a live transcription session; absent when the provider (or its configuration) has
   * none, and then answers are transcribed from the file only. Rejects when it cannot open.
   */
  liveTranscribe?(opts?: LiveTranscribeOptions): Promise<LiveTranscription>;
  /** Throws AppError("unsupported", "stt_unavailable") when the provider has no STT. */
  transcribe(
    audio: Uint8Array,
    fileName: string,
    contentType: string,
    opts?: TranscribeOptions,
  ): Promise<Transcription>;
}

/** Number of questions in one interview. */
export const TURNS_PER_INTERVIEW = 5;
