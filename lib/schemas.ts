import { z } from "zod";

/**
 * Input schemas shared by the JSON API and the HTML forms, so both enforce the same limits.
 * Every string is NFC-normalised and length-capped.
 */
export const text = (max: number, min = 0) =>
  z.string()
    // PostgreSQL text cannot hold NUL; refuse it as bad input instead of failing the insert.
    .refine((s) => !s.includes("\0"), "must not contain NUL characters")
    .transform((s) => s.normalize("NFC").trim()).pipe(z.string().min(min).max(max));

const optionalText = (max: number) => text(max).nullish().transform((s) => s || null);

export const Email = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const Password = z.string().transform((s) => s.normalize("NFC")).pipe(
  z.string().min(8, "at least 8 characters").max(256, "at most 256 characters"),
);
export const Gender = z.enum(["male", "female", "other"]);
export const Uuid = z.uuid();

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

export const POSTING_TEXT_MAX = 50_000;
export const PostingTitle = optionalText(200);
export const PostingText = text(POSTING_TEXT_MAX, 20);

export const COVER_LETTER_MAX = 10_000;
export const CoverLetterContent = text(COVER_LETTER_MAX, 50);
export const CoverLetterInput = z.object({ job_posting_id: Uuid, content: CoverLetterContent });
export const CoverLetterPatch = z.object({ content: CoverLetterContent });

export const ANSWER_TEXT_MAX = 5_000;
export const AnswerText = text(ANSWER_TEXT_MAX, 1);

export const Pagination = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type Pagination = z.infer<typeof Pagination>;
