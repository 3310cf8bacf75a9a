/** Request and response schemas of `/api/interviews`, as the OpenAPI document publishes them. */
import { z } from "@hono/zod-openapi";
import {
  MAX_ANSWER_AUDIO_BYTES,
  MAX_ANSWER_SECONDS,
  PREP_SECONDS,
  TURNS_PER_INTERVIEW,
} from "../../../lib/interview/mod.ts";
import { ANSWER_TEXT_MAX, TranscriptCorrections, Uuid } from "../../../lib/schemas.ts";
import {
  INTERVIEW_LANGUAGES,
  INTERVIEW_MODES,
  type InterviewLanguage,
  type InterviewMode,
} from "../../../lib/ai/types.ts";
import { orNull, ProviderSchema } from "../schemas.ts";
import { MetricsSchema, TurnFeedbackSchema } from "./feedback_schemas.ts";
import { AttemptSchema } from "./attempt_schemas.ts";

export const QuestionSchema = z.object({
  turn_number: z.number().int().min(1).max(TURNS_PER_INTERVIEW),
  question_text: z.string(),
  question_audio_url: z.string().nullable().openapi({
    description: "Signed URL (about 1 h) of the spoken question, usable as `<audio src>` without " +
      "a token; null when the server has no TTS (the client speaks the text itself).",
  }),
}).openapi("InterviewQuestion");

export const ModeSchema = z.enum(INTERVIEW_MODES as [InterviewMode, ...InterviewMode[]]).openapi({
  description: "`job` 직무 (the default), `behavioural` 인성, `pressure` 압박 (probing " +
    "follow-ups on the weakest part of the previous answer), `self_intro` 1분 자기소개 (one " +
    "answer, judged against 57 ± 5 s and 350–400 characters)",
});
export const LanguageSchema = z.enum(
  INTERVIEW_LANGUAGES as [InterviewLanguage, ...InterviewLanguage[]],
).openapi({
  description: "The interview's language: questions, the transcription language and the " +
    "feedback follow it (`ko` by default)",
});

const TranscriptReviewFlag = z.boolean().openapi({
  description: "Transcript correction before scoring (default false): after the last answer the " +
    "interview waits in `reviewing` instead of queuing its feedback, until " +
    "`POST /api/interviews/{session_id}/review` has the candidate's corrected transcripts; the " +
    "feedback then scores the corrected text and each turn keeps its `original_stt_text`.",
});
/** The room's preparation countdown (lib/interview/prep.ts), in seconds. */
export const PrepSecondsSchema = z.number().int().min(PREP_SECONDS.min).max(PREP_SECONDS.max)
  .openapi({
    description: "Seconds of preparation countdown between the end of each question and the " +
      `start of the recording (${PREP_SECONDS.default} by default; 0 records at once). Clients ` +
      "follow it; the candidate may skip the countdown",
  });

/** `POST /api/interviews/start` body. */
export const StartBody = z.object({
  cover_letter_id: Uuid,
  mode: ModeSchema.optional(),
  language: LanguageSchema.optional(),
  transcript_review: TranscriptReviewFlag.optional(),
  prep_seconds: PrepSecondsSchema.optional(),
}).openapi("InterviewStart");
const StatusSchema = z.enum(["in_progress", "reviewing", "feedback_pending", "completed", "failed"])
  .openapi({
    description: "`in_progress` answering; `reviewing` (only with `transcript_review`) the last " +
      "answer is in and the candidate corrects the transcripts (`POST …/review`), no feedback " +
      "is queued yet; `feedback_pending` the feedback job is queued or running; `completed`; " +
      "`failed` feedback gave up (`POST …/feedback/retry`)",
  });

const TotalTurns = z.number().int().min(1).max(TURNS_PER_INTERVIEW).openapi({
  description: "Questions in this interview: 1 for `self_intro`, else 5",
});

export const StartedSchema = z.object({
  session_id: z.uuid(),
  status: z.literal("in_progress"),
  ai_provider: ProviderSchema,
  mode: ModeSchema,
  language: LanguageSchema,
  total_turns: TotalTurns,
  transcript_review: TranscriptReviewFlag,
  current_turn: QuestionSchema,
  prep_seconds: PrepSecondsSchema,
}).openapi("InterviewStarted");

