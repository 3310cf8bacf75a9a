/** Response schemas of `/api/users`, as the OpenAPI document publishes them. */
import { z } from "@hono/zod-openapi";
import { pickProfile } from "../../../db/users.ts";
import { PROGRESS_SESSIONS } from "../../../lib/interview/mod.ts";
import { RUBRIC_DIMENSIONS } from "../../../lib/ai/rubric.ts";
import { ModeSchema } from "../interviews/schemas.ts";

export const UserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  age: z.number().int().nullable(),
  gender: z.enum(["male", "female", "other"]).nullable(),
  career_summary: z.string().nullable(),
  certifications: z.string().nullable(),
}).openapi("User");

/** Public view of a user (never the password hash). */
export function publicUser(u: {
  id: string;
  email: string;
  name: string | null;
  age: number | null;
  gender: "male" | "female" | "other" | null;
  career_summary: string | null;
  certifications: string | null;
}) {
  return { id: u.id, email: u.email, ...pickProfile(u) };
}

const meanScore = z.number().min(1).max(5).nullable();
const RubricMeans = Object.fromEntries(RUBRIC_DIMENSIONS.map((d) => [d, meanScore])) as Record<
  (typeof RUBRIC_DIMENSIONS)[number],
  typeof meanScore
>;

export const ProgressSchema = z.object({
  points: z.array(z.object({
    session_id: z.uuid(),
    completed_at: z.iso.datetime(),
    posting_title: z.string().nullable(),
    mode: ModeSchema,
    score: z.number().nullable().openapi({ description: "Overall score (1–5)" }),
    syllables_per_minute: z.number().nullable().openapi({
      description: "Speaking pace over the answers with audio (weighted by their length); " +
        "null when every answer was typed",
    }),
    fillers_per_minute: z.number().nullable().openapi({
      description:
        "Fillers per minute over the answers with audio; null when every answer was typed",
    }),
    requirement_coverage: z.number().min(0).max(1).nullable().openapi({
      description: "Share of the posting's requirements the answers evidenced; null without a " +
        "requirement map or requirements",
    }),
    rubric: z.object(RubricMeans).openapi({
      description: "Mean score (1–5) per rubric dimension over the interview's answers; null " +
        "for a dimension no answer was scored on (`delivery` when every answer was typed)",
    }),
  })).max(PROGRESS_SESSIONS).openapi({
    description: `The user's latest ${PROGRESS_SESSIONS} completed interviews, oldest first: ` +
      "one point per interview for every series",
  }),
}).openapi("Progress");
