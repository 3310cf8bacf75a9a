/**
 * Audible gap: the time from the candidate's answer to the moment the next question is heard,
 * measured in headless Chromium against the bench's running app.
 *
 * - `island`: the real recorder island with a fake microphone (tests/e2e/heard.ts): stop
 *   pressed → the Web Audio source's start (or the element's `playing`), plus stop → first
 *   audio byte read by the page.
 * - `naive`: the naive serial pipeline driven from a page like a client of it would: the answer
 *   POSTed, then `<audio src>` of the stored question, answer sent → `playing`.
 */
import { ensureAssets } from "../lib/assets.ts";
import {
  launch,
  newPage,
  postingAndLetter,
  signUpThroughForm,
  startInterviewThroughForm,
} from "../tests/e2e/browser.ts";
import { answerAndHear, countRecordings, type HeardTurn } from "../tests/e2e/heard.ts";

/** One naive turn as heard in the page. */
export interface NaiveHeard {
  turn: number;
  /** Answer POST sent → the `<audio>` element's `playing`. */
  audibleMs: number;
}

export interface AudibleResult {
  island: HeardTurn[];
  naive: NaiveHeard[];
}

/**
 * Runs one interview through the island and one through the naive pipeline, one after the
 * other in the same browser; 4 timed turns each.
 */
export async function audibleGaps(
  origin: string,
  naive: { userId: string; coverLetterId: string },
  recording: Uint8Array,
): Promise<AudibleResult> {
  await ensureAssets();
  const browser = await launch({ mic: "fake" });
  try {
    const { page } = await newPage(browser);
    await countRecordings(page);
    await signUpThroughForm(page, origin);
    await postingAndLetter(page, origin);
    await startInterviewThroughForm(page);
    await page.click("[data-ready] #rec-start");
    const island: HeardTurn[] = [];
    for (let n = 1; n <= 4; n++) island.push(await answerAndHear(page, n));

    const naiveTurns = await page.evaluate(async ({ userId, coverLetterId, bytes }) => {
      const post = async (path: string, body: BodyInit, headers: HeadersInit = {}) => {
        const res = await fetch(path, { method: "POST", body, headers });
        if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
        return await res.json();
      };
      /** Plays `url` to its end; resolves with the time of `playing`. */
      const play = (url: string) =>
        new Promise<number>((resolve, reject) => {
          const a = new Audio(url);
          let at = 0;
          a.onplaying = () => (at ||= performance.now());
          a.onended = () => resolve(at);
          a.onerror = () => reject(new Error(`cannot play ${url}`));
          a.play().catch(reject);
        });
      const started = await post(
        "/bench/naive/start",
        JSON.stringify({ user_id: userId, cover_letter_id: coverLetterId }),
        { "content-type": "application/json" },
      );
      await play(started.current_turn.question_audio_url);
      const recording = new Blob([new Uint8Array(bytes)], { type: "audio/webm" });
      const out: { turn: number; audibleMs: number }[] = [];
      for (let n = 1; n <= 4; n++) {
        const form = new FormData();
        form.set("turn_number", String(n));
        form.set("audio", recording, "answer.webm");
        const t0 = performance.now();
        const j = await post(`/bench/naive/${started.session_id}/answer`, form);
        out.push({ turn: n, audibleMs: (await play(j.next_turn.question_audio_url)) - t0 });
      }
      return out;
    }, { ...naive, bytes: [...recording] });
    return { island, naive: naiveTurns };
  } finally {
    await browser.close();
  }
}
