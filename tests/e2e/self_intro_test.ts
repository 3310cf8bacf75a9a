/**
 * A 1분 자기소개 in real Chromium with the fake OpenAI and a fake microphone: the mode chosen on
 * the start form, one spoken answer through the recorder island, and a result that shows the
 * self-introduction target and the rubric table, at phone and desktop widths.
 */
import assert from "node:assert/strict";
import {
  E2E,
  launch,
  newPage,
  postingAndLetter,
  reportSkipped,
  shot,
  signUpThroughForm,
  startApp,
  startInterviewThroughForm,
  submitTake,
} from "./browser.ts";

reportSkipped("tests/e2e/self_intro_test.ts");

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

Deno.test({
  name: "a 1분 자기소개 is one recorded answer, judged against its target with the rubric",
  ...E2E,
  async fn() {
    const app = await startApp("openai");
    const browser = await launch({ mic: "fake" });
    try {
      const { page } = await newPage(browser);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("response", (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
      await signUpThroughForm(page, app.base);
      await postingAndLetter(page, app.base);

      await page.selectOption("#f-mode", "self_intro");
      for (const [vp, size] of [["phone", PHONE], ["desktop", DESKTOP]] as const) {
        await page.setViewportSize(size);
        await shot(page, `self-intro-start-${vp}`);
      }
      await startInterviewThroughForm(page);
      // The fake model writes its own question; the island knows there is only one.
      assert.match(await page.textContent("#question") ?? "", /\S/);
      assert.match(await page.textContent("body") ?? "", /1 \/ 1/, "one question in all");

      await page.click("[data-ready] #rec-start");
      await page.waitForSelector("[data-phase='recording'][data-turn='1']", { timeout: 30_000 });
      await page.setViewportSize(PHONE);
      await shot(page, "self-intro-recording-phone");
      await page.waitForTimeout(4_000);
      // The only answer ends the interview.
      await submitTake(page);
      await page.waitForURL(/\/result$/, { timeout: 60_000 });
      await page.waitForSelector("#overall", { timeout: 90_000 });
      assert.equal(await page.locator("[data-turn]").count(), 1);
      // A few seconds of speech is far from 57 s: off target, and the table has all five rows,
      // delivery included (the answer was spoken).
      assert.equal(
        await page.getAttribute("[data-self-intro]", "data-self-intro"),
        "off-target",
      );
      const dims = await page.$$eval(
        "[data-rubric] tr[data-dimension]",
        (rows) => rows.map((r) => r.getAttribute("data-dimension")),
      );
      assert.deepEqual(dims, [
        "conclusion_first",
        "specifics",
        "relevance",
        "structure",
        "delivery",
      ]);
      assert.match(await page.textContent("[data-rubric]") ?? "", /결론 먼저/);
      for (const [vp, size] of [["phone", PHONE], ["desktop", DESKTOP]] as const) {
        await page.setViewportSize(size);
        await shot(page, `self-intro-result-${vp}`);
      }
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await app.close();
    }
  },
});
