/**
 * The question is heard from its first bytes (issue 12). Real Chromium, the fake OpenAI with the
 * issue's latencies (STT 0.8 s, chat 1.2 s, TTS first byte 0.3 s of 2.0 s) and a fake
 * microphone: after the candidate presses stop, the next question must be audible within
 * 1.15 × (STT + LLM + TTS first byte), play to its end, and recording must then begin exactly
 * once. The voice streams raw PCM — over the Realtime API, or from `/audio/speech` — and the
 * test holds for either. An MP3 voice (a legacy `/audio/speech` server) and a question already
 * stored as MP3 must still play and hand over to the recorder.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { AiProvider } from "../../lib/ai/types.ts";
import { type FakeOpenAI, fakeOpenAiProvider } from "../fake_openai.ts";
import { fakePcmSpeak, withSpeak } from "../speech_wrappers.ts";
import {
  E2E,
  launch,
  newPage,
  postingAndLetter,
  reportSkipped,
  signUpThroughForm,
  startApp,
  startInterviewThroughForm,
} from "./browser.ts";
import { answerAndHear, countRecordings } from "./heard.ts";

reportSkipped("tests/e2e/playback_test.ts");

const STT_MS = 800;
const CHAT_MS = 1200;
const TTS_FIRST_BYTE_MS = 300;
const TTS_TOTAL_MS = 2000;
const CRITICAL_PATH_MS = STT_MS + CHAT_MS + TTS_FIRST_BYTE_MS;
/** Issue 12's acceptance: stop → question audible. */
const AUDIBLE_RATIO = 1.15;

type Adapt = (ai: AiProvider, fake: FakeOpenAI) => AiProvider;

/** How long each STT, next-question and speech (to its first audio) call took, in order. */
interface StageLog {
  stt: number[];
  llm: number[];
  ttsFirstByte: number[];
}

/**
 * The provider with its calls timed. The ratio is taken over the critical path each turn really
 * took (STT + LLM + TTS first byte as measured), so a machine slowed by parallel tests slows
 * both sides of it, while a pipeline or player that adds its own waiting still fails.
 */
function timed(ai: AiProvider, log: StageLog): AiProvider {
  const time = async <T>(into: number[], call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const value = await call();
    into.push(performance.now() - started);
    return value;
  };
  return {
    ...ai,
    transcribe: (...args) => time(log.stt, () => ai.transcribe(...args)),
    nextQuestion: (...args) => time(log.llm, () => ai.nextQuestion(...args)),
    // Speech resolves once its first audio has arrived (Realtime: the first delta).
    speak: (...args) => time(log.ttsFirstByte, () => ai.speak(...args)),
  };
}

/** Voices that stream raw PCM, each with the issue's TTS latency injected where it speaks. */
const PCM_VOICES: { name: string; adapt: Adapt; latency(fake: FakeOpenAI): void }[] = [
  {
    name: "Realtime (gpt-realtime-2.1-mini)",
    adapt: (_ai, fake) => fakeOpenAiProvider(fake, { ttsModel: "gpt-realtime-2.1-mini" }),
    latency: (fake) =>
      fake.realtime.setLatency({ firstDeltaMs: TTS_FIRST_BYTE_MS, totalMs: TTS_TOTAL_MS }),
  },
  {
    name: "/audio/speech with response_format pcm",
    adapt: (ai, fake) => withSpeak(ai, fakePcmSpeak(fake)),
    latency: (fake) =>
      fake.setLatency("speech", { firstByteMs: TTS_FIRST_BYTE_MS, totalMs: TTS_TOTAL_MS }),
  },
];

/** Signs up, writes a cover letter and opens a new interview, ready to tap start. */
async function openInterview(page: Page, base: string) {
  await countRecordings(page);
  await signUpThroughForm(page, base);
  await postingAndLetter(page, base);
  await startInterviewThroughForm(page);
  await page.waitForSelector("[data-ready] #rec-start");
}

/** STT and chat as in the issue (TTS is the voice's own). */
function issueLatencies(fake: FakeOpenAI) {
  fake.setLatency("transcription", STT_MS);
  fake.setLatency("chat", CHAT_MS);
}

async function withInterview(
  adapt: Adapt | undefined,
  fn: (page: Page, fake: FakeOpenAI) => Promise<void>,
) {
  const app = await startApp("openai", adapt);
  const browser = await launch({ mic: "fake" });
  try {
    const { page } = await newPage(browser);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await openInterview(page, app.base);
    await fn(page, app.fake!);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await app.close();
  }
}

