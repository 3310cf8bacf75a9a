import assert from "node:assert/strict";
import { AppError } from "../../errors.ts";
import { type FakeOpenAI, startFakeOpenAI } from "../../../tests/fake_openai.ts";
import { SAMPLE_RATE, speechSeconds } from "../../../tests/fake_realtime.ts";
import {
  createRealtimeTts,
  type DivergenceOutcome,
  PCM_CONTENT_TYPE,
  type RealtimeTts,
  type RealtimeTtsOptions,
  TRANSCRIPT_MATCH,
  transcriptSimilarity,
} from "./realtime_tts.ts";
import { realtimeUrl } from "./realtime_socket.ts";
import type { UsageEvent } from "../types.ts";

const QUESTION =
  "결제 시스템에서 PostgreSQL 쿼리를 최적화했던 경험을 구체적으로 말씀해 주시겠어요?";

async function withTts(
  fn: (fake: FakeOpenAI, tts: RealtimeTts, outcomes: DivergenceOutcome[]) => Promise<void>,
  overrides: Partial<RealtimeTtsOptions> = {},
) {
  const fake = await startFakeOpenAI({ apiKey: "test-key" });
  const outcomes: DivergenceOutcome[] = [];
  const tts = createRealtimeTts({
    baseURL: fake.url,
    apiKey: "test-key",
    model: "gpt-realtime-2.1-mini",
    voice: "marin",
    timeoutMs: 5_000,
    onDivergence: (o) => outcomes.push(o),
    ...overrides,
  });
  try {
    await fn(fake, tts, outcomes);
  } finally {
    tts.close();
    await fake.close();
  }
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const c of body) chunks.push(c);
  return chunks;
}

const total = (chunks: Uint8Array[]) => chunks.reduce((n, c) => n + c.byteLength, 0);
const audioBytes = (text: string) => Math.round(speechSeconds(text) * SAMPLE_RATE) * 2;

