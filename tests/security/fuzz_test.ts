/**
 * "Never a 5xx for bad input" (SPEC §4), checked by property-based fuzzing: every operation of
 * the app's own OpenAPI document gets requests generated from its schemas and mutations of
 * them — wrong types, huge strings, unicode junk (lone surrogates, NUL, RTL overrides), missing
 * and extra fields, malformed JSON, wrong content types, bad ids in paths, bad query strings,
 * junk multipart and forged tokens. Every answer must be below 500 and every error the JSON
 * envelope. A new route is fuzzed without editing this file.
 *
 * Scale with FUZZ_RUNS (runs per operation; default 250).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { TokenSigner } from "../../lib/auth/mod.ts";
import { inspectAudio, sniffAudio } from "../../lib/media/mod.ts";
import { AppError } from "../../lib/errors.ts";
import { extractPdfText } from "../../lib/postings/pdf.ts";
import { createTestApp, jsonReq, signUp } from "../helpers.ts";
import {
  assertEnvelope,
  bearer,
  deref,
  figures,
  fixture,
  form,
  type JsonSchema,
  LETTER_TEXT,
  loadOpenApi,
  type OpenApiDoc,
  type OperationRef,
  operations,
  POSTING_TEXT,
} from "./support.ts";

const RUNS = Number(Deno.env.get("FUZZ_RUNS") ?? 250);
/** Operations that hash a password per valid request (argon2id, ~50 ms) get fewer runs. */
const SLOW = new Set(["POST /auth/register", "POST /auth/login"]);

// --- Request descriptions: plain data, so a failing counterexample prints readably ----------

type Field = { s: string } | { file: { bytes: Uint8Array; name: string; type: string } };

type Body =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "raw"; text: string }
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "form"; fields: [string, Field][] };

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Content-Type to send instead of the body's natural one ("" sends none). */
  contentType?: string;
  body: Body;
}

function toInit(r: FuzzRequest): RequestInit {
  const headers = new Headers(r.headers);
  let body: BodyInit | undefined;
  switch (r.body.kind) {
    case "json":
      body = JSON.stringify(r.body.value) ?? "null";
      headers.set("content-type", "application/json");
      break;
    case "raw":
      body = r.body.text;
      break;
    case "bytes":
      body = r.body.bytes as Uint8Array<ArrayBuffer>;
      break;
    case "form": {
      const f = new FormData();
      for (const [k, v] of r.body.fields) {
        if ("s" in v) f.append(k, v.s);
        else {
          f.append(
            k,
            new Blob([v.file.bytes as Uint8Array<ArrayBuffer>], { type: v.file.type }),
            v.file.name,
          );
        }
      }
      // A Request serialises FormData with its boundary; an override then replaces the header.
      const req = new Request("http://x/", { method: "POST", body: f });
      headers.set("content-type", req.headers.get("content-type")!);
      body = f;
      break;
    }
  }
  if (r.contentType !== undefined) {
    if (r.contentType === "") headers.delete("content-type");
    else headers.set("content-type", r.contentType);
  }
  return { method: r.method, headers, body };
}

// --- Value generators -------------------------------------------------------------------

const NASTY = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "\uDFFF",
  "ok\uD83D",
  "\u202Eevil\u202C",
  "\u200B\u200D\uFEFF",
  "\u1100\u1161\u11A8",
  "\u0301".repeat(200),
  "𝕏🇰🇷👩‍👩‍👧‍👦",
  "İıﬁß",
  "'; drop table users; --",
  '" or 1=1 --',
  "<script>alert(1)</script>",
  "../../../../etc/passwd",
  "%00%2e%2e%2f",
  "${jndi:ldap://x/a}",
  "{{7*7}}",
  "\r\n\r\nX-Injected: 1",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "1e309",
  "-0",
  "0x1f",
  "１２",
  "true",
  "[]",
  "{}",
  "__proto__",
];
const HUGE = [
  "a".repeat(5_001),
  "가".repeat(10_001),
  "x".repeat(50_001),
  "나".repeat(60_000),
  "b".repeat(1_000_000),
];

