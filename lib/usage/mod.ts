/**
 * Cost visibility: every AI call's usage (reported by the provider through `onUsage`) is
 * recorded per user and interview, and an interview's result carries the totals with an
 * estimate at list prices.
 */
import { insertUsage, sessionUsage, type UsageTotal } from "../../db/ai_usage.ts";
import type { Queryable } from "../../db/client.ts";
import { estimateCost, PRICES_AS_OF } from "../ai/openai/prices.ts";
import type { CallOptions, UsageEvent } from "../ai/types.ts";

/** Whom calls are charged to. */
export interface UsageScope {
  userId: string;
  /** Null for calls outside an interview (posting analysis, cover-letter feedback). */
  sessionId: string | null;
}

/** Stores usage events; `settled` waits for the writes. */
export interface UsageRecorder {
  /** The call options that record a call's usage under `purpose` (first_question, …). */
  for(purpose: string): Required<CallOptions>;
  settled(): Promise<void>;
}

/**
 * A recorder for one scope. Each event is written as it arrives, so awaiting `settled` at the
 * end of a request costs nothing extra; a failed write is logged and never fails the call.
 */
export function usageRecorder(
  deps: { sql: Queryable; log?: (entry: Record<string, unknown>) => void },
  scope: UsageScope,
): UsageRecorder {
  const writes: Promise<void>[] = [];
  const record = (purpose: string, u: UsageEvent) =>
    writes.push(
      insertUsage(deps.sql, {
        user_id: scope.userId,
        session_id: scope.sessionId,
        capability: u.capability,
        purpose,
        model: u.model,
        input_tokens: u.capability === "stt" ? 0 : u.input_tokens,
        output_tokens: u.capability === "chat"
          ? u.output_tokens
          : u.capability === "tts"
          ? u.output_text_tokens
          : 0,
        output_audio_tokens: u.capability === "tts" ? u.output_audio_tokens : 0,
        audio_seconds: u.capability === "stt" ? u.audio_seconds : 0,
        characters: u.capability === "tts" ? u.characters : 0,
      }).catch((e) =>
        (deps.log ?? ((x) => console.log(JSON.stringify(x))))({
          level: "warn",
          msg: "ai usage not recorded",
          error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
        })
      ),
    );
  return {
    for: (purpose) => ({ onUsage: (u) => record(purpose, u) }),
    async settled() {
      await Promise.all(writes);
    },
  };
}

/** Totals of one capability, with the estimate of the models that have a list price. */
export interface CapabilityUsage extends Omit<UsageTotal, "capability" | "model"> {
  models: string[];
  cost_usd: number;
}

/** `usage` of an interview's result. */
export interface InterviewUsage {
  chat: CapabilityUsage;
  stt: CapabilityUsage;
  tts: CapabilityUsage;
  /** Sum of the estimates, in US dollars at list prices. */
  total_cost_usd: number;
  /** Models used without a list price here (other servers): not in the estimate. */
  unpriced_models: string[];
  prices_as_of: string;
}

const empty = (): CapabilityUsage => ({
  calls: 0,
  input_tokens: 0,
  output_tokens: 0,
  output_audio_tokens: 0,
  audio_seconds: 0,
  characters: 0,
  models: [],
  cost_usd: 0,
});

/** Sums per-model totals into the per-capability view with cost estimates. */
export function summarizeUsage(rows: UsageTotal[]): InterviewUsage {
  const out = { chat: empty(), stt: empty(), tts: empty() };
  const unpriced = new Set<string>();
  for (const r of rows) {
    const c = out[r.capability];
    c.calls += r.calls;
    c.input_tokens += r.input_tokens;
    c.output_tokens += r.output_tokens;
    c.output_audio_tokens += r.output_audio_tokens;
    c.audio_seconds += r.audio_seconds;
    c.characters += r.characters;
    if (!c.models.includes(r.model)) c.models.push(r.model);
    const cost = estimateCost(r.model, r);
    if (cost === null) unpriced.add(r.model);
    else c.cost_usd += cost;
  }
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  for (const c of Object.values(out)) {
    c.cost_usd = round(c.cost_usd);
    c.audio_seconds = Math.round(c.audio_seconds * 1000) / 1000;
  }
  return {
    ...out,
    total_cost_usd: round(out.chat.cost_usd + out.stt.cost_usd + out.tts.cost_usd),
    unpriced_models: [...unpriced],
    prices_as_of: PRICES_AS_OF,
  };
}

/** The usage of one interview. */
export async function interviewUsage(sql: Queryable, sessionId: string): Promise<InterviewUsage> {
  return summarizeUsage(await sessionUsage(sql, sessionId));
}
