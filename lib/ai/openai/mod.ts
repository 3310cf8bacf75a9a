/**
 * The OpenAI provider: chat completions with strict structured outputs for every JSON answer,
 * speech synthesis streamed as it arrives, and transcription (gpt-transcribe's fields, or the
 * legacy ones for other models on compatible servers). The SDK's own
 * timeout and bounded retries (with backoff on 408/409/429/5xx and connection errors) are used;
 * whatever still fails becomes an `AppError` whose message is safe to show.
 */
import OpenAI, { toFile } from "openai";
import { badResponse, toAppError } from "./errors.ts";
import { transcriptionFields, TranscriptionSchema } from "./transcription.ts";
import { z } from "zod";
import { inspectAudio } from "../../media/mod.ts";
import { AppError } from "../../errors.ts";
import { isRealtimeModel } from "./models.ts";
import { answerFeedbackPrompt } from "../coach_prompts.ts";
import {
  coverLetterFeedbackPrompt,
  firstQuestionPrompt,
  interviewFeedbackPrompt,
  nextQuestionPrompt,
  postingAnalysisPrompt,
  type Prompt,
  requirementMapPrompt,
} from "../prompts.ts";
import {
  type CoverLetterFeedback,
  CoverLetterFeedbackSchema,
  interviewFeedbackSchema,
  PostingAnalysisSchema,
  QuestionSchema,
  requirementMapSchema,
  type StructuredFormat,
  structuredFormat,
  TurnFeedbackSchema,
} from "../schemas.ts";
import { listRequirements, withCoverage } from "../requirement_map.ts";
import { createRealtimeTts, type DivergenceOutcome } from "./realtime_tts.ts";
import { openLiveTranscription } from "./live_transcribe.ts";
import { checkRequirementMap } from "./requirement_map.ts";
import { modelAnswer } from "./model_answer.ts";
import type {
  AiProvider,
  CallOptions,
  InterviewFeedback,
  InterviewSetup,
  QA,
  TurnFeedback,
} from "../types.ts";
import { DEFAULT_SETUP } from "../types.ts";
import {
  buildRubric,
  CONTENT_DIMENSIONS,
  overallScore,
  rubricScore,
  selfIntroAdvice,
  selfIntroCheck,
} from "../rubric.ts";

/** Settings of the OpenAI provider; `lib/ai/mod.ts` fills them from configuration. */
export interface OpenAiProviderOptions {
  apiKey: string;
  /** Another OpenAI-compatible server, e.g. the fake one in tests (must include `/v1`). */
  baseURL?: string;
  /** Per-capability servers and keys; each falls back to `baseURL` / `apiKey`. */
  chatBaseURL?: string;
  chatApiKey?: string;
  sttBaseURL?: string;
  sttApiKey?: string;
  ttsBaseURL?: string;
  ttsApiKey?: string;
  chatModel: string;
  /** A Realtime model (`isRealtimeModel`) speaks over the Realtime API, any other via `/audio/speech`. */
  ttsModel: string;
  ttsVoice: string;
  /** Told when a Realtime reading's transcript diverged from the question (for `/metrics`). */
  onTtsDivergence?: (outcome: DivergenceOutcome) => void;
  sttModel: string;
  /** ISO-639-1 languages of the answers, e.g. ["ko"]; other models than gpt-transcribe get the first. */
  sttLanguages: string[];
  /** A live transcription model (gpt-live-transcribe) on the STT server; unset: file STT only. */
  liveSttModel?: string;
  /** Per-attempt time limit; retries come on top. */
  timeoutMs: number;
  maxRetries: number;
  fetch?: typeof fetch;
}

/** OpenAI's limit on text for one speech request. */
const TTS_MAX_CHARS = 4096;

const POSTING_ANALYSIS = structuredFormat("posting_analysis", PostingAnalysisSchema);
const COVER_LETTER_FEEDBACK = structuredFormat("cover_letter_feedback", CoverLetterFeedbackSchema);
const QUESTION = structuredFormat("interview_question", QuestionSchema);
const ANSWER_FEEDBACK = structuredFormat("answer_feedback", TurnFeedbackSchema);