export const AnswerResultSchema = z.object({
  turn_number: z.number().int(),
  answer_audio_url: z.string().nullable().openapi({
    description: "Expiring URL of the stored recording; null for a typed answer",
  }),
  answer_stt_text: z.string(),
  metrics: MetricsSchema,
  next_turn: QuestionSchema.optional().openapi({ description: "Every turn but the last" }),
  interview_completed: z.literal(true).optional().openapi({
    description: "The last turn (`total_turns`)",
  }),
  review_required: z.literal(true).optional().openapi({
    description: "With `interview_completed` on an interview started with `transcript_review`: " +
      "its status is now `reviewing` and no feedback is made until " +
      "`POST /api/interviews/{session_id}/review`",
  }),
  message: z.string().optional(),
}).openapi("InterviewAnswerResult");

const OverallFeedbackSchema = z.object({
  summary: z.string(),
  score: z.number().int().min(1).max(5).openapi({
    description: "The mean of the answers' scores, rounded half up",
  }),
  strengths: z.array(z.string()),
  improvements: z.array(z.string()),
}).openapi("InterviewFeedback");

const CapabilityUsageSchema = z.object({
  calls: z.number().int(),
  input_tokens: z.number().int().openapi({ description: "chat prompt / TTS text input tokens" }),
  output_tokens: z.number().int().openapi({
    description: "chat completion / TTS transcript text tokens",
  }),
  output_audio_tokens: z.number().int().openapi({ description: "Realtime TTS audio tokens" }),
  audio_seconds: z.number().openapi({ description: "STT: seconds of audio transcribed" }),
  characters: z.number().int().openapi({ description: "TTS on `/audio/speech`: characters" }),
  models: z.array(z.string()),
  cost_usd: z.number().openapi({ description: "Estimate at list prices (priced models only)" }),
});

const UsageSchema = z.object({
  chat: CapabilityUsageSchema,
  stt: CapabilityUsageSchema,
  tts: CapabilityUsageSchema,
  total_cost_usd: z.number(),
  unpriced_models: z.array(z.string()).openapi({
    description: "Models without a list price here (other servers), left out of the estimate",
  }),
  prices_as_of: z.string().openapi({ description: "Date the list prices were checked" }),
}).openapi("InterviewUsage", {
  description: "What this interview's AI calls consumed (questions, transcription, question " +
    "audio, feedback), with an estimated cost in US dollars at OpenAI list prices.",
});

const AnswerQuoteSchema = z.object({
  turn_number: z.number().int().min(1).max(TURNS_PER_INTERVIEW),
  quote: z.string().openapi({ description: "Verbatim from that turn's answer" }),
}).openapi("AnswerQuote");

const RequirementMapSchema = z.object({
  requirements: z.array(z.object({
    requirement: z.string(),
    kind: z.enum(["required", "preferred"]),
    evidence: z.array(AnswerQuoteSchema).openapi({
      description: "Answers that evidence the requirement; empty: no evidence yet",
    }),
  })).openapi({ description: "Every requirement of the posting: required, then preferred" }),
  claims: z.array(z.object({
    claim: z.string().openapi({ description: "Verbatim from the cover letter" }),
    status: z.enum(["contradicted", "unsupported"]),
    answer: orNull(AnswerQuoteSchema).openapi({
      description: "The answer that contradicts the claim; null when no answer backs it up",
    }),
  })).openapi({
    description: "Cover-letter claims the spoken answers contradict or never back up",
  }),
  coverage: z.number().min(0).max(1).nullable().openapi({
    description: "Share of requirements with evidence; null when the posting lists none",
  }),
}).openapi("RequirementMap");

const ModelAnswerSourceSchema = z.object({
  kind: z.enum(["profile", "cover_letter", "answer"]).openapi({
    description: "`profile`: the career summary or certifications (never name, age or gender); " +
      "`cover_letter`; `answer`: an answer of this interview",
  }),
  turn_number: z.number().int().min(1).max(TURNS_PER_INTERVIEW).nullable().openapi({
    description: "The answer's turn; null for the profile and the cover letter",
  }),
  text: z.string().openapi({ description: "The candidate's own sentence, verbatim" }),
}).openapi("ModelAnswerSource");

