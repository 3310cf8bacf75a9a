/**
 * Live captions in real Chromium (issue 16): with live transcription on, the island streams
 * the fake microphone to the live WebSocket while recording, the captions grow on the page
 * before stop is pressed, and the answer is then taken from the live transcript — the file is
 * not transcribed. A socket opened with the page's cookie but without its CSRF token is closed.
 */
import assert from "node:assert/strict";
import { DEFAULT_TRANSCRIPT, fakeOpenAiProvider } from "../fake_openai.ts";
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

reportSkipped("tests/e2e/live_captions_test.ts");

Deno.test({
  name: "live captions arrive while recording; the answer uses the live transcript",
  ...E2E,
  async fn() {
    const app = await startApp(
      "openai",
      (_, fake) => fakeOpenAiProvider(fake, { liveSttModel: "gpt-live-transcribe" }),
    );
    const browser = await launch({ mic: "fake" });
    try {
      const { page } = await newPage(browser);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await signUpThroughForm(page, app.base);
      await postingAndLetter(page, app.base);
      await startInterviewThroughForm(page);
      const fake = app.fake!;
      fake.reset();
      await page.click("[data-ready] #rec-start");
      await page.waitForSelector("[data-phase='recording'][data-turn='1']", { timeout: 30_000 });
      // The fake says a word per half second of audio received: captions before stop.
      // (The panel shows a placeholder in a span until the first words arrive.)
      await page.waitForFunction(
        () => {
          const el = document.getElementById("captions");
          return !!el && !el.querySelector("span") && (el.textContent ?? "").split(" ").length >= 3;
        },
        undefined,
        { timeout: 20_000 },
      );
      const caption = (await page.textContent("#captions"))!.trim();
      assert.ok(DEFAULT_TRANSCRIPT.startsWith(caption), caption);
      assert.equal(await page.locator("[data-phase='recording']").count(), 1, "still recording");
      await shot(page, "interview-live-captions-desktop");
      await submitTake(page);
      await page.waitForSelector("[data-turn='2']", { timeout: 30_000 });

      const [session] = fake.realtime.liveSessions;
      assert.ok(session.audioBytes > 24_000 * 2, `audio streamed: ${session.audioBytes} bytes`);
      assert.equal(session.final, DEFAULT_TRANSCRIPT);
      assert.equal(
        fake.requests.filter((r) => r.endpoint === "transcription").length,
        0,
        "the file is not transcribed",
      );
      const [turn] = await app.test.db.sql<
        { transcript_source: string; answer_stt_text: string }[]
      >`
        select transcript_source, answer_stt_text from interview_turns where turn_number = 1`;
      assert.deepEqual(turn, { transcript_source: "live", answer_stt_text: DEFAULT_TRANSCRIPT });
      assert.deepEqual(errors, []);

      // The page's cookie opens the socket, but only the CSRF token lets audio in.
      const closes = await page.evaluate(async (sid) => {
        const attempt = (csrf: string) =>
          new Promise<number>((resolve) => {
            const ws = new WebSocket(`ws://${location.host}/api/interviews/${sid}/turns/2/live`);
            ws.onopen = () =>
              ws.send(JSON.stringify({ type: "start", live_id: crypto.randomUUID(), csrf }));
            ws.onclose = (e) => resolve(e.code);
          });
        return [await attempt("forged-token-forged-token-forged-token")];
      }, page.url().match(/[0-9a-f-]{36}/)![0]);
      assert.deepEqual(closes, [1008], "a start without the page's CSRF token is refused");
    } finally {
      await browser.close();
      await app.close();
    }
  },
});
