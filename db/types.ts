/**
 * Value types of columns that several tables share. The domain (`lib/`) builds on these; `db/`
 * itself imports nothing from `lib/`.
 */

/** The `gender` column of `users` (its check constraint). */
export type Gender = "male" | "female" | "other";

/** The `ai_provider` columns: which provider produced a stored result. */
export type ProviderName = "openai" | "offline";

/** The `ai_analysis` jsonb of a job posting. */
export interface PostingAnalysis {
  keywords: string[];
  requirements: string[];
}

/**
 * The `mode` column of `interview_sessions`: 직무 (job), 인성 (behavioural), 압박 (pressure),
 * 1분 자기소개 (self_intro).
 */
export type InterviewMode = "job" | "behavioural" | "pressure" | "self_intro";

/** The `language` column of `interview_sessions`: the language the interview is held in. */
export type InterviewLanguage = "ko" | "en";
