/**
 * The journey every engine goes through (firefox_test.ts, webkit_test.ts; Chromium has
 * journey_test.ts and fallback_test.ts): a full voice interview on the fake OpenAI with the
 * engine's own fake microphone, the result page's five players loading and seeking, and the
 * refused microphone leading to a typed answer.
 */
import assert from "node:assert/strict";
import {
  type E2eApp,
  postingAndLetter,
  signUpThroughForm,
  startInterviewThroughForm,
  submitTake,
} from "./browser.ts";
import type { Engine, EnginePage } from "./engines.ts";

/** What one engine's interview showed, for the report. */
export interface JourneyFigures {
  /** The recordings as the island uploaded them. */
  uploads: { type: string; name: string; size: number }[];
  /** How each question's playback ended (performance marks `question-<how>`). */
  questions: string[];
  players: Player[];
}

interface Player {
  type: string;
  duration: number;
  seekedTo: number;
  bytes: number;
}

/** Seconds each answer is spoken for. */
const SPEAK_MS = 4_000;
/**
 * How much shorter than `SPEAK_MS` a take may be: the room shows it is recording before the
 * engine's MediaRecorder has its first samples, and WebKitGTK under load took 1 s (CI: 2.0 s
 * of a 3 s take). The broken players this guards against showed 1–3 s and never seeked.
 */
const START_SLACK_MS = 1_500;

async function startInterview(page: EnginePage, base: string) {
  await signUpThroughForm(page, base);
  await postingAndLetter(page, base);
  await startInterviewThroughForm(page);
  await page.waitForSelector("[data-ready] #rec-start");
}

/**
 * Notes every recording the island uploads in sessionStorage, which outlives the navigation to
 * the result page; it observes the request and changes nothing.
 */
function watchUploads() {
  const send = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const audio = init?.body instanceof FormData ? init.body.get("audio") : null;
    if (audio instanceof File) {
      const list = JSON.parse(sessionStorage.getItem("uploads") ?? "[]");
      list.push({ type: audio.type, name: audio.name, size: audio.size });
      sessionStorage.setItem("uploads", JSON.stringify(list));
    }
    return send(input, init);
  };
  return true;
}

/** How the questions heard so far ended. */
function questionOutcomes(): string[] {
  return performance.getEntriesByType("mark")
    .map((m) => m.name)
    .filter((n) => /^question-(ended|failed|stalled|stopped)$/.test(n));
}

/** Loads every `<audio>` of the page, then seeks each to its middle. */
async function playersSeek(): Promise<Player[]> {
  const out: Player[] = [];
  for (const a of [...document.querySelectorAll("audio")]) {
    const res = await fetch(a.src);
    const bytes = (await res.arrayBuffer()).byteLength;
    if (a.readyState < 1) {
      await new Promise((ok, fail) => {
        a.onloadedmetadata = ok;
        a.onerror = () => fail(new Error(`audio error ${a.error?.code} ${a.error?.message}`));
        a.load();
      });
    }
    const duration = a.duration;
    if (Number.isFinite(duration)) {
      await new Promise((ok, fail) => {
        const t = setTimeout(() => fail(new Error(`no seeked at ${a.currentTime}`)), 10_000);
        a.onseeked = () => (clearTimeout(t), ok(null));
        a.currentTime = duration / 2;
      });
    }
    out.push({
      type: res.headers.get("content-type") ?? "",
      duration: Number.isFinite(duration) ? duration : -1,
      seekedTo: a.currentTime,
      bytes,
    });
  }
  return out;
}

/** Five spoken answers, then the result page's players. */
export async function voiceInterview(engine: Engine, app: E2eApp): Promise<JourneyFigures> {
  const page = engine.page;
  await startInterview(page, app.base);
  await page.evaluate(watchUploads, null);
  await page.shot(`${engine.name}-interview-start-desktop`);
  // The only gesture of the interview: it must unlock audio for all five questions.
  await page.click("[data-ready] #rec-start");
  let questions: string[] = [];
  for (let n = 1; n <= 5; n++) {
    await page.waitForSelector(`[data-phase='recording'][data-turn='${n}']`, { timeout: 60_000 });
    if (n === 1) await page.shot(`${engine.name}-interview-recording-desktop`);
    await new Promise((r) => setTimeout(r, SPEAK_MS));
    if (n === 5) questions = await page.evaluate(questionOutcomes, null);
    await submitTake(page);
  }
  await page.waitForURL(/\/result$/, { timeout: 60_000 });
  await page.waitForSelector("#overall", { timeout: 90_000 });
  const uploads = await page.evaluate(
    () => JSON.parse(sessionStorage.getItem("uploads") ?? "[]"),
    null,
  );
  const players = await page.evaluate(playersSeek, null);
  await page.shot(`${engine.name}-result-desktop`);

  assert.equal(uploads.length, 5, JSON.stringify(uploads));
  assert.deepEqual(
    questions,
    Array(5).fill("question-ended"),
    "every question was heard to its end",
  );
  assert.equal(players.length, 5, "one player per answer");
  for (const p of players) {
    assert.ok(
      p.duration > (SPEAK_MS - START_SLACK_MS) / 1000,
      `a finite length: ${JSON.stringify(p)}`,
    );
    assert.ok(Math.abs(p.seekedTo - p.duration / 2) < 0.25, `seeks: ${JSON.stringify(p)}`);
  }
  const transcribed = app.fake!.requests.filter((r) => r.endpoint === "transcription");
  assert.equal(transcribed.length, 5, "each answer was transcribed");
  return { uploads, questions, players };
}

/** A refused microphone: the guidance, then a typed answer moves the interview on. */
export async function micDenied(engine: Engine, app: E2eApp): Promise<void> {
  const page = engine.page;
  await startInterview(page, app.base);
  await page.click("[data-ready] #rec-start");
  await page.waitForSelector("#answer-text");
  assert.match(await page.textContent("[data-phase] form") ?? "", /마이크 권한이 거부되었습니다/);
  await page.shot(`${engine.name}-interview-mic-denied-desktop`);
  await page.fill(
    "#answer-text",
    "저는 결제 시스템 장애의 원인을 찾아 재발 방지 대책을 세웠습니다.",
  );
  await page.click("#answer-send");
  await page.waitForSelector("[data-turn='2']");
  assert.match(await page.textContent("#question") ?? "", /\S/);
  const transcribed = app.fake!.requests.filter((r) => r.endpoint === "transcription");
  assert.equal(transcribed.length, 0, "a typed answer is not transcribed");
}