const StoredModelAnswerSchema = z.object({
  sentences: z.array(z.object({
    text: z.string(),
    sources: z.array(ModelAnswerSourceSchema).min(1).openapi({
      description: "The sentences this one rests on: at least one (a sentence citing no real " +
        "source is dropped before it is stored)",
    }),
  })).min(1).openapi({
    description: "Conclusion first (두괄식), then its support; offline each sentence is one " +
      "source sentence as written",
  }),
  estimated_sec: z.number().int().openapi({
    description: "Seconds to say it at a natural pace; the answer is cut to 60 s (at most 400 " +
      "characters without spaces, or 150 words in English; a 1분 자기소개 aims at 350–400)",
  }),
  provider: ProviderSchema,
  created_at: z.iso.datetime(),
}).openapi("StoredModelAnswer");

/** `POST /api/interviews/{session_id}/turns/{turn_number}/model-answer` response. */
export const ModelAnswerSchema = StoredModelAnswerSchema.extend({
  turn_number: z.number().int().min(1).max(TURNS_PER_INTERVIEW),
}).openapi("ModelAnswer", {
  description: "A model answer to the turn's question built only from the candidate's own " +
    "profile, cover letter and answers, every sentence with its sources",
});

export const ResultSchema = z.object({
  session_id: z.uuid(),
  status: StatusSchema,
  ai_provider: ProviderSchema,
  mode: ModeSchema,
  language: LanguageSchema,
  total_turns: TotalTurns,
  transcript_review: TranscriptReviewFlag,
  total_feedback: z.string().nullable(),
  feedback: orNull(OverallFeedbackSchema),
  failure_reason: z.string().nullable(),
  requirement_map: orNull(RequirementMapSchema).openapi({
    description: "Computed with the feedback; null until then, and for interviews finished " +
      "before the map existed",
  }),
  turns: z.array(QuestionSchema.extend({
    answer_audio_url: z.string().nullable(),
    answer_stt_text: z.string().nullable().openapi({
      description: "The transcript (or typed answer) the feedback scores: the candidate's " +
        "correction when there is one",
    }),
    original_stt_text: z.string().nullable().openapi({
      description: "The transcript as first heard when the candidate corrected it during " +
        "`reviewing`; null when never corrected",
    }),
    transcript_corrected: z.boolean().openapi({
      description: "`original_stt_text` is set: `answer_stt_text` is a correction",
    }),
    turn_feedback: z.string().nullable(),
    feedback: orNull(TurnFeedbackSchema),
    metrics: orNull(MetricsSchema).openapi({ description: "Null until the turn is answered" }),
    answer_source: z.enum(["audio", "text"]).nullable(),
    transcript_source: z.enum(["server", "live", "browser", "typed"]).nullable().openapi({
      description: "Where the transcript came from: the server's file STT, its live " +
        "transcription, the browser's speech recognition, or typed; null without a transcript",
    }),
    model_answer: orNull(StoredModelAnswerSchema).openapi({
      description: "The model answer made with `POST …/turns/{turn_number}/model-answer`; null " +
        "until then",
    }),
    attempts: z.array(AttemptSchema).openapi({
      description: "The question answered again after the interview (attempt 2, 3, …; this " +
        "turn's own answer is attempt 1), oldest first, each compared with the attempt before it",
    }),
  })),
  created_at: z.iso.datetime(),
  completed_at: z.iso.datetime().nullable(),
  usage: UsageSchema,
  prep_seconds: PrepSecondsSchema,
}).openapi("InterviewResult");

export const HistorySchema = z.object({
  items: z.array(z.object({
    session_id: z.uuid(),
    cover_letter_id: z.uuid(),
    status: StatusSchema,
    posting_title: z.string().nullable().openapi({
      description: "Title of the posting the letter was written for; null without one",
    }),
    mode: ModeSchema,
    language: LanguageSchema,
    score: z.number().nullable().openapi({ description: "Overall score once feedback exists" }),
    created_at: z.iso.datetime(),
    completed_at: z.iso.datetime().nullable(),
  })),
  total: z.number().int(),
}).openapi("InterviewHistory");

/** A turn number as text (form field, path): the document states the type once coerced. */
const turnNumber = (openapi: Record<string, unknown> = {}) =>
  z.coerce.number().int().min(1).max(TURNS_PER_INTERVIEW).openapi({
    type: "integer",
    minimum: 1,
    maximum: TURNS_PER_INTERVIEW,
    ...openapi,
  });

