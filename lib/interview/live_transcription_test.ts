/**
 * The registry's bounds with a scripted provider session: the oldest stream goes when full,
 * an idle or oversized stream is dropped, a take is once only and never another recording's.
 */
import assert from "node:assert/strict";
import type { LiveTranscription } from "../ai/types.ts";
import { LiveTranscriptions } from "./live_transcription.ts";

/** A provider session that transcribes "n bytes" and records whether it was closed. */
function scripted() {
  const sessions: { bytes: number; closed: boolean }[] = [];
  const open = (): Promise<LiveTranscription> => {
    const s = { bytes: 0, closed: false };
    sessions.push(s);
    return Promise.resolve({
      push: (pcm) => void (s.bytes += pcm.byteLength),
      finish: () => Promise.resolve({ text: `${s.bytes} bytes`, complete: !s.closed }),
      close: () => void (s.closed = true),
    });
  };
  return { sessions, open };
}

const SID = crypto.randomUUID();

Deno.test("live registry: a complete stream is taken once, only by its own recording", async () => {
  const live = new LiveTranscriptions();
  const p = scripted();
  const a = live.start(SID, 1, "a", p.open);
  assert.equal(await a.ready, true);
  a.push(new Uint8Array(10));
  a.push(new Uint8Array(6));
  await a.stop();
  assert.equal(await live.take(SID, 1, "other", 10), null, "another recording's id");
  assert.deepEqual(await live.take(SID, 1, "a", 10), {
    text: "16 bytes",
    durationSec: 16 / 48_000,
  });
  assert.equal(await live.take(SID, 1, "a", 10), null, "taken once");
  assert.equal(live.size, 0);
  live.close();
});

Deno.test("live registry: a stream that never stops is not used (bounded wait)", async () => {
  const live = new LiveTranscriptions();
  const p = scripted();
  const a = live.start(SID, 1, "a", p.open);
  await a.ready;
  a.push(new Uint8Array(4));
  assert.equal(await live.take(SID, 1, "a", 20), null);
  assert.equal(p.sessions[0].closed, true, "its provider session is closed");
  live.close();
});

Deno.test("live registry: full, idle and oversized streams are dropped", async () => {
  const live = new LiveTranscriptions({ maxEntries: 2, idleMs: 30, maxPcmBytes: 8 });
  const p = scripted();
  const streams = [1, 2, 3].map((n) => live.start(SID, n, `id${n}`, p.open));
  await Promise.all(streams.map((s) => s.ready));
  assert.equal(live.size, 2, "the oldest made room");
  assert.equal(p.sessions[0].closed, true);

  streams[1].push(new Uint8Array(10)); // over maxPcmBytes
  await streams[1].stop();
  assert.equal(await live.take(SID, 2, "id2", 10), null, "oversized");

  await new Promise((r) => setTimeout(r, 60)); // idle past idleMs
  assert.equal(p.sessions[2].closed, true, "idle");
  await streams[2].stop();
  assert.equal(await live.take(SID, 3, "id3", 10), null);
  live.close();
});

Deno.test("live registry: a provider that cannot open reports not ready", async () => {
  const live = new LiveTranscriptions();
  const s = live.start(SID, 1, "a", () => Promise.reject(new Error("refused")));
  assert.equal(await s.ready, false);
  assert.deepEqual(await s.stop(), { text: "", complete: false });
  assert.equal(await live.take(SID, 1, "a", 10), null);
  live.close();
});
