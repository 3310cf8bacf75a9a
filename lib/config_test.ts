import assert from "node:assert/strict";
import { aiEndpoints, ConfigError, loadConfig, parseEnv, usesOpenAi } from "./config.ts";

Deno.test("config: defaults for a local run", () => {
  const c = parseEnv({});
  assert.equal(c.PORT, 8000);
  assert.equal(c.DATA_DIR, ".data");
  assert.equal(c.DATABASE_URL, undefined);
  assert.equal(c.OPENAI_CHAT_MODEL, "gpt-4o");
  assert.equal(c.OPENAI_TTS_MODEL, "gpt-realtime-2.1-mini");
  assert.equal(c.OPENAI_TTS_VOICE, "marin");
  assert.equal(c.OPENAI_STT_MODEL, "gpt-transcribe");
  assert.deepEqual(c.OPENAI_STT_LANGUAGES, ["ko"]);
  assert.deepEqual(c.CORS_ORIGINS, []);
});

Deno.test("config: one error names every bad variable", () => {
  const env = {
    PORT: "eighty",
    DATABASE_URL: "mysql://x",
    OPENAI_BASE_URL: "not a url",
    S3_FORCE_PATH_STYLE: "maybe",
  };
  assert.throws(() => parseEnv(env), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    for (const name of Object.keys(env)) assert.match(e.message, new RegExp(name));
    return true;
  });
});

Deno.test("config: production refuses a missing or weak JWT secret", () => {
  assert.throws(() => parseEnv({ APP_ENV: "production" }), /JWT_SECRET: required/);
  assert.throws(() => parseEnv({ APP_ENV: "production", JWT_SECRET: "secret" }), /too weak/);
  assert.throws(
    () => parseEnv({ APP_ENV: "production", JWT_SECRET: "a".repeat(64) }),
    /too weak/,
  );
  const ok = parseEnv({
    APP_ENV: "production",
    JWT_SECRET: "Zq8vN2rT5xW1yB4cE7gJ0kM3pS6uA9dF2hL5",
  });
  assert.equal(ok.APP_ENV, "production");
});

