import { z } from "zod";
import {
  type Capability,
  isOpenAiBaseUrl,
  isRealtimeModel,
  isSpeechModel,
  isTranscribeModel,
  retiredModel,
} from "./ai/openai/models.ts";

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const list = z.string().transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean));
const optionalUrl = z.url().optional();
const languages = list.pipe(
  z.array(z.string().regex(/^[a-z]{2,3}$/, "ISO-639-1 codes, comma-separated (e.g. ko,en)")).min(1),
);

const EnvSchema = z.object({
  APP_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  DATA_DIR: z.string().min(1).default(".data"),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  S3_BUCKET: z.string().min(3).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ENDPOINT: optionalUrl,
  S3_FORCE_PATH_STYLE: bool.default(false),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_CHAT_BASE_URL: optionalUrl,
  OPENAI_CHAT_API_KEY: z.string().min(1).optional(),
  OPENAI_CHAT_MODEL: z.string().min(1).default("gpt-4o"),
  OPENAI_STT_BASE_URL: optionalUrl,
  OPENAI_STT_API_KEY: z.string().min(1).optional(),
  OPENAI_STT_MODEL: z.string().min(1).default("gpt-transcribe"),
  OPENAI_STT_LANGUAGES: languages.optional(),
  /** Live transcription while the candidate speaks (Realtime API on the STT server); `none`: off. */
  OPENAI_LIVE_STT_MODEL: z.string().min(1).default("gpt-live-transcribe"),
  /** Deprecated alias of OPENAI_STT_LANGUAGES (one language). */
  OPENAI_STT_LANGUAGE: languages.optional(),
  OPENAI_TTS_BASE_URL: optionalUrl,
  OPENAI_TTS_API_KEY: z.string().min(1).optional(),
  OPENAI_TTS_MODEL: z.string().min(1).default("gpt-realtime-2.1-mini"),
  OPENAI_TTS_VOICE: z.string().min(1).default("marin"),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  JWT_SECRET: z.string().optional(),
  CORS_ORIGINS: list.default([]),
  PUBLIC_URL: optionalUrl,
  METRICS_TOKEN: z.string().min(16).optional(),
  LOG_REQUESTS: bool.default(true),
  FEEDBACK_WORKER: bool.default(true),
  TRUST_PROXY: bool.default(false),
  RATE_LIMIT_AUTH_IP: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_AUTH_ACCOUNT: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_AI_USER: z.coerce.number().int().min(1).default(60),
});

type Env = z.infer<typeof EnvSchema>;

/** Validated configuration, parsed once from the environment. */
export type Config = Omit<Env, "OPENAI_STT_LANGUAGES" | "OPENAI_STT_LANGUAGE"> & {
  /** Languages of the answers, from OPENAI_STT_LANGUAGES (or the deprecated singular). */
  OPENAI_STT_LANGUAGES: string[];
  jwtSecret: string;
};

/** Thrown when the environment is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Minimum JWT secret length (bytes of entropy as characters) accepted in production. */
export const MIN_SECRET_LENGTH = 32;

/**
 * Parses the environment. Fails with one message that names every bad variable, so an
 * operator fixes them all in one go. `jwtSecret` is resolved later by `resolveJwtSecret`
 * because a local run may need to create it on disk.
 */