async function until(cond: () => boolean) {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

async function rejectsWith(p: Promise<unknown>, code: string, kind?: string) {
  await assert.rejects(p, (e) => {
    assert.ok(e instanceof AppError, String(e));
    assert.equal(e.code, code);
    if (kind) assert.equal(e.kind, kind);
    return true;
  });
}

Deno.test("realtimeUrl follows the base URL's scheme and keeps its path", () => {
  assert.equal(
    realtimeUrl("http://127.0.0.1:8080/v1", "gpt-realtime-2.1-mini"),
    "ws://127.0.0.1:8080/v1/realtime?model=gpt-realtime-2.1-mini",
  );
  assert.equal(
    realtimeUrl("https://api.openai.com/v1/", "gpt-realtime"),
    "wss://api.openai.com/v1/realtime?model=gpt-realtime",
  );
  assert.throws(() => realtimeUrl("ftp://x/v1", "gpt-realtime"), TypeError);
});

Deno.test("transcriptSimilarity: faithful readings pass, answers and halves do not", () => {
  const faithful = [
    QUESTION,
    "결제 시스템에서 PostgreSQL 쿼리를 최적화했던 경험을, 구체적으로 말씀해주시겠어요.",
    "결제 시스템에서 포스트그레SQL 쿼리를 최적화했던 경험을 구체적으로 말씀해 주시겠어요?",
  ];
  for (const t of faithful) assert.ok(transcriptSimilarity(t, QUESTION) >= TRANSCRIPT_MATCH, t);
  assert.ok(
    transcriptSimilarity("3년 동안 API를 만들었나요?", "삼 년 동안 API를 만들었나요?") >=
      TRANSCRIPT_MATCH,
  );
  const diverged = [
    "네, 저는 결제 시스템에서 인덱스를 추가해 응답 시간을 절반으로 줄였습니다.",
    "결제 시스템에서 PostgreSQL 쿼리를",
    "",
  ];
  for (const t of diverged) assert.ok(transcriptSimilarity(t, QUESTION) < TRANSCRIPT_MATCH, t);
});

Deno.test("speak streams the fake's PCM in order, the first delta before the response is done", async () => {
  await withTts(async (fake, tts, outcomes) => {
    fake.realtime.setLatency({ firstDeltaMs: 20, totalMs: 600 });
    const usage: UsageEvent[] = [];
    const speech = await tts.speak(QUESTION, { onUsage: (u) => usage.push(u) });
    assert.equal(speech.contentType, PCM_CONTENT_TYPE);
    const reader = speech.body.getReader();
    const first = await reader.read();
    assert.ok(!first.done && first.value.byteLength > 0);
    // The fake is still sending this response's audio: the chunk was not held back to the end.
    assert.equal(fake.realtime.streaming, 1);
    assert.equal(usage.length, 0);
    const chunks = [first.value];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    assert.equal(total(chunks), audioBytes(QUESTION));
    // Deltas are 100 ms each, in order: the stream is exactly the fake's looped fixture.
    const fixture = await Deno.readFile(
      new URL("../../../tests/fixtures/tts_question_24k.pcm", import.meta.url),
    );
    assert.deepEqual(chunks[0], fixture.subarray(0, chunks[0].byteLength));
    assert.ok(chunks.length > 10);
    assert.equal(await speech.retake, null);
    assert.deepEqual(outcomes, []);
    assert.equal(usage.length, 1);
    const u = usage[0];
    assert.equal(u.capability, "tts");
    if (u.capability !== "tts") return;
    assert.equal(u.model, "gpt-realtime-2.1-mini");
    assert.equal(u.characters, QUESTION.length);
    assert.ok(u.input_tokens > 0 && u.output_audio_tokens > 0 && u.output_text_tokens > 0);
    const [req] = fake.realtime.requests;
    assert.equal(req.model, "gpt-realtime-2.1-mini");
    assert.equal(req.voice, "marin");
    assert.equal(req.conversation, "none");
    assert.equal(req.text, QUESTION);
    assert.match(req.instructions ?? "", /exactly as written/);
    assert.match(req.sessionInstructions, /exactly as written/);
  });
});

Deno.test("prepare opens the socket ahead; the next speaks reuse it without a handshake", async () => {
  await withTts(async (fake, tts) => {
    tts.prepare();
    tts.prepare(); // one idle socket is enough
    await until(() => fake.realtime.handshakes === 1);
    await readAll((await tts.speak(QUESTION)).body);
    await readAll((await tts.speak("두 번째 질문입니다. 팀에서 맡은 역할은 무엇이었나요?")).body);
    assert.equal(fake.realtime.handshakes, 1);
    assert.equal(fake.realtime.requests.length, 2);
  });
});

Deno.test("speak during a prewarm handshake waits for it instead of dialling twice", async () => {
  await withTts(async (fake, tts) => {
    fake.realtime.setLatency({ handshakeMs: 150 });
    tts.prepare();
    await readAll((await tts.speak(QUESTION)).body);
    assert.equal(fake.realtime.handshakes, 1);
  });
});

Deno.test("speak without a warm socket dials; an idle socket is closed after keepAliveMs", async () => {
  await withTts(async (fake, tts) => {
    await readAll((await tts.speak(QUESTION)).body);
    assert.equal(fake.realtime.handshakes, 1);
    await until(() => fake.realtime.open === 0);
    await readAll((await tts.speak(QUESTION)).body);
    assert.equal(fake.realtime.handshakes, 2);
  }, { keepAliveMs: 30 });
});

Deno.test("concurrent speaks each get their own socket and their own audio", async () => {
  await withTts(async (fake, tts) => {
    const texts = [QUESTION, "짧은 질문입니다?", "마지막으로 하고 싶은 말씀이 있으신가요?"];
    const sizes = await Promise.all(
      texts.map(async (t) => total(await readAll((await tts.speak(t)).body))),
    );
    assert.deepEqual(sizes, texts.map(audioBytes));
    assert.equal(fake.realtime.handshakes, 3);
  });
});

Deno.test("cancelling the body mid-stream closes the socket; the next speak dials anew", async () => {
  await withTts(async (fake, tts) => {
    fake.realtime.setLatency({ totalMs: 2_000 });
    const speech = await tts.speak(QUESTION);
    const reader = speech.body.getReader();
    await reader.read();
    await reader.cancel();
    await until(() => fake.realtime.open === 0);
    fake.realtime.setLatency({ totalMs: 0 });
    assert.equal(total(await readAll((await tts.speak(QUESTION)).body)), audioBytes(QUESTION));
    assert.equal(fake.realtime.handshakes, 2);
  });
});

Deno.test("an error event before audio rejects speak; the next speak succeeds", async () => {
  await withTts(async (fake, tts) => {
    fake.realtime.failNext(1, "error");
    await rejectsWith(tts.speak(QUESTION), "ai_tts_unavailable", "unavailable");
    assert.equal(total(await readAll((await tts.speak(QUESTION)).body)), audioBytes(QUESTION));
  });
});

Deno.test("a socket closed mid-stream errors the body instead of ending it", async () => {
  await withTts(async (fake, tts) => {
    fake.realtime.failNext(1, "close");
    const speech = await tts.speak(QUESTION);
    const chunks: Uint8Array[] = [];
    await rejectsWith(
      (async () => {
        for await (const c of speech.body) chunks.push(c);
      })(),
      "ai_tts_unavailable",
      "unavailable",
    );
    assert.ok(total(chunks) > 0 && total(chunks) < audioBytes(QUESTION));
    assert.equal(await speech.retake, null);
    assert.equal(total(await readAll((await tts.speak(QUESTION)).body)), audioBytes(QUESTION));
  });
});

Deno.test("a refused handshake maps its status: 401 → ai_tts_failed, 404 → model not found", async () => {
  await withTts(async (fake, tts) => {
    fake.realtime.failNext(1, 401);
    await assert.rejects(tts.speak(QUESTION), (e) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, "ai_tts_failed");
      assert.equal(e.kind, "upstream");
      assert.equal(e.details?.upstream_status, 401);
      return true;
    });
    fake.realtime.failNext(1, 404);
    await rejectsWith(tts.speak(QUESTION), "ai_tts_model_not_found", "upstream");
    fake.realtime.failNext(1, 500);
    await rejectsWith(tts.speak(QUESTION), "ai_tts_unavailable", "unavailable");
  });
});