Deno.test("config: a local run generates the JWT secret once and keeps it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const a = await loadConfig({ DATA_DIR: dir });
    const b = await loadConfig({ DATA_DIR: dir });
    assert.ok(a.jwtSecret.length >= 48);
    assert.equal(a.jwtSecret, b.jwtSecret);
    const mode = (await Deno.stat(`${dir}/jwt_secret`)).mode! & 0o777;
    assert.equal(mode, 0o600);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** The message of the ConfigError `env` raises. */
function problemsOf(env: Record<string, string>): string {
  try {
    parseEnv(env);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.message;
  }
  assert.fail(`accepted: ${JSON.stringify(env)}`);
}

Deno.test("config: STT languages are a comma list; the singular is a deprecated alias", () => {
  assert.deepEqual(parseEnv({ OPENAI_STT_LANGUAGES: "ko, en" }).OPENAI_STT_LANGUAGES, ["ko", "en"]);
  assert.deepEqual(parseEnv({ OPENAI_STT_LANGUAGE: "ja" }).OPENAI_STT_LANGUAGES, ["ja"]);
  assert.deepEqual(
    parseEnv({ OPENAI_STT_LANGUAGE: "ja", OPENAI_STT_LANGUAGES: "ko" }).OPENAI_STT_LANGUAGES,
    ["ko"],
  );
  assert.match(problemsOf({ OPENAI_STT_LANGUAGES: "korean" }), /OPENAI_STT_LANGUAGES.*ISO-639-1/);
});

Deno.test("config: each capability falls back to the shared server and key", () => {
  const c = parseEnv({
    OPENAI_API_KEY: "sk-shared",
    OPENAI_STT_BASE_URL: "http://whisper.local:8000/v1",
    OPENAI_STT_API_KEY: "local",
    OPENAI_STT_MODEL: "whisper-1",
    OPENAI_TTS_BASE_URL: "https://speech.example.com/v1",
    OPENAI_TTS_MODEL: "tts-1-hd",
  });
  assert.ok(usesOpenAi(c));
  assert.deepEqual(aiEndpoints(c), {
    chat: { baseURL: undefined, apiKey: "sk-shared", model: "gpt-4o" },
    stt: { baseURL: "http://whisper.local:8000/v1", apiKey: "local", model: "whisper-1" },
    tts: { baseURL: "https://speech.example.com/v1", apiKey: "sk-shared", model: "tts-1-hd" },
  });
  assert.equal(usesOpenAi(parseEnv({})), false, "no key anywhere: the offline provider");
});

Deno.test("config: a server without a key anywhere is named", () => {
  assert.match(
    problemsOf({ OPENAI_STT_BASE_URL: "http://whisper.local/v1" }),
    /OPENAI_STT_API_KEY: no key for stt at http:\/\/whisper\.local\/v1/,
  );
  const msg = problemsOf({ OPENAI_CHAT_API_KEY: "sk-chat" });
  assert.match(msg, /OPENAI_STT_API_KEY: no key for stt; set OPENAI_STT_API_KEY or OPENAI_API_KEY/);
  assert.match(msg, /OPENAI_TTS_API_KEY: no key for tts/);
  assert.doesNotMatch(msg, /OPENAI_CHAT_API_KEY/);
});

Deno.test("config: a retired model is refused on OpenAI, with its shutdown date", () => {
  const cases: [string, string, string][] = [
    ["OPENAI_TTS_MODEL", "tts-1", "2027-01-06"],
    ["OPENAI_TTS_MODEL", "tts-1-hd", "2027-01-06"],
    ["OPENAI_TTS_MODEL", "gpt-4o-mini-tts", "2027-01-06"],
    ["OPENAI_STT_MODEL", "whisper-1", "2027-02-26"],
    ["OPENAI_STT_MODEL", "gpt-4o-transcribe", "2027-02-26"],
    ["OPENAI_STT_MODEL", "gpt-4o-mini-transcribe", "2027-02-26"],
  ];
  for (const [name, model, date] of cases) {
    const msg = problemsOf({ OPENAI_API_KEY: "sk", [name]: model });
    assert.match(msg, new RegExp(`${name}: ${model} is shut down by OpenAI on ${date}`));
    // Pointed at OpenAI explicitly: refused too.
    problemsOf({
      OPENAI_API_KEY: "sk",
      OPENAI_BASE_URL: "https://api.openai.com/v1",
      [name]: model,
    });
    // On another compatible server for that capability it is allowed.
    const base = name.replace("_MODEL", "_BASE_URL");
    assert.equal(
      parseEnv({ OPENAI_API_KEY: "sk", [name]: model, [base]: "http://127.0.0.1:9000/v1" })[
        name as "OPENAI_TTS_MODEL"
      ],
      model,
    );
  }
});

Deno.test("config: a model of the wrong family for its capability is refused", () => {
  assert.match(
    problemsOf({ OPENAI_API_KEY: "sk", OPENAI_STT_MODEL: "gpt-realtime-2.1-mini" }),
    /OPENAI_STT_MODEL: gpt-realtime-2\.1-mini is not a speech-to-text model/,
  );
  assert.match(
    problemsOf({ OPENAI_API_KEY: "sk", OPENAI_TTS_MODEL: "gpt-transcribe" }),
    /OPENAI_TTS_MODEL: gpt-transcribe is a speech-to-text model/,
  );
  assert.match(
    problemsOf({ OPENAI_API_KEY: "sk", OPENAI_CHAT_MODEL: "gpt-realtime" }),
    /OPENAI_CHAT_MODEL: gpt-realtime is not a chat model/,
  );
  // The defaults with one key are valid.
  const c = parseEnv({ OPENAI_API_KEY: "sk" });
  assert.deepEqual(
    [c.OPENAI_CHAT_MODEL, c.OPENAI_STT_MODEL, c.OPENAI_TTS_MODEL],
    ["gpt-4o", "gpt-transcribe", "gpt-realtime-2.1-mini"],
  );
});
