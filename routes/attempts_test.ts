/**
 * The result page's retry and compare without script: the link to the recorder's retry page,
 * a typed retry through the page form (CSRF-checked), the attempt shown against the answer
 * before it, and a failed attempt scored again through its button.
 */
import assert from "node:assert/strict";
import { createOfflineProvider } from "../lib/ai/offline/mod.ts";
import { ensureAssets } from "../lib/assets.ts";
import { AppError } from "../lib/errors.ts";
import { createTestApp, signUp, type TestApp } from "../tests/helpers.ts";
import { completedInterview, letterFor } from "../tests/interview_helpers.ts";

const TYPED = "PostgreSQL 인덱스를 다시 설계해 주문 조회 응답 시간을 40% 줄였습니다. " +
  "실행 계획을 매주 점검하고, 느린 쿼리 알림을 Grafana로 만들었습니다.";

/** A cookie-keeping client without JavaScript. */
function browser(t: TestApp) {
  const jar = new Map<string, string>();
  return {
    async req(path: string, init: RequestInit = {}) {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
      const res = await t.app.request(path, {
        ...init,
        redirect: "manual",
        headers: { ...(cookie ? { cookie } : {}), ...init.headers },
      });
      for (const sc of res.headers.getSetCookie()) {
        const [kv] = sc.split(";");
        const i = kv.indexOf("=");
        jar.set(kv.slice(0, i), kv.slice(i + 1));
      }
      return res;
    },
    form(path: string, fields: Record<string, string>) {
      return this.req(path, {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    },
  };
}

const csrfIn = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)![1];

Deno.test("result page: a typed retry without script, compared; a failed one scored again", async () => {
  await ensureAssets();
  let failing = 0;
  const offline = createOfflineProvider();
  const t = await createTestApp({
    ai: {
      ...offline,
      answerFeedback: (ctx, qa) =>
        failing-- > 0
          ? Promise.reject(new AppError("upstream", "ai_llm_failed", "Injected failure"))
          : offline.answerFeedback(ctx, qa),
    },
  });
  try {
    const user = await signUp(t.app);
    const letter = await letterFor(t, user.access, "백엔드 개발자");
    const sid = (await completedInterview(t, user.access, letter)).session_id;
    const b = browser(t);
    const login = await b.req("/login");
    await b.form("/login", {
      _csrf: csrfIn(await login.text()),
      email: user.email,
      password: "correct horse battery",
    });
    const page = async () => {
      const res = await b.req(`/interviews/${sid}/result`);
      assert.equal(res.status, 200);
      return await res.text();
    };

    let html = await page();
    for (let n = 1; n <= 5; n++) {
      assert.ok(html.includes(`href="/interviews/${sid}/turns/${n}/retry"`), `retry link ${n}`);
      assert.ok(html.includes(`action="/interviews/${sid}/turns/${n}/attempts"`), `form ${n}`);
    }
    assert.ok(!html.includes("data-attempt="), "no attempts yet");
    const csrf = csrfIn(html);
    const path = `/interviews/${sid}/turns/2/attempts`;

    const forged = await b.form(path, { answer_text: TYPED });
    assert.equal(forged.status, 403, "no CSRF token");
    await forged.body?.cancel();
    const sent = await b.form(path, { _csrf: csrf, answer_text: TYPED });
    assert.equal(sent.status, 303);
    assert.equal(sent.headers.get("location"), `/interviews/${sid}/result#turn-2`);

    html = await page();
    const block = html.slice(html.indexOf('data-attempt="2"'));
    assert.ok(html.includes('data-attempt="2"') && html.includes('data-state="scored"'));
    assert.ok(block.includes("data-score-change"));
    assert.ok(block.includes("<ins"), "added words are marked");
    assert.ok(block.includes("Grafana로"), "the new answer is shown");
    assert.match(block, /data-dimension="delivery"[^]*?<dd[^>]*><span class="text-slate-400">/);

    // A failed scoring keeps the attempt: the page offers to score it again.
    failing = 1;
    const failed = await b.form(`/interviews/${sid}/turns/3/attempts`, {
      _csrf: csrf,
      answer_text: TYPED,
    });
    assert.equal(failed.status, 303, "back to the result, not an error page");
    html = await page();
    const rerun = `/interviews/${sid}/turns/3/attempts/2/retry`;
    assert.ok(html.includes(`action="${rerun}"`));
    assert.ok(html.includes('data-state="failed"'));
    assert.equal((await b.form(rerun, { _csrf: csrf })).status, 303);
    html = await page();
    assert.ok(!html.includes('data-state="failed"'));
    assert.ok(!html.includes(`action="${rerun}"`));

    // The form calls the AI: past the per-user AI limit it is refused and stores nothing.
    await t.db.sql`update rate_limits set count = 10000 where key like 'ai-user:%'`;
    const count = async () =>
      (await t.db.sql`select count(*)::int as n from turn_attempts`)[0].n as number;
    const before = await count();
    const limited = await b.form(`/interviews/${sid}/turns/4/attempts`, {
      _csrf: csrf,
      answer_text: TYPED,
    });
    assert.equal(limited.status, 429);
    await limited.body?.cancel();
    assert.equal(await count(), before);
  } finally {
    await t.close();
  }
});
