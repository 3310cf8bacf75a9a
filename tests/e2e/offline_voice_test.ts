/**
 * The embedded default (offline provider, no server STT or TTS) as a voice interview in real
 * Chromium with a fake microphone: a stubbed `SpeechRecognition` in the page gives live
 * captions and the transcripts; without recognition the candidate types the transcript under
 * the recording; an engine whose `speechSynthesis.cancel()` reports its error at once still
 * starts exactly one recording when the question is skipped.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  E2E,
  type E2eApp,
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

reportSkipped("tests/e2e/offline_voice_test.ts");

const PHRASES = ["저는 결제 시스템의", "장애 원인을 찾아", "복구 시간을 줄였습니다"];
const HEARD = PHRASES.join(" ");
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/**
 * A continuous recogniser that, once started, hears PHRASES one by one: each first as an
 * interim result (its first characters), then final. `available()` says on-device
 * recognition is missing, as in a Chrome that would send audio to Google.
 */
function stubRecognition(phrases: string[]) {
  class StubRecognition {
    lang = "";
    continuous = false;
    interimResults = false;
    onresult: ((e: unknown) => void) | null = null;
    onend: (() => void) | null = null;
    onerror: ((e: unknown) => void) | null = null;
    #timer: ReturnType<typeof setInterval> | undefined;
    static available() {
      return Promise.resolve("unavailable");
    }
    start() {
      (globalThis as unknown as { __langs: string[] }).__langs.push(this.lang);
      const list: unknown[] = [];
      let step = 0;
      this.#timer = setInterval(() => {
        const k = Math.floor(step / 2);
        if (k >= phrases.length) return;
        const final = step++ % 2 === 1;
        list[k] = Object.assign([{ transcript: final ? phrases[k] : phrases[k].slice(0, 3) }], {
          isFinal: final,
        });
        this.onresult?.({ resultIndex: k, results: list });
      }, 200);
    }
    stop() {
      clearInterval(this.#timer);
      setTimeout(() => this.onend?.(), 30);
    }
  }
  const g = globalThis as unknown as Record<string, unknown>;
  g.__langs = [];
  g.SpeechRecognition = StubRecognition;
  g.webkitSpeechRecognition = StubRecognition;
}

/** A browser without speech recognition (Firefox, WebKit). */
function removeRecognition() {
  const g = globalThis as unknown as Record<string, unknown>;
  delete g.SpeechRecognition;
  delete g.webkitSpeechRecognition;
}

/**
 * A Korean voice that starts speaking and never ends, whose `cancel()` fires the utterance's
 * error synchronously and then throws; counts MediaRecorder starts.
 */
function stubSynthesisAndCountStarts() {
  const g = globalThis as unknown as Record<string, unknown>;
  g.__starts = 0;
  const start = MediaRecorder.prototype.start;
  MediaRecorder.prototype.start = function (this: MediaRecorder, ...a: [number?]) {
    g.__starts = (g.__starts as number) + 1;
    return start.apply(this, a);
  };
  type U = { text: string; onstart?: () => void; onerror?: (e: unknown) => void };
  let current: U | null = null;
  g.SpeechSynthesisUtterance = class {
    constructor(public text: string) {}
  };
  Object.defineProperty(globalThis, "speechSynthesis", {
    value: {
      getVoices: () => [{ lang: "ko-KR", name: "stub", voiceURI: "stub", default: true }],
      addEventListener() {},
      removeEventListener() {},
      speak(u: U) {
        current = u;
        setTimeout(() => u.onstart?.(), 10);
      },
      cancel() {
        const u = current;
        current = null;
        u?.onerror?.({ error: "interrupted" });
        throw new Error("cancel failed");
      },
    },
  });
}

async function startInterview(page: Page, base: string): Promise<string> {
  await signUpThroughForm(page, base);
  await postingAndLetter(page, base);
  await startInterviewThroughForm(page);
  return new URL(page.url()).pathname.split("/").pop()!;
}

async function turns(app: E2eApp, sessionId: string) {
  return await app.test.db.sql<
    { turn_number: number; answer_source: string; transcript_source: string; text: string }[]
  >`select turn_number, answer_source, transcript_source, answer_stt_text as text
    from interview_turns where session_id = ${sessionId} order by turn_number`;
}

