/**
 * The interview room (issue 15, scope 1) in real Chromium with a fake microphone: the
 * preparation countdown before each recording, replaying the question (which restarts the
 * countdown), a take reviewed before it is submitted (a discarded take is never uploaded),
 * leaving for the history and resuming at the right turn; and the room's retry mode on a
 * finished interview: one turn answered again through the attempts API (its request watched),
 * then the result page with the attempt beside the first answer, its score change per
 * dimension and the word diff.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { completedInterview, letterFor } from "../interview_helpers.ts";
import { signUp } from "../helpers.ts";
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
  VIEWPORTS,
} from "./browser.ts";

reportSkipped("tests/e2e/room_test.ts");

/** Seconds of countdown the interview is started with. */
const PREP = 3;

/**
 * Keeps the size of every recording the island uploads (across navigations), and of every
 * take it offers for review (its object URL; the page's CSP lets no script fetch one back).
 */
function watchTakes() {
  const send = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const audio = init?.body instanceof FormData ? init.body.get("audio") : null;
    if (audio instanceof File) {
      const list = JSON.parse(sessionStorage.getItem("uploads") ?? "[]");
      list.push(audio.size);
      sessionStorage.setItem("uploads", JSON.stringify(list));
    }
    return send(input, init);
  };
  const create = URL.createObjectURL;
  const g = globalThis as unknown as { __takes: number[] };
  g.__takes = [];
  URL.createObjectURL = (o: Blob | MediaSource) => {
    if (o instanceof Blob) g.__takes.push(o.size);
    return create(o);
  };
}

const uploads = (page: Page): Promise<number[]> =>
  page.evaluate(() => JSON.parse(sessionStorage.getItem("uploads") ?? "[]"));

/** The size of the take under review (the last one offered). */
const takeSize = (page: Page): Promise<number> =>
  page.evaluate(() => (globalThis as unknown as { __takes: number[] }).__takes.at(-1) ?? 0);

async function both(page: Page, name: string) {
  for (const vp of ["phone", "desktop"] as const) {
    await page.setViewportSize(VIEWPORTS[vp]);
    await shot(page, `${name}-${vp}`);
  }
}

Deno.test({
  name: "room: countdown, replay, re-record before submitting, leave and resume from history",
  ...E2E,
  async fn() {
    const app = await startApp("openai");
    const browser = await launch({ mic: "fake" });
    try {
      const { context, page } = await newPage(browser);
      await context.addInitScript(watchTakes);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await signUpThroughForm(page, app.base);
      await postingAndLetter(page, app.base);
      assert.equal(await page.inputValue("#f-prep_seconds"), "5", "5 s by default");
      await startInterviewThroughForm(page, { prep: String(PREP) });
      await page.click("[data-ready] #rec-start");

      // The question plays, then the countdown runs and the recording starts by itself.
      await page.waitForSelector("[data-phase='prep'][data-turn='1']", { timeout: 30_000 });
      const prepAt = Date.now();
      assert.match(await page.textContent("#rec-prep") ?? "", /답변 준비 [1-3]…/);
      assert.equal(await page.locator("#rec-stop").count(), 0, "not recording yet");
      await both(page, "room-prep");
      await page.waitForSelector("[data-phase='recording'][data-turn='1']", { timeout: 10_000 });
      const waited = Date.now() - prepAt;
      assert.ok(waited > (PREP - 1) * 1000 - 500, `recording began after ${waited} ms`);

      // A first take, stopped: it is only reviewed, not uploaded.
      await page.waitForTimeout(1_000);
      await page.click("#rec-stop");
      await page.waitForSelector("[data-phase='review'] #review-audio");
      const first = await takeSize(page);
      assert.ok(first > 0);
      assert.deepEqual(await uploads(page), [], "stopping uploads nothing");
      // Replaying from the review plays the question again and keeps the take.
      const replayed = page.waitForResponse((r) => r.url().includes("/turns/1/question-audio"));
      await page.click("#rec-replay");
      await replayed;
      assert.equal(await page.locator("[data-phase='review'] #review-audio").count(), 1);
      await both(page, "room-review");

      // Record again: back to the countdown, skipped with 바로 시작; a longer second take.
      await page.click("#rec-redo");
      await page.waitForSelector("[data-phase='prep'][data-turn='1'] #rec-go");
      await page.click("#rec-go");
      await page.waitForSelector("[data-phase='recording'][data-turn='1']", { timeout: 2_000 });
      await page.waitForTimeout(3_000);
      await page.click("#rec-stop");
      await page.waitForSelector("[data-phase='review'] #rec-submit");
      const second = await takeSize(page);
      assert.ok(second > first, `the second take (${second} B) is the longer (${first} B)`);
      await page.click("#rec-submit");
      await page.waitForSelector(
        "[data-turn='2']:is([data-phase='playing'], [data-phase='prep'])",
        {
          timeout: 30_000,
        },
      );
      assert.deepEqual(await uploads(page), [second], "one upload, of the second take");

      // Replay during the countdown pauses it; it starts over once the question has played.
      await page.waitForSelector("[data-phase='prep'][data-turn='2'] #rec-replay", {
        timeout: 30_000,
      });
      await page.click("#rec-replay");
      await page.waitForSelector("[data-phase='playing'][data-turn='2']");
      await page.waitForSelector("[data-phase='prep'][data-turn='2']", { timeout: 30_000 });
      assert.equal(await page.textContent("#rec-prep"), `답변 준비 ${PREP}…`, "restarted");

      // Leave for the history: the interview says it continues, and continues at turn 2.
      await page.click("#rec-leave");
      await page.waitForURL(/\/history$/);
      await both(page, "room-history-resume");
      await page.click("text=이어서 하기");
      await page.waitForURL(/\/interviews\/[0-9a-f-]{36}$/);
      await page.waitForSelector("[data-ready][data-phase='idle'][data-turn='2']");
      assert.match(await page.textContent("#q-heading") ?? "", /2 \/ 5/);
      await page.click("#rec-start");
      await page.waitForSelector("[data-phase='prep'][data-turn='2'] #rec-go", {
        timeout: 30_000,
      });
      await page.click("#rec-go");
      await page.waitForSelector("[data-phase='recording'][data-turn='2']");
      await page.waitForTimeout(1_500);
      await page.click("#rec-stop");
      await page.click("[data-phase='review'] #rec-submit");
      await page.waitForSelector(
        "[data-turn='3']:is([data-phase='playing'], [data-phase='prep'])",
        {
          timeout: 30_000,
        },
      );
      assert.equal((await uploads(page)).length, 2, "turn 2 answered once, after resuming");
      const answered = await app.test.db.sql<{ turn_number: number }[]>`
        select turn_number from interview_turns where answer_state = 'answered'
        order by turn_number`;
      assert.deepEqual(answered.map((r) => r.turn_number), [1, 2]);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await app.close();
    }
  },
});

