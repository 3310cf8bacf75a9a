/**
 * Retry and compare in real Chromium on the fake OpenAI: after a recorded interview, the result
 * page's typed retry (a plain form, no script needed) stores and scores a new answer, and the
 * page shows it beside the recorded one with both players, the score change per dimension and
 * the word diff. Screenshots for phone and desktop.
 */
import assert from "node:assert/strict";
import { jsonReq } from "../helpers.ts";
import { completedInterview, letterFor, typedAnswers } from "../interview_helpers.ts";
import {
  E2E,
  launch,
  newPage,
  reportSkipped,
  shot,
  signUpThroughForm,
  startApp,
} from "./browser.ts";

reportSkipped("tests/e2e/attempts_test.ts");

const RETRY = "결제 API의 PostgreSQL 인덱스를 다시 설계해 응답 시간을 40% 줄였습니다. " +
  "실행 계획을 매주 점검하고 느린 쿼리 알림을 Grafana로 만들었습니다.";

Deno.test({
  name: "result page: a typed retry beside the recorded answer, with score change and word diff",
  ...E2E,
  async fn() {
    const app = await startApp("openai");
    const browser = await launch({ mic: "deny" });
    try {
      const { page } = await newPage(browser);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("response", (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
      const email = await signUpThroughForm(page, app.base);
      const login = await app.test.app.request(
        "/api/auth/login",
        jsonReq("POST", { email, password: "correct horse battery" }),
      );
      const token = (await login.json()).access_token;
      const letterId = await letterFor(app.test, token, "핀테크 백엔드 개발자");
      const audio = await Deno.readFile(
        new URL("../fixtures/audio/speech.webm", import.meta.url),
      );
      app.fake!.queueTranscripts(...typedAnswers(2));
      const { session_id } = await completedInterview(app.test, token, letterId, { audio });

      await page.goto(`${app.base}/interviews/${session_id}/result`);
      const turn = page.locator('li[data-turn="2"]');
      assert.equal(
        await turn.locator("[data-retry-link]").getAttribute("href"),
        `/interviews/${session_id}/turns/2/retry`,
      );
      await turn.locator("details summary").click();
      await turn.locator("textarea[name=answer_text]").fill(RETRY);
      await Promise.all([
        page.waitForURL(/\/result#turn-2$/),
        turn.locator("form[action$='/attempts'] button").click(),
      ]);

      const attempt = page.locator('[data-attempt="2"]');
      assert.equal(await attempt.getAttribute("data-state"), "scored");
      assert.equal(await attempt.locator("audio").count(), 1, "the recorded answer's player");
      assert.equal(await attempt.locator("[data-score-change] [data-dimension]").count(), 6);
      assert.ok((await attempt.locator("ins").count()) > 0, "added words marked");
      assert.ok((await attempt.locator("del").count()) > 0, "removed words marked");
      // Side by side on a desktop: the two columns share a row.
      const [a, b] = await Promise.all(
        [1, 2].map((n) => attempt.locator(`[data-side="${n}"]`).boundingBox()),
      );
      assert.ok(a && b && Math.abs(a.y - b.y) < 2 && b.x > a.x + 100, "columns on desktop");
      await attempt.scrollIntoViewIfNeeded();
      await shot(page, "attempts-desktop");

      await page.setViewportSize({ width: 390, height: 844 });
      const [c, d] = await Promise.all(
        [1, 2].map((n) => attempt.locator(`[data-side="${n}"]`).boundingBox()),
      );
      assert.ok(c && d && d.y > c.y + c.height - 1, "stacked on a phone");
      await shot(page, "attempts-phone");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await app.close();
    }
  },
});