/** Single code points that break naive text handling (NUL is rejected by PostgreSQL text). */
const DANGEROUS_CHARS = [
  "\u0000",
  "\uD800",
  "\uDFFF",
  "\u202E",
  "\u2066",
  "\uFEFF",
  "\u200B",
  "\u0008",
  "\u001B",
  "\uFFFE",
  "\r\n",
];

const junkString: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
  {
    // Realistic text with one dangerous character somewhere inside.
    weight: 4,
    arbitrary: fc.tuple(
      fc.constantFrom(...DANGEROUS_CHARS, ...NASTY),
      fc.constantFrom(POSTING_TEXT, LETTER_TEXT, "홍길동", "correct horse battery"),
      fc.nat(),
    ).map(([a, b, at]) => b.slice(0, at % (b.length + 1)) + a + b.slice(at % (b.length + 1))),
  },
);

const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: junkString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, 0, -1, 2 ** 53 + 1, 1e308, -1e-308) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(junkString, { maxLength: 3 }) },
);

const MAGIC: Uint8Array[] = [
  new TextEncoder().encode("%PDF-1.7\n"),
  new Uint8Array([0x1a, 0x45, 0xdf, 0xa3]),
  new TextEncoder().encode("RIFF\x24\x00\x00\x00WAVEfmt "),
  new TextEncoder().encode("OggS\x00\x02"),
  new TextEncoder().encode("ID3\x04\x00\x00"),
  new Uint8Array([0xff, 0xfb, 0x90, 0x64]),
  new Uint8Array([0, 0, 0, 0x18, ...new TextEncoder().encode("ftypM4A ")]),
];

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}

/** File contents: random bytes, magic numbers with junk, and real files cut or corrupted. */
function fileBytes(real: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 2_000 }),
    fc.tuple(fc.constantFrom(...MAGIC), fc.uint8Array({ maxLength: 2_000 })).map(([m, r]) =>
      concat(m, r)
    ),
    fc.tuple(fc.constantFrom(...real), fc.double({ min: 0, max: 1, noNaN: true })).map((
      [b, cut],
    ) => b.slice(0, Math.floor(b.byteLength * cut))),
    fc.tuple(fc.constantFrom(...real), fc.nat(), fc.nat(255)).map(([b, at, v]) => {
      const c = b.slice();
      c[at % c.byteLength] = v;
      return c;
    }),
    fc.constant(new Uint8Array()),
  );
}

const fileField = (real: Uint8Array[]): fc.Arbitrary<Field> =>
  fc.record({
    bytes: fileBytes(real),
    name: fc.oneof(
      fc.constantFrom("answer.webm", "posting.pdf", "a.wav", "", "..\\..\\x.pdf", "a\u0000.pdf"),
      fc.string({ unit: "binary", maxLength: 30 }),
    ),
    type: fc.constantFrom("", "audio/webm", "application/pdf", "text/html", "x/\u00ff", "audio/*"),
  }).map((file) => ({ file }));

/** Valid-looking values for a schema, with the app's real ids in place of uuids. */
function fromSchema(
  doc: OpenApiDoc,
  schema: JsonSchema,
  ctx: GenContext,
  depth = 0,
): fc.Arbitrary<unknown> {
  const s = deref(doc, schema);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  if ("const" in s) return fc.constant(s.const);
  const alts = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (alts) return fc.oneof(...alts.map((a) => fromSchema(doc, a, ctx, depth)));
  const types = Array.isArray(s.type) ? s.type as string[] : [s.type as string ?? "object"];
  return fc.oneof(...types.map((type): fc.Arbitrary<unknown> => {
    switch (type) {
      case "null":
        return fc.constant(null);
      case "boolean":
        return fc.boolean();
      case "integer":
      case "number": {
        const min = typeof s.minimum === "number" ? s.minimum : -1000;
        const max = typeof s.maximum === "number" ? s.maximum : 1000;
        return type === "integer" ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
      }
      case "array":
        return depth > 3
          ? fc.constant([])
          : fc.array(fromSchema(doc, (s.items ?? {}) as JsonSchema, ctx, depth + 1), {
            maxLength: 3,
          });
      case "object": {
        const props = (s.properties ?? {}) as Record<string, JsonSchema>;
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, v] of Object.entries(props)) {
          model[k] = depth > 3 ? fc.constant(null) : fromSchema(doc, v, ctx, depth + 1);
        }
        return fc.record(model, { requiredKeys: (s.required ?? []) as string[] });
      }
      default:
        if (s.format === "uuid") return ctx.uuid;
        if (s.format === "email") {
          return fc.oneof(fc.emailAddress(), fc.constant(ctx.email));
        }
        if (s.format === "binary") return fc.constant("(file)");
        return fc.oneof(
          fc.string({
            minLength: typeof s.minLength === "number" ? s.minLength : 0,
            maxLength: Math.min(typeof s.maxLength === "number" ? s.maxLength : 60, 60),
          }),
          fc.constantFrom(POSTING_TEXT, LETTER_TEXT, "correct horse battery", ctx.email),
        );
    }
  }));
}