/** Creates the OpenAI-backed `AiProvider`. */
export function createOpenAiProvider(opts: OpenAiProviderOptions): AiProvider {
  const clientFor = (baseURL = opts.baseURL, apiKey = opts.apiKey) =>
    new OpenAI({
      apiKey,
      baseURL,
      timeout: opts.timeoutMs,
      maxRetries: opts.maxRetries,
      fetch: opts.fetch,
    });
  const client = clientFor(opts.chatBaseURL, opts.chatApiKey);
  const sttClient = clientFor(opts.sttBaseURL, opts.sttApiKey);
  const ttsClient = clientFor(opts.ttsBaseURL, opts.ttsApiKey);
  const realtime = isRealtimeModel(opts.ttsModel)
    ? createRealtimeTts({
      baseURL: ttsClient.baseURL,
      apiKey: opts.ttsApiKey ?? opts.apiKey,
      model: opts.ttsModel,
      voice: opts.ttsVoice,
      timeoutMs: opts.timeoutMs,
      onDivergence: opts.onTtsDivergence,
    })
    : null;

  async function complete<T extends z.ZodType>(
    format: StructuredFormat<T>,
    prompt: Prompt,
    maxTokens: number,
    call?: CallOptions,
  ): Promise<z.infer<T>> {
    let completion;
    try {
      // No temperature: the chat model is configurable and reasoning models reject it.
      completion = await client.chat.completions.create({
        model: opts.chatModel,
        messages: [
          { role: "system", content: prompt.system },
          { role: "user", content: prompt.user },
        ],
        response_format: {
          type: "json_schema",
          json_schema: { name: format.name, strict: true, schema: format.jsonSchema },
        },
        max_completion_tokens: maxTokens,
      });
    } catch (e) {
      throw toAppError(e, "chat");
    }
    if (completion.usage) {
      call?.onUsage?.({
        capability: "chat",
        model: opts.chatModel,
        input_tokens: completion.usage.prompt_tokens,
        output_tokens: completion.usage.completion_tokens,
      });
    }
    const choice = completion.choices?.[0];
    if (choice?.message?.refusal || choice?.finish_reason === "content_filter") {
      throw new AppError("upstream", "ai_refused", "The AI model declined to answer this request");
    }
    const content = choice?.message?.content;
    if (!content || choice.finish_reason === "length") throw badResponse();
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch {
      throw badResponse();
    }
    const parsed = format.schema.safeParse(json);
    if (!parsed.success) throw badResponse();
    return parsed.data;
  }

  async function question(prompt: Prompt, call?: CallOptions): Promise<string> {
    const { question } = await complete(QUESTION, prompt, 1_000, call);
    const text = question.replace(/\s+/g, " ").trim();
    if (!text) throw badResponse();
    return text;
  }

  return {
    name: "openai",
    capabilities: { tts: true, stt: true },

    async analyzePosting(text, title, call) {
      const a = await complete(POSTING_ANALYSIS, postingAnalysisPrompt(text, title), 2_000, call);
      return {
        keywords: cleanList(a.keywords),
        requirements: cleanList(a.requirements),
        preferred: cleanList(a.preferred),
      };
    },

    async coverLetterFeedback(input, call) {
      const prompt = coverLetterFeedbackPrompt(input);
      const fb = await complete(COVER_LETTER_FEEDBACK, prompt, 3_000, call);
      const structured = {
        summary: fb.summary.trim(),
        strengths: cleanList(fb.strengths),
        improvements: cleanList(fb.improvements),
        suggestions: cleanList(fb.suggestions),
      };
      return { text: formatCoverLetterFeedback(structured), structured };
    },

    firstQuestion(ctx, call) {
      return question(firstQuestionPrompt(ctx), call);
    },

    nextQuestion(ctx, history, call) {
      return question(nextQuestionPrompt(ctx, history), call);
    },

    async interviewFeedback(ctx, turns, call) {
      const format = structuredFormat("interview_feedback", interviewFeedbackSchema(turns.length));
      const fb = await complete(format, interviewFeedbackPrompt(ctx, turns), 6_000, call);
      const perTurn = alignTurns(fb.turns, turns, ctx.setup ?? DEFAULT_SETUP);
      return {
        summary: fb.summary.trim(),
        score: overallScore(perTurn),
        strengths: cleanList(fb.strengths),
        improvements: cleanList(fb.improvements),
        turns: perTurn,
      } satisfies InterviewFeedback;
    },

    async answerFeedback(ctx, qa, call) {
      const got = await complete(ANSWER_FEEDBACK, answerFeedbackPrompt(ctx, qa), 2_000, call);
      return alignTurns([got], [qa], ctx.setup ?? DEFAULT_SETUP)[0];
    },

    async requirementMap(ctx, turns, call) {
      const listed = listRequirements(ctx.posting);
      // Nothing to check: no call, no cost.
      if (!listed.length && !ctx.coverLetter.trim()) return withCoverage([], []);
      const names = listed.map((r) => r.requirement);
      const format = structuredFormat("requirement_map", requirementMapSchema(names.length));
      const got = await complete(format, requirementMapPrompt(ctx, turns, names), 4_000, call);
      return checkRequirementMap(got, listed, ctx.coverLetter, turns);
    },

    modelAnswer: (ctx, input, call) => modelAnswer(complete, ctx, input, call),

    ...(realtime && { prepareSpeech: () => realtime.prepare() }),

    ...(opts.liveSttModel && {
      liveTranscribe: (live) =>
        openLiveTranscription({
          baseURL: sttClient.baseURL,
          apiKey: opts.sttApiKey ?? opts.apiKey,
          model: opts.liveSttModel!,
          languages: opts.sttLanguages,
          timeoutMs: opts.timeoutMs,
        }, live),
    }),

    async speak(text, call) {
      if (!text.trim()) throw new AppError("bad_input", "tts_text_empty", "Nothing to speak");
      if (text.length > TTS_MAX_CHARS) {
        throw new AppError("bad_input", "tts_text_too_long", "Text is too long to speak");
      }
      if (realtime) return await realtime.speak(text, call);
      let res: Response;
      try {
        // MP3, not "pcm": OpenAI serves both, but compatible servers are not known to.
        res = await ttsClient.audio.speech.create({
          model: opts.ttsModel,
          voice: opts.ttsVoice,
          input: text,
          response_format: "mp3",
        });
      } catch (e) {
        throw toAppError(e, "speech");
      }
      if (!res.body) throw badResponse();
      // Billed per character of input.
      call?.onUsage?.({
        capability: "tts",
        model: opts.ttsModel,
        input_tokens: 0,
        output_audio_tokens: 0,
        output_text_tokens: 0,
        characters: text.length,
      });
      const contentType = res.headers.get("content-type");
      return {
        body: res.body,
        contentType: contentType?.startsWith("audio/") ? contentType : "audio/mpeg",
      };
    },

    async transcribe(audio, fileName, contentType, hints = {}) {
      if (audio.byteLength === 0) {
        throw new AppError("bad_input", "audio_empty", "The recording is empty");
      }
      let raw: unknown;
      try {
        raw = await sttClient.audio.transcriptions.create({
          file: await toFile(audio, fileName, { type: contentType }),
          model: opts.sttModel,
          // The interview's language wins over the configured ones.
          ...transcriptionFields(
            opts.sttModel,
            hints.language ? [hints.language] : opts.sttLanguages,
            hints,
          ),
        });
      } catch (e) {
        throw toAppError(e, "transcription");
      }
      const parsed = TranscriptionSchema.safeParse(raw);
      if (!parsed.success) throw badResponse();
      const { text, duration, usage } = parsed.data;
      if (hints.onUsage) {
        // Billed per minute of audio: the server's figure, else the container's own duration.
        const seconds = usage?.type === "duration" ? usage.seconds : undefined;
        hints.onUsage({
          capability: "stt",
          model: opts.sttModel,
          audio_seconds: seconds ?? duration ?? (await inspectAudio(audio))?.durationSec ?? 0,
        });
      }
      return { text: text.trim(), durationSec: duration ?? null };
    },
  };
}

