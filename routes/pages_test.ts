import assert from "node:assert/strict";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { ensureAssets, readManifest } from "../lib/assets.ts";
import { messages } from "../lib/i18n/mod.ts";
import { runPendingJobs } from "../lib/interview/mod.ts";
import { createTestApp, signUp, type TestApp } from "../tests/helpers.ts";
import { letterFor } from "../tests/interview_helpers.ts";

/** A cookie-keeping client over `app.request`, like a browser without JavaScript. */
function browser(t: TestApp, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  const raw = new Map<string, string>();
  return {
    jar,
    raw,
    async req(path: string, init: RequestInit = {}) {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
      const res = await t.app.request(path, {
        ...init,
        redirect: "manual",
        headers: { ...headers, ...(cookie ? { cookie } : {}), ...init.headers },
      });
      for (const sc of res.headers.getSetCookie()) {
        const [kv] = sc.split(";");
        const i = kv.indexOf("=");
        raw.set(kv.slice(0, i), sc);
        if (/max-age=0/i.test(sc)) jar.delete(kv.slice(0, i));
        else jar.set(kv.slice(0, i), kv.slice(i + 1));
      }
      return res;
    },
    form(path: string, fields: Record<string, string>, extra: Record<string, string> = {}) {
      return this.req(path, {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { "content-type": "application/x-www-form-urlencoded", ...extra },
      });
    },
  };
}

async function csrfOf(res: Response): Promise<string> {
  return (await res.text()).match(/name="_csrf" value="([^"]+)"/)![1];
}

const account = {
  email: "page-user@example.com",
  password: "correct horse battery",
  name: "이서연",
  age: "31",
  gender: "other",
  career_summary: "데이터 분석 5년",
  certifications: "ADsP",
};

async function withApp(fn: (t: TestApp) => Promise<void>) {
  await ensureAssets();
  const t = await createTestApp();
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}

Deno.test("pages: HTML carries a strict CSP and security headers; Korean by default", async () => {
  await withApp(async (t) => {
    const res = await t.app.request("/");
    assert.equal(res.status, 200);
    const csp = res.headers.get("content-security-policy")!;
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /media-src 'self' blob:/);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("x-frame-options"), "DENY");
    assert.ok(res.headers.get("referrer-policy"));
    const html = await res.text();
    assert.match(html, /<html lang="ko">/);
    assert.match(html, /오프라인 모드/, "the offline provider is disclosed");
    assert.doesNotMatch(
      html,
      /<script(?![^>]*(type="application\/json"|src=))/,
      "no inline script",
    );
  });
});

Deno.test("pages: English by Accept-Language or ?lang=, remembered in a cookie", async () => {
  await withApp(async (t) => {
    const en = await t.app.request("/login", { headers: { "accept-language": "en-US,en;q=0.9" } });
    assert.match(await en.text(), /<html lang="en">[\s\S]*Log in/);
    const b = browser(t);
    await b.req("/?lang=en");
    assert.equal(b.jar.get("lang"), "en");
    assert.match(await (await b.req("/signup")).text(), /Create account/);
  });
});

Deno.test("pages: sign-up sets HttpOnly SameSite=Lax session cookies; log-out clears them", async () => {
  await withApp(async (t) => {
    const b = browser(t);
    const csrf = await csrfOf(await b.req("/signup"));
    assert.match(b.raw.get("mi_csrf")!, /HttpOnly/i);
    const res = await b.form("/signup", { _csrf: csrf, ...account });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/dashboard?notice=signup_done");
    for (const name of ["mi_at", "mi_rt"]) {
      assert.match(b.raw.get(name)!, /HttpOnly/i);
      assert.match(b.raw.get(name)!, /SameSite=Lax/i);
      assert.doesNotMatch(b.raw.get(name)!, /Secure/i, "plain http in tests");
    }
    const dash = await b.req("/dashboard");
    assert.equal(dash.status, 200);
    assert.match(await dash.text(), /이서연/);
    const profile = await (await b.req("/profile")).text();
    assert.match(profile, /데이터 분석 5년/);
    assert.match(profile, /value="other" selected/);

    const out = await b.form("/logout", { _csrf: csrf });
    assert.equal(out.status, 303);
    assert.ok(!b.jar.has("mi_at") && !b.jar.has("mi_rt"));
    const after = await b.req("/dashboard");
    assert.equal(after.status, 303);
    assert.match(after.headers.get("location")!, /^\/login\?next=%2Fdashboard/);
  });
});

