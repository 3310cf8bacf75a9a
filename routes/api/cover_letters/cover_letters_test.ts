import assert from "node:assert/strict";
import { createOfflineProvider } from "../../../lib/ai/offline/mod.ts";
import type { AiProvider } from "../../../lib/ai/types.ts";
import { AppError } from "../../../lib/errors.ts";
import { COVER_LETTER_MAX } from "../../../lib/schemas.ts";
import { fakeOpenAiProvider, startFakeOpenAI } from "../../../tests/fake_openai.ts";
import { createTestApp, jsonReq, signUp, type TestApp } from "../../../tests/helpers.ts";

const POSTING_TEXT = `백엔드 개발자 채용 (Python)

자격 요건
- 백엔드 개발 경력 3년 이상
- Python, FastAPI, PostgreSQL 실무 경험`;

const LETTER = "저는 3년 동안 Python과 FastAPI로 결제 API를 개발했습니다. " +
  "PostgreSQL 쿼리를 튜닝해 응답 시간을 40% 줄였고, 장애 대응 절차를 문서화했습니다.";
const LETTER_V2 = LETTER + " 입사 후에는 대용량 트래픽 환경에서 안정적인 서비스를 만들겠습니다.";

const PROFILE = {
  age: 29,
  career_summary: "핀테크 스타트업 백엔드 개발 3년",
  certifications: "정보처리기사",
};

type FeedbackInput = Parameters<AiProvider["coverLetterFeedback"]>[0];

/** The offline provider, recording what cover-letter feedback was asked for. */
function spyAi(): AiProvider & { calls: FeedbackInput[] } {
  const offline = createOfflineProvider();
  const calls: FeedbackInput[] = [];
  return {
    ...offline,
    calls,
    coverLetterFeedback: (input) => {
      calls.push(input);
      return offline.coverLetterFeedback(input);
    },
  };
}

async function body(res: Response) {
  assert.match(res.headers.get("content-type") ?? "", /application\/json/);
  return await res.json();
}

async function expectError(res: Response, status: number, code?: string) {
  const b = await body(res);
  assert.equal(res.status, status, JSON.stringify(b));
  if (code) assert.equal(b.error.code, code);
}

