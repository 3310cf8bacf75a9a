import type { Queryable } from "./client.ts";

/** A capability whose usage is recorded. */
export type UsageCapability = "chat" | "stt" | "tts";

/** One AI call's consumption, as stored. */
export interface NewUsage {
  user_id: string;
  session_id: string | null;
  capability: UsageCapability;
  purpose: string;
  model: string;
  input_tokens: number;
  output_tokens: number;
  output_audio_tokens: number;
  audio_seconds: number;
  characters: number;
}

/** Usage of one model for one capability, summed. */
export interface UsageTotal {
  capability: UsageCapability;
  model: string;
  calls: number;
  input_tokens: number;
  output_tokens: number;
  output_audio_tokens: number;
  audio_seconds: number;
  characters: number;
}

export async function insertUsage(sql: Queryable, u: NewUsage): Promise<void> {
  await sql`
    insert into ai_usage (user_id, session_id, capability, purpose, model, input_tokens,
      output_tokens, output_audio_tokens, audio_seconds, characters)
    values (${u.user_id}, ${u.session_id}, ${u.capability}, ${u.purpose}, ${u.model},
      ${u.input_tokens}, ${u.output_tokens}, ${u.output_audio_tokens}, ${u.audio_seconds},
      ${u.characters})`;
}

/** Totals of one interview per capability and model. */
export async function sessionUsage(sql: Queryable, sessionId: string): Promise<UsageTotal[]> {
  return await sql<UsageTotal[]>`
    select capability, model, count(*)::int as calls,
      sum(input_tokens)::bigint as input_tokens, sum(output_tokens)::bigint as output_tokens,
      sum(output_audio_tokens)::bigint as output_audio_tokens,
      sum(audio_seconds)::float8 as audio_seconds, sum(characters)::bigint as characters
    from ai_usage where session_id = ${sessionId}
    group by capability, model order by capability, model`;
}