Deno.test("pages: every form post needs the CSRF token and a same-site Origin", async () => {
  await withApp(async (t) => {
    const b = browser(t);
    const csrf = await csrfOf(await b.req("/signup"));
    const missing = await b.form("/signup", { ...account });
    assert.equal(missing.status, 403);
    assert.match(await missing.text(), /보안 확인에 실패했습니다/);
    const wrong = await b.form("/signup", { ...account, _csrf: csrf.replace(/.$/, "x") });
    assert.equal(wrong.status, 403);
    const foreign = await b.form("/signup", { ...account, _csrf: csrf }, {
      origin: "https://evil.example",
    });
    assert.equal(foreign.status, 403);
    const same = await b.form("/signup", { ...account, _csrf: csrf }, {
      origin: "http://localhost",
    });
    assert.equal(same.status, 303);
  });
});

Deno.test("pages: an expired access cookie is silently refreshed", async () => {
  await withApp(async (t) => {
    const b = browser(t);
    const csrf = await csrfOf(await b.req("/signup"));
    await b.form("/signup", { _csrf: csrf, ...account });
    const oldRefresh = b.jar.get("mi_rt");
    b.jar.delete("mi_at"); // what the browser does when the cookie's 15 minutes are up
    const res = await b.req("/dashboard");
    assert.equal(res.status, 200);
    assert.ok(b.jar.get("mi_at"), "a new access cookie");
    assert.notEqual(b.jar.get("mi_rt"), oldRefresh, "the refresh cookie rotated");
    b.jar.set("mi_at", "garbage");
    assert.equal((await b.req("/profile")).status, 200);
  });
});

Deno.test("pages: form errors re-render with field messages and keep the values", async () => {
  await withApp(async (t) => {
    const b = browser(t);
    const csrf = await csrfOf(await b.req("/signup"));
    const res = await b.form("/signup", { _csrf: csrf, ...account, email: "nope", age: "7" });
    assert.equal(res.status, 422);
    const html = await res.text();
    assert.match(html, /올바른 이메일 주소를 입력하세요/);
    assert.match(html, /나이는 14에서 120 사이/);
    assert.match(html, /데이터 분석 5년/);
    assert.match(html, /aria-invalid="true"/);
    const login = await b.form("/login", { _csrf: csrf, email: "who@example.com", password: "x" });
    assert.equal(login.status, 422);
    assert.match(await login.text(), /이메일 또는 비밀번호가 올바르지 않습니다/);
  });
});

Deno.test("pages: unknown pages and other users' records are HTML 404s; API stays JSON", async () => {
  await withApp(async (t) => {
    const b = browser(t);
    const csrf = await csrfOf(await b.req("/signup"));
    await b.form("/signup", { _csrf: csrf, ...account });
    const missing = await b.req(`/postings/${crypto.randomUUID()}`);
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get("content-type")!, /text\/html/);
    assert.equal((await b.req("/postings/not-a-uuid")).status, 404);
    assert.equal((await b.req("/no/such/page")).status, 404);
    const api = await b.req("/api/no-such-route");
    assert.equal(api.status, 404);
    assert.equal((await api.json()).error.code, "route_not_found");
  });
});

