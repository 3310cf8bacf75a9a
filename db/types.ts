/**
 * Value types of columns that several tables share. The domain (`lib/`) builds on these; `db/`
 * itself imports nothing from `lib/`.
 */

/** The `gender` column of `users` (its check constraint). */
export type Gender = "male" | "female" | "other";

/** The `ai_provider` columns: which provider produced a stored result. */
export const PROVIDER_NAMES = ["openai", "offline"] as const;
export type ProviderName = typeof PROVIDER_NAMES[number];

/** The `ai_analysis` jsonb of a job posting. */
export interface PostingAnalysis {
  keywords: string[];
  requirements: string[];
  /** Preferred qualifications (우대 사항); absent in analyses made before they were kept. */
  preferred?: string[];
}

/**
 * The `mode` column of `interview_sessions`: 직무 (job), 인성 (behavioural), 압박 (pressure),
 * 1분 자기소개 (self_intro).
 */
export type InterviewMode = "job" | "behavioural" | "pressure" | "self_intro";

/** The `language` column of `interview_sessions`: the language the interview is held in. */
export type InterviewLanguage = "ko" | "en";
