import assert from "node:assert/strict";
import fc from "fast-check";
import { z } from "zod";
import {
  CoverLetterFeedbackSchema,
  interviewFeedbackSchema,
  PostingAnalysisSchema,
  QuestionSchema,
  structuredFormat,
} from "../lib/ai/schemas.ts";
import {
  DEFAULT_TRANSCRIPT,
  type FakeOpenAI,
  salientTerms,
  startFakeOpenAI,
  strictSchemaProblems,
  toneWav,
  wavDurationSec,
} from "./fake_openai.ts";

async function withFake(fn: (fake: FakeOpenAI) => Promise<void>, opts = {}) {
  const fake = await startFakeOpenAI(opts);
  try {
    await fn(fake);
  } finally {
    await fake.close();
  }
}

function post(fake: FakeOpenAI, path: string, body: unknown, init: RequestInit = {}) {
  return fetch(`${fake.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-test" },
    body: JSON.stringify(body),
    ...init,
  });
}

/**
 * Asks the fake for a value of `schema`. Non-strict requests carry the full JSON Schema
 * (including string lengths, which strict mode does not permit), so every keyword is exercised.
 */
async function structured(
  fake: FakeOpenAI,
  schema: z.ZodType,
  user: string,
  strict = false,
): Promise<unknown> {
  const jsonSchema = strict
    ? structuredFormat("test_schema", schema).jsonSchema
    : z.toJSONSchema(schema, { target: "draft-2020-12" });
  const res = await post(fake, "/chat/completions", {
    model: "gpt-test",
    messages: [{ role: "system", content: "sys" }, { role: "user", content: user }],
    response_format: {
      type: "json_schema",
      json_schema: { name: "test_schema", strict, schema: jsonSchema },
    },
  });
  assert.equal(res.status, 200, await res.clone().text());
  const body = await res.json();
  assert.equal(body.object, "chat.completion");
  assert.equal(body.choices[0].finish_reason, "stop");
  return JSON.parse(body.choices[0].message.content);
}

Deno.test("structured output validates against nested and recursive schemas", async () => {
  await withFake(async (fake) => {
    const Category: z.ZodType = z.object({
      name: z.string().min(3).max(10),
      get children() {
        return z.array(Category).max(2);
      },
    });
    const schemas: z.ZodType[] = [
      z.object({
        summary: z.string().min(1).max(30),
        score: z.number().int().min(1).max(5),
        ratio: z.number().gt(0).lt(1),
        ok: z.boolean(),
        level: z.enum(["low", "mid", "high"]),
        note: z.string().nullable(),
        email: z.email(),
        turns: z.array(z.object({
          turn_number: z.number().int().min(1).max(5),
          tags: z.array(z.string().min(2)).min(3).max(3),
          deep: z.object({ a: z.object({ b: z.array(z.number().int().multipleOf(5)).min(1) }) }),
        })).min(5).max(5),
      }),
      z.object({ root: Category }),
      z.object({ kind: z.literal("x"), either: z.union([z.string(), z.number().int()]) }),
    ];
    for (const schema of schemas) {
      const value = await structured(fake, schema, "<<<POSTING\nReact와 TypeScript 개발자\n>>>");
      const parsed = schema.safeParse(value);
      assert.ok(parsed.success, JSON.stringify({ value, issues: parsed.error?.issues }));
    }
  });
});

/** Arbitrary zod schemas built from the shapes OpenAI strict mode supports. */
const arbSchema: fc.Arbitrary<z.ZodType> = fc.letrec<{ node: z.ZodType }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.tuple(fc.nat(20), fc.nat(20)).map(([a, b]) =>
      z.string().min(Math.min(a, b)).max(Math.max(a, b) + 1)
    ),
    fc.tuple(fc.integer({ min: -50, max: 50 }), fc.nat(30)).map(([lo, span]) =>
      z.number().int().min(lo).max(lo + span)
    ),
    fc.tuple(
      fc.double({ min: -10, max: 10, noNaN: true }),
      fc.double({ min: 0.01, max: 5, noNaN: true }),
    )
      .map(([lo, span]) => z.number().gt(lo).lt(lo + span)),
    fc.constant(z.boolean()),
    fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 4 }).map((v) =>
      z.enum(v as [string, ...string[]])
    ),
    fc.tuple(tie("node"), fc.nat(3), fc.nat(3)).map(([inner, min, extra]) =>
      z.array(inner).min(min).max(min + extra)
    ),
    fc.dictionary(fc.stringMatching(/^[a-z_]{1,12}$/), tie("node"), { minKeys: 1, maxKeys: 4 })
      .map((shape) => z.object(shape)),
    tie("node").map((inner) => inner.nullable()),
  ),
})).node;

Deno.test("structured output validates against arbitrary generated schemas", async () => {
  await withFake(async (fake) => {
    await fc.assert(
      fc.asyncProperty(arbSchema, async (inner) => {
        const schema = z.object({ value: inner });
        const value = await structured(fake, schema, "면접 준비 중인 지원자의 자료입니다.");
        const parsed = schema.safeParse(value);
        assert.ok(parsed.success, JSON.stringify({ value, issues: parsed.error?.issues }));
      }),
      { numRuns: 150 },
    );
  });
});

Deno.test("content is derived from the prompt's data blocks", async () => {
  await withFake(async (fake) => {
    const analysis = await structured(
      fake,
      z.object({ keywords: z.array(z.string()), requirements: z.array(z.string()) }),
      "분석해 주세요.\n\n<<<POSTING\n쿠버네티스 운영 경험 3년 이상\nPostgreSQL 튜닝 경험 우대\n>>>",
    ) as { keywords: string[]; requirements: string[] };
    assert.ok(analysis.keywords.includes("쿠버네티스"), analysis.keywords.join());
    assert.ok(analysis.keywords.includes("PostgreSQL"), analysis.keywords.join());
    assert.ok(analysis.requirements.includes("쿠버네티스 운영 경험 3년 이상"));

    const q = await structured(
      fake,
      z.object({ question: z.string() }),
      "<<<QUESTION_1\n자기소개 해 주세요.\n>>>\n\n<<<ANSWER_1\n저는 카프카 기반 메시징 시스템을 만들었습니다.\n>>>",
    ) as { question: string };
    assert.match(q.question, /카프카/);
    assert.match(q.question, /[?？]$/);
  });
});

Deno.test("salient terms strip particles and skip verbs", () => {
  const terms = salientTerms(
    "저는 쿠버네티스 클러스터를 운영했습니다. 쿠버네티스로 배포를 자동화했습니다.",
  );
  assert.equal(terms[0], "쿠버네티스");
  assert.ok(terms.includes("클러스터"));
  assert.ok(!terms.some((t) => t.endsWith("습니다")));
});

Deno.test("strict mode: open objects, missing required keys and lengths are rejected", async () => {
  assert.deepEqual(
    strictSchemaProblems({
      type: "object",
      properties: { a: { type: "string" } },
      required: ["a"],
      additionalProperties: false,
    }),
    [],
  );
  assert.match(
    strictSchemaProblems({
      type: "object",
      properties: { a: { type: "string", minLength: 1 } },
      required: ["a"],
      additionalProperties: false,
    })[0],
    /'minLength' is not permitted/,
  );
  const product = [
    PostingAnalysisSchema,
    CoverLetterFeedbackSchema,
    QuestionSchema,
    interviewFeedbackSchema(5),
  ];
  for (const schema of product) {
    assert.deepEqual(strictSchemaProblems(structuredFormat("s", schema).jsonSchema), []);
  }
  await withFake(async (fake) => {
    const res = await post(fake, "/chat/completions", {
      model: "m",
      messages: [{ role: "user", content: "hi" }],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "loose",
          strict: true,
          schema: { type: "object", properties: { a: { type: "string" } } },
        },
      },
    });
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.match(body.error.message, /additionalProperties/);
  });
});

Deno.test("plain and streamed chat completions; queued content is returned verbatim", async () => {
  await withFake(async (fake) => {
    const plain = await (await post(fake, "/chat/completions", {
      model: "m",
      messages: [{ role: "user", content: "<<<ANSWER_1\n테라폼으로 인프라를 관리했습니다\n>>>" }],
    })).json();
    assert.match(plain.choices[0].message.content, /테라폼/);

    fake.queueChatContent("첫째 둘째 셋째 넷째 다섯째");
    fake.setLatency("chat", { firstByteMs: 5, totalMs: 20 });
    const res = await post(fake, "/chat/completions", {
      model: "m",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "hi" }],
    });
    assert.match(res.headers.get("content-type")!, /text\/event-stream/);
    const events = (await res.text()).split("\n\n").filter(Boolean).map((e) =>
      e.replace(/^data: /, "")
    );
    assert.equal(events.at(-1), "[DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("");
    assert.equal(text, "첫째 둘째 셋째 넷째 다섯째");
    assert.ok(chunks.length > 3);
    assert.equal(chunks.at(-1).usage.total_tokens > 0, true);
  });
});

Deno.test("speech streams real MP3 bytes in several chunks, or WAV on request", async () => {
  await withFake(async (fake) => {
    fake.setLatency("speech", { firstByteMs: 5, totalMs: 30 });
    const res = await post(fake, "/audio/speech", {
      model: "tts",
      voice: "alloy",
      input: "안녕하세요",
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "audio/mpeg");
    const parts: Uint8Array[] = [];
    for await (const chunk of res.body!) parts.push(chunk);
    assert.ok(parts.length >= 2, `chunks: ${parts.length}`);
    const bytes = new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
    const id3 = String.fromCharCode(...bytes.subarray(0, 3)) === "ID3";
    const frameSync = bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0;
    assert.ok(id3 || frameSync, "MP3 header");
    assert.ok(bytes.byteLength > 1000);

    const wav = await post(fake, "/audio/speech", {
      model: "tts",
      voice: "alloy",
      input: "안녕하세요",
      response_format: "wav",
    });
    assert.equal(wav.headers.get("content-type"), "audio/wav");
    assert.equal(wavDurationSec(new Uint8Array(await wav.arrayBuffer())), 1);

    assert.equal(fake.requests.length, 2);
    assert.deepEqual(fake.requests[0].body, { model: "tts", voice: "alloy", input: "안녕하세요" });
    assert.equal(fake.requests[0].authorized, true);
  });
});

Deno.test("speech rejects a missing voice and empty input like the real API", async () => {
  await withFake(async (fake) => {
    assert.equal((await post(fake, "/audio/speech", { model: "tts", input: "x" })).status, 400);
    const res = await post(fake, "/audio/speech", { model: "tts", voice: "a", input: " " });
    assert.equal(res.status, 400);
    await res.body?.cancel();
  });
});

function upload(
  fake: FakeOpenAI,
  bytes: Uint8Array,
  name: string,
  fields: Record<string, string | string[]>,
) {
  const form = new FormData();
  form.set("file", new File([bytes as BlobPart], name, { type: "audio/wav" }));
  for (const [k, v] of Object.entries(fields)) {
    for (const item of Array.isArray(v) ? v : [v]) form.append(k, item);
  }
  return fetch(`${fake.url}/audio/transcriptions`, { method: "POST", body: form });
}

Deno.test("transcriptions: multipart recorded, verbose_json with WAV duration, queue then default", async () => {
  await withFake(async (fake) => {
    const wav = toneWav(2.5);
    fake.queueTranscripts("첫 번째 답변입니다.");
    const first = await (await upload(fake, wav, "answer.wav", {
      model: "whisper-1",
      language: "ko",
      response_format: "verbose_json",
    })).json();
    assert.equal(first.text, "첫 번째 답변입니다.");
    assert.equal(first.duration, 2.5);
    assert.equal(first.language, "korean");
    const second = await (await upload(fake, wav, "answer.wav", { model: "whisper-1" })).json();
    assert.deepEqual(second, { text: DEFAULT_TRANSCRIPT, usage: { type: "duration", seconds: 3 } });

    fake.setTranscript("텍스트 형식", 7);
    const text = await upload(fake, new Uint8Array(500), "a.webm", {
      model: "whisper-1",
      response_format: "text",
    });
    assert.equal(await text.text(), "텍스트 형식");

    const rec = fake.requests[0];
    assert.equal(rec.endpoint, "transcription");
    assert.equal(rec.model, "whisper-1");
    assert.deepEqual(rec.body, {
      model: "whisper-1",
      language: "ko",
      response_format: "verbose_json",
    });
    assert.deepEqual(rec.file, { name: "answer.wav", type: "audio/wav", size: wav.byteLength });
  });
});

Deno.test("transcriptions reject unsupported extensions and tiny files", async () => {
  await withFake(async (fake) => {
    const bad = await upload(fake, toneWav(1), "answer.xyz", { model: "whisper-1" });
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error.message, /Invalid file format/);
    const tiny = await upload(fake, new Uint8Array(10), "a.webm", { model: "whisper-1" });
    assert.equal(tiny.status, 400);
    await tiny.body?.cancel();
  });
});

Deno.test("failures are injected for the next N calls of one endpoint, then it recovers", async () => {
  await withFake(async (fake) => {
    fake.failNext("chat", 1, 500);
    fake.failNext("chat", 1, 429);
    const msg = { model: "m", messages: [{ role: "user", content: "hi" }] };
    const r1 = await post(fake, "/chat/completions", msg);
    assert.equal(r1.status, 500);
    assert.equal(r1.headers.get("retry-after-ms"), "10");
    assert.equal((await r1.json()).error.type, "server_error");
    const r2 = await post(fake, "/chat/completions", msg);
    assert.equal(r2.status, 429);
    assert.equal((await r2.json()).error.code, "rate_limit_exceeded");
    const speech = await post(fake, "/audio/speech", { model: "t", voice: "v", input: "x" });
    assert.equal(speech.status, 200, "other endpoints are unaffected");
    await speech.body?.cancel();
    const r3 = await post(fake, "/chat/completions", msg);
    assert.equal(r3.status, 200);
    await r3.body?.cancel();
    assert.deepEqual(fake.requests.map((r) => r.injected), [500, 429, null, null]);
  });
});

Deno.test("a timeout failure hangs until the client gives up; reset releases it", async () => {
  await withFake(async (fake) => {
    fake.failNext("chat", 1, "timeout");
    const msg = { model: "m", messages: [{ role: "user", content: "hi" }] };
    await assert.rejects(
      post(fake, "/chat/completions", msg, { signal: AbortSignal.timeout(50) }),
      (e: Error) => e.name === "TimeoutError" || e.name === "AbortError",
    );
    const ok = await post(fake, "/chat/completions", msg);
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    fake.failNext("speech", 1, "timeout");
    const hung = post(fake, "/audio/speech", { model: "t", voice: "v", input: "x" });
    while (fake.requests.length < 3) await new Promise((r) => setTimeout(r, 5));
    fake.reset();
    const released = await hung;
    assert.equal(released.status, 503);
    await released.body?.cancel();
    assert.equal(fake.requests.length, 0);
  });
});

Deno.test("an API key, when configured, is enforced", async () => {
  await withFake(async (fake) => {
    const res = await post(fake, "/chat/completions", { model: "m", messages: [] });
    assert.equal(res.status, 401);
    assert.equal((await res.json()).error.code, "invalid_api_key");
    const unknown = await post(fake, "/nope", {});
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();
  }, { apiKey: "sk-right" });
});

/** Posts a gpt-transcribe form with `fields`, arrays sent as `name[]` parts like the SDK does. */
async function transcribeStatus(fake: FakeOpenAI, fields: Record<string, string | string[]>) {
  const res = await upload(fake, toneWav(1), "a.wav", { model: "gpt-transcribe", ...fields });
  const body = await res.json();
  return { status: res.status, body };
}

Deno.test("gpt-transcribe: languages[] and keywords[] accepted; its field rules enforced", async () => {
  await withFake(async (fake) => {
    const ok = await transcribeStatus(fake, {
      "languages[]": ["ko", "en"],
      "keywords[]": ["정산"],
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(fake.requests[0].body.languages, ["ko", "en"]);
    assert.deepEqual(fake.requests[0].body.keywords, ["정산"]);
    assert.deepEqual(ok.body.usage, { type: "duration", seconds: 1 });

    const both = await transcribeStatus(fake, { language: "ko", "languages[]": ["ko"] });
    assert.equal(both.status, 400);
    assert.match(both.body.error.message, /either 'language' or 'languages'/);
    for (const bad of ["<b>", "a>b", "line\rbreak", "line\nbreak"]) {
      const r = await transcribeStatus(fake, { "keywords[]": ["FastAPI", bad] });
      assert.equal(r.status, 400, JSON.stringify(bad));
      assert.match(r.body.error.message, /Invalid keyword/);
    }
    for (const format of ["verbose_json", "srt", "vtt"]) {
      const r = await transcribeStatus(fake, { response_format: format });
      assert.equal(r.status, 400, format);
    }
    assert.equal((await transcribeStatus(fake, { response_format: "json" })).status, 200);
    // The legacy models know neither array.
    const legacy = await upload(fake, toneWav(1), "a.wav", {
      model: "whisper-1",
      "keywords[]": ["정산"],
    });
    assert.equal(legacy.status, 400);
    await legacy.body?.cancel();
  });
});

Deno.test("gpt-transcribe: keywords correct near-miss spellings present, never insert absent ones", async () => {
  await withFake(async (fake) => {
    fake.setTranscript(
      "패스트 API로 API 서버를 만들고 포스트그레스큐엘을 튜닝했으며 정 산 배치를 맡았습니다.",
    );
    const keywords = ["FastAPI", "PostgreSQL", "정산", "Kafka", "쿠버네티스"];
    const withHints = await transcribeStatus(fake, { "keywords[]": keywords });
    assert.equal(
      withHints.body.text,
      "FastAPI로 API 서버를 만들고 PostgreSQL을 튜닝했으며 정산 배치를 맡았습니다.",
    );
    for (const absent of ["Kafka", "쿠버네티스"]) assert.ok(!withHints.body.text.includes(absent));
    const without = await transcribeStatus(fake, {});
    assert.equal(
      without.body.text,
      "패스트 API로 API 서버를 만들고 포스트그레스큐엘을 튜닝했으며 정 산 배치를 맡았습니다.",
    );
  });
});

Deno.test("retired mode: the six shut-down models answer 404 model_not_found; current ones work", async () => {
  await withFake(async (fake) => {
    for (const model of ["tts-1", "tts-1-hd", "gpt-4o-mini-tts"]) {
      const res = await post(fake, "/audio/speech", { model, voice: "alloy", input: "질문" });
      assert.equal(res.status, 404, model);
      assert.equal((await res.json()).error.code, "model_not_found");
    }
    for (const model of ["whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe"]) {
      const res = await upload(fake, toneWav(1), "a.wav", { model });
      assert.equal(res.status, 404, model);
      assert.equal((await res.json()).error.code, "model_not_found");
    }
    assert.equal((await transcribeStatus(fake, {})).status, 200);
    const chat = await post(fake, "/chat/completions", {
      model: "gpt-4o",
      messages: [{ role: "user", content: "안녕하세요" }],
    });
    assert.equal(chat.status, 200);
    await chat.body?.cancel();
  }, { retired: true });
  // Not retired: the old names still answer, as until the shutdown dates.
  await withFake(async (fake) => {
    const res = await upload(fake, toneWav(1), "a.wav", { model: "whisper-1" });
    assert.equal(res.status, 200);
    await res.body?.cancel();
  });
});

Deno.test("transcription cost: a base plus a share per second of audio", async () => {
  await withFake(async (fake) => {
    fake.setTranscriptionCost({ baseMs: 100, perAudioSecondMs: 100 });
    const timed = async (seconds: number) => {
      const started = performance.now();
      const res = await upload(fake, toneWav(seconds), "a.wav", { model: "gpt-transcribe" });
      await res.body?.cancel();
      return performance.now() - started;
    };
    // 100 + 100 × 3 = 400 ms at least; the delay is a floor, so only lower bounds are asserted.
    assert.ok((await timed(3)) >= 395);
    assert.ok((await timed(1)) >= 195);
  });
});