/** Drops a key, corrupts a key, adds keys, or replaces the whole value. */
function mutate(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    !!v && typeof v === "object" && !Array.isArray(v);
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    {
      weight: 2,
      arbitrary: fc.tuple(valid, fc.nat()).map(([v, i]) => {
        if (!isObj(v)) return v;
        const keys = Object.keys(v);
        if (!keys.length) return v;
        const { [keys[i % keys.length]]: _, ...rest } = v;
        return rest;
      }),
    },
    {
      weight: 4,
      arbitrary: fc.tuple(valid, fc.nat(), junkValue).map(([v, i, j]) => {
        if (!isObj(v)) return j;
        const keys = Object.keys(v);
        return keys.length ? { ...v, [keys[i % keys.length]]: j } : { x: j };
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, fc.dictionary(junkString, junkValue, { maxKeys: 3 })).map((
        [v, extra],
      ) => isObj(v) ? { ...v, ...extra } : extra),
    },
    { weight: 1, arbitrary: junkValue },
  );
}

const RAW_JSON = [
  "",
  "{",
  '{"a":',
  "[".repeat(20_000),
  '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}',
  '{"email":"a@b.co","email":"c@d.co"}',
  "\uFEFF{}",
  "null",
  '"\\ud800"',
  '{"a":"\\u0000"}',
  "1".repeat(400),
  '{"a":1e999999}',
];

const CONTENT_TYPES = [
  "",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "multipart/form-data; boundary=",
  "multipart/form-data; boundary=zz",
  "application/json",
  "application/json; charset=utf-999",
  "application/xml",
  "application/json, text/plain",
  "*/*",
];

const RAW_MULTIPART = [
  '--zz\r\nContent-Disposition: form-data; name="text"\r\n\r\nabc',
  '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF\r\n--zz--',
  "--zz--",
  "--zz\r\n\r\n\r\n--zz--",
  "--zz\r\nContent-Disposition: form-data\r\n\r\nx\r\n--zz--",
  "garbage without boundary",
];

interface GenContext {
  uuid: fc.Arbitrary<string>;
  email: string;
  realFiles: Uint8Array[];
}

/** A path segment: valid for the parameter's schema, or junk (percent-encoded or raw). */
function pathValue(schema: JsonSchema, ctx: GenContext): fc.Arbitrary<string> {
  const valid = schema.format === "uuid"
    ? ctx.uuid
    : schema.type === "integer"
    ? fc.integer({ min: -2, max: 7 }).map(String)
    : fc.string({ maxLength: 10 }).map(safeEncode);
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 2, arbitrary: junkString.map((s) => safeEncode(s.slice(0, 2_000))) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "%",
        "%ZZ",
        "%ED%A0%80",
        "%C0%AE%C0%AE",
        "%00",
        "..",
        "%2E%2E%2F%2E%2E",
        "1e3",
        "0x1",
        "９",
        "-0",
        "9".repeat(400),
        "00000000-0000-0000-0000-000000000000",
        "7C9E6679-7425-40DE-944B-E07FC1F90AE7",
        "{7c9e6679-7425-40de-944b-e07fc1f90ae7}",
      ),
    },
  );
}

/** encodeURIComponent that survives lone surrogates (they become U+FFFD first). */
function safeEncode(s: string): string {
  return encodeURIComponent(s.toWellFormed());
}

