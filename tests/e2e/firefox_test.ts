/**
 * The recorder in Firefox (see engines.ts for how it is driven and what stands in for the
 * microphone): five spoken answers on the fake OpenAI reach a result whose players know their
 * length and seek, and a refused microphone leads to a typed answer.
 */
import { startApp } from "./browser.ts";
import { micDenied, voiceInterview } from "./engine_journey.ts";
import { engineTest, HAS_FIREFOX, launchFirefox, reportEngineSkipped } from "./engines.ts";

reportEngineSkipped("tests/e2e/firefox_test.ts", HAS_FIREFOX, "firefox-esr pulseaudio");

Deno.test({
  name: "Firefox: five spoken answers reach a result whose players load and seek",
  ...engineTest(HAS_FIREFOX),
  async fn() {
    const app = await startApp("openai");
    const engine = await launchFirefox({ mic: "fake" });
    try {
      const figures = await voiceInterview(engine, app);
      console.log(`firefox: ${JSON.stringify(figures)}`);
    } finally {
      await engine.close();
      await app.close();
    }
  },
});

Deno.test({
  name: "Firefox: a refused microphone leads to guidance and a typed answer",
  ...engineTest(HAS_FIREFOX),
  async fn() {
    const app = await startApp("openai");
    const engine = await launchFirefox({ mic: "deny" });
    try {
      await micDenied(engine, app);
    } finally {
      await engine.close();
      await app.close();
    }
  },
});