async function countLetters(t: TestApp): Promise<number> {
  const [{ n }] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from cover_letters`;
  return n;
}

async function createPostingFor(t: TestApp, token: string): Promise<string> {
  const form = new FormData();
  form.append("text", POSTING_TEXT);
  const res = await t.app.request("/api/job-postings", {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).id;
}

const isoUtc = (s: string) => assert.equal(new Date(s).toISOString(), s);
const LETTER_KEYS = [
  "ai_feedback",
  "ai_feedback_structured",
  "ai_provider",
  "content",
  "created_at",
  "id",
  "job_posting_id",
];

Deno.test("cover letters: create, list, read, update with fresh feedback, delete", async () => {
  const ai = spyAi();
  const t = await createTestApp({ ai });
  const { app } = t;
  try {
    const a = await signUp(app, PROFILE);
    const b = await signUp(app);
    const postingId = await createPostingFor(t, a.access);

    const res = await app.request(
      "/api/cover-letters",
      jsonReq("POST", { job_posting_id: postingId, content: LETTER }, a.access),
    );
    const created = await body(res);
    assert.equal(res.status, 201, JSON.stringify(created));
    assert.deepEqual(Object.keys(created).sort(), LETTER_KEYS);
    assert.equal(created.job_posting_id, postingId);
    assert.equal(created.content, LETTER);
    assert.equal(created.ai_provider, "offline");
    assert.ok(typeof created.ai_feedback === "string" && created.ai_feedback.length > 20);
    isoUtc(created.created_at);

    // The feedback weighed the profile and the posting analysis.
    assert.equal(ai.calls.length, 1);
    const call = ai.calls[0];
    assert.equal(call.content, LETTER);
    assert.equal(call.profile.age, 29);
    assert.equal(call.profile.career_summary, PROFILE.career_summary);
    assert.equal(call.profile.certifications, PROFILE.certifications);
    assert.equal(call.posting?.title, "백엔드 개발자 채용 (Python)");
    assert.ok(call.posting?.analysis.keywords.length);

    const list = await body(
      await app.request("/api/cover-letters", jsonReq("GET", undefined, a.access)),
    );
    assert.equal(list.total, 1);
    assert.deepEqual(list.items, [created]);
    const empty = await body(
      await app.request("/api/cover-letters?offset=1", jsonReq("GET", undefined, a.access)),
    );
    assert.deepEqual(empty, { items: [], total: 1 });

    const path = `/api/cover-letters/${created.id}`;
    const detail = await body(await app.request(path, jsonReq("GET", undefined, a.access)));
    assert.deepEqual(
      Object.keys(detail).sort(),
      [...LETTER_KEYS, "job_posting", "updated_at"].sort(),
    );
    assert.deepEqual(Object.keys(detail.job_posting).sort(), ["ai_analysis", "id", "title"]);
    assert.equal(detail.job_posting.id, postingId);
    assert.deepEqual(Object.keys(detail.job_posting.ai_analysis).sort(), [
      "keywords",
      "preferred",
      "requirements",
    ]);
    isoUtc(detail.updated_at);

    const patched = await app.request(path, jsonReq("PATCH", { content: LETTER_V2 }, a.access));
    const updated = await body(patched);
    assert.equal(patched.status, 200, JSON.stringify(updated));
    assert.equal(updated.content, LETTER_V2);
    assert.equal(updated.created_at, created.created_at);
    assert.ok(updated.updated_at >= detail.updated_at);
    assert.equal(ai.calls.length, 2);
    assert.equal(ai.calls[1].content, LETTER_V2);
    assert.equal(ai.calls[1].posting?.title, "백엔드 개발자 채용 (Python)");
    const review = await createOfflineProvider().coverLetterFeedback(ai.calls[1]);
    assert.equal(updated.ai_feedback, review.text);
    assert.deepEqual(
      { ...updated.ai_feedback_structured, keyword_check: undefined },
      { ...review.structured, keyword_check: undefined },
    );
    assert.deepEqual(
      await body(await app.request(path, jsonReq("GET", undefined, a.access))),
      updated,
    );

    // Someone else's letter and posting do not exist for them.
    await expectError(
      await app.request(path, jsonReq("GET", undefined, b.access)),
      404,
      "cover_letter_not_found",
    );
    await expectError(
      await app.request(path, jsonReq("PATCH", { content: LETTER }, b.access)),
      404,
      "cover_letter_not_found",
    );
    await expectError(await app.request(path, jsonReq("DELETE", undefined, b.access)), 404);
    await expectError(
      await app.request(
        "/api/cover-letters",
        jsonReq("POST", { job_posting_id: postingId, content: LETTER }, b.access),
      ),
      404,
      "job_posting_not_found",
    );
    assert.deepEqual(
      await body(await app.request("/api/cover-letters", jsonReq("GET", undefined, b.access))),
      { items: [], total: 0 },
    );
    assert.equal(ai.calls.length, 2, "no feedback is asked for on behalf of a non-owner");
    assert.equal(
      (await body(await app.request(path, jsonReq("GET", undefined, a.access)))).content,
      LETTER_V2,
    );

    // Deleting the posting keeps the letter, unlinked.
    const delPosting = await app.request(
      `/api/job-postings/${postingId}`,
      jsonReq("DELETE", undefined, a.access),
    );
    assert.equal(delPosting.status, 204);
    const orphan = await body(await app.request(path, jsonReq("GET", undefined, a.access)));
    assert.equal(orphan.job_posting_id, null);
    assert.equal(orphan.job_posting, null);
    const repatched = await app.request(path, jsonReq("PATCH", { content: LETTER }, a.access));
    assert.equal(repatched.status, 200);
    assert.equal(ai.calls.at(-1)?.posting, null);

    // Deleting the letter deletes the interviews practised on it, recordings included.
    const [session] = await t.db.sql<{ id: string }[]>`
      insert into interview_sessions (user_id, cover_letter_id)
      values (${a.id}, ${created.id}) returning id`;
    const audioKeys = [`users/${a.id}/q1.mp3`, `users/${a.id}/a1.webm`];
    await t.db.sql`
      insert into interview_turns
        (session_id, turn_number, question_text, question_audio_key, answer_audio_key)
      values (${session.id}, 1, '자기소개를 해 주세요.', ${audioKeys[0]}, ${audioKeys[1]})`;
    for (const k of audioKeys) await t.deps.storage.put(k, new Uint8Array([1, 2, 3]), "audio/webm");

    assert.equal((await app.request(path, jsonReq("DELETE", undefined, a.access))).status, 204);
    for (const k of audioKeys) {
      await assert.rejects(
        t.deps.storage.get(k),
        (e) => e instanceof AppError && e.kind === "not_found",
      );
    }
    const [{ n }] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from interview_sessions where id = ${session.id}`;
    assert.equal(n, 0);
    await expectError(await app.request(path, jsonReq("GET", undefined, a.access)), 404);
    await expectError(await app.request(path, jsonReq("DELETE", undefined, a.access)), 404);
    assert.equal(await countLetters(t), 0);

    // Every AI-costly call counted against the user's hourly limit (1 posting, 3 letter calls).
    const [{ hits }] = await t.db.sql<{ hits: number }[]>`
      select coalesce(sum(count), 0)::int as hits from rate_limits where key = ${`ai-user:${a.id}`}`;
    assert.equal(hits, 4);
  } finally {
    await t.close();
  }
});