/** Trims, drops empty entries and removes duplicates (case-insensitive), keeping order. */
function cleanList(items: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of items) {
    const t = item.trim();
    const key = t.toLowerCase();
    if (t && !seen.has(key)) {
      seen.add(key);
      out.push(t);
    }
  }
  return out;
}

type ModelTurn = z.infer<typeof TurnFeedbackSchema>;

/**
 * Pairs per-turn feedback with the interview's turns and completes it: the rubric gets its
 * anchors and the measured delivery, the score derives from it, and a self-introduction is
 * checked against its target. The schema already fixes the count; when the model numbered
 * the turns differently from the ones it was given, order decides.
 */
function alignTurns(got: ModelTurn[], turns: QA[], setup: InterviewSetup): TurnFeedback[] {
  const byNumber = new Map(got.map((t) => [t.turn_number, t]));
  const exact = byNumber.size === turns.length && turns.every((t) => byNumber.has(t.turn_number));
  return turns.map((qa, i) => {
    const t = exact ? byNumber.get(qa.turn_number)! : got[i];
    const content = Object.fromEntries(
      CONTENT_DIMENSIONS.map((d) => [
        d,
        { score: t.rubric[d].score, evidence: verbatim(t.rubric[d].evidence, qa.answer) },
      ]),
    ) as Parameters<typeof buildRubric>[0];
    const rubric = buildRubric(content, qa.metrics, setup.language);
    const improvements = cleanList(t.improvements);
    const selfIntro = setup.mode === "self_intro" ? selfIntroCheck(qa.metrics, qa.answer) : null;
    const advice = selfIntro && selfIntroAdvice(selfIntro, setup.language);
    return {
      turn_number: qa.turn_number,
      feedback: t.feedback.trim(),
      score: rubricScore(rubric),
      rubric,
      ...(selfIntro && { self_intro: selfIntro }),
      strengths: cleanList(t.strengths),
      improvements: advice ? [advice, ...improvements] : improvements,
      evidence: cleanList(t.evidence),
    };
  });
}

/** A model's quote when it really is in the answer (spacing aside), else "": never invented. */
function verbatim(quote: string, answer: string): string {
  const squash = (s: string) => s.replace(/\s+/g, " ").trim();
  const q = squash(quote);
  return q && squash(answer).includes(q) ? q : "";
}

/** Renders structured cover-letter feedback as the plain text stored in `ai_feedback`. */
export function formatCoverLetterFeedback(fb: CoverLetterFeedback): string {
  const section = (title: string, items: string[]) =>
    items.length ? `[${title}]\n${cleanList(items).map((i) => `- ${i}`).join("\n")}` : "";
  return [
    `[총평]\n${fb.summary.trim()}`,
    section("강점", fb.strengths),
    section("보완할 점", fb.improvements),
    section("수정 제안", fb.suggestions),
  ].filter(Boolean).join("\n\n");
}
