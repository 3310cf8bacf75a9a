/**
 * Turn gap by answer length (issue 16): stop pressed → first byte of the next question's audio,
 * for 10-, 30- and 50-s answers, with live transcription and with file STT only, in one run.
 *
 * The real app on the bench's database, the fake OpenAI with chat 1.2 s, TTS first byte 0.3 s
 * (Realtime), storage puts 0.1 s, file STT 0.3 s + 0.05 s per second of audio (the time grows
 * with the answer, as OpenAI's does), and the live session's final transcript 0.3 s after the
 * commit. A client like the island: the live variant opens
 * `/api/interviews/{id}/turns/{n}/live` when recording starts, streams PCM16 24 kHz (at 10×
 * real time: the fake's work does not depend on pacing, and the clock starts only at stop),
 * then at stop sends `stop` and POSTs the answer (WebM/Opus of that length, like Chrome's) with
 * its `live_id`; the file variant POSTs the same file without a stream. Then, as in `turn_gap.ts`, it fetches
 * `next_turn.question_audio_url` with `format=pcm` until the first body byte, and plays it out.
 */
import { DenoWebSocket } from "../lib/ai/openai/realtime_socket.ts";
import { createAi } from "../lib/ai/mod.ts";
import { TokenSigner } from "../lib/auth/mod.ts";
import type { Config } from "../lib/config.ts";
import { TURNS_PER_INTERVIEW } from "../lib/interview/mod.ts";
import type { Storage } from "../lib/storage/types.ts";
import type { Sql } from "../db/client.ts";
import { createApp } from "../routes/app.ts";
import { startFakeOpenAI } from "../tests/fake_openai.ts";
import { formatMs, markdownTable, median } from "./stats.ts";

export const LIVE_LATENCY = {
  chatMs: 1200,
  ttsFirstByteMs: 300,
  ttsTotalMs: 2000,
  storagePutMs: 100,
  sttBaseMs: 300,
  sttPerAudioSecondMs: 50,
  liveFinalMs: 300,
};
/** The yardstick for a live answer: LLM + TTS first byte + 0.3 s. */
export const LIVE_CRITICAL_MS = LIVE_LATENCY.chatMs + LIVE_LATENCY.ttsFirstByteMs + 300;
export const LIVE_TARGET = { ratio: 1.1, belowFileMs: 1500, atSeconds: 30 };
export const ANSWER_SECONDS = [10, 30, 50];

type Variant = "live" | "file";
export interface LiveGapRow {
  seconds: number;
  variant: Variant;
  gapsMs: number[];
}

/** Who answers: a signed-in user with a cover letter (the bench's own seed). */
export interface Candidate {
  token: string;
  coverLetterId: string;
}

const FIXTURE = new URL("../tests/fixtures/answer_ko.wav", import.meta.url);
const STREAM_SPEEDUP = 10;
const FRAME_SECONDS = 0.1;

/**
 * The fixture's speech looped to `seconds` with ffmpeg: as the island records it (WebM/Opus,
 * 32 kb/s) and as the live stream carries it (PCM16 24 kHz).
 */