Deno.test("cover letters: validation is 422, auth is 401, nothing is written", async () => {
  const t = await createTestApp();
  const { app } = t;
  try {
    const a = await signUp(app);
    const postingId = await createPostingFor(t, a.access);
    const post = (b: unknown) => app.request("/api/cover-letters", jsonReq("POST", b, a.access));
    await expectError(await post({ job_posting_id: postingId }), 422, "invalid_input");
    await expectError(
      await post({ job_posting_id: postingId, content: "짧아요" }),
      422,
      "invalid_input",
    );
    await expectError(
      await post({ job_posting_id: postingId, content: "가".repeat(COVER_LETTER_MAX + 1) }),
      422,
      "invalid_input",
    );
    await expectError(
      await post({ job_posting_id: "nope", content: LETTER }),
      422,
      "invalid_input",
    );
    await expectError(await post({ content: LETTER }), 422, "invalid_input");
    await expectError(
      await post({ job_posting_id: crypto.randomUUID(), content: LETTER }),
      404,
      "job_posting_not_found",
    );
    await expectError(
      await app.request("/api/cover-letters", {
        method: "POST",
        headers: { authorization: `Bearer ${a.access}`, "content-type": "application/json" },
        body: "{not json",
      }),
      400,
    );
    await expectError(
      await app.request(
        "/api/cover-letters",
        jsonReq("POST", { job_posting_id: postingId, content: LETTER }),
      ),
      401,
    );
    await expectError(
      await app.request("/api/cover-letters/not-a-uuid", jsonReq("GET", undefined, a.access)),
      422,
      "invalid_input",
    );
    await expectError(
      await app.request(
        `/api/cover-letters/${crypto.randomUUID()}`,
        jsonReq("PATCH", { content: LETTER }, a.access),
      ),
      404,
    );
    assert.equal(await countLetters(t), 0);

    // The maximum length is accepted.
    const max = await post({ job_posting_id: postingId, content: "가".repeat(COVER_LETTER_MAX) });
    assert.equal(max.status, 201);
    const id = (await max.json()).id;
    await expectError(
      await app.request(`/api/cover-letters/${id}`, jsonReq("PATCH", { content: "" }, a.access)),
      422,
      "invalid_input",
    );
  } finally {
    await t.close();
  }
});

