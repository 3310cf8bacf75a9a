import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { createTestApp, jsonReq, signUp, type TestApp } from "../../../tests/helpers.ts";

const PASSWORD = "correct horse battery";

// One database per test file; each case is a step against the same app.
const cases: [string, (t: TestApp) => Promise<void>][] = [];
const suite = (name: string, fn: (t: TestApp) => Promise<void>) => cases.push([name, fn]);

async function body(res: Response) {
  const text = await res.text();
  assert.ok(!text.includes(PASSWORD), "password leaked into a response");
  assert.ok(!/password_hash|\$argon2/.test(text), "hash leaked into a response");
  return text ? JSON.parse(text) : null;
}

suite("auth: register, login, me, patch, refresh rotation, logout", async ({ app }) => {
  const reg = await app.request(
    "/api/auth/register",
    jsonReq("POST", {
      email: "Kim@Example.com",
      password: PASSWORD,
      name: "김지원",
      age: 27,
      gender: "female",
      career_summary: "백엔드 개발 3년",
      certifications: "정보처리기사",
    }),
  );
  assert.equal(reg.status, 201);
  const user = await body(reg);
  assert.deepEqual(Object.keys(user).sort(), ["email", "id", "name"]);
  assert.equal(user.email, "kim@example.com");

  const login = await app.request(
    "/api/auth/login",
    jsonReq("POST", { email: "KIM@example.com", password: PASSWORD }),
  );
  assert.equal(login.status, 200);
  const pair = await body(login);
  assert.equal(pair.token_type, "bearer");
  assert.ok(pair.access_token && pair.refresh_token);

  const me = await app.request("/api/users/me", jsonReq("GET", undefined, pair.access_token));
  assert.equal(me.status, 200);
  assert.deepEqual(await body(me), {
    id: user.id,
    email: "kim@example.com",
    name: "김지원",
    age: 27,
    gender: "female",
    career_summary: "백엔드 개발 3년",
    certifications: "정보처리기사",
  });

  const patched = await app.request(
    "/api/users/me",
    jsonReq("PATCH", { career_summary: "백엔드 개발 4년", age: 28 }, pair.access_token),
  );
  assert.equal(patched.status, 200);
  const p = await body(patched);
  assert.equal(p.career_summary, "백엔드 개발 4년");
  assert.equal(p.age, 28);
  assert.equal(p.name, "김지원");

  const r1 = await app.request(
    "/api/auth/refresh",
    jsonReq("POST", { refresh_token: pair.refresh_token }),
  );
  assert.equal(r1.status, 200);
  const pair2 = await body(r1);
  assert.ok(pair2.refresh_token && pair2.refresh_token !== pair.refresh_token);
  const me2 = await app.request("/api/users/me", jsonReq("GET", undefined, pair2.access_token));
  assert.equal(me2.status, 200);

  const out = await app.request(
    "/api/auth/logout",
    jsonReq("POST", { refresh_token: pair2.refresh_token }),
  );
  assert.equal(out.status, 204);
  const after = await app.request(
    "/api/auth/refresh",
    jsonReq("POST", { refresh_token: pair2.refresh_token }),
  );
  assert.equal(after.status, 401);
  assert.equal((await body(after)).error.code, "refresh_token_revoked");
});

suite("auth: reusing a rotated refresh token revokes the whole family", async ({ app }) => {
  const u = await signUp(app);
  const r1 = await body(
    await app.request("/api/auth/refresh", jsonReq("POST", { refresh_token: u.refresh })),
  );
  // The old token is presented again: a replay.
  const replay = await app.request(
    "/api/auth/refresh",
    jsonReq("POST", { refresh_token: u.refresh }),
  );
  assert.equal(replay.status, 401);
  // …and the legitimately rotated token is now dead too.
  const next = await app.request(
    "/api/auth/refresh",
    jsonReq("POST", { refresh_token: r1.refresh_token }),
  );
  assert.equal(next.status, 401);
  // A separate login (another family) is unaffected.
  const again = await app.request(
    "/api/auth/login",
    jsonReq("POST", { email: u.email, password: PASSWORD }),
  );
  assert.equal(again.status, 200);
});