export const AnswerForm = z.object({
  turn_number: turnNumber({
    description: "The turn being answered: must be the current unanswered turn",
  }),
  audio: z.instanceof(Blob).optional().openapi({
    type: "string",
    format: "binary",
    description: `The recording (webm, ogg, mp4/m4a, wav or mp3), at most ${
      MAX_ANSWER_AUDIO_BYTES / 1024 / 1024
    } MB and ${MAX_ANSWER_SECONDS} s. Send either \`audio\` or \`answer_text\`.`,
  }),
  answer_text: z.string().optional().openapi({
    minLength: 1,
    maxLength: ANSWER_TEXT_MAX,
    description: "A typed answer instead of audio",
  }),
  client_transcript: z.string().trim().max(ANSWER_TEXT_MAX).optional().openapi({
    maxLength: ANSWER_TEXT_MAX,
    description: "With `audio`: the client's own transcript of the recording (the browser's " +
      "speech recognition, or typed under the recording). Used only when the server has no " +
      "speech recognition (offline provider), where it is required with `audio` (else 422 " +
      "`transcript_required`) and stored as the transcript; when the server transcribes, it " +
      "is ignored (the server's STT is the source of truth). Trimmed; a blank one is absent.",
  }),
  client_transcript_source: z.enum(["browser", "typed"]).optional().openapi({
    description: "Where `client_transcript` came from: `browser` (default) when the browser's " +
      "speech recognition produced it, even if the candidate then corrected it; `typed` when " +
      "the candidate wrote it all because recognition heard nothing or was turned off.",
  }),
  live_id: Uuid.optional().openapi({
    description: "The id this recording was streamed under to " +
      "`GET /api/interviews/{session_id}/turns/{turn_number}/live` (WebSocket, see " +
      "docs/CLIENTS.md). When that stream's transcript is complete it is used and the file is " +
      "not transcribed again; otherwise (no stream, dropped, another recording's) the file is.",
  }),
}).openapi("InterviewAnswer", { oneOf: [{ required: ["audio"] }, { required: ["answer_text"] }] });

/** `POST /api/interviews/{session_id}/review` body. */
export const ReviewBody = TranscriptCorrections.meta({
  description: "The corrected transcripts, at most one per turn (a repeated `turn_number` is " +
    "422 `invalid_input`); an empty list accepts them as heard. `text` is validated like a " +
    `typed answer (trimmed, 1–${ANSWER_TEXT_MAX} characters); a text equal to the stored ` +
    "transcript is no correction.",
});

export const ReviewResultSchema = z.object({
  session_id: z.uuid(),
  status: z.literal("feedback_pending"),
  corrected_turns: z.array(z.number().int().min(1).max(TURNS_PER_INTERVIEW)).openapi({
    description: "The turns whose transcript changed, ascending",
  }),
}).openapi("TranscriptReviewResult");

/** `POST …/turns/{turn_number}/attempts`: the answer's own fields, for a question answered again. */
export const AttemptForm = AnswerForm.pick({
  audio: true,
  answer_text: true,
  client_transcript: true,
  client_transcript_source: true,
}).openapi("InterviewAttemptAnswer", {
  oneOf: [{ required: ["audio"] }, { required: ["answer_text"] }],
});

export const SessionParam = z.object({
  session_id: Uuid,
});
export const TurnParam = SessionParam.extend({
  turn_number: turnNumber({ param: { name: "turn_number", in: "path" } }),
});
const SignedQuery = z.object({
  exp: z.string().max(20).optional(),
  sig: z.string().max(128).optional(),
});

export const QuestionAudioQuery = SignedQuery.extend({
  format: z.enum(["mp3", "pcm"]).optional().openapi({
    description: "`mp3` (default): MPEG audio, which every player streams. `pcm`: while the " +
      "question is being synthesised by a PCM voice (Realtime), the raw samples as they " +
      "arrive (`audio/pcm;rate=24000`, 16-bit little-endian mono), for players that schedule " +
      "them with Web Audio; a stored question, or a voice that produces MP3, answers " +
      "`audio/mpeg` either way, so a client must look at the Content-Type.",
  }),
});