Deno.test("cover letters: a provider failure writes nothing and changes nothing", async () => {
  let fail = false;
  const offline = createOfflineProvider();
  const ai: AiProvider = {
    ...offline,
    coverLetterFeedback: (input) =>
      fail
        ? Promise.reject(new AppError("unavailable", "ai_unavailable", "The AI service is down"))
        : offline.coverLetterFeedback(input),
  };
  const t = await createTestApp({ ai });
  const { app } = t;
  try {
    const a = await signUp(app);
    const postingId = await createPostingFor(t, a.access);
    const ok = await app.request(
      "/api/cover-letters",
      jsonReq("POST", { job_posting_id: postingId, content: LETTER }, a.access),
    );
    const letter = await ok.json();
    fail = true;
    await expectError(
      await app.request(
        "/api/cover-letters",
        jsonReq("POST", { job_posting_id: postingId, content: LETTER_V2 }, a.access),
      ),
      503,
      "ai_unavailable",
    );
    assert.equal(await countLetters(t), 1);
    const path = `/api/cover-letters/${letter.id}`;
    await expectError(
      await app.request(path, jsonReq("PATCH", { content: LETTER_V2 }, a.access)),
      503,
    );
    const after = await (await app.request(path, jsonReq("GET", undefined, a.access))).json();
    assert.equal(after.content, LETTER);
    assert.equal(after.ai_feedback, letter.ai_feedback);
  } finally {
    await t.close();
  }
});

Deno.test("cover letters: OpenAI provider against the fake server", async () => {
  const fake = await startFakeOpenAI({ apiKey: "sk-test" });
  const ai = fakeOpenAiProvider(fake, {
    apiKey: "sk-test",
    chatModel: "gpt-4o-test",
    ttsModel: "tts-test",
    sttModel: "whisper-test",
    timeoutMs: 5_000,
    maxRetries: 2,
  });
  const t = await createTestApp({ ai });
  try {
    const a = await signUp(t.app, PROFILE);
    const postingId = await createPostingFor(t, a.access);
    fake.reset();
    const res = await t.app.request(
      "/api/cover-letters",
      jsonReq("POST", { job_posting_id: postingId, content: LETTER }, a.access),
    );
    const created = await body(res);
    assert.equal(res.status, 201, JSON.stringify(created));
    assert.equal(created.ai_provider, "openai");
    assert.ok(typeof created.ai_feedback === "string" && created.ai_feedback.trim().length > 0);

    const [chat] = fake.requests.filter((r) => r.endpoint === "chat");
    assert.equal(chat.model, "gpt-4o-test");
    const format = chat.body.response_format as { type: string; json_schema: { name: string } };
    assert.equal(format.type, "json_schema");
    const prompt = JSON.stringify(chat.body.messages);
    assert.ok(prompt.includes("정보처리기사"), "profile in the prompt");
    assert.ok(prompt.includes("결제 API"), "letter in the prompt");

    fake.failNext("chat", 10, 500);
    const failed = await t.app.request(
      "/api/cover-letters",
      jsonReq("POST", { job_posting_id: postingId, content: LETTER_V2 }, a.access),
    );
    await body(failed);
    assert.ok([502, 503].includes(failed.status), String(failed.status));
    assert.equal(await countLetters(t), 1);
  } finally {
    await t.close();
    await fake.close();
  }
});