function queryString(op: OperationRef, ctx: GenContext, doc: OpenApiDoc): fc.Arbitrary<string> {
  const params = (op.op.parameters ?? []).filter((p) => p.in === "query");
  const each = params.map((p) =>
    fc.option(
      fc.oneof(
        fromSchema(doc, p.schema, ctx).map((v) => String(v)),
        junkString.map((s) => s.slice(0, 3_000)),
      ).map((v) => [p.name, v] as [string, string]),
      { freq: 3 },
    )
  );
  const extra = fc.array(fc.tuple(junkString.map((s) => s.slice(0, 50)), junkString), {
    maxLength: 2,
  }).map((pairs) => pairs.map(([k, v]) => [k, v.slice(0, 500)] as [string, string]));
  const raw = fc.constantFrom("", "", "", "&", "&%", "&a=%ZZ", "&limit=1&limit=2", "&&==&");
  return fc.tuple(fc.tuple(...each), extra, raw).map(([ps, ex, r]) => {
    const q = new URLSearchParams();
    for (const p of [...ps, ...ex]) {
      if (p) q.append(p[0].toWellFormed(), p[1].toWellFormed());
    }
    const s = q.toString() + r;
    return s ? `?${s}` : "";
  });
}

function bodyFor(op: OperationRef, ctx: GenContext, doc: OpenApiDoc): fc.Arbitrary<Body> {
  const content = op.op.requestBody?.content ?? {};
  const none = fc.constant<Body>({ kind: "none" });
  if (op.method === "GET") return none; // fetch forbids a GET body
  const raw = fc.oneof(fc.constantFrom(...RAW_JSON, ...RAW_MULTIPART), junkString).map((
    text,
  ): Body => ({ kind: "raw", text }));
  const bytes = fileBytes(ctx.realFiles).map((b): Body => ({ kind: "bytes", bytes: b }));
  const options: fc.Arbitrary<Body>[] = [];
  const jsonSchema = content["application/json"]?.schema;
  if (jsonSchema) {
    options.push(
      mutate(fromSchema(doc, jsonSchema, ctx)).map((value): Body => ({ kind: "json", value })),
    );
  }
  const formSchema = content["multipart/form-data"]?.schema;
  if (formSchema) options.push(formBody(deref(doc, formSchema), ctx, doc));
  if (!options.length) {
    return fc.oneof({ weight: 6, arbitrary: none }, { weight: 1, arbitrary: raw });
  }
  return fc.oneof(
    { weight: 12, arbitrary: fc.oneof(...options) },
    { weight: 2, arbitrary: raw },
    { weight: 1, arbitrary: bytes },
    { weight: 1, arbitrary: none },
  );
}

function formBody(schema: JsonSchema, ctx: GenContext, doc: OpenApiDoc): fc.Arbitrary<Body> {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const fieldArbs = Object.entries(props).map(([name, p]) => {
    const s = deref(doc, p);
    const valid: fc.Arbitrary<Field> = s.format === "binary"
      ? fileField(ctx.realFiles)
      : fromSchema(doc, s, ctx).map((v) => ({ s: String(v) }));
    const wrong: fc.Arbitrary<Field> = s.format === "binary"
      ? junkString.map((v) => ({ s: v }))
      : fileField(ctx.realFiles);
    return fc.oneof(
      { weight: 2, arbitrary: fc.constant<[string, Field][]>([]) },
      { weight: 5, arbitrary: valid.map((f) => [[name, f]] as [string, Field][]) },
      { weight: 2, arbitrary: junkString.map((v) => [[name, { s: v }]] as [string, Field][]) },
      { weight: 1, arbitrary: wrong.map((f) => [[name, f]] as [string, Field][]) },
      {
        weight: 1,
        arbitrary: fc.tuple(valid, valid).map(([a, b]) =>
          [[name, a], [name, b]] as [
            string,
            Field,
          ][]
        ),
      },
    );
  });
  const extra = fc.array(
    fc.tuple(junkString.map((s) => s.slice(0, 40)), junkString.map((v): Field => ({ s: v }))),
    { maxLength: 2 },
  );
  return fc.tuple(fc.tuple(...fieldArbs), extra).map(([fields, ex]): Body => ({
    kind: "form",
    fields: [...fields.flat(), ...ex],
  }));
}

