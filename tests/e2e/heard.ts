/**
 * What a candidate hears between two questions, read from the recorder island's performance
 * marks (`answer-stop`, `question-first-byte`, `question-audible`, `question-<outcome>`): used by
 * the playback browser test and by the bench's browser measurement.
 */
import type { Page, Response } from "playwright-core";
import { submitTake } from "./browser.ts";

/** One answered turn, as heard in the page (milliseconds on the page's clock). */
export interface HeardTurn {
  /** The turn whose answer was stopped; the question heard is turn + 1. */
  turn: number;
  stopToFirstByteMs: number;
  stopToAudibleMs: number;
  /** From sound to the question's end (its `ended`). */
  playedMs: number;
  /** How the question's playback finished: "ended", "stalled", "failed", … */
  outcome: string;
  /** Content-Type the question audio came with. */
  contentType: string;
  /** Length of the question, when it came as raw PCM16 mono (else null). */
  pcmSeconds: number | null;
  /** MediaRecorder starts while the question played and after (1 = recording began once). */
  recordingStarts: number;
}

/** Counts MediaRecorder starts per page; add before the interview page loads. */
export async function countRecordings(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const start = MediaRecorder.prototype.start;
    MediaRecorder.prototype.start = function (...args) {
      const w = globalThis as unknown as { __recordingStarts?: number };
      w.__recordingStarts = (w.__recordingStarts ?? 0) + 1;
      return start.apply(this, args);
    };
  });
}

/**
 * With turn `n` recording, lets the fake microphone speak for `speakMs`, stops and submits, and waits
 * until turn n + 1's question has played and its recording began.
 */
export async function answerAndHear(page: Page, n: number, speakMs = 1500): Promise<HeardTurn> {
  await page.waitForSelector(`[data-phase='recording'][data-turn='${n}']`, { timeout: 30_000 });
  await page.waitForTimeout(speakMs);
  const before = await page.evaluate(() =>
    (globalThis as unknown as { __recordingStarts?: number }).__recordingStarts ?? 0
  );
  // A playback that stalls out aborts its request, which then has no response at all.
  let res: Response | null = null;
  const onResponse = (r: Response) => {
    if (r.url().includes(`/turns/${n + 1}/question-audio`)) res ??= r;
  };
  page.on("response", onResponse);
  // Heard from the moment the take is submitted (`answer-stop`), not from the review.
  await submitTake(page);
  await page.waitForSelector(`[data-phase='recording'][data-turn='${n + 1}']`, {
    timeout: 30_000,
  });
  page.off("response", onResponse);
  const contentType = (res as Response | null)?.headers()["content-type"] ?? "";
  // Let a second, wrong start show itself if there were one.
  await page.waitForTimeout(300);
  const m = await page.evaluate((n) => {
    const at = (name: string, turn: number) =>
      performance.getEntriesByType("mark").find((e) =>
        (e.name === name || name === "*" && e.name.startsWith("question-") &&
            !["question-first-byte", "question-audible"].includes(e.name)) &&
        (e as PerformanceMark).detail?.turn === turn
      );
    const end = at("*", n + 1);
    return {
      stop: at("answer-stop", n)?.startTime ?? NaN,
      firstByte: at("question-first-byte", n + 1)?.startTime ?? NaN,
      audible: at("question-audible", n + 1)?.startTime ?? NaN,
      end: end?.startTime ?? NaN,
      outcome: end?.name.replace("question-", "") ?? "none",
      starts: (globalThis as unknown as { __recordingStarts?: number }).__recordingStarts ?? 0,
    };
  }, n);
  const rate = /^audio\/pcm.*rate=(\d+)/.exec(contentType)?.[1];
  const pcmSeconds = rate && res
    ? (await (res as Response).body()).byteLength / 2 / Number(rate)
    : null;
  return {
    turn: n,
    pcmSeconds,
    stopToFirstByteMs: m.firstByte - m.stop,
    stopToAudibleMs: m.audible - m.stop,
    playedMs: m.end - m.audible,
    outcome: m.outcome,
    contentType,
    recordingStarts: m.starts - before,
  };
}
