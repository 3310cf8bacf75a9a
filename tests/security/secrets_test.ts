/**
 * Secrets stay out of logs, and production refuses to start with a weak JWT secret.
 */
import assert from "node:assert/strict";
import { createApp } from "../../routes/app.ts";
import { fakeOpenAiProvider, startFakeOpenAI } from "../fake_openai.ts";
import { createTestApp, jsonReq } from "../helpers.ts";
import { baseEnv, bearer, figures, fixture, form, POSTING_TEXT } from "./support.ts";

Deno.test("no password, token, API key, letter or transcript text in any log line", async () => {
  const marker = crypto.randomUUID().slice(0, 8);
  const apiKey = `sk-test-${crypto.randomUUID()}`;
  const password = `pw-${marker}-horse battery`;
  const transcript = `음성답변${marker} 결제 장애를 30분 안에 복구했습니다.`;
  const typed = `타이핑답변${marker} 쿼리 최적화로 응답 시간을 절반으로 줄였습니다.`;
  const letterText = `자기소개${marker} ` +
    "저는 결제 시스템의 백엔드를 4년 동안 개발하며 PostgreSQL 쿼리를 최적화했습니다.";
  const fake = await startFakeOpenAI({ apiKey, transcript });
  const test = await createTestApp({
    ai: fakeOpenAiProvider(fake, { apiKey }),
    env: { LOG_REQUESTS: "true" },
  });
  const lines: string[] = [];
  const app = createApp({ ...test.deps, log: (e) => lines.push(JSON.stringify(e)) });
  // Anything printed directly counts as a log line too.
  const original = { ...console };
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    console[level] = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  }
  const secrets: string[] = [
    password,
    apiKey,
    transcript,
    typed,
    letterText,
    test.deps.config.jwtSecret,
  ];
  let requests = 0;
  const req = async (path: string, init: RequestInit) => {
    requests++;
    const res = await app.request(path, init);
    return { status: res.status, json: await res.json().catch(() => null) };
  };
  try {
    const email = `secret-${marker}@example.com`;
    assert.equal(
      (await req("/api/auth/register", jsonReq("POST", { email, password }))).status,
      201,
    );
    assert.equal(
      (await req("/api/auth/login", jsonReq("POST", { email, password: `${password}x` }))).status,
      401,
    );
    const login = await req("/api/auth/login", jsonReq("POST", { email, password }));
    const refreshed = await req(
      "/api/auth/refresh",
      jsonReq("POST", { refresh_token: login.json.refresh_token }),
    );
    assert.equal(refreshed.status, 200);
    // Replaying the rotated refresh token revokes the family: another logged path.
    assert.equal(
      (await req("/api/auth/refresh", jsonReq("POST", { refresh_token: login.json.refresh_token })))
        .status,
      401,
    );
    const second = await req("/api/auth/login", jsonReq("POST", { email, password }));
    const token = second.json.access_token as string;
    secrets.push(
      login.json.access_token,
      login.json.refresh_token,
      refreshed.json.access_token,
      refreshed.json.refresh_token,
      token,
      second.json.refresh_token,
    );
    assert.equal((await req("/api/users/me", { headers: bearer(`${token}x`) })).status, 401);
    const posting = await req("/api/job-postings", {
      method: "POST",
      headers: bearer(token),
      body: form({ text: POSTING_TEXT }),
    });
    const letter = await req(
      "/api/cover-letters",
      jsonReq("POST", { job_posting_id: posting.json.id, content: letterText }, token),
    );
    assert.equal(letter.status, 201);
    const started = await req(
      "/api/interviews/start",
      jsonReq("POST", { cover_letter_id: letter.json.id }, token),
    );
    const sid = started.json.session_id;
    const speech = await fixture("audio/speech.webm");
    const audio = (n: number) =>
      form({ turn_number: String(n) }, { audio: { bytes: speech, name: "answer.webm" } });
    const answered = await req(`/api/interviews/${sid}/answer`, {
      method: "POST",
      headers: bearer(token),
      body: audio(1),
    });
    assert.equal(answered.json.answer_stt_text, transcript);
    await req(`/api/interviews/${sid}/answer`, {
      method: "POST",
      headers: bearer(token),
      body: form({ turn_number: "2", answer_text: typed }),
    });
    // Failures take the logging paths: an upstream 500 and an unusable model answer.
    fake.failNext("transcription", 1, 500);
    assert.equal(
      (await req(`/api/interviews/${sid}/answer`, {
        method: "POST",
        headers: bearer(token),
        body: audio(3),
      })).status,
      503,
    );
    fake.queueChatContent(`not json ${transcript}`);
    assert.equal(
      (await req(`/api/interviews/${sid}/turns/3/retry`, {
        method: "POST",
        headers: bearer(token),
      }))
        .status,
      502,
    );
    assert.equal(
      (await req(`/api/interviews/${sid}/turns/3/retry`, {
        method: "POST",
        headers: bearer(token),
      }))
        .status,
      200,
    );
    await req(`/api/interviews/${sid}/result`, { headers: bearer(token) });
    await req("/api/auth/logout", jsonReq("POST", { refresh_token: second.json.refresh_token }));
  } finally {
    Object.assign(console, original);
    await test.close();
    await fake.close();
  }
  assert.ok(lines.length >= requests, `request log captured (${lines.length} lines)`);
  for (const line of lines) {
    for (const s of secrets) {
      assert.ok(!line.includes(s), `a log line contains a secret (${s.slice(0, 12)}…): ${line}`);
      // A JWT's signature alone would be enough to replay it.
      const sig = s.split(".")[2];
      if (sig) assert.ok(!line.includes(sig), `a log line contains a token signature: ${line}`);
    }
  }
  figures("secrets", { log_lines: lines.length, secrets_checked: secrets.length, leaks: 0 });
});

Deno.test("production refuses to start with a missing or weak JWT secret", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "mi-weak-secret-" });
  const main = new URL("../../main.ts", import.meta.url).pathname;
  const cases: [string, string | undefined, RegExp][] = [
    ["missing", undefined, /JWT_SECRET: required in production/],
    ["short", "secret123", /JWT_SECRET: too weak/],
    ["repetitive", "a".repeat(64), /JWT_SECRET: too weak/],
    ["few distinct characters", "abcabcabc".repeat(8), /JWT_SECRET: too weak/],
  ];
  try {
    for (const [what, secret, message] of cases) {
      const env: Record<string, string> = {
        ...baseEnv(),
        APP_ENV: "production",
        DATA_DIR: dataDir,
        PORT: "0",
      };
      if (secret !== undefined) env.JWT_SECRET = secret;
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", main],
        env,
        clearEnv: true,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      assert.notEqual(out.code, 0, `${what}: started anyway`);
      assert.match(text, message, `${what}: ${text}`);
      if (secret) assert.ok(!text.includes(secret), `${what}: the secret itself was printed`);
    }
    figures("weak_secrets", { refused: cases.length });
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
