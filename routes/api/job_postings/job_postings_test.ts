import assert from "node:assert/strict";
import { basename } from "node:path";
import { createOfflineProvider } from "../../../lib/ai/offline/mod.ts";
import type { AiProvider } from "../../../lib/ai/types.ts";
import { AppError } from "../../../lib/errors.ts";
import { PDF_MAX_BYTES } from "../../../lib/postings/pdf.ts";
import { POSTING_TEXT_MAX } from "../../../lib/schemas.ts";
import { fakeOpenAiProvider, startFakeOpenAI } from "../../../tests/fake_openai.ts";
import {
  createTestApp,
  filesUnder,
  jsonReq,
  signUp,
  type TestApp,
} from "../../../tests/helpers.ts";

const fixture = (name: string) =>
  Deno.readFile(new URL(`../../../tests/fixtures/pdf/${name}`, import.meta.url));

const POSTING_TEXT = `프론트엔드 개발자 (React) 채용

자격 요건
- React, TypeScript 실무 경력 2년 이상
- 웹 접근성에 대한 이해`;

function suite(name: string, fn: (t: TestApp) => Promise<void>, ai?: AiProvider) {
  Deno.test(name, async () => {
    const t = await createTestApp(ai ? { ai } : {});
    try {
      await fn(t);
    } finally {
      await t.close();
    }
  });
}

