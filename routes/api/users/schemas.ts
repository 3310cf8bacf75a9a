/** Response schemas of `/api/users`, as the OpenAPI document publishes them. */
import { z } from "@hono/zod-openapi";
import { pickProfile } from "../../../db/users.ts";

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