export function parseEnv(env: Record<string, string | undefined>): Omit<Config, "jwtSecret"> {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ""),
  );
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  const { OPENAI_STT_LANGUAGE, ...rest } = result.data;
  const c = {
    ...rest,
    OPENAI_STT_LANGUAGES: rest.OPENAI_STT_LANGUAGES ?? OPENAI_STT_LANGUAGE ?? ["ko"],
  };
  const problems: string[] = aiConfigProblems(c);
  if (c.S3_BUCKET && !!c.S3_ACCESS_KEY_ID !== !!c.S3_SECRET_ACCESS_KEY) {
    problems.push("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together");
  }
  if (c.APP_ENV === "production") {
    if (!c.JWT_SECRET) problems.push("JWT_SECRET: required in production");
    else if (!isStrongSecret(c.JWT_SECRET)) {
      problems.push(
        `JWT_SECRET: too weak (need ${MIN_SECRET_LENGTH}+ characters, not one repeated character)`,
      );
    }
  }
  if (problems.length) {
    throw new ConfigError(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  return c;
}

/** A secret is strong when long enough and not trivially repetitive. */
export function isStrongSecret(secret: string): boolean {
  return secret.length >= MIN_SECRET_LENGTH && new Set(secret).size >= 10;
}

/**
 * Returns the configured JWT secret, or, outside production, one generated once and kept in
 * DATA_DIR so tokens survive restarts.
 */
export async function resolveJwtSecret(c: Omit<Config, "jwtSecret">): Promise<string> {
  if (c.JWT_SECRET) {
    if (!isStrongSecret(c.JWT_SECRET) && c.APP_ENV === "production") {
      throw new ConfigError("JWT_SECRET is too weak");
    }
    return c.JWT_SECRET;
  }
  const path = `${c.DATA_DIR}/jwt_secret`;
  try {
    return (await Deno.readTextFile(path)).trim();
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  await Deno.mkdir(c.DATA_DIR, { recursive: true });
  const bytes = crypto.getRandomValues(new Uint8Array(48));
  const secret = btoa(String.fromCharCode(...bytes));
  try {
    // createNew: two instances starting together keep the first writer's secret.
    await Deno.writeTextFile(path, secret, { createNew: true, mode: 0o600 });
    return secret;
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists) return (await Deno.readTextFile(path)).trim();
    throw e;
  }
}

/** Parses the process environment and resolves the JWT secret. */
export async function loadConfig(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Promise<Config> {
  const c = parseEnv(env);
  return { ...c, jwtSecret: await resolveJwtSecret(c) };
}

/** One capability's server, key and model, after the fallbacks to OPENAI_BASE_URL/API_KEY. */
export interface AiEndpoint {
  /** Unset means OpenAI's own API. */
  baseURL?: string;
  apiKey?: string;
  model: string;
}

/** Where each AI capability goes. */
export type AiEndpoints = Record<Capability, AiEndpoint>;

type AiEnv = Pick<
  Config,
  | "OPENAI_API_KEY"
  | "OPENAI_BASE_URL"
  | "OPENAI_CHAT_BASE_URL"
  | "OPENAI_CHAT_API_KEY"
  | "OPENAI_CHAT_MODEL"
  | "OPENAI_STT_BASE_URL"
  | "OPENAI_STT_API_KEY"
  | "OPENAI_STT_MODEL"
  | "OPENAI_TTS_BASE_URL"
  | "OPENAI_TTS_API_KEY"
  | "OPENAI_TTS_MODEL"
>;

const PREFIX: Record<Capability, string> = {
  chat: "OPENAI_CHAT",
  stt: "OPENAI_STT",
  tts: "OPENAI_TTS",
};

/** Each capability's endpoint: its own `OPENAI_<CAP>_*` settings, else the shared ones. */
export function aiEndpoints(c: AiEnv): AiEndpoints {
  return {
    chat: {
      baseURL: c.OPENAI_CHAT_BASE_URL ?? c.OPENAI_BASE_URL,
      apiKey: c.OPENAI_CHAT_API_KEY ?? c.OPENAI_API_KEY,
      model: c.OPENAI_CHAT_MODEL,
    },
    stt: {
      baseURL: c.OPENAI_STT_BASE_URL ?? c.OPENAI_BASE_URL,
      apiKey: c.OPENAI_STT_API_KEY ?? c.OPENAI_API_KEY,
      model: c.OPENAI_STT_MODEL,
    },
    tts: {
      baseURL: c.OPENAI_TTS_BASE_URL ?? c.OPENAI_BASE_URL,
      apiKey: c.OPENAI_TTS_API_KEY ?? c.OPENAI_API_KEY,
      model: c.OPENAI_TTS_MODEL,
    },
  };
}

/** Whether any key is configured: then the OpenAI provider serves, else the offline one. */
export function usesOpenAi(c: AiEnv): boolean {
  return !!(c.OPENAI_API_KEY || c.OPENAI_CHAT_API_KEY || c.OPENAI_STT_API_KEY ||
    c.OPENAI_TTS_API_KEY);
}

/**
 * What is wrong with the AI settings, one line per problem naming the variables: a server
 * without a key, a model OpenAI has shut down still pointed at OpenAI, or a model of the wrong
 * family for its capability.
 */
export function aiConfigProblems(c: AiEnv): string[] {
  const endpoints = aiEndpoints(c);
  const problems: string[] = [];
  const openAi = usesOpenAi(c);
  for (const cap of ["chat", "stt", "tts"] as const) {
    const { baseURL, apiKey, model } = endpoints[cap];
    const p = PREFIX[cap];
    if (!apiKey && (openAi || baseURL)) {
      problems.push(
        `${p}_API_KEY: no key for ${cap}${
          baseURL ? ` at ${baseURL}` : ""
        }; set ${p}_API_KEY or OPENAI_API_KEY (any non-empty value for a server without auth)`,
      );
    }
    if (!openAi) continue;
    const retired = retiredModel(model);
    if (retired && isOpenAiBaseUrl(baseURL)) {
      problems.push(
        `${p}_MODEL: ${model} is shut down by OpenAI on ${retired.shutdown}; use ` +
          `${retired.replacement}, or set ${p}_BASE_URL to a compatible server that serves it`,
      );
    }
    if (cap === "stt" && (isRealtimeModel(model) || isSpeechModel(model))) {
      problems.push(`${p}_MODEL: ${model} is not a speech-to-text model (e.g. gpt-transcribe)`);
    }
    if (cap === "tts" && isTranscribeModel(model)) {
      problems.push(
        `${p}_MODEL: ${model} is a speech-to-text model; TTS needs a Realtime model ` +
          `(gpt-realtime-2.1-mini) or an /audio/speech model`,
      );
    }
    if (cap === "chat" && (isRealtimeModel(model) || isTranscribeModel(model))) {
      problems.push(`${p}_MODEL: ${model} is not a chat model (e.g. gpt-4o)`);
    }
  }
  return problems;
}