suite("auth: wrong password, unknown e-mail and duplicate e-mail", async ({ app }) => {
  const u = await signUp(app);
  const wrong = await app.request(
    "/api/auth/login",
    jsonReq("POST", { email: u.email, password: "wrong password" }),
  );
  assert.equal(wrong.status, 401);
  const wrongBody = await body(wrong);
  const unknown = await app.request(
    "/api/auth/login",
    jsonReq("POST", { email: "nobody@example.com", password: PASSWORD }),
  );
  assert.equal(unknown.status, 401);
  // The same answer either way: no account enumeration.
  assert.deepEqual(await body(unknown), wrongBody);

  const dup = await app.request(
    "/api/auth/register",
    jsonReq("POST", { email: u.email.toUpperCase(), password: PASSWORD }),
  );
  assert.equal(dup.status, 409);
  assert.equal((await body(dup)).error.code, "email_taken");
});

suite("auth: input validation answers 4xx JSON, never 500", async ({ app, deps }) => {
  const cases: [RequestInit, number][] = [
    [{ method: "POST", headers: { "content-type": "application/json" }, body: "{not json" }, 400],
    [jsonReq("POST", {}), 422],
    [jsonReq("POST", { email: "not-an-email", password: PASSWORD }), 422],
    [jsonReq("POST", { email: "a@example.com", password: "short" }), 422],
    [jsonReq("POST", { email: "a@example.com", password: "x".repeat(257) }), 422],
    [jsonReq("POST", { email: "a@example.com", password: PASSWORD, gender: "robot" }), 422],
    [jsonReq("POST", { email: "a@example.com", password: PASSWORD, age: "old" }), 422],
  ];
  for (const [init, status] of cases) {
    const res = await app.request("/api/auth/register", init);
    assert.equal(res.status, status, `${init.body} → ${res.status}`);
    const b = await body(res);
    assert.equal(typeof b.error.code, "string");
    assert.equal(typeof b.error.message, "string");
  }
  const [{ n }] = await deps.sql<{ n: number }[]>`select count(*)::int as n from users`;
  const before = n;
  await app.request("/api/auth/register", jsonReq("POST", { email: "x@example.com" }));
  const [{ n: after }] = await deps.sql<{ n: number }[]>`select count(*)::int as n from users`;
  assert.equal(after, before, "bad input changes nothing");
});