Deno.test({
  name: "room, retry mode: a question of a finished interview answered again, then compared",
  ...E2E,
  async fn() {
    const app = await startApp("offline");
    const browser = await launch({ mic: "fake" });
    try {
      const user = await signUp(app.test.app);
      const letter = await letterFor(app.test, user.access, "백엔드 개발자");
      const done = await completedInterview(app.test, user.access, letter);
      const id = done.session_id;
      const { context, page } = await newPage(browser, { viewport: "phone" });
      // The page session's access cookie holds the same token as the API's bearer.
      await context.addCookies([{ name: "mi_at", value: user.access, url: app.base }]);
      // Without the browser's recogniser the transcript is typed under the take.
      await context.addInitScript(() => {
        const g = globalThis as unknown as Record<string, unknown>;
        delete g.SpeechRecognition;
        delete g.webkitSpeechRecognition;
      });
      const sent: { url: string; csrf: string | null; type: string; body: Uint8Array }[] = [];
      await page.route(`**/api/interviews/${id}/turns/2/attempts`, async (route) => {
        const r = route.request();
        sent.push({
          url: r.url(),
          csrf: await r.headerValue("x-csrf-token"),
          type: await r.headerValue("content-type") ?? "",
          body: new Uint8Array(r.postDataBuffer() ?? []),
        });
        await route.continue();
      });

      await page.goto(`${app.base}/interviews/${id}/turns/2/retry`);
      await page.waitForSelector("[data-ready] #rec-start");
      assert.equal(await page.textContent("#question"), done.turns[1].question_text);
      assert.match(await page.textContent("#q-heading") ?? "", /다시 답하기 · 질문 2/);
      assert.equal(
        await page.getAttribute("#rec-leave", "href"),
        `/interviews/${id}/result#turn-2`,
      );
      await both(page, "room-retry");

      await page.click("#rec-start");
      await page.waitForSelector("[data-phase='prep'] #rec-go", { timeout: 30_000 });
      await page.click("#rec-go");
      await page.waitForSelector("[data-phase='recording'][data-turn='2']");
      await page.waitForTimeout(2_000);
      await page.click("#rec-stop");
      await page.waitForSelector("[data-phase='review'] #transcript-text");
      await page.fill("#transcript-text", "다시 답한 내용입니다.");
      await page.click("#rec-submit");
      await page.waitForURL(/\/result#turn-2$/);

      assert.equal(sent.length, 1, "one attempt posted");
      const form = await new Response(sent[0].body as BlobPart, {
        headers: { "content-type": sent[0].type },
      }).formData();
      const audio = form.get("audio");
      assert.ok(audio instanceof File && audio.size > 1000, "the recording");
      assert.match(audio.type, /^audio\//);
      assert.equal(form.get("client_transcript"), "다시 답한 내용입니다.");
      assert.equal(form.get("client_transcript_source"), "typed");
      assert.equal(form.get("turn_number"), "2");
      assert.equal(form.get("answer_text"), null);
      assert.equal(form.get("live_id"), null, "no live stream in retry mode");
      assert.ok(sent[0].csrf, "the page's CSRF token goes with it");

      // The result: the attempt scored, beside the first answer, with what changed.
      const attempt = page.locator('li[data-turn="2"] [data-attempt="2"]');
      assert.equal(await attempt.getAttribute("data-state"), "scored");
      assert.equal(await attempt.locator("[data-score-change] [data-dimension]").count() > 0, true);
      assert.match(await attempt.locator("ins").allTextContents().then((x) => x.join(" ")), /답한/);
      assert.ok((await attempt.locator("del").count()) > 0, "the first answer's words struck out");
      assert.ok(await attempt.locator("audio").count() >= 1, "the new take's player");
      await attempt.scrollIntoViewIfNeeded();
      await both(page, "room-retry-compared");
    } finally {
      await browser.close();
      await app.close();
    }
  },
});
