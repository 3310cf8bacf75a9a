import assert from "node:assert/strict";
import { ConfigError, loadConfig, parseEnv } from "./config.ts";

Deno.test("config: defaults for a local run", () => {
  const c = parseEnv({});
  assert.equal(c.PORT, 8000);
  assert.equal(c.DATA_DIR, ".data");
  assert.equal(c.DATABASE_URL, undefined);
  assert.equal(c.OPENAI_CHAT_MODEL, "gpt-4o");
  assert.equal(c.OPENAI_TTS_MODEL, "tts-1-hd");
  assert.equal(c.OPENAI_STT_MODEL, "whisper-1");
  assert.equal(c.OPENAI_STT_LANGUAGE, "ko");
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
