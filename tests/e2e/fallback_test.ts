/**
 * The recorder's fallbacks in real Chromium: a refused microphone leads to guidance and a
 * typed answer, and with the offline provider (no TTS/STT) a whole interview is answered in
 * writing, the questions read by the browser's voice.
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
} from "./browser.ts";

reportSkipped("tests/e2e/fallback_test.ts");

const ANSWER = "저는 결제 시스템 장애를 분석해 원인을 찾고, 팀과 함께 재발 방지 대책을 세웠습니다.";

async function startInterview(page: Page, base: string) {
  await signUpThroughForm(page, base);
  await postingAndLetter(page, base);
  await startInterviewThroughForm(page);
}

async function typeAnswer(page: Page, turn: number) {
  await page.waitForSelector(`[data-turn='${turn}'] #answer-text`);
  await page.fill("#answer-text", `${ANSWER} (${turn})`);
  await page.click("#answer-send");
}

Deno.test({
  name: "microphone denied: guidance and a typed answer move the interview on",
  ...E2E,
  async fn() {
    const app = await startApp("openai");
    const browser = await launch({ mic: "deny" });
    try {
      const { page } = await newPage(browser, { viewport: "phone", denyMic: true });
      await startInterview(page, app.base);
      await page.click("[data-ready] #rec-start");
      await page.waitForSelector("#answer-text");
      const note = await page.textContent("[data-phase] form");
      assert.match(note ?? "", /마이크 권한이 거부되었습니다/);
      await shot(page, "interview-mic-denied-phone");
      await typeAnswer(page, 1);
      await page.waitForSelector("[data-turn='2']");
      assert.match(await page.textContent("#question") ?? "", /\S/);
      const answered = app.fake!.requests.filter((r) => r.endpoint === "transcription");
      assert.equal(answered.length, 0, "a typed answer is not transcribed");
    } finally {
      await browser.close();
      await app.close();
    }
  },
});

Deno.test({
  name: "offline provider: an interview answered in writing reaches its feedback",
  ...E2E,
  async fn() {
    const app = await startApp("offline");
    // Without a microphone; spoken answers offline are tests/e2e/offline_voice_test.ts.
    const browser = await launch({ mic: "deny" });
    try {
      const { page } = await newPage(browser, { denyMic: true });
      await page.goto(app.base);
      assert.ok(await page.isVisible("text=지금은 오프라인 모드입니다"), "honest offline notice");
      await startInterview(page, app.base);
      await page.click("[data-ready] #rec-start");
      await page.waitForSelector("#answer-text");
      assert.match(
        await page.textContent("[data-phase] form") ?? "",
        /마이크 권한이 거부되었습니다/,
      );
      await shot(page, "interview-offline-desktop");
      for (let n = 1; n <= 4; n++) {
        await typeAnswer(page, n);
        await page.waitForSelector(`[data-turn='${n + 1}']`);
      }
      await Promise.all([page.waitForURL(/\/result$/), typeAnswer(page, 5)]);
      await page.waitForSelector("#overall", { timeout: 60_000 });
      assert.equal(await page.locator("li[data-turn]").count(), 5);
      assert.equal(await page.locator("audio").count(), 0, "typed answers have no recordings");
      assert.equal(await page.locator("text=말하기 지표").count(), 0, "nor speaking metrics");
      assert.equal(await page.locator("footer").count(), 0, "nor the expiring-link footer");
      assert.match(await page.textContent("li[data-turn='1']") ?? "", /결제 시스템 장애/);
      await shot(page, "result-offline-desktop");

      // English switch: the same page in the other language, remembered by cookie.
      await page.click("a[hreflang='en']");
      await page.waitForSelector("text=Interview result");
      await page.goto(app.base + "/dashboard");
      assert.match(await page.textContent("h1") ?? "", /Dashboard/);
      await shot(page, "dashboard-en-desktop");
    } finally {
      await browser.close();
      await app.close();
    }
  },
});

Deno.test({
  name:
    "recorder: no speech asks for a new recording; a failed transcription resumes on the server",
  ...E2E,
  async fn() {
    const app = await startApp("openai");
    const browser = await launch({ mic: "fake" });
    try {
      const { page } = await newPage(browser, { viewport: "phone" });
      await startInterview(page, app.base);
      app.fake!.queueTranscripts("");
      await page.click("[data-ready] #rec-start");
      await page.waitForSelector("[data-phase='recording'][data-turn='1']");
      await page.waitForTimeout(2_500);
      await submitTake(page);
      await page.waitForSelector("[data-phase='again'] #rec-again");
      assert.match(await page.textContent("#rec-status") ?? "", /목소리가 들리지 않았습니다/);
      await shot(page, "interview-no-speech-phone");

      await page.click("#rec-again");
      await page.waitForSelector("[data-phase='recording'][data-turn='1']");
      await page.waitForTimeout(2_500);
      app.fake!.failNext("transcription", 1, 500);
      await submitTake(page);
      await page.waitForSelector("[data-phase='failed'] #rec-retry-server");
      await shot(page, "interview-retry-phone");
      await page.click("#rec-retry-server");
      await page.waitForSelector(
        "[data-turn='2']:is([data-phase='playing'], [data-phase='recording'])",
      );
      const result = await app.test.app.request(
        new URL(page.url()).pathname.replace("/interviews/", "/api/interviews/") + "/result",
        {
          headers: {
            cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; "),
          },
        },
      );
      const turns = (await result.json()).turns;
      assert.ok(turns[0].answer_audio_url, "the first recording was kept and transcribed on retry");
      assert.ok(turns[0].answer_stt_text);
    } finally {
      await browser.close();
      await app.close();
    }
  },
});
