/**
 * The recorder in WebKit (see engines.ts for how it is driven and what stands in for the
 * microphone): five spoken answers on the fake OpenAI reach a result whose players know their
 * length and seek, and a refused microphone leads to a typed answer.
 *
 * WebKitWebDriver stalled for good when a command (a URL poll) reached it while a click was
 * still waiting for its navigation; the shared form steps (browser.ts) now send one command at
 * a time. The test task also runs this file on its own after the parallel suite, so a slow
 * 2-core CI machine does not starve it; it takes under a minute.
 */
import { startApp } from "./browser.ts";
import { micDenied, voiceInterview } from "./engine_journey.ts";
import { engineTest, HAS_WEBKIT, launchWebKit, reportEngineSkipped } from "./engines.ts";

reportEngineSkipped("tests/e2e/webkit_test.ts", HAS_WEBKIT, "webkit2gtk-driver xvfb pulseaudio");

Deno.test({
  name: "WebKit: five spoken answers reach a result whose players load and seek",
  ...engineTest(HAS_WEBKIT),
  async fn() {
    const app = await startApp("openai");
    const engine = await launchWebKit({ mic: "fake" });
    try {
      const figures = await voiceInterview(engine, app);
      console.log(`webkit: ${JSON.stringify(figures)}`);
    } finally {
      await engine.close();
      await app.close();
    }
  },
});

Deno.test({
  name: "WebKit: a refused microphone leads to guidance and a typed answer",
  ...engineTest(HAS_WEBKIT),
  async fn() {
    const app = await startApp("openai");
    const engine = await launchWebKit({ mic: "deny" });
    try {
      await micDenied(engine, app);
    } finally {
      await engine.close();
      await app.close();
    }
  },
});