/** What every `<audio>` on the page does: its duration, and where a seek to d/2 lands. */
const PLAYERS = () =>
  Promise.all([...document.querySelectorAll("audio")].map(async (a) => {
    if (a.readyState < 1) {
      await new Promise((ok, fail) => {
        a.addEventListener("loadedmetadata", ok, { once: true });
        a.addEventListener("error", () => fail(new Error(`audio error ${a.error?.code}`)));
        a.load();
      });
    }
    const duration = a.duration;
    await new Promise((ok) => {
      a.addEventListener("seeked", ok, { once: true });
      a.currentTime = duration / 2;
    });
    return { duration, seekedTo: a.currentTime };
  }));

Deno.test({
  name: "offline: five spoken answers with live captions reach five seekable recordings",
  ...E2E,
  async fn() {
    const app = await startApp("offline");
    const browser = await launch({ mic: "fake" });
    try {
      const { context, page } = await newPage(browser);
      await context.addInitScript(stubRecognition, PHRASES);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      const sid = await startInterview(page, app.base);
      await page.waitForSelector("[data-ready] #rec-recognition-on");
      assert.match(await page.textContent("#rec-recognition") ?? "", /Google/);
      assert.equal(await page.isChecked("#rec-recognition-on"), true);

      await page.click("#rec-start");
      for (let n = 1; n <= 5; n++) {
        await page.waitForSelector(`[data-phase='recording'][data-turn='${n}']`);
        // Captions while recording: the interim part first, then every final phrase.
        await page.waitForFunction(
          (want) => document.querySelector("#captions")?.textContent?.includes(want),
          PHRASES[0].slice(0, 3),
        );
        await page.waitForFunction(
          (want) => document.querySelector("#captions")?.textContent === want,
          HEARD,
        );
        if (n === 1) {
          await page.setViewportSize(DESKTOP);
          await shot(page, "offline-interview-captions-desktop");
          await page.setViewportSize(PHONE);
          await shot(page, "offline-interview-captions-phone");
          await page.setViewportSize(DESKTOP);
        }
        // The fake microphone speaks a while longer: the recording is real audio.
        await page.waitForTimeout(1_500);
        if (n === 1) {
          // The take is reviewed first, with what the browser heard to correct.
          await page.click("#rec-stop");
          await page.waitForSelector("[data-phase='review'] #transcript-text");
          assert.equal((await page.inputValue("#transcript-text")).trim(), HEARD);
          await shot(page, "offline-interview-review-desktop");
          await page.click("#rec-submit");
        } else if (n < 5) await submitTake(page);
        else {
          assert.deepEqual(
            await page.evaluate(() => (globalThis as unknown as { __langs: string[] }).__langs),
            Array(5).fill("ko-KR"),
            "one recognition per answer, in Korean",
          );
          await submitTake(page);
          await page.waitForURL(/\/result$/, { timeout: 60_000 });
        }
      }
      await page.waitForSelector("#overall", { timeout: 60_000 });
      const stored = await turns(app, sid);
      assert.deepEqual(stored.map((r) => [r.answer_source, r.transcript_source, r.text]), [
        ...Array(5).fill(["audio", "browser", HEARD]),
      ]);
      assert.equal(await page.locator("audio").count(), 5);
      const players = await page.evaluate(PLAYERS);
      for (const p of players) {
        assert.ok(Number.isFinite(p.duration) && p.duration > 1, `duration ${p.duration}`);
        assert.ok(Math.abs(p.seekedTo - p.duration / 2) < 0.5, JSON.stringify(p));
      }
      // Honest copy: spoken answers get speaking metrics, offline judgement is tagged, and the
      // expiring-link footer is on this page (it has recordings) but not on the dashboard.
      assert.equal(await page.locator("li[data-turn] >> text=말하기 지표").count(), 5);
      assert.equal(await page.locator("#overall .offline-tag").count(), 1);
      assert.match(await page.textContent("footer") ?? "", /만료/);
      await page.evaluate(() => scrollTo(0, 0));
      await shot(page, "offline-result-desktop");
      await page.setViewportSize(PHONE);
      await shot(page, "offline-result-phone");
      await page.goto(app.base + "/dashboard");
      assert.equal(await page.locator("footer").count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await app.close();
    }
  },
});

Deno.test({
  name: "offline without recognition: the candidate types the transcript under the recording",
  ...E2E,
  async fn() {
    const app = await startApp("offline");
    const browser = await launch({ mic: "fake" });
    try {
      const { context, page } = await newPage(browser, { viewport: "phone" });
      await context.addInitScript(removeRecognition);
      const sid = await startInterview(page, app.base);
      await page.waitForSelector("[data-ready] #rec-start");
      assert.match(
        await page.textContent("#rec-recognition") ?? "",
        /음성 인식을 지원하지 않습니다/,
      );
      await page.click("#rec-start");
      await page.waitForSelector("[data-phase='recording'][data-turn='1']");
      assert.equal(await page.locator("#captions").count(), 0, "no captions without a source");
      await page.waitForTimeout(2_500);
      await page.click("#rec-stop");
      await page.waitForSelector("[data-phase='review'] #review-audio");
      assert.match(await page.textContent("#rec-status") ?? "", /답변 내용을 입력하세요/);
      await page.fill("#transcript-text", "  제가 직접 적은 답변입니다.  ");
      await shot(page, "offline-interview-type-transcript-phone");
      await page.click("#rec-submit");
      await page.waitForSelector("[data-turn='2']:is([data-phase='recording'])");
      const [first] = await turns(app, sid);
      assert.deepEqual([first.answer_source, first.transcript_source, first.text], [
        "audio",
        "typed",
        "제가 직접 적은 답변입니다.",
      ]);
    } finally {
      await browser.close();
      await app.close();
    }
  },
});

Deno.test({
  name: "offline: recognition turned off is remembered, and then the transcript is typed",
  ...E2E,
  async fn() {
    const app = await startApp("offline");
    const browser = await launch({ mic: "fake" });
    try {
      const { context, page } = await newPage(browser);
      await context.addInitScript(stubRecognition, PHRASES);
      const sid = await startInterview(page, app.base);
      await page.waitForSelector("[data-ready] #rec-recognition-on");
      await page.uncheck("#rec-recognition-on");
      await page.reload();
      await page.waitForSelector("[data-ready] #rec-recognition-on");
      assert.equal(await page.isChecked("#rec-recognition-on"), false, "remembered");
      await page.click("#rec-start");
      await page.waitForSelector("[data-phase='recording'][data-turn='1']");
      await page.waitForTimeout(2_500);
      assert.equal(await page.locator("#captions").count(), 0);
      await page.click("#rec-stop");
      await page.waitForSelector("[data-phase='review'] #transcript-text");
      assert.deepEqual(
        await page.evaluate(() => (globalThis as unknown as { __langs: string[] }).__langs),
        [],
        "the recogniser never ran",
      );
      await page.fill("#transcript-text", "음성 인식 없이 적었습니다.");
      await page.click("#rec-submit");
      await page.waitForSelector("[data-turn='2']:is([data-phase='recording'])");
      assert.equal((await turns(app, sid))[0].transcript_source, "typed");
    } finally {
      await browser.close();
      await app.close();
    }
  },
});

Deno.test({
  name: "skipping a question whose voice errors inside cancel() starts one recording",
  ...E2E,
  async fn() {
    const app = await startApp("offline");
    const browser = await launch({ mic: "fake" });
    try {
      const { context, page } = await newPage(browser);
      await context.addInitScript(stubSynthesisAndCountStarts);
      await context.addInitScript(removeRecognition);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await startInterview(page, app.base);
      await page.waitForSelector("[data-ready] #rec-headphones");
      await page.click("#rec-start");
      await page.waitForSelector("[data-phase='playing'] #rec-skip");
      assert.equal(await page.locator("#no-voice").count(), 0, "a Korean voice reads it");
      await page.click("#rec-skip");
      await page.waitForSelector("[data-phase='recording'][data-turn='1']");
      // Let any second start (the bug) happen before counting.
      await page.waitForTimeout(1_500);
      assert.equal(
        await page.evaluate(() => (globalThis as unknown as { __starts: number }).__starts),
        1,
      );
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await app.close();
    }
  },
});