/** A multipart POST /api/job-postings. */
function upload(
  t: TestApp,
  token: string,
  fields: Record<string, string | Blob | [Blob, string]>,
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) form.append(k, v[0], v[1]);
    else form.append(k, v);
  }
  return t.app.request("/api/job-postings", {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
}

const pdfBlob = (bytes: Uint8Array, name = "posting.pdf"): [Blob, string] => [
  new Blob([bytes as BlobPart], { type: "application/pdf" }),
  name,
];

/** Parses a response, asserting it is JSON and (unless `status` says otherwise) not a 5xx. */
async function body(res: Response) {
  assert.match(res.headers.get("content-type") ?? "", /application\/json/);
  return await res.json();
}

async function expectError(res: Response, status: number, code?: string) {
  const b = await body(res);
  assert.equal(res.status, status, JSON.stringify(b));
  assert.equal(typeof b.error?.message, "string");
  if (code) assert.equal(b.error.code, code);
  return b.error;
}

async function countPostings(t: TestApp): Promise<number> {
  const [{ n }] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from job_postings`;
  return n;
}

/** Files (not sidecars) kept by local storage under the test's data dir. */
async function storedFiles(t: TestApp): Promise<string[]> {
  return (await filesUnder(`${t.dataDir}/files`)).filter((f) => !basename(f).startsWith("."));
}

const isoUtc = (s: string) => assert.equal(new Date(s).toISOString(), s);
const lower = (xs: string[]) => xs.map((x) => x.toLowerCase());

suite("job postings: Korean PDF and text, list, read, delete (offline)", async (t) => {
  const { app, deps } = t;
  const a = await signUp(app);
  const b = await signUp(app);
  const pdf = await fixture("posting_ko.pdf");

  const res = await upload(t, a.access, { file: pdfBlob(pdf) });
  const created = await body(res);
  assert.equal(res.status, 201, JSON.stringify(created));
  assert.deepEqual(Object.keys(created).sort(), [
    "ai_analysis",
    "ai_provider",
    "created_at",
    "id",
    "original_text",
    "title",
  ]);
  assert.match(created.original_text, /백엔드 개발자 채용/);
  assert.match(created.original_text, /3년 이상/);
  assert.equal(created.title, "백엔드 개발자 채용 (Python)");
  assert.equal(created.ai_provider, "offline");
  isoUtc(created.created_at);
  const { keywords, requirements } = created.ai_analysis;
  assert.deepEqual(Object.keys(created.ai_analysis).sort(), [
    "keywords",
    "preferred",
    "requirements",
  ]);
  for (const k of ["python", "fastapi", "postgresql"]) {
    assert.ok(lower(keywords).includes(k), `keyword ${k} in ${JSON.stringify(keywords)}`);
  }
  assert.ok(requirements.some((r: string) => r.includes("3년 이상")), JSON.stringify(requirements));

  // The original PDF is kept, byte for byte, under the user's prefix.
  const [row] = await deps.sql<{ file_key: string; file_size: number }[]>`
    select file_key, file_size from job_postings where id = ${created.id}`;
  assert.equal(row.file_key, `users/${a.id}/postings/${created.id}.pdf`);
  assert.equal(row.file_size, pdf.byteLength);
  const stored = await deps.storage.get(row.file_key);
  assert.equal(stored.contentType, "application/pdf");
  assert.deepEqual(new Uint8Array(await new Response(stored.body).arrayBuffer()), pdf);

  const titled = await upload(t, a.access, { text: POSTING_TEXT, title: "  내 공고  " });
  assert.equal(titled.status, 201);
  const second = await body(titled);
  assert.equal(second.title, "내 공고");
  assert.equal(second.original_text, POSTING_TEXT);
  const untitled = await body(await upload(t, a.access, { text: POSTING_TEXT, title: "" }));
  assert.equal(untitled.title, "프론트엔드 개발자 (React) 채용");

  // List: newest first, summary fields only, paginated with the full total.
  const list = await body(
    await app.request("/api/job-postings", jsonReq("GET", undefined, a.access)),
  );
  assert.equal(list.total, 3);
  assert.deepEqual(list.items.map((i: { id: string }) => i.id), [
    untitled.id,
    second.id,
    created.id,
  ]);
  assert.deepEqual(Object.keys(list.items[0]).sort(), [
    "ai_analysis",
    "ai_provider",
    "created_at",
    "id",
    "title",
  ]);
  const page = await body(
    await app.request("/api/job-postings?limit=1&offset=1", jsonReq("GET", undefined, a.access)),
  );
  assert.equal(page.total, 3);
  assert.deepEqual(page.items.map((i: { id: string }) => i.id), [second.id]);
  await expectError(
    await app.request("/api/job-postings?limit=0", jsonReq("GET", undefined, a.access)),
    422,
    "invalid_input",
  );

  const one = await app.request(
    `/api/job-postings/${created.id}`,
    jsonReq("GET", undefined, a.access),
  );
  assert.equal(one.status, 200);
  assert.deepEqual(await body(one), created);

  // Someone else's posting does not exist for them; a malformed id is bad input, not a 500.
  const other = `/api/job-postings/${created.id}`;
  await expectError(
    await app.request(other, jsonReq("GET", undefined, b.access)),
    404,
    "job_posting_not_found",
  );
  await expectError(await app.request(other, jsonReq("DELETE", undefined, b.access)), 404);
  const bList = await body(
    await app.request("/api/job-postings", jsonReq("GET", undefined, b.access)),
  );
  assert.deepEqual(bList, { items: [], total: 0 });
  await expectError(
    await app.request("/api/job-postings/not-a-uuid", jsonReq("GET", undefined, a.access)),
    422,
    "invalid_input",
  );
  await expectError(
    await app.request(
      `/api/job-postings/${crypto.randomUUID()}`,
      jsonReq("GET", undefined, a.access),
    ),
    404,
  );
  await expectError(await app.request("/api/job-postings"), 401, "missing_token");
  await expectError(await upload(t, "nope", { text: POSTING_TEXT }), 401);

  // Delete removes the row and the stored PDF.
  const del = await app.request(other, jsonReq("DELETE", undefined, a.access));
  assert.equal(del.status, 204);
  await expectError(await app.request(other, jsonReq("GET", undefined, a.access)), 404);
  await assert.rejects(
    deps.storage.get(row.file_key),
    (e) => e instanceof AppError && e.kind === "not_found",
  );
  await expectError(await app.request(other, jsonReq("DELETE", undefined, a.access)), 404);
  assert.equal(await countPostings(t), 2);
});

suite("job postings: bad uploads are 413/415/422 JSON and write nothing", async (t) => {
  const { app } = t;
  const a = await signUp(app);
  const expectNothingWritten = async () => {
    assert.equal(await countPostings(t), 0);
    assert.deepEqual(await storedFiles(t), []);
  };

  // One byte over the limit, with a valid header so only the size can be the reason.
  const big = new Uint8Array(PDF_MAX_BYTES + 1);
  big.set(new TextEncoder().encode("%PDF-1.4\n"));
  await expectError(await upload(t, a.access, { file: pdfBlob(big) }), 413, "file_too_large");
  // Over the whole-request cap as well: still a JSON 413.
  const huge = new Uint8Array(13 * 1024 * 1024);
  await expectError(await upload(t, a.access, { file: pdfBlob(huge) }), 413);

  await expectError(
    await upload(t, a.access, { file: pdfBlob(await fixture("not_a_pdf.pdf")) }),
    415,
    "unsupported_media_type",
  );
  const scanned = await expectError(
    await upload(t, a.access, { file: pdfBlob(await fixture("scanned.pdf")) }),
    422,
    "pdf_no_text",
  );
  assert.match(scanned.message, /paste the posting text instead/);
  const damaged = new TextEncoder().encode("%PDF-1.7\n" + "garbage ".repeat(100));
  await expectError(await upload(t, a.access, { file: pdfBlob(damaged) }), 422, "pdf_invalid");
  await expectError(
    await upload(t, a.access, { file: pdfBlob(new Uint8Array(), "empty.pdf") }),
    422,
    "file_empty",
  );

  const pdf = await fixture("posting_ko.pdf");
  await expectError(
    await upload(t, a.access, { file: pdfBlob(pdf), text: POSTING_TEXT }),
    422,
    "file_and_text",
  );
  await expectError(await upload(t, a.access, {}), 422, "file_or_text_required");
  await expectError(await upload(t, a.access, { text: "   " }), 422, "file_or_text_required");
  await expectError(
    await upload(t, a.access, { text: "너무 짧은 공고" }),
    422,
    "posting_too_short",
  );
  await expectError(
    await upload(t, a.access, { text: "가".repeat(POSTING_TEXT_MAX + 1) }),
    422,
    "posting_too_long",
  );
  await expectError(
    await upload(t, a.access, { text: POSTING_TEXT, title: "x".repeat(201) }),
    422,
    "title_too_long",
  );
  // A file field that is not a file, a repeated field, a JSON body.
  await expectError(
    await upload(t, a.access, { file: "%PDF-1.4 not a file" }),
    422,
    "invalid_input",
  );
  const twice = new FormData();
  twice.append("text", POSTING_TEXT);
  twice.append("text", POSTING_TEXT);
  await expectError(
    await app.request("/api/job-postings", {
      method: "POST",
      headers: { authorization: `Bearer ${a.access}` },
      body: twice,
    }),
    422,
    "invalid_input",
  );
  await expectError(
    await app.request("/api/job-postings", jsonReq("POST", { text: POSTING_TEXT }, a.access)),
    415,
  );
  await expectNothingWritten();

  // A browser sends an empty file part for a file input left blank: that is "no file".
  const res = await upload(t, a.access, {
    file: [new Blob([], { type: "application/octet-stream" }), ""],
    text: POSTING_TEXT,
  });
  assert.equal(res.status, 201, await res.clone().text());
});

/** The offline provider, except that posting analysis fails like an unreachable model. */
function failingAnalysis(kind: "upstream" | "unavailable"): AiProvider {
  const offline = createOfflineProvider();
  return {
    ...offline,
    analyzePosting: () => Promise.reject(new AppError(kind, "ai_failed", "The AI service failed")),
  };
}

suite("job postings: a provider failure stores neither a row nor the PDF", async (t) => {
  const a = await signUp(t.app);
  const pdf = await fixture("posting_ko.pdf");
  await expectError(await upload(t, a.access, { file: pdfBlob(pdf) }), 502, "ai_failed");
  await expectError(await upload(t, a.access, { text: POSTING_TEXT }), 502, "ai_failed");
  assert.equal(await countPostings(t), 0);
  assert.deepEqual(await storedFiles(t), []);
}, failingAnalysis("upstream"));

Deno.test("job postings: OpenAI provider against the fake server", async () => {
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
    const a = await signUp(t.app);
    const res = await upload(t, a.access, { file: pdfBlob(await fixture("posting_ko.pdf")) });
    const created = await body(res);
    assert.equal(res.status, 201, JSON.stringify(created));
    assert.equal(created.ai_provider, "openai");
    assert.match(created.original_text, /3년 이상/);
    const { keywords, requirements } = created.ai_analysis;
    assert.ok(Array.isArray(keywords) && keywords.length > 0, JSON.stringify(keywords));
    assert.ok(Array.isArray(requirements) && requirements.length > 0);
    for (const s of [...keywords, ...requirements]) assert.equal(typeof s, "string");

    const chats = fake.requests.filter((r) => r.endpoint === "chat");
    assert.equal(chats.length, 1);
    assert.equal(chats[0].model, "gpt-4o-test");
    assert.ok(chats[0].authorized);
    const format = chats[0].body.response_format as {
      type: string;
      json_schema: { strict: boolean };
    };
    assert.equal(format.type, "json_schema");
    assert.equal(format.json_schema.strict, true);
    assert.match(JSON.stringify(chats[0].body.messages), /3년 이상/);

    // Every attempt fails: the client sees a 502/503 and nothing is stored.
    fake.failNext("chat", 10, 500);
    const failed = await upload(t, a.access, { file: pdfBlob(await fixture("posting_ko.pdf")) });
    const err = await body(failed);
    assert.ok([502, 503].includes(failed.status), `${failed.status} ${JSON.stringify(err)}`);
    assert.equal(await countPostings(t), 1);
    assert.equal((await storedFiles(t)).length, 1);
  } finally {
    await t.close();
    await fake.close();
  }
});

suite("job postings: the OpenAPI document describes every route", async ({ app }) => {
  const doc = await body(await app.request("/api/openapi.json"));
  const post = doc.paths["/job-postings"].post;
  const multipart = post.requestBody.content["multipart/form-data"].schema;
  const form = multipart.$ref ? doc.components.schemas[multipart.$ref.split("/").pop()] : multipart;
  assert.equal(form.properties.file.format, "binary");
  assert.ok(form.properties.text && form.properties.title);
  for (const s of ["201", "413", "415", "422", "502"]) assert.ok(post.responses[s], s);
  assert.ok(doc.paths["/job-postings"].get.responses["200"]);
  assert.ok(doc.paths["/job-postings/{id}"].get.responses["200"]);
  assert.ok(doc.paths["/job-postings/{id}"].delete.responses["204"]);
  // Query strings and path parameters are validated outside zod-openapi's validator; the
  // document must still list them.
  const params = (op: { parameters?: { in: string; name: string }[] }) =>
    (op.parameters ?? []).map((p) => `${p.in}:${p.name}`).sort();
  assert.deepEqual(params(doc.paths["/job-postings"].get), ["query:limit", "query:offset"]);
  assert.deepEqual(params(doc.paths["/job-postings/{id}"].get), ["path:id"]);
  assert.deepEqual(params(doc.paths["/interviews/history"].get), ["query:limit", "query:offset"]);
});
