/**
 * Authorization matrix: every route whose path takes an id (read from the OpenAPI document, so
 * a new route is covered without editing this file) answers 404 to user B holding user A's
 * real ids — the same answer as for an id that does not exist — and A's data is unchanged
 * afterwards. Signed file and question-audio URLs of A stop working when tampered with.
 *
 * A path parameter or required body field this file cannot fill fails the test on purpose:
 * add the new name to `idFor` / `bodyValue`.
 */
import assert from "node:assert/strict";
import { questionAudioUrl } from "../../lib/interview/mod.ts";
import type { LocalStorage } from "../../lib/storage/local.ts";
import { fakeOpenAiProvider, startFakeOpenAI } from "../fake_openai.ts";
import { createTestApp, jsonReq, signUp, storedRecording } from "../helpers.ts";
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

interface Owned {
  postingId: string;
  letterId: string;
  sessionId: string;
}

/** The real value for a path parameter; unknown names fail loudly so new routes get mapped. */
function idFor(path: string, param: string, ids: Owned): string {
  const resource = path.split("/")[1];
  if (param === "session_id") return ids.sessionId;
  if (param === "turn_number" || param === "n") return "1";
  // The first answer given again; a turn's own answer is attempt 1.
  if (param === "attempt_number") return "2";
  if (param === "id") {
    const byResource: Record<string, string> = {
      "job-postings": ids.postingId,
      "cover-letters": ids.letterId,
      "interviews": ids.sessionId,
    };
    if (byResource[resource]) return byResource[resource];
  }
  throw new Error(
    `authz matrix: no real value for path parameter {${param}} of ${path}; ` +
      "map it in idFor() in tests/security/authz_test.ts",
  );
}

/** A valid value for a body field, so validation never masks the ownership check. */
function bodyValue(name: string, schema: JsonSchema, required: boolean): unknown {
  const known: Record<string, unknown> = {
    content: LETTER_TEXT,
    text: POSTING_TEXT,
    title: "보안 테스트",
    turn_number: "2",
    answer_text: "결제 시스템 장애를 30분 안에 복구한 경험이 있습니다.",
    corrections: [],
  };
  if (name in known) return known[name];
  if (!required) return undefined;
  throw new Error(
    `authz matrix: no valid value for required body field '${name}' (${
      JSON.stringify(schema)
    }); add it to bodyValue() in tests/security/authz_test.ts`,
  );
}

function requestBody(doc: OpenApiDoc, op: OperationRef): { body?: BodyInit; json: boolean } {
  const content = op.op.requestBody?.content;
  if (!content) return { json: false };
  const [type, { schema }] = Object.entries(content)[0];
  const s = deref(doc, schema);
  const required = new Set((s.required ?? []) as string[]);
  const fields: Record<string, unknown> = {};
  for (const [name, p] of Object.entries((s.properties ?? {}) as Record<string, JsonSchema>)) {
    const v = bodyValue(name, deref(doc, p), required.has(name));
    if (v !== undefined) fields[name] = v;
  }
  if (type === "application/json") return { body: JSON.stringify(fields), json: true };
  if (type === "multipart/form-data") {
    return { body: form(fields as Record<string, string>), json: false };
  }
  throw new Error(`authz matrix: unhandled request content type ${type} of ${op.path}`);
}

/** Everything of A's in the database, to compare before and after B's attempts. */
async function snapshot(sql: import("../../db/client.ts").Sql, userId: string) {
  const rows = await sql`
    select
      (select coalesce(json_agg(p order by p.id), '[]') from job_postings p
        where p.user_id = ${userId}) as postings,
      (select coalesce(json_agg(l order by l.id), '[]') from cover_letters l
        where l.user_id = ${userId}) as letters,
      (select coalesce(json_agg(s order by s.id), '[]') from interview_sessions s
        where s.user_id = ${userId}) as sessions,
      (select coalesce(json_agg(t order by t.id), '[]') from interview_turns t
        join interview_sessions s on s.id = t.session_id where s.user_id = ${userId}) as turns,
      (select count(*) from jobs) as jobs`;
  return JSON.stringify(rows[0]);
}

