import { z } from "zod";

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const list = z.string().transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean));
const optionalUrl = z.url().optional();

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
  OPENAI_CHAT_MODEL: z.string().min(1).default("gpt-4o"),
  OPENAI_TTS_MODEL: z.string().min(1).default("tts-1-hd"),
  OPENAI_TTS_VOICE: z.string().min(1).default("alloy"),
  OPENAI_STT_MODEL: z.string().min(1).default("whisper-1"),
  OPENAI_STT_LANGUAGE: z.string().min(2).default("ko"),
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

/** Validated configuration, parsed once from the environment. */
export type Config = z.infer<typeof EnvSchema> & { jwtSecret: string };

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
  const c = result.data;
  const s3Problems: string[] = [];
  if (c.S3_BUCKET && !!c.S3_ACCESS_KEY_ID !== !!c.S3_SECRET_ACCESS_KEY) {
    s3Problems.push("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together");
  }
  if (c.APP_ENV === "production") {
    if (!c.JWT_SECRET) s3Problems.push("JWT_SECRET: required in production");
    else if (!isStrongSecret(c.JWT_SECRET)) {
      s3Problems.push(
        `JWT_SECRET: too weak (need ${MIN_SECRET_LENGTH}+ characters, not one repeated character)`,
      );
    }
  }
  if (s3Problems.length) {
    throw new ConfigError(`Invalid environment:\n  ${s3Problems.join("\n  ")}`);
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