interface Tokens {
  access: string;
  refresh: string;
  /** Same claims, signed with another secret. */
  forged: string;
  /** `alg: none`. */
  unsigned: string;
}

function authHeaders(tokens: Tokens): fc.Arbitrary<Record<string, string>> {
  const ascii = fc.string({ unit: "grapheme-ascii", maxLength: 300 }).map((s) =>
    s.replace(/[\r\n]/g, "")
  );
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(bearer(tokens.access)) },
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.constant(bearer(tokens.refresh)) },
    { weight: 1, arbitrary: fc.constant(bearer(tokens.forged)) },
    { weight: 1, arbitrary: fc.constant(bearer(tokens.unsigned)) },
    { weight: 1, arbitrary: ascii.map((s) => ({ authorization: `Bearer ${s}` })) },
    { weight: 1, arbitrary: ascii.map((s) => ({ authorization: s })) },
    {
      weight: 1,
      arbitrary: ascii.map((s) => ({
        cookie: `mi_at=${s.replace(/[;\s]/g, "")}; mi_rt=${tokens.refresh.slice(0, 40)}`,
      })),
    },
  );
}

function extraHeaders(method: string): fc.Arbitrary<Record<string, string>> {
  const ranges = fc.constantFrom(
    "bytes=0-",
    "bytes=5-1",
    "bytes=-0",
    "bytes=999999999999999999-",
    "bytes=0-1,2-3",
    "items=0-1",
    "bytes=abc",
  );
  return fc.record({
    range: method === "GET" ? ranges : fc.constant("bytes=0-1"),
    "accept-language": fc.constantFrom("ko", "*", "xx-\u00ff", "ko;q=nope"),
    "x-forwarded-for": fc.constantFrom("1.2.3.4", "not-an-ip", "::1, 9.9.9.9"),
  }, { requiredKeys: [] });
}

function requestArb(
  op: OperationRef,
  ctx: GenContext & { tokens: Tokens },
  doc: OpenApiDoc,
): fc.Arbitrary<FuzzRequest> {
  const pathParams = (op.op.parameters ?? []).filter((p) => p.in === "path");
  const segments = fc.record(
    Object.fromEntries(pathParams.map((p) => [p.name, pathValue(p.schema, ctx)])),
  );
  return fc.record({
    segments,
    query: queryString(op, ctx, doc),
    auth: authHeaders(ctx.tokens),
    extra: extraHeaders(op.method),
    body: bodyFor(op, ctx, doc),
    contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { freq: 5, nil: undefined }),
  }).map(({ segments, query, auth, extra, body, contentType }) => {
    const path = op.path.replace(
      /\{(\w+)\}/g,
      (_, name) => (segments as Record<string, string>)[name],
    );
    return {
      method: op.method,
      url: `http://localhost/api${path}${query}`,
      headers: { ...auth, ...extra },
      contentType,
      body,
    };
  });
}

// --- The tests --------------------------------------------------------------------------

