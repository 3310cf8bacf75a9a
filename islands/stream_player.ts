/**
 * Plays a question from its first bytes. `<audio src>` waits for tens of kilobytes before it
 * starts, which for a short question is the whole of it; instead the question is fetched with
 * `format=pcm`, and while the server is synthesising it answers raw PCM, whose chunks are
 * turned into AudioBuffers and scheduled back to back on the AudioContext as they arrive. A
 * question already stored (MP3), or a server whose voice is MP3, is played by the `<audio>`
 * element from the fetched bytes. Whatever happens, `done` settles exactly once — at the end,
 * on failure, or after a stall — so the caller never waits on an `ended` that never fires.
 */
import { pcm16ToFloat, pcmRate } from "../lib/media/pcm.ts";

/** How a playback finished. */
export type Outcome = "ended" | "failed" | "stalled" | "stopped";

/** A question being played. */
export interface Playback {
  /** Settles once. */
  done: Promise<Outcome>;
  /** Silences it at once; `done` settles with "stopped". */
  stop(): void;
}

/** With no new bytes or progress for this long, the playback counts as stalled. */
const STALL_MS = 8000;
/** Scheduling slack, so the first buffer's start is not already in the past. */
const LEAD_SEC = 0.02;
/** Past an element's known end, this long without `ended` counts as over (see ontimeupdate). */
const END_SLACK_MS = 1500;
/** How long a context resumed in the user's tap may take to start running. */
const RESUME_MS = 300;

/**
 * Plays the question audio at `url`. `ctx` (resumed inside the user's tap) plays PCM; `el`
 * (created in the same tap, as iOS requires) plays encoded audio. `on` hears of the first audio
 * byte and of the `performance.now()` time at which sound starts.
 */
export function playStream(
  url: string,
  ctx: AudioContext | null,
  el: HTMLAudioElement,
  on: { firstByte(): void; audible(at: number): void },
): Playback {
  const abort = new AbortController();
  const sources = new Set<AudioBufferSourceNode>();
  let settle!: (o: Outcome) => void;
  const done = new Promise<Outcome>((r) => (settle = r));
  let settled = false;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let blobUrl = "";

  const silence = () => {
    abort.abort();
    for (const s of sources) s.stop();
    el.pause();
  };
  const end = (o: Outcome) => {
    if (settled) return;
    settled = true;
    clearTimeout(watchdog);
    if (o !== "ended") silence();
    if (blobUrl) URL.revokeObjectURL(blobUrl);
    settle(o);
  };
  const kick = (ms = STALL_MS) => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => end("stalled"), ms);
  };

  /** Schedules PCM16LE chunks as they arrive; resolves once the last buffer is scheduled. */
  async function playPcm(body: ReadableStream<Uint8Array>, rate: number, ac: AudioContext) {
    const reader = body.getReader();
    let next = 0;
    let carry: number | null = null;
    let last: AudioBufferSourceNode | null = null;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      kick();
      if (next === 0 && carry === null) on.firstByte();
      const pcm = pcm16ToFloat(r.value, carry);
      carry = pcm.carry;
      if (!pcm.data.length) continue;
      const buf = ac.createBuffer(1, pcm.data.length, rate);
      buf.copyToChannel(pcm.data, 0);
      const src = ac.createBufferSource();
      src.buffer = buf;
      src.connect(ac.destination);
      src.onended = () => sources.delete(src);
      // Back to back; after an underrun, as soon as possible.
      const at = Math.max(next, ac.currentTime + LEAD_SEC);
      src.start(at);
      sources.add(src);
      if (!last) on.audible(performance.now() + (at - ac.currentTime) * 1000);
      next = at + buf.duration;
      last = src;
    }
    if (!last) throw new Error("no audio");
    const left = next - ac.currentTime;
    // Its last buffer may have played out already while the stream was closing.
    if (left <= 0) return end("ended");
    last.onended = () => end("ended");
    // The watchdog covers a context that stops running before that `ended`.
    kick(left * 1000 + 1000);
  }

  /** Plays encoded audio (MP3) with the element once all of it is fetched. */
  async function playEncoded(body: ReadableStream<Uint8Array>, type: string) {
    const parts: BlobPart[] = [];
    const reader = body.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      kick();
      if (!parts.length) on.firstByte();
      parts.push(r.value as Uint8Array<ArrayBuffer>);
    }
    blobUrl = URL.createObjectURL(new Blob(parts, { type }));
    el.onplaying = () => {
      el.onplaying = null;
      on.audible(performance.now());
    };
    // Some engines never fire `ended` (a stream whose length they misjudge, a paused session):
    // near the known end the watchdog waits only a little past it.
    el.ontimeupdate = () => {
      const left = (el.duration - el.currentTime) * 1000;
      kick(Number.isFinite(left) ? Math.min(STALL_MS, Math.max(0, left) + END_SLACK_MS) : STALL_MS);
    };
    el.onended = () => end("ended");
    el.onerror = () => end("failed");
    el.src = blobUrl;
    await el.play();
  }

  kick();
  (async () => {
    // WebKit and Firefox create the context suspended; the tap's resume() settles a moment later.
    const wantPcm = !!ctx && (ctx.state === "running" || await running(ctx));
    const target = wantPcm ? `${url}${url.includes("?") ? "&" : "?"}format=pcm` : url;
    const res = await fetch(target, { signal: abort.signal, credentials: "same-origin" });
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
    const type = res.headers.get("content-type") ?? "";
    const rate = pcmRate(type);
    if (wantPcm && rate) {
      await playPcm(res.body, rate, ctx!);
    } else {
      await playEncoded(res.body, type);
    }
  })().catch(() => end("failed"));
  return { done, stop: () => end("stopped") };
}

/** Whether `ctx` runs within RESUME_MS; a resume() outside a gesture may never settle. */
function running(ctx: AudioContext): Promise<boolean> {
  const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), RESUME_MS));
  return Promise.race([ctx.resume().then(() => ctx.state === "running", () => false), timeout]);
}
