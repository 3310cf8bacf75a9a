/**
 * The OpenAI live transcription session against the fake's Realtime transcription endpoint:
 * partials as audio arrives, the final on commit with duration usage, the session settings
 * sent, and every failure reported as `complete: false` rather than thrown.
 */
import assert from "node:assert/strict";
import { fakeOpenAiProvider, startFakeOpenAI } from "../../../tests/fake_openai.ts";
import type { UsageEvent } from "../types.ts";

const SECOND = new Uint8Array(24_000 * 2);

Deno.test("live transcription: partials, final, usage, and failures never thrown", async (t) => {
  const fake = await startFakeOpenAI();
  const ai = fakeOpenAiProvider(fake, { liveSttModel: "gpt-live-transcribe" });
  try {
    await t.step("partials grow while audio arrives; the final comes on commit", async () => {
      fake.queueTranscripts("하나 둘 셋 넷 다섯 여섯");
      const partials: string[] = [];
      const usage: UsageEvent[] = [];
      const live = await ai.liveTranscribe!({
        keywords: ["PostgreSQL"],
        onPartial: (p) => partials.push(p),
        onUsage: (u) => usage.push(u),
      });
      for (let i = 0; i < 3; i++) live.push(SECOND);
      assert.deepEqual(await live.finish(), { text: "하나 둘 셋 넷 다섯 여섯", complete: true });
      assert.deepEqual(partials, [
        "하나 ",
        "하나 둘 ",
        "하나 둘 셋 ",
        "하나 둘 셋 넷 ",
        "하나 둘 셋 넷 다섯 ",
      ]);
      assert.deepEqual(usage, [{
        capability: "stt",
        model: "gpt-live-transcribe",
        audio_seconds: 3,
      }]);
      const [s] = fake.realtime.liveSessions;
      assert.deepEqual([s.model, s.languages, s.keywords], [
        "gpt-live-transcribe",
        ["ko"],
        ["PostgreSQL"],
      ]);
      // Closed after the final (the fake sees the close once the handshake is done).
      while (fake.realtime.open) await new Promise((r) => setTimeout(r, 5));
    });

    for (const kind of ["close", "error"] as const) {
      await t.step(`a session that fails (${kind}) finishes incomplete`, async () => {
        fake.realtime.failLiveNext(1, kind);
        const live = await ai.liveTranscribe!();
        live.push(SECOND);
        assert.equal((await live.finish()).complete, false);
      });
    }

    await t.step("no audio: incomplete without a commit", async () => {
      const live = await ai.liveTranscribe!();
      assert.deepEqual(await live.finish(), { text: "", complete: false });
    });

    await t.step("a refused handshake rejects the open", async () => {
      fake.realtime.failNext(1, 500);
      await assert.rejects(ai.liveTranscribe!());
    });

    await t.step("without a live model there is no capability", () => {
      assert.equal(fakeOpenAiProvider(fake).liveTranscribe, undefined);
    });
  } finally {
    await fake.close();
  }
});