Deno.test("fuzz: every OpenAPI operation answers < 500 with the JSON error envelope", async (t) => {
  const app = await createTestApp();
  try {
    const user = await signUp(app.app);
    const other = await signUp(app.app);
    const h = bearer(user.access);
    // Real records (the user's and somebody else's) so fuzzed ids reach the handlers' depths.
    const ids: string[] = [];
    for (const who of [user, other]) {
      const posting = await app.app.request("/api/job-postings", {
        method: "POST",
        headers: bearer(who.access),
        body: form({ text: POSTING_TEXT }),
      });
      assert.equal(posting.status, 201);
      const postingId = (await posting.json()).id;
      const letter = await app.app.request(
        "/api/cover-letters",
        jsonReq("POST", { job_posting_id: postingId, content: LETTER_TEXT }, who.access),
      );
      assert.equal(letter.status, 201);
      const letterId = (await letter.json()).id;
      const started = await app.app.request(
        "/api/interviews/start",
        jsonReq("POST", { cover_letter_id: letterId }, who.access),
      );
      assert.equal(started.status, 201);
      ids.push(postingId, letterId, (await started.json()).session_id);
    }
    const doc = await loadOpenApi(app.app);
    const ops = operations(doc);
    const foreign = new TokenSigner("another-secret-0123456789-abcdefghijklmnop");
    const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, "");
    const tokens: Tokens = {
      access: user.access,
      refresh: user.refresh,
      forged: (await foreign.sign("access", user.id)).token,
      unsigned: `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: user.id, typ: "access" })}.`,
    };
    const realFiles = await Promise.all([
      fixture("pdf/posting_ko.pdf"),
      fixture("audio/speech.webm"),
      fixture("audio/short.wav"),
      fixture("audio/speech.m4a"),
    ]);
    const ctx = {
      uuid: fc.oneof(fc.constantFrom(...ids), fc.uuid()),
      email: user.email,
      realFiles,
      tokens,
    };

    let requests = 0;
    let sweepRequests = 0;
    const statuses = new Map<number, number>();
    const send = async (r: FuzzRequest | { method: string; url: string; init: RequestInit }) => {
      requests++;
      const init = "init" in r ? r.init : toInit(r);
      const res = await app.app.request(r.url, init);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const what = `${r.method} ${r.url.slice(0, 300)}`;
      if (res.status >= 500) assert.fail(`${what} answered ${res.status}: ${await res.text()}`);
      if (res.status === 416) return void await res.body?.cancel(); // Range: empty by RFC 9110.
      if (res.status >= 400) await assertEnvelope(res, what);
      else await res.body?.cancel();
    };

    for (const op of ops) {
      const name = `${op.method} ${op.path}`;
      await t.step(name, async () => {
        const opCtx = op.method === "DELETE"
          ? { ...ctx, uuid: fc.uuid() } // deleting the fixtures would starve the other runs
          : ctx;
        await fc.assert(
          fc.asyncProperty(requestArb(op, opCtx, doc), send),
          { numRuns: SLOW.has(name) ? Math.ceil(RUNS / 3) : RUNS },
        );
      });
    }

    await t.step("every body field × every dangerous value", async () => {
      const [postingId, letterId] = ids;
      const filler = "내용 ".repeat(20);
      const values: unknown[] = [
        // Inside text long enough to pass length checks, so it reaches the database.
        ...DANGEROUS_CHARS.map((c) => `가나다${c}라마바 ${filler}`),
        ...DANGEROUS_CHARS,
        "",
        "   ",
        HUGE[2],
        "1e309",
        12345,
        -1,
        true,
        null,
        [],
        {},
        ["a"],
      ];
      let n = 0;
      const failures: string[] = [];
      const before = requests;
      const known = (name: string): unknown => {
        const v: Record<string, unknown> = {
          email: `sweep${++n}-${crypto.randomUUID().slice(0, 6)}@example.com`,
          password: "correct horse battery",
          refresh_token: user.refresh,
          content: LETTER_TEXT,
          text: POSTING_TEXT,
          title: "백엔드 개발자",
          answer_text: "결제 장애를 30분 안에 복구한 경험이 있습니다.",
          turn_number: "1",
          job_posting_id: postingId,
          cover_letter_id: letterId,
          name: "홍길동",
          career_summary: "백엔드 4년",
          certifications: "정보처리기사",
          gender: "other",
          age: 30,
        };
        return v[name];
      };
      const concretePath = async (path: string, method: string) => {
        let sid = ids[2];
        if (method === "POST" && path.includes("{session_id}")) {
          // A fresh interview each time, so the answer is never refused as a turn conflict.
          const started = await app.app.request(
            "/api/interviews/start",
            jsonReq("POST", { cover_letter_id: letterId }, user.access),
          );
          sid = (await started.json()).session_id;
        }
        return path.replace(
          /\{(\w+)\}/g,
          (_, p: string) =>
            p === "session_id"
              ? sid
              : p === "id"
              ? (path.startsWith("/job-postings") ? postingId : letterId)
              : "1",
        );
      };
      for (const op of ops) {
        const content = op.op.requestBody?.content ?? {};
        const [type, media] = Object.entries(content)[0] ?? [];
        if (!media) continue;
        const schema = deref(doc, media.schema);
        const props = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)
          .filter(([, p]) => deref(doc, p).format !== "binary");
        for (const [field] of props) {
          for (const value of values) {
            const body: Record<string, unknown> = {};
            for (const [name] of props) {
              const v = name === field ? value : known(name);
              if (v !== undefined) body[name] = v;
            }
            const asText = (v: unknown) => typeof v === "string" ? v : JSON.stringify(v);
            // Keep going after a failure: one run should list every weak field.
            await send({
              method: op.method,
              url: `http://localhost/api${await concretePath(op.path, op.method)}`,
              headers: bearer(user.access),
              body: type === "multipart/form-data"
                ? {
                  kind: "form",
                  fields: Object.entries(body).map((
                    [k, v],
                  ): [string, Field] => [k, { s: asText(v) }]),
                }
                : { kind: "json", value: body },
            }).catch((e) =>
              failures.push(
                `${op.method} ${op.path} ${field}=${JSON.stringify(value)?.slice(0, 30)}: ${
                  (e as Error).message.slice(0, 160)
                }`,
              )
            );
          }
        }
      }
      sweepRequests = requests - before;
      assert.deepEqual(failures, [], `fields that answer 5xx:\n${failures.join("\n")}`);
    });

    await t.step("undeclared methods, unknown routes and oversized bodies", async () => {
      const methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
      for (const path of Object.keys(doc.paths)) {
        const concrete = path.replace(/\{\w+\}/g, () => crypto.randomUUID());
        for (const m of methods) {
          if (doc.paths[path][m.toLowerCase()]) continue;
          await send({
            method: m,
            url: `http://localhost/api${concrete}`,
            init: { method: m, headers: h },
          });
        }
      }
      for (const p of ["/api/nope", "/api/job-postings/a/b/c", "/api/%", "/api/..%2f..%2fetc"]) {
        await send({ method: "GET", url: `http://localhost${p}`, init: { headers: h } });
      }
      const big = new Uint8Array(13 * 1024 * 1024).fill(0x61);
      for (
        const [url, ct] of [
          ["/api/cover-letters", "application/json"],
          ["/api/job-postings", "multipart/form-data; boundary=zz"],
          ["/api/auth/login", "application/json"],
        ]
      ) {
        await send({
          method: "POST",
          url: `http://localhost${url}`,
          init: { method: "POST", headers: { ...h, "content-type": ct }, body: big },
        });
      }
    });

    const byClass = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(",");
    figures("fuzz", {
      requests,
      operations: ops.length,
      runs_per_operation: RUNS,
      sweep_requests: sweepRequests,
      statuses: byClass,
      server_errors: [...statuses].filter(([s]) => s >= 500).reduce((a, [, c]) => a + c, 0),
    });
  } finally {
    await app.close();
  }
});