Deno.test("api: the session cookie authenticates, and unsafe cookie requests need X-CSRF-Token", async () => {
  await withApp(async (t) => {
    const b = browser(t);
    const csrf = await csrfOf(await b.req("/signup"));
    await b.form("/signup", { _csrf: csrf, ...account });
    const me = await b.req("/api/users/me");
    assert.equal(me.status, 200);
    assert.equal((await me.json()).email, account.email);

    const start = (headers: Record<string, string>) =>
      b.req("/api/interviews/start", {
        method: "POST",
        body: JSON.stringify({ cover_letter_id: crypto.randomUUID() }),
        headers: { "content-type": "application/json", ...headers },
      });
    const noToken = await start({});
    assert.equal(noToken.status, 403);
    assert.equal((await noToken.json()).error.code, "csrf_failed");
    const withToken = await start({ "x-csrf-token": csrf });
    assert.equal(withToken.status, 404, "past authentication: the letter does not exist");

    // Bearer clients need no CSRF token, cookies or not.
    const other = await signUp(t.app);
    const bearer = await t.app.request("/api/interviews/start", {
      method: "POST",
      body: JSON.stringify({ cover_letter_id: crypto.randomUUID() }),
      headers: { "content-type": "application/json", authorization: `Bearer ${other.access}` },
    });
    assert.equal(bearer.status, 404);
  });
});

Deno.test("static build: hashed assets are immutable; the manifest is not served", async () => {
  await withApp(async (t) => {
    const html = await (await t.app.request("/")).text();
    const css = html.match(/href="(\/static\/build\/styles\.[0-9a-f]+\.css)"/)![1];
    const res = await t.app.request(css);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.match(res.headers.get("content-type")!, /text\/css/);
    assert.ok((await res.text()).length > 1000);
    assert.equal((await t.app.request("/static/build/manifest.json")).status, 404);
    assert.equal((await t.app.request("/static/build/..%2Fstyles.css")).status, 404);
  });
});