async function recordingOf(
  seconds: number,
): Promise<{ file: Blob; pcm24: Uint8Array<ArrayBuffer> }> {
  const dir = await Deno.makeTempDir({ prefix: "mi-bench-answer-" });
  try {
    const ffmpeg = async (...args: string[]) => {
      const { success, stderr } = await new Deno.Command("ffmpeg", {
        args: [
          "-v",
          "error",
          "-stream_loop",
          "-1",
          "-i",
          FIXTURE.pathname,
          "-t",
          `${seconds}`,
          ...args,
        ],
        stdout: "null",
        stderr: "piped",
      }).output();
      if (!success) throw new Error(`ffmpeg: ${new TextDecoder().decode(stderr)}`);
    };
    await ffmpeg("-c:a", "libopus", "-b:a", "32k", `${dir}/a.webm`);
    await ffmpeg("-f", "s16le", "-ac", "1", "-ar", "24000", `${dir}/a.pcm`);
    return {
      file: new Blob([await Deno.readFile(`${dir}/a.webm`)], { type: "audio/webm" }),
      pcm24: await Deno.readFile(`${dir}/a.pcm`) as Uint8Array<ArrayBuffer>,
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Streams `pcm` to the live endpoint; resolves with `stop`, which ends the recording. */
async function openStream(
  origin: string,
  token: string,
  sid: string,
  n: number,
  pcm: Uint8Array<ArrayBuffer>,
) {
  const ws = new DenoWebSocket(
    `${origin.replace(/^http/, "ws")}/api/interviews/${sid}/turns/${n}/live`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  const liveId = crypto.randomUUID();
  const ready = new Promise<void>((resolve, reject) => {
    ws.onmessage = (m) => {
      const type = JSON.parse(String(m.data)).type;
      if (type === "ready") resolve();
      if (type === "unavailable") reject(new Error("live transcription unavailable"));
    };
    ws.onerror = () => reject(new Error("live socket failed"));
  });
  const closed = new Promise((r) => ws.onclose = r);
  await new Promise((r) => ws.onopen = r);
  ws.send(JSON.stringify({ type: "start", live_id: liveId }));
  await ready;
  const frame = FRAME_SECONDS * 24_000 * 2;
  for (let at = 0; at < pcm.byteLength; at += frame) {
    ws.send(pcm.subarray(at, at + frame));
    await new Promise((r) => setTimeout(r, (FRAME_SECONDS * 1000) / STREAM_SPEEDUP));
  }
  return { liveId, stop: () => ws.send(JSON.stringify({ type: "stop" })), closed };
}

async function interview(
  origin: string,
  who: Candidate,
  variant: Variant,
  rec: { file: Blob; pcm24: Uint8Array<ArrayBuffer> },
): Promise<number[]> {
  const auth = { authorization: `Bearer ${who.token}` };
  const started = await fetch(`${origin}/api/interviews/start`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ cover_letter_id: who.coverLetterId }),
  });
  if (started.status !== 201) throw new Error(`start: HTTP ${started.status}`);
  const { session_id: sid, current_turn } = await started.json();
  await (await fetch(new URL(current_turn.question_audio_url, origin))).arrayBuffer();
  const gaps: number[] = [];
  for (let n = 1; n <= TURNS_PER_INTERVIEW; n++) {
    const stream = variant === "live"
      ? await openStream(origin, who.token, sid, n, rec.pcm24)
      : null;
    const t0 = performance.now();
    stream?.stop();
    const form = new FormData();
    form.set("turn_number", String(n));
    form.set("audio", rec.file, "answer.webm");
    if (stream) form.set("live_id", stream.liveId);
    const res = await fetch(`${origin}/api/interviews/${sid}/answer`, {
      method: "POST",
      headers: auth,
      body: form,
    });
    const j = await res.json();
    if (res.status !== 200) throw new Error(`answer: HTTP ${res.status} ${JSON.stringify(j)}`);
    if (n === TURNS_PER_INTERVIEW) break;
    const audio = await fetch(new URL(`${j.next_turn.question_audio_url}&format=pcm`, origin));
    const reader = audio.body!.getReader();
    const first = await reader.read();
    gaps.push(performance.now() - t0);
    if (first.done) throw new Error("question audio is empty");
    while (!(await reader.read()).done) { /* played to its end */ }
    await stream?.closed; // the island does not wait for it either
  }
  return gaps;
}

/** What the bench passes in: its configuration, database, storage and seed. */
export interface LiveGapSetup {
  /** The app's configuration with OpenAI at `fakeUrl` (the default models). */
  configFor(fakeUrl: string): Config;
  sql: Sql;
  /** Storage whose puts take {@link LIVE_LATENCY.storagePutMs}. */
  storage: Storage;
  /** Signs a candidate up on the app at `origin`. */
  seed(origin: string): Promise<Candidate>;
  interviews: number;
  log(msg: string): void;
}

/**
 * Runs the live and file-only interviews for each answer length on a fresh app against its
 * own fake. Returns the rows and how many file transcriptions each variant cost.
 */
export async function liveGap(
  o: LiveGapSetup,
): Promise<{ rows: LiveGapRow[]; fileStt: Record<Variant, number> }> {
  const fake = await startFakeOpenAI();
  let server: Deno.HttpServer<Deno.NetAddr> | null = null;
  try {
    const config = o.configFor(fake.url);
    const app = createApp({
      config,
      sql: o.sql,
      storage: o.storage,
      ai: createAi(config),
      signer: new TokenSigner(config.jwtSecret),
      log: () => {},
    });
    server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.fetch);
    const origin = `http://127.0.0.1:${server.addr.port}`;
    const who = await o.seed(origin);
    fake.setLatency("chat", LIVE_LATENCY.chatMs);
    fake.realtime.setLatency({
      firstDeltaMs: LIVE_LATENCY.ttsFirstByteMs,
      totalMs: LIVE_LATENCY.ttsTotalMs,
    });
    fake.setTranscriptionCost({
      baseMs: LIVE_LATENCY.sttBaseMs,
      perAudioSecondMs: LIVE_LATENCY.sttPerAudioSecondMs,
    });
    fake.realtime.setLiveFinalMs(LIVE_LATENCY.liveFinalMs);
    const short = await recordingOf(ANSWER_SECONDS[0]);
    o.log("live gap: warm-up interview on each variant");
    await interview(origin, who, "live", short);
    await interview(origin, who, "file", short);
    const rows: LiveGapRow[] = [];
    const fileStt: Record<Variant, number> = { live: 0, file: 0 };
    const sttCalls = () => fake.requests.filter((r) => r.endpoint === "transcription").length;
    for (const seconds of ANSWER_SECONDS) {
      const rec = await recordingOf(seconds);
      for (const variant of ["live", "file"] as const) {
        o.log(`live gap: ${seconds}-s answers, ${variant}, ${o.interviews} interviews`);
        const before = sttCalls();
        const gapsMs: number[] = [];
        for (let i = 0; i < o.interviews; i++) {
          gapsMs.push(...await interview(origin, who, variant, rec));
        }
        fileStt[variant] += sttCalls() - before;
        rows.push({ seconds, variant, gapsMs });
      }
    }
    return { rows, fileStt };
  } finally {
    await server?.shutdown();
    await fake.close();
  }
}

