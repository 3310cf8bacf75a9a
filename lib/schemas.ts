import { z } from "zod";
import { TURNS_PER_INTERVIEW } from "./ai/types.ts";

/**
 * Input schemas shared by the JSON API and the HTML forms, so both enforce the same limits.
 * Every string is NFC-normalised and length-capped. The `meta` lines put the limits a
 * transform hides into the OpenAPI document (it renders a pipe's input side only).
 */
export const text = (max: number, min = 0) =>
  z.string()
    // PostgreSQL text cannot hold NUL; refuse it as bad input instead of failing the insert.
    .refine((s) => !s.includes("\0"), "must not contain NUL characters")
    // A lone surrogate becomes U+FFFD here, as UTF-8 storage would make it anyway; left in, it
    // breaks the JSON kept beside the text (jsonb refuses the escape).
    .transform((s) => s.toWellFormed().normalize("NFC").trim()).pipe(z.string().min(min).max(max))
    .meta(min ? { minLength: min, maxLength: max } : { maxLength: max });

const optionalText = (max: number) => text(max).nullish().transform((s) => s || null);

export const Email = z.string().trim().toLowerCase().pipe(z.email().max(254))
  .meta({ format: "email", maxLength: 254 });
export const Password = z.string().transform((s) => s.normalize("NFC")).pipe(
  z.string().min(8, "at least 8 characters").max(256, "at most 256 characters"),
).meta({ minLength: 8, maxLength: 256 });
export const Gender = z.enum(["male", "female", "other"]);
// zod accepts RFC 9562 ids only (version and variant digits); the pattern tells clients so.
export const Uuid = z.uuid().meta({ pattern: z.regexes.uuid().source });

export const ProfileFields = z.object({
  name: optionalText(100),
  age: z.coerce.number().int().min(14).max(120).nullish().transform((v) => v ?? null),
  gender: Gender.nullish().transform((v) => v ?? null),
  career_summary: optionalText(5000),
  certifications: optionalText(2000),
});

export const RegisterInput = ProfileFields.partial().extend({ email: Email, password: Password });
export type RegisterInput = z.infer<typeof RegisterInput>;
export const LoginInput = z.object({ email: Email, password: z.string().min(1).max(256) });
export const ProfilePatch = ProfileFields.partial().strict();
export type ProfilePatch = z.infer<typeof ProfilePatch>;

export const POSTING_TEXT_MIN = 20;
export const POSTING_TEXT_MAX = 50_000;
export const POSTING_TITLE_MAX = 200;
export const PostingTitle = optionalText(POSTING_TITLE_MAX);
export const PostingText = text(POSTING_TEXT_MAX, POSTING_TEXT_MIN);

export const COVER_LETTER_MAX = 10_000;
export const CoverLetterContent = text(COVER_LETTER_MAX, 50);
export const CoverLetterInput = z.object({ job_posting_id: Uuid, content: CoverLetterContent });
export const CoverLetterPatch = z.object({ content: CoverLetterContent });

export const ANSWER_TEXT_MAX = 5_000;
export const AnswerText = text(ANSWER_TEXT_MAX, 1);

// Transcript correction before scoring: the candidate's fixed transcripts, validated like answers.
export const TranscriptCorrections = z.object({
  corrections: z.array(z.object({
    turn_number: z.number().int().min(1).max(TURNS_PER_INTERVIEW),
    text: AnswerText,
  })).max(TURNS_PER_INTERVIEW).refine(
    (cs) => new Set(cs.map((c) => c.turn_number)).size === cs.length,
    "each turn may be corrected once",
  ),
});
export type TranscriptCorrections = z.infer<typeof TranscriptCorrections>;

const OFFSET_MAX = 1_000_000;
export const Pagination = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  // Coercion turns null into 0, so the document generator would call this `integer | null`;
  // the query string `offset=null` is refused, so the document gets the plain type.
  offset: z.coerce.number().int().min(0).max(OFFSET_MAX).default(0)
    .meta({ type: "integer", minimum: 0, maximum: OFFSET_MAX, default: 0 }),
});
export type Pagination = z.infer<typeof Pagination>;