/** Checks the sections and the keyword check of a letter's structured feedback. */
// deno-lint-ignore no-explicit-any -- a JSON body checked field by field
function assertStructured(letter: any, content: string, keywords: string[]) {
  const fb = letter.ai_feedback_structured;
  assert.deepEqual(Object.keys(fb).sort(), [
    "improvements",
    "keyword_check",
    "strengths",
    "suggestions",
    "summary",
  ]);
  assert.ok(fb.summary.length > 0 && letter.ai_feedback.includes(fb.summary));
  for (const item of [...fb.strengths, ...fb.improvements, ...fb.suggestions]) {
    assert.ok(letter.ai_feedback.includes(item), `the text holds "${item}"`);
  }
  const check = fb.keyword_check;
  assert.deepEqual(check.keywords.map((k: { keyword: string }) => k.keyword), keywords);
  // The sentences are the letter's, in order; every mark covers a mention of its keyword.
  let from = 0;
  for (const s of check.sentences) {
    const at = content.indexOf(s.text, from);
    assert.ok(at >= from, s.text);
    from = at + s.text.length;
    for (const m of s.marks) {
      assert.ok(m.start < m.end && m.end <= s.text.length);
      assert.ok(keywords.includes(m.keyword));
    }
  }
  // deno-lint-ignore no-explicit-any -- JSON rows
  const marked = new Set(check.sentences.flatMap((s: any) => s.marks.map((m: any) => m.keyword)));
  for (const k of check.keywords) assert.equal(k.found, marked.has(k.keyword), k.keyword);
  return check;
}

for (const provider of ["offline", "openai"] as const) {
  Deno.test(`cover letters (${provider}): feedback in sections with a keyword check`, async () => {
    const fake = provider === "openai" ? await startFakeOpenAI() : null;
    const t = await createTestApp({
      ai: fake ? fakeOpenAiProvider(fake) : createOfflineProvider(),
    });
    try {
      const a = await signUp(t.app, PROFILE);
      // The model's analysis of the posting, so both providers check the same keywords.
      fake?.queueChatContent(JSON.stringify({
        keywords: ["Python", "FastAPI", "PostgreSQL", "Kafka"],
        requirements: ["백엔드 개발 경력 3년 이상", "Python, FastAPI, PostgreSQL 실무 경험"],
        preferred: [],
      }));
      const postingId = await createPostingFor(t, a.access);
      const posting = await body(
        await t.app.request(`/api/job-postings/${postingId}`, jsonReq("GET", undefined, a.access)),
      );
      const keywords: string[] = posting.ai_analysis.keywords;
      assert.ok(keywords.includes("Python") && keywords.includes("PostgreSQL"));
      const content = LETTER + " FastAPI는 입사 후 더 깊이 공부하겠습니다.";
      const res = await t.app.request(
        "/api/cover-letters",
        jsonReq("POST", { job_posting_id: postingId, content }, a.access),
      );
      const created = await body(res);
      assert.equal(res.status, 201, JSON.stringify(created));
      const check = assertStructured(created, content, keywords);
      const found = (k: string) =>
        check.keywords.find((x: { keyword: string }) => x.keyword === k)?.found;
      assert.equal(found("Python"), true);
      assert.equal(found("PostgreSQL"), true);
      const pySentence = check.sentences.find((s: { text: string }) => s.text.includes("Python"));
      const mark = pySentence.marks.find((m: { keyword: string }) => m.keyword === "Python");
      assert.equal(pySentence.text.slice(mark.start, mark.end), "Python");
      if (keywords.includes("Kafka")) assert.equal(found("Kafka"), false, "missing keyword");
      // A sentence that only promises to learn FastAPI marks nothing.
      const promise = check.sentences.find((s: { text: string }) => s.text.includes("공부하겠"));
      assert.deepEqual(promise.marks, []);

      // Read back and list: the same sections.
      const detail = await body(
        await t.app.request(
          `/api/cover-letters/${created.id}`,
          jsonReq("GET", undefined, a.access),
        ),
      );
      assert.deepEqual(detail.ai_feedback_structured, created.ai_feedback_structured);
      // A letter reviewed before sections were stored keeps its text, and null sections.
      await t.db.sql`update cover_letters set ai_feedback_structured = null`;
      const old = await body(
        await t.app.request(
          `/api/cover-letters/${created.id}`,
          jsonReq("GET", undefined, a.access),
        ),
      );
      assert.equal(old.ai_feedback_structured, null);
      assert.equal(old.ai_feedback, created.ai_feedback);
    } finally {
      await t.close();
      await fake?.close();
    }
  });
}
