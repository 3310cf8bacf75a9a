import assert from "node:assert/strict";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { ensureAssets, readManifest } from "../lib/assets.ts";
import { createTestApp, signUp, type TestApp } from "../tests/helpers.ts";

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