Deno.test("static build: the island goes out precompressed where the browser accepts it", async () => {
  await withApp(async (t) => {
    const js = readManifest()!.files["main.js"];
    const url = `/static/build/${js}`;
    const plain = new Uint8Array(await (await t.app.request(url)).arrayBuffer());
    for (
      const [accept, encoding, decode] of [
        ["br, gzip", "br", brotliDecompressSync],
        ["gzip", "gzip", gunzipSync],
      ] as const
    ) {
      const res = await t.app.request(url, { headers: { "accept-encoding": accept } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-encoding"), encoding);
      assert.match(res.headers.get("vary") ?? "", /accept-encoding/i);
      assert.match(res.headers.get("content-type")!, /javascript/);
      const body = new Uint8Array(await res.arrayBuffer());
      assert.ok(body.byteLength < plain.byteLength / 2, `${encoding}: ${body.byteLength} bytes`);
      assert.deepEqual(new Uint8Array(decode(body)), plain);
    }
    // Without Accept-Encoding the plain file is served.
    assert.equal((await t.app.request(url)).headers.get("content-encoding"), null);
  });
});

// Transcript correction before scoring (issue 15), without JavaScript.
Deno.test("pages: the start form opts into transcript review; the result page takes corrections", async () => {
  await withApp(async (t) => {
    const b = browser(t);
    const csrf = await csrfOf(await b.req("/signup"));
    await b.form("/signup", { _csrf: csrf, ...account });
    const token = b.jar.get("mi_at")!;
    const letterId = await letterFor(t, token, "리뷰");
    const letterPage = await (await b.req(`/cover-letters/${letterId}`)).text();
    assert.match(letterPage, /<input[^>]*name="transcript_review"[^>]*checked/);

    const startForm = async (extra: Record<string, string>) => {
      const res = await b.form("/interviews", {
        _csrf: csrf,
        cover_letter_id: letterId,
        mode: "self_intro",
        ...extra,
      });
      assert.equal(res.status, 303);
      return res.headers.get("location")!.split("/").pop()!;
    };
    // An unchecked box sends nothing: no review.
    const plain = await startForm({});
    const sid = await startForm({ transcript_review: "on" });
    const asIs = await startForm({ transcript_review: "on" });
    const flags = await t.db.sql`
      select id, transcript_review from interview_sessions order by created_at`;
    assert.deepEqual(flags.map((r) => [r.id, r.transcript_review]), [
      [plain, false],
      [sid, true],
      [asIs, true],
    ]);

    const heard = "안녕하십니까. 결재 시스템을 삼 년간 개발했습니다.\n감사합니다.";
    for (const id of [sid, asIs]) {
      const form = new FormData();
      form.append("turn_number", "1");
      form.append("answer_text", heard);
      const answered = await t.app.request(`/api/interviews/${id}/answer`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      assert.equal((await answered.json()).review_required, true);
    }
    // "이대로 피드백 받기" sends the transcripts as heard, whatever the textarea holds.
    const accepted = await b.form(`/interviews/${asIs}/review`, {
      _csrf: csrf,
      text_1: "바뀐 글",
      accept: "",
    });
    assert.equal(accepted.status, 303);
    const [kept] = await t.db.sql`
      select s.status, t.original_stt_text from interview_sessions s
      join interview_turns t on t.session_id = s.id where s.id = ${asIs}`;
    assert.deepEqual({ ...kept }, { status: "feedback_pending", original_stt_text: null });

    // The result page is the review form; it does not refresh itself while waiting.
    const page = await b.req(`/interviews/${sid}/result`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, new RegExp(`<form[^>]*action="/interviews/${sid}/review"`));
    assert.match(html, /<textarea[^>]*name="text_1"[^>]*>안녕하십니까\. 결재 시스템을/);
    assert.match(html, /고친 내용으로 피드백 받기/);
    assert.doesNotMatch(html, /http-equiv="refresh"/);

    const url = `/interviews/${sid}/review`;
    const empty = await b.form(url, { _csrf: csrf, text_1: "  " });
    assert.equal(empty.status, 422);
    assert.match(await empty.text(), /비어 있거나 너무 긴 답변이 있습니다/);
    assert.equal((await b.form(url, { text_1: "고친 답" })).status, 403, "CSRF checked");
    const [{ status }] = await t.db.sql`select status from interview_sessions where id = ${sid}`;
    assert.equal(status, "reviewing");

    // A browser sends a textarea's line breaks as CRLF (and multipart did the typed answer's).
    const fixed = "안녕하십니까. 결제 시스템을 3년간 개발했습니다.\r\n감사합니다.";
    const sent = await b.form(url, { _csrf: csrf, text_1: fixed });
    assert.equal(sent.status, 303);
    assert.equal(sent.headers.get("location"), `/interviews/${sid}/result`);
    await runPendingJobs(t.deps);
    const done = await (await b.req(`/interviews/${sid}/result`)).text();
    assert.match(done, /id="overall"/);
    assert.match(done, /결제 시스템을 3년간 개발했습니다\.\r?\n감사합니다\./);
    assert.match(done, /<details[^>]*>.*고침.*처음 받아쓴 내용 보기.*결재 시스템을 삼 년간/s);
    // Sent again (a second click): the result, not an error.
    const twice = await b.form(url, { _csrf: csrf, text_1: "또 고친 답" });
    assert.equal(twice.status, 303);
    const [turn] = await t.db.sql`
      select answer_stt_text, original_stt_text from interview_turns where session_id = ${sid}`;
    assert.deepEqual({ ...turn }, {
      answer_stt_text: fixed,
      original_stt_text: heard.replace("\n", "\r\n"),
    });
  });
});

Deno.test("pages: the room speaks the interview's language, whatever the site's", async () => {
  await withApp(async (t) => {
    const b = browser(t);
    const csrf = await csrfOf(await b.req("/signup"));
    await b.form("/signup", { _csrf: csrf, ...account });
    const letterId = await letterFor(t, b.jar.get("mi_at")!, "언어");
    const room = async (language: string) => {
      const res = await b.form("/interviews", {
        _csrf: csrf,
        cover_letter_id: letterId,
        language,
      });
      assert.equal(res.status, 303);
      return await (await b.req(res.headers.get("location")!)).text();
    };
    const [en, ko] = [await room("en"), await room("ko")];
    // The site stays Korean (its header); the island's copy follows the interview.
    for (const html of [en, ko]) assert.match(html, /<html lang="ko"/);
    assert.match(en, /<div id="recorder" lang="en-US">/);
    assert.ok(en.includes(JSON.stringify(messages("en").rec_stop).slice(1, -1)), "English room");
    assert.ok(ko.includes(JSON.stringify(messages("ko").rec_stop).slice(1, -1)), "Korean room");
    assert.ok(!en.includes(JSON.stringify(messages("ko").rec_stop).slice(1, -1)));
  });
});
