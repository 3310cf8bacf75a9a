/**
 * Chromium plays a stored answer with its length and seeks in it: the real MediaRecorder WebM
 * as recorded (no duration, so the element reports Infinity) against its remuxed copy.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { inspectAudio, makeSeekable } from "../../lib/media/mod.ts";
import { E2E, launch, reportSkipped } from "./browser.ts";

reportSkipped("tests/e2e/seekable_test.ts");

/** Loads `bytes` into an `<audio>` in the page; returns its duration and where a seek to d/2 lands. */
const PLAY = async ({ b64, type }: { b64: string; type: string }) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const audio = document.createElement("audio");
  audio.preload = "auto";
  audio.src = URL.createObjectURL(new Blob([bytes], { type }));
  await new Promise((ok, fail) => {
    audio.onloadedmetadata = ok;
    audio.onerror = () => fail(new Error(`audio error ${audio.error?.code}`));
  });
  const duration = audio.duration;
  let seekedTo = null;
  if (Number.isFinite(duration)) {
    await new Promise((ok) => {
      audio.onseeked = ok;
      audio.currentTime = duration / 2;
    });
    seekedTo = audio.currentTime;
  }
  return { duration, seekedTo };
};

Deno.test({
  ...E2E,
  name: "Chromium knows the remuxed recording's length and seeks to its middle",
  fn: async () => {
    const bytes = Deno.readFileSync(
      new URL("../fixtures/audio/speech_chrome.webm", import.meta.url),
    );
    const seekable = await makeSeekable(bytes, (await inspectAudio(bytes))!);
    assert.equal(seekable.remuxed, true);
    const browser = await launch({ mic: "deny" });
    try {
      const page = await browser.newPage();
      const asRecorded = await page.evaluate(PLAY, {
        b64: Buffer.from(bytes).toString("base64"),
        type: "audio/webm",
      });
      assert.ok(!Number.isFinite(asRecorded.duration), `as recorded: ${asRecorded.duration}`);
      const remuxed = await page.evaluate(PLAY, {
        b64: Buffer.from(seekable.bytes).toString("base64"),
        type: "audio/webm",
      });
      assert.ok(
        Math.abs(remuxed.duration - seekable.durationSec!) < 0.05,
        String(remuxed.duration),
      );
      assert.ok(Math.abs(remuxed.seekedTo! - remuxed.duration / 2) < 0.1, String(remuxed.seekedTo));
    } finally {
      await browser.close();
    }
  },
});