Deno.test("a wrong key is refused at the handshake, prewarmed or not", async () => {
  await withTts(async (fake, tts) => {
    tts.prepare();
    await rejectsWith(tts.speak(QUESTION), "ai_tts_failed", "upstream");
    assert.equal(fake.realtime.handshakes, 0);
  }, { apiKey: "wrong-key" });
});

Deno.test("a model the server does not have → ai_tts_model_not_found", async () => {
  await withTts(async (_fake, tts) => {
    await rejectsWith(tts.speak(QUESTION), "ai_tts_model_not_found", "upstream");
  }, { model: "tts-1-hd" });
});

Deno.test("a rejected session.update (bad voice) fails the response, prewarmed or not", async () => {
  await withTts(async (fake, tts) => {
    await rejectsWith(tts.speak(QUESTION), "ai_tts_failed", "upstream");
    tts.prepare();
    await until(() => fake.realtime.handshakes === 2 && fake.realtime.open === 0);
    await rejectsWith(tts.speak(QUESTION), "ai_tts_failed", "upstream");
  }, { voice: "no-such-voice" });
});

Deno.test("silence after response.created → ai_tts_unavailable after timeoutMs", async () => {
  await withTts(async (fake, tts) => {
    fake.realtime.failNext(1, "timeout");
    await assert.rejects(tts.speak(QUESTION), (e) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, "ai_tts_unavailable");
      assert.equal(e.details?.stage, "response");
      return true;
    });
  }, { timeoutMs: 150 });
});

Deno.test("a slow handshake → ai_tts_unavailable; an unreachable server too", async () => {
  await withTts(async (fake, tts) => {
    fake.realtime.setLatency({ handshakeMs: 400 });
    await assert.rejects(tts.speak(QUESTION), (e) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, "ai_tts_unavailable");
      assert.equal(e.details?.stage, "handshake");
      return true;
    });
  }, { timeoutMs: 100 });
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  const tts = createRealtimeTts({
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey: "k",
    model: "gpt-realtime",
    voice: "marin",
    timeoutMs: 2_000,
  });
  await rejectsWith(tts.speak(QUESTION), "ai_tts_unavailable", "unavailable");
});

Deno.test("a diverged reading is retaken once for storage and counted as retried", async () => {
  await withTts(async (fake, tts, outcomes) => {
    fake.realtime.divergeNext(1);
    const usage: UsageEvent[] = [];
    const speech = await tts.speak(QUESTION, { onUsage: (u) => usage.push(u) });
    const heard = await readAll(speech.body);
    const retake = await speech.retake;
    assert.ok(retake);
    assert.equal(retake.byteLength, audioBytes(QUESTION));
    assert.notEqual(total(heard), retake.byteLength);
    assert.deepEqual(outcomes, ["retried"]);
    assert.deepEqual(fake.realtime.requests.map((r) => r.injected), ["diverge", null]);
    assert.equal(usage.length, 2);
    assert.equal(fake.realtime.handshakes, 1);
  });
});

Deno.test("a reading that diverges twice is kept and counted as kept", async () => {
  await withTts(async (fake, tts, outcomes) => {
    fake.realtime.divergeNext(2);
    const speech = await tts.speak(QUESTION);
    await readAll(speech.body);
    assert.equal(await speech.retake, null);
    assert.deepEqual(outcomes, ["kept"]);
    assert.equal(fake.realtime.requests.length, 2);
    // The socket is still fine for the next question.
    const next = await tts.speak(QUESTION);
    await readAll(next.body);
    assert.equal(await next.retake, null);
    assert.equal(fake.realtime.handshakes, 1);
  });
});