/** The report section and the targets missed. */
export function liveGapReport(
  r: Awaited<ReturnType<typeof liveGap>>,
): { text: string; failures: string[] } {
  const failures: string[] = [];
  const med = (s: number, v: Variant) =>
    median(r.rows.find((x) => x.seconds === s && x.variant === v)!.gapsMs);
  const rows = ANSWER_SECONDS.map((s) => [
    `${s} s`,
    formatMs(med(s, "live")),
    (med(s, "live") / LIVE_CRITICAL_MS).toFixed(2),
    formatMs(med(s, "file")),
    formatMs(med(s, "file") - med(s, "live")),
    r.rows.filter((x) => x.seconds === s).map((x) =>
      `${x.variant}: ${
        [...x.gapsMs].sort((a, b) => a - b).map((g) => (g / 1000).toFixed(2)).join(", ")
      }`
    ).join("; "),
  ]);
  const at = LIVE_TARGET.atSeconds;
  if (med(at, "live") / LIVE_CRITICAL_MS > LIVE_TARGET.ratio) {
    failures.push(`live gap at ${at} s: ${(med(at, "live") / LIVE_CRITICAL_MS).toFixed(2)} ×`);
  }
  if (med(at, "file") - med(at, "live") < LIVE_TARGET.belowFileMs) {
    failures.push(`live gap at ${at} s is not ${LIVE_TARGET.belowFileMs} ms below file STT`);
  }
  const L = LIVE_LATENCY;
  const text = [
    "## Turn gap by answer length: live transcription vs file STT (issue 16)",
    "",
    `Stop pressed → first audio byte of the next question. Fake OpenAI: chat ${L.chatMs} ms, ` +
    `TTS first byte ${L.ttsFirstByteMs} ms, storage put ${L.storagePutMs} ms, file STT ` +
    `${L.sttBaseMs} ms + ${L.sttPerAudioSecondMs} ms per second of audio, live final ` +
    `${L.liveFinalMs} ms after the commit. Yardstick LLM + TTS first byte + 0.3 s = ` +
    `${LIVE_CRITICAL_MS / 1000} s. Four timed turns per interview; file STT requests: ` +
    `${r.fileStt.live} in the live runs, ${r.fileStt.file} in the file runs.`,
    "",
    markdownTable(
      [
        "answer",
        "live median",
        `live ÷ ${LIVE_CRITICAL_MS / 1000} s`,
        "file STT median",
        "saved",
        "every gap (s)",
      ],
      rows,
    ),
    "",
    failures.length
      ? `Targets missed: ${failures.join("; ")}.`
      : `Targets met at ${at} s: live ≤ ${LIVE_TARGET.ratio} × the yardstick and ≥ ` +
        `${LIVE_TARGET.belowFileMs / 1000} s below file STT.`,
    "",
  ].join("\n");
  return { text, failures };
}
