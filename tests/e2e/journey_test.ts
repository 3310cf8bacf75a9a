/**
 * The whole candidate journey in real Chromium with the fake OpenAI and a fake microphone
 * playing Korean speech: sign up → posting → cover letter → five spoken answers through the
 * recorder island → result with five playable recordings and feedback.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
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
  VIEWPORTS,
} from "./browser.ts";

reportSkipped("tests/e2e/journey_test.ts");

/** Waits until the island is in `phase` on turn `turn`. */
async function island(page: Page, phase: string, turn?: number) {
  const sel = `[data-phase='${phase}']${turn ? `[data-turn='${turn}']` : ""}`;
  await page.waitForSelector(sel, { timeout: 30_000 });
}

Deno.test({
  name: "voice interview journey: five recorded answers reach a playable result",
  ...E2E,
  async fn() {
    const app = await startApp("openai");
    const browser = await launch({ mic: "fake" });
    try {
      const { page } = await newPage(browser);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("response", (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));

      for (const [path, name] of [["/", "landing"], ["/signup", "signup"], ["/login", "login"]]) {
        for (const vp of ["phone", "desktop"] as const) {
          await page.setViewportSize(VIEWPORTS[vp]);
          await page.goto(app.base + path);
          await shot(page, `${name}-${vp}`);
        }
      }
      await signUpThroughForm(page, app.base);
      assert.match(await page.textContent("h1") ?? "", /대시보드/);

      const letterUrl = await postingAndLetter(page, app.base);
      assert.ok(await page.isVisible("#feedback"), "the cover letter shows its feedback");

      await startInterviewThroughForm(page, { review: true });
      await shot(page, "interview-start-desktop");
      const uploads: number[] = [];
      page.on("response", (r) => {
        if (r.url().endsWith("/answer") && r.request().method() === "POST") {
          uploads.push(r.status());
        }
      });

      await page.click("[data-ready] #rec-start");
      for (let n = 1; n <= 5; n++) {
        await island(page, "recording", n);
        assert.match(await page.textContent("#question") ?? "", /\S/);
        if (n === 1) await shot(page, "interview-recording-desktop");
        // Let the fake microphone speak for a while before finishing the answer.
        await page.waitForTimeout(3_000);
        await submitTake(page);
        if (n < 5) {
          await island(page, "playing", n + 1).catch(() => island(page, "recording", n + 1));
        } else {
          await page.waitForURL(/\/result$/, { timeout: 60_000 });
        }
      }
      assert.deepEqual(uploads, [200, 200, 200, 200, 200]);

      // The transcript review (on by default): turn 1's transcript is corrected before scoring.
      await page.waitForSelector("form[action$='/review'] #f-text_1");
      await shot(page, "review-desktop");
      await page.fill("#f-text_1", "고친 받아쓰기: 결제 서버의 응답 시간을 40% 줄였습니다.");
      await page.click("form[action$='/review'] button:not([name])");
      await page.waitForSelector("#overall", { timeout: 90_000 });
      assert.match(
        await page.textContent("[data-turn='1'] blockquote") ?? "",
        /고친 받아쓰기: 결제 서버의 응답 시간을 40% 줄였습니다\.\s*고침/,
      );
      const audios = await page.$$eval(
        "audio",
        (els) => els.map((a) => (a as HTMLAudioElement).src),
      );
      assert.equal(audios.length, 5, "one recording per answer");
      for (const src of audios) {
        const res = await page.evaluate(async (url) => {
          const r = await fetch(url, { headers: { Range: "bytes=0-" } });
          const b = new Uint8Array(await r.arrayBuffer());
          return {
            status: r.status,
            type: r.headers.get("content-type"),
            size: b.length,
            head: [...b.slice(0, 4)],
          };
        }, src);
        assert.ok(res.status === 200 || res.status === 206, `audio ${src}: ${res.status}`);
        assert.match(res.type ?? "", /^audio\//);
        assert.ok(res.size > 1000, "real audio bytes");
      }
      // The player itself can read the recording.
      await page.waitForFunction(() =>
        [...document.querySelectorAll("audio")].every((a) =>
          a.readyState >= 1 || a.error === null && a.networkState !== 3
        )
      );
      assert.equal(await page.locator("[data-turn]").count(), 5);
      await shot(page, "result-desktop");
      await page.setViewportSize(VIEWPORTS.phone);
      await shot(page, "result-phone");

      // The other pages, at both widths.
      for (
        const [path, name] of [
          ["/dashboard", "dashboard"],
          ["/history", "history"],
          ["/profile", "profile"],
          [letterUrl.replace(app.base, ""), "cover-letter"],
          ["/postings/new", "posting-new"],
          ["/cover-letters/new", "cover-letter-new"],
        ]
      ) {
        for (const vp of ["phone", "desktop"] as const) {
          await page.setViewportSize(VIEWPORTS[vp]);
          await page.goto(app.base + path);
          await shot(page, `${name}-${vp}`);
        }
      }
      await page.goto(app.base + "/dashboard");
      await page.click("#postings li a");
      await page.waitForSelector("#keywords li");
      await shot(page, "posting-desktop");
      await page.setViewportSize(VIEWPORTS.phone);
      await shot(page, "posting-phone");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await app.close();
    }
  },
});