Deno.test("fuzz: audio and PDF parsers never throw anything but AppError on junk", async () => {
  const real = await Promise.all([
    fixture("pdf/posting_ko.pdf"),
    fixture("audio/speech.webm"),
    fixture("audio/speech_chrome.webm"),
    fixture("audio/short.wav"),
    fixture("audio/speech.m4a"),
    fixture("audio/speech_frag.m4a"),
    fixture("audio/speech.ogg"),
    fixture("audio/speech.mp3"),
  ]);
  let audioInputs = 0;
  await fc.assert(
    fc.asyncProperty(fileBytes(real), async (bytes) => {
      audioInputs++;
      await sniffAudio(bytes);
      await inspectAudio(bytes);
    }),
    { numRuns: 3_000 },
  );
  let pdfInputs = 0;
  const pdfs = fileBytes([real[0]]).filter((b) => b.byteLength > 0);
  await fc.assert(
    fc.asyncProperty(pdfs, async (bytes) => {
      pdfInputs++;
      try {
        await extractPdfText(bytes);
      } catch (e) {
        assert.ok(e instanceof AppError, `extractPdfText threw ${e}`);
      }
    }),
    { numRuns: 60 },
  );
  figures("parsers", { audio_inputs: audioInputs, pdf_inputs: pdfInputs });
});