Deno.test("authz matrix: B gets 404 on every id-taking route with A's ids; A unchanged", async (t) => {
  const fake = await startFakeOpenAI();
  const app = await createTestApp({ ai: fakeOpenAiProvider(fake) });
  try {
    const a = await signUp(app.app);
    const b = await signUp(app.app);
    const speech = await fixture("audio/speech.webm");

    const setUp = async (token: string): Promise<Owned & { answer: Record<string, unknown> }> => {
      const posting = await app.app.request("/api/job-postings", {
        method: "POST",
        headers: bearer(token),
        body: form({ text: POSTING_TEXT }),
      });
      assert.equal(posting.status, 201, await posting.clone().text());
      const postingId = (await posting.json()).id;
      const letter = await app.app.request(
        "/api/cover-letters",
        jsonReq("POST", { job_posting_id: postingId, content: LETTER_TEXT }, token),
      );
      assert.equal(letter.status, 201, await letter.clone().text());
      const letterId = (await letter.json()).id;
      const started = await app.app.request(
        "/api/interviews/start",
        jsonReq("POST", { cover_letter_id: letterId }, token),
      );
      assert.equal(started.status, 201, await started.clone().text());
      const sessionId = (await started.json()).session_id;
      const answered = await app.app.request(`/api/interviews/${sessionId}/answer`, {
        method: "POST",
        headers: bearer(token),
        body: form({ turn_number: "1" }, { audio: { bytes: speech, name: "answer.webm" } }),
      });
      assert.equal(answered.status, 200, await answered.clone().text());
      return { postingId, letterId, sessionId, answer: await answered.json() };
    };
    const ownedA = await setUp(a.access);
    const ownedB = await setUp(b.access);
    const before = await snapshot(app.deps.sql, a.id);
    const doc = await loadOpenApi(app.app);
    const idRoutes = operations(doc).filter((o) => o.path.includes("{"));
    assert.ok(idRoutes.length >= 10, `only ${idRoutes.length} id routes in the document`);

    let cases = 0;
    const ownReads: string[] = [];
    // Reads first, destructive methods last, so a broken check cannot hide later ones.
    const order = ["GET", "POST", "PATCH", "PUT", "DELETE"];
    idRoutes.sort((x, y) => order.indexOf(x.method) - order.indexOf(y.method));
    for (const op of idRoutes) {
      await t.step(`${op.method} ${op.path}`, async () => {
        const real = op.path.replace(/\{(\w+)\}/g, (_, p) => idFor(op.path, p, ownedA));
        const missing = op.path.replace(
          /\{(\w+)\}/g,
          (_, p) =>
            p === "turn_number" || p === "n"
              ? "1"
              : p === "attempt_number"
              ? "2"
              : crypto.randomUUID(),
        );
        const call = (path: string, headers: Record<string, string>) => {
          const { body, json } = requestBody(doc, op);
          const h: Record<string, string> = { ...headers };
          if (json) h["content-type"] = "application/json";
          return app.app.request(`/api${path}`, { method: op.method, headers: h, body });
        };
        const asB = await call(real, bearer(b.access));
        assert.equal(asB.status, 404, `${op.method} ${real} as B: ${await asB.clone().text()}`);
        const codeReal = await assertEnvelope(asB, `${op.method} ${real} as B`);
        const asBMissing = await call(missing, bearer(b.access));
        assert.equal(asBMissing.status, 404);
        const codeMissing = await assertEnvelope(asBMissing, `${op.method} ${missing} as B`);
        assert.equal(codeReal, codeMissing, "someone else's id must look like a missing one");
        const anonymous = await call(real, {});
        assert.equal(anonymous.status, 401, `${op.method} ${real} without a token`);
        await assertEnvelope(anonymous, `${op.method} ${real} anonymous`);
        if (op.method === "GET") ownReads.push(real);
        cases += 3;
      });
    }

    await t.step("B's lists never show A's records", async () => {
      const lists = operations(doc).filter((o) =>
        o.method === "GET" && !o.path.includes("{") && o.op.security?.length
      );
      for (const op of lists) {
        const res = await app.app.request(`/api${op.path}`, { headers: bearer(b.access) });
        assert.equal(res.status, 200, op.path);
        const text = await res.text();
        for (const id of Object.values(ownedA).filter((v) => typeof v === "string")) {
          assert.ok(!text.includes(id as string), `${op.path} shows A's ${id} to B`);
        }
        cases++;
      }
    });

    assert.equal(await snapshot(app.deps.sql, a.id), before, "B's attempts changed A's data");
    // Only now (A's reads may store question audio): the ids B was refused are A's real ones.
    for (const path of ownReads) {
      const res = await app.app.request(`/api${path}`, { headers: bearer(a.access) });
      assert.equal(res.status, 200, `the id must be real: GET ${path} as A`);
      await res.body?.cancel();
    }

    let tampers = 0;
    await t.step("A's signed answer-audio URL stops working when tampered with", async () => {
      const url = new URL(ownedA.answer.answer_audio_url as string, "http://localhost");
      const get = (u: URL | string, headers: Record<string, string> = {}) =>
        app.app.request(typeof u === "string" ? u : u.pathname + u.search, { headers });
      const ok = await get(url);
      assert.equal(ok.status, 200);
      assert.deepEqual(new Uint8Array(await ok.arrayBuffer()), await storedRecording(speech));
      const key = url.pathname.replace(/^\/files\//, "").split("/").map(decodeURIComponent)
        .join("/");
      const exp = url.searchParams.get("exp")!;
      const sig = url.searchParams.get("sig")!;
      const flip = (s: string) => s.slice(0, -1) + (s.at(-1) === "0" ? "1" : "0");
      const bAnswer = new URL(ownedB.answer.answer_audio_url as string, "http://localhost");
      const storage = app.deps.storage as LocalStorage;
      const variants: [string, string][] = [
        ["flipped signature", `${url.pathname}?exp=${exp}&sig=${flip(sig)}`],
        ["later expiry", `${url.pathname}?exp=${Number(exp) + 1}&sig=${sig}`],
        ["no signature", `${url.pathname}?exp=${exp}`],
        ["no expiry", `${url.pathname}?sig=${sig}`],
        ["upper-case signature", `${url.pathname}?exp=${exp}&sig=${sig.toUpperCase()}`],
        ["A's signature on B's file", `${bAnswer.pathname}?exp=${exp}&sig=${sig}`],
        ["other user in the path", url.pathname.replace(a.id, b.id) + url.search],
        ["dot-dot in the key", url.pathname.replace(`/${a.id}/`, `/${a.id}/%2e%2e/`) + url.search],
        ["expired", await storage.url(key, -60)],
      ];
      for (const [what, u] of variants) {
        const res = await get(u, bearer(a.access));
        assert.equal(res.status, 404, `${what}: ${u}`);
        await assertEnvelope(res, what);
        tampers++;
      }
    });

    await t.step("A's signed question-audio URL stops working when tampered with", async () => {
      const result = await (await app.app.request(
        `/api/interviews/${ownedA.sessionId}/result`,
        { headers: bearer(a.access) },
      )).json();
      const q1 = new URL(result.turns[0].question_audio_url, "http://localhost");
      const ok = await app.app.request(q1.pathname + q1.search);
      assert.equal(ok.status, 200, "the untampered URL works without a token");
      assert.ok((await ok.arrayBuffer()).byteLength > 0);
      const exp = q1.searchParams.get("exp")!;
      const sig = q1.searchParams.get("sig")!;
      const flip = (s: string) => s.slice(0, -1) + (s.at(-1) === "0" ? "1" : "0");
      const base = `/api/interviews/${ownedA.sessionId}/turns`;
      const expired = new URL(
        await questionAudioUrl(app.deps, ownedA.sessionId, 1, -60),
        "http://localhost",
      );
      const variants: [string, string, number[]][] = [
        ["another turn", `${base}/2/question-audio?exp=${exp}&sig=${sig}`, [404]],
        [
          "B's session",
          `/api/interviews/${ownedB.sessionId}/turns/1/question-audio?exp=${exp}&sig=${sig}`,
          [404],
        ],
        ["later expiry", `${base}/1/question-audio?exp=${Number(exp) + 60}&sig=${sig}`, [404]],
        ["flipped signature", `${base}/1/question-audio?exp=${exp}&sig=${flip(sig)}`, [404]],
        ["upper-case", `${base}/1/question-audio?exp=${exp}&sig=${sig.toUpperCase()}`, [404]],
        ["truncated", `${base}/1/question-audio?exp=${exp}&sig=${sig.slice(0, 32)}`, [404]],
        ["padded", `${base}/1/question-audio?exp=${exp}&sig=${sig}${"0".repeat(70)}`, [404, 422]],
        ["expired", expired.pathname + expired.search, [404]],
        ["signature without expiry", `${base}/1/question-audio?sig=${sig}`, [404]],
      ];
      for (const [what, u, allowed] of variants) {
        const res = await app.app.request(u);
        assert.ok(allowed.includes(res.status), `${what}: ${u} answered ${res.status}`);
        await assertEnvelope(res, what);
        tampers++;
      }
    });

    figures("authz", {
      id_routes: idRoutes.length,
      matrix_cases: cases,
      signed_url_tampers: tampers,
      unchanged: "yes",
    });
  } finally {
    await app.close();
    await fake.close();
  }
});
