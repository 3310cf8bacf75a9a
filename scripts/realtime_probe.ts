/**
 * `deno run -A scripts/realtime_probe.ts [runs]`: times Realtime speech — cold (dial in speak)
 * against prewarmed (`prepare` first) — as handshake, speak → first audio delta and → last.
 * Against the fake by default, with the latency given in FAKE_HANDSHAKE_MS / FAKE_FIRST_DELTA_MS
 * / FAKE_TOTAL_MS; against a real server when OPENAI_TTS_BASE_URL (or OPENAI_BASE_URL) and a key
 * are set (OPENAI_TTS_MODEL, OPENAI_TTS_VOICE optional). Prints medians in milliseconds.
 */
import { createRealtimeTts } from "../lib/ai/openai/realtime_tts.ts";
import { startFakeOpenAI } from "../tests/fake_openai.ts";

const QUESTION = "결제 시스템에서 가장 어려웠던 장애를 어떻게 해결하셨는지 말씀해 주시겠어요?";
const runs = Number(Deno.args[0] ?? 10);
const env = (k: string) => Deno.env.get(k);
const realURL = env("OPENAI_TTS_BASE_URL") ?? env("OPENAI_BASE_URL");
const realKey = env("OPENAI_TTS_API_KEY") ?? env("OPENAI_API_KEY");
const fake = realURL && realKey ? null : await startFakeOpenAI();
fake?.realtime.setLatency({
  handshakeMs: Number(env("FAKE_HANDSHAKE_MS") ?? 0),
  firstDeltaMs: Number(env("FAKE_FIRST_DELTA_MS") ?? 0),
  totalMs: Number(env("FAKE_TOTAL_MS") ?? 0),
});
const tts = createRealtimeTts({
  baseURL: fake?.url ?? realURL!,
  apiKey: realKey ?? "fake-key",
  model: env("OPENAI_TTS_MODEL") ?? "gpt-realtime-2.1-mini",
  voice: env("OPENAI_TTS_VOICE") ?? "marin",
  timeoutMs: 30_000,
});

const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function once(warm: boolean) {
  // A cold run finds no idle socket; a warm one has had time to finish the handshake.
  tts.close();
  if (warm) {
    tts.prepare();
    // Long enough for any handshake here; the pause stands for STT and the LLM.
    await sleep(fake ? 50 + Number(env("FAKE_HANDSHAKE_MS") ?? 0) : 1_500);
  }
  const t0 = performance.now();
  const speech = await tts.speak(QUESTION);
  const first = performance.now() - t0;
  let bytes = 0;
  for await (const c of speech.body) bytes += c.byteLength;
  const last = performance.now() - t0;
  await speech.retake;
  return { first, last, audioSec: bytes / 48_000 };
}

for (const warm of [false, true]) {
  const rows = [];
  for (let i = 0; i < runs; i++) rows.push(await once(warm));
  console.log(JSON.stringify({
    server: fake ? "fake" : "real",
    mode: warm ? "prewarmed" : "cold",
    runs,
    first_delta_ms: Math.round(median(rows.map((r) => r.first)) * 10) / 10,
    last_delta_ms: Math.round(median(rows.map((r) => r.last)) * 10) / 10,
    audio_sec: Math.round(rows[0].audioSec * 100) / 100,
  }));
}
tts.close();
await fake?.close();
