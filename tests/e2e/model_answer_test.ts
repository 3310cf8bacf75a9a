/**
 * The model answer on the result page in real Chromium (offline provider, no script on the
 * page): the form under an answered question makes it and comes back to it, each sentence
 * shows its source below it and in its hover title. Screenshots for phone and desktop.
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
  VIEWPORTS,
} from "./browser.ts";

reportSkipped("tests/e2e/model_answer_test.ts");

Deno.test({
  name: "result page: a model answer per question, every sentence with its source",
  ...E2E,
  async fn() {
    const app = await startApp("offline");
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
      const result = await completedInterview(app.test, token, letterId, {
        answers: typedAnswers(3),
      });

      await page.goto(`${app.base}/interviews/${result.session_id}/result`);
      const section = page.locator("#model-answer-2");
      assert.equal(await section.locator("[data-model-answer]").count(), 0, "none before asked");
      await Promise.all([
        page.waitForURL(/#model-answer-2$/),
        section.getByRole("button", { name: "모범 답안 만들기" }).click(),
      ]);
      const sentences = page.locator("[data-model-answer='2'] > li");
      assert.ok(await sentences.count() >= 2);
      for (let i = 0; i < await sentences.count(); i++) {
        const li = sentences.nth(i);
        const said = (await li.locator("p").textContent())!;
        const title = (await li.getAttribute("title"))!;
        const below = (await li.locator("ul li").allTextContents()).join(" / ");
        assert.match(below, /^(?:프로필|자기소개서|\d번 답변): “/, below);
        assert.equal(title, `근거: ${below}`, "the hover shows the same sources");
        assert.ok(below.includes(said), `"${said}" is its source, word for word`);
      }
      assert.ok(await section.getByRole("button", { name: "모범 답안 다시 만들기" }).isVisible());
      assert.equal(await page.locator("script[src]").count(), 0, "no client script");
      for (const [name, size] of Object.entries(VIEWPORTS)) {
        await page.setViewportSize(size);
        await section.scrollIntoViewIfNeeded();
        await shot(page, `model-answer-${name}`);
      }
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await app.close();
    }
  },
});