for (const voice of PCM_VOICES) {
  Deno.test({
    name:
      `${voice.name}: the streamed question is audible within 1.15 × the critical path and plays to its end`,
    ...E2E,
    async fn() {
      const stages: StageLog = { stt: [], llm: [], ttsFirstByte: [] };
      const adapt: Adapt = (ai, fake) => timed(voice.adapt(ai, fake), stages);
      await withInterview(adapt, async (page, fake) => {
        await page.click("#rec-start");
        issueLatencies(fake);
        voice.latency(fake);
        const heard = [];
        for (let n = 1; n <= 4; n++) heard.push(await answerAndHear(page, n));
        // Turn n's answer: the n-th transcription and follow-up, and question n + 1's speech
        // (the first speech call was question 1's).
        const taken = heard.map((h) =>
          stages.stt[h.turn - 1] + stages.llm[h.turn - 1] + stages.ttsFirstByte[h.turn]
        );
        console.log(
          `stop → first byte / audible (ms), nominal critical path ${CRITICAL_PATH_MS}, taken:`,
        );
        for (const [i, h] of heard.entries()) {
          console.log(
            `  turn ${h.turn + 1}: ${h.stopToFirstByteMs.toFixed(0)} / ` +
              `${h.stopToAudibleMs.toFixed(0)} (${
                (h.stopToAudibleMs / CRITICAL_PATH_MS).toFixed(2)
              } × nominal, ${(h.stopToAudibleMs / taken[i]).toFixed(2)} × the ${
                taken[i].toFixed(0)
              } ms taken)` +
              `, played ${h.playedMs.toFixed(0)}, ${h.outcome}, ${h.contentType}`,
          );
          assert.ok(taken[i] >= CRITICAL_PATH_MS * 0.95, "the injected latencies were in force");
          assert.equal(h.contentType, "audio/pcm;rate=24000");
          assert.equal(h.outcome, "ended", "the question played to its end");
          assert.ok(h.pcmSeconds! > 1, `${h.pcmSeconds} s of audio`);
          // Not cut short; an underrun on a busy machine may stretch it a little.
          const ms = h.pcmSeconds! * 1000;
          assert.ok(
            h.playedMs > ms - 100 && h.playedMs < ms + 1500,
            `played ${h.playedMs} ms of ${ms} ms`,
          );
          assert.equal(h.recordingStarts, 1, "recording began exactly once");
          assert.ok(h.stopToFirstByteMs <= h.stopToAudibleMs);
        }
        // The best of four turns: a loaded machine (parallel tests) only ever adds delay, while a
        // pipeline or player that waits for more than the first bytes is late on every turn.
        const best = Math.min(...heard.map((h, i) => h.stopToAudibleMs / taken[i]));
        assert.ok(
          best <= AUDIBLE_RATIO,
          `stop → audible ${best.toFixed(2)} × the critical path taken > ${AUDIBLE_RATIO}`,
        );

        // Stored by now, as MP3: a reload plays the stored question through the fallback.
        await page.reload();
        const stored = page.waitForResponse((r) => r.url().includes("/turns/5/question-audio"));
        await page.click("[data-ready] #rec-start");
        assert.equal((await stored).headers()["content-type"], "audio/mpeg");
        await page.waitForSelector("[data-phase='recording'][data-turn='5']", { timeout: 30_000 });
        const ended = await page.evaluate(() =>
          performance.getEntriesByName("question-ended").length
        );
        assert.equal(ended, 1, "the stored question played to its end");
      });
    },
  });
}

Deno.test({
  name: "an MP3 voice (legacy /audio/speech server) plays and hands over; a hung one stalls out",
  ...E2E,
  async fn() {
    await withInterview(undefined, async (page, fake) => {
      await page.click("#rec-start");
      issueLatencies(fake);
      fake.setLatency("speech", { firstByteMs: TTS_FIRST_BYTE_MS, totalMs: TTS_TOTAL_MS });
      const h = await answerAndHear(page, 1);
      console.log(
        `MP3 voice: stop → first byte ${h.stopToFirstByteMs.toFixed(0)} ms, audible ` +
          `${h.stopToAudibleMs.toFixed(0)} ms, played ${h.playedMs.toFixed(0)} ms`,
      );
      assert.equal(h.contentType, "audio/mpeg");
      assert.equal(h.outcome, "ended");
      assert.ok(h.playedMs > 1000, `played ${h.playedMs} ms`);
      assert.equal(h.recordingStarts, 1);

      // A voice that never answers: the island gives up on the silent stream and records.
      fake.failNext("speech", 1, "timeout");
      const hung = await answerAndHear(page, 2);
      assert.equal(hung.outcome, "stalled");
      assert.equal(hung.recordingStarts, 1);
    });
  },
});