suite(
  "auth: tampered, alg:none, expired and mistyped tokens are refused",
  async ({ app, deps }) => {
    const u = await signUp(app);
    const me = (token: string) => app.request("/api/users/me", jsonReq("GET", undefined, token));

    assert.equal((await me(u.access)).status, 200);
    const [h, p, s] = u.access.split(".");
    const flipped = s[0] === "A" ? "B" + s.slice(1) : "A" + s.slice(1);
    assert.equal((await me(`${h}.${p}.${flipped}`)).status, 401);

    const payload = JSON.parse(atob(p.replace(/-/g, "+").replace(/_/g, "/")));
    const b64 = (o: unknown) =>
      btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    assert.equal((await me(`${b64({ alg: "none", typ: "JWT" })}.${p}.`)).status, 401);
    assert.equal(
      (await me(`${b64({ alg: "HS256" })}.${b64({ ...payload, sub: crypto.randomUUID() })}.${s}`))
        .status,
      401,
    );

    const key = new TextEncoder().encode(deps.config.jwtSecret);
    const expired = await new SignJWT({ typ: "access" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(u.id).setJti(crypto.randomUUID()).setIssuer("mock-interview")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    const expiredRes = await me(expired);
    assert.equal(expiredRes.status, 401);
    assert.equal((await body(expiredRes)).error.code, "token_expired");

    const hs512 = await new SignJWT({ typ: "access" })
      .setProtectedHeader({ alg: "HS512" })
      .setSubject(u.id).setJti(crypto.randomUUID()).setIssuer("mock-interview")
      .setExpirationTime("10m").sign(key);
    assert.equal((await me(hs512)).status, 401, "algorithm outside the allow-list");

    // A refresh token is not an access token, and vice versa.
    assert.equal((await me(u.refresh)).status, 401);
    const asRefresh = await app.request(
      "/api/auth/refresh",
      jsonReq("POST", { refresh_token: u.access }),
    );
    assert.equal(asRefresh.status, 401);
    assert.equal((await me("")).status, 401);
    assert.equal((await app.request("/api/users/me")).status, 401);
  },
);

suite("auth: login is rate limited per account with Retry-After", async ({ app }) => {
  const u = await signUp(app);
  let last: Response | undefined;
  // Fixed one-minute windows: 2 × (10 + 1) attempts reach a 429 even if a window ends midway.
  for (let i = 0; i < 22; i++) {
    last = await app.request(
      "/api/auth/login",
      jsonReq("POST", { email: u.email, password: "wrong password" }),
    );
    if (last.status === 429) break;
    await last.body?.cancel();
  }
  assert.equal(last!.status, 429);
  assert.ok(Number(last!.headers.get("retry-after")) >= 1);
  assert.equal((await body(last!)).error.code, "rate_limited");
});

suite(
  "api: every JSON response carries a request id and nosniff, and no HTML policy",
  async ({ app }) => {
    const { access } = await signUp(app);
    const ok = await app.request("/api/users/me", {
      headers: { authorization: `Bearer ${access}` },
    });
    const denied = await app.request("/api/users/me");
    const ids = new Set<string>();
    for (const [res, status] of [[ok, 200], [denied, 401]] as const) {
      assert.equal(res.status, status);
      assert.equal(res.headers.get("content-type"), "application/json");
      const id = res.headers.get("x-request-id") ?? "";
      assert.match(id, /^[0-9a-f-]{36}$/);
      ids.add(id);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      assert.equal(res.headers.get("referrer-policy"), "same-origin");
      assert.equal(res.headers.get("content-security-policy"), null);
      await res.body?.cancel();
    }
    assert.equal(ids.size, 2, "one id per request");
  },
);

suite("openapi: a 3.1 document covering auth and users", async ({ app }) => {
  const res = await app.request("/api/openapi.json");
  assert.equal(res.status, 200);
  const doc = await res.json();
  assert.equal(doc.openapi, "3.1.0");
  for (
    const path of ["/auth/register", "/auth/login", "/auth/refresh", "/auth/logout", "/users/me"]
  ) {
    assert.ok(doc.paths[path], `missing ${path}`);
  }
  const login = doc.paths["/auth/login"].post;
  assert.ok(login.requestBody.content["application/json"].schema);
  assert.ok(login.responses["200"].content["application/json"].schema);
});

Deno.test("auth and users API", async (t) => {
  const app = await createTestApp({ env: { RATE_LIMIT_AUTH_IP: "1000" } });
  try {
    for (const [name, fn] of cases) await t.step(name, () => fn(app));
    await t.step("auth: register and login are rate limited per IP", async () => {
      // 1000 per minute in this file; the counter is shared by every request above, so drive
      // the window past the limit directly and check the next request is refused. The next
      // window is filled too: on a slow machine the request may land in it.
      const { sql } = app.deps;
      const minute = Math.floor(Date.now() / 60_000) * 60_000;
      for (const start of [minute, minute + 60_000]) {
        await sql`
          insert into rate_limits (key, window_start, count)
          values ('auth-ip:local', ${new Date(start)}, 1000)
          on conflict (key, window_start) do update set count = 1000`;
      }
      const res = await app.app.request(
        "/api/auth/register",
        jsonReq("POST", { email: "late@example.com", password: PASSWORD }),
      );
      assert.equal(res.status, 429);
      assert.ok(Number(res.headers.get("retry-after")) >= 1);
      const [{ n }] = await sql<{ n: number }[]>`
        select count(*)::int as n from users where email = 'late@example.com'`;
      assert.equal(n, 0, "a refused request changes nothing");
    });
  } finally {
    await app.close();
  }
});
