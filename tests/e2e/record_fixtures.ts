/**
 * Records the engine fixtures of tests/fixtures/audio/ with each engine's own MediaRecorder and
 * fake microphone, as the island records (1 s timeslice), so the media tests run on real
 * browser output:
 *   deno run -A tests/e2e/record_fixtures.ts
 * writes firefox.webm, firefox.ogg (Firefox ESR) and webkit.m4a (WebKitGTK), 4 s each.
 */
import { launchFirefox, launchWebKit } from "./engines.ts";

const SECONDS = 4;
const DIR = new URL("../fixtures/audio/", import.meta.url);

/** Records `sec` seconds as `mimeType` ("" = the engine's choice); base64 of the bytes and types. */
async function record({ mimeType, sec }: { mimeType: string; sec: number }) {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const rec = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
  const chunks: Blob[] = [];
  rec.ondataavailable = (e) => e.data.size && chunks.push(e.data);
  const stopped = new Promise((r) => (rec.onstop = r));
  rec.start(1000);
  await new Promise((r) => setTimeout(r, sec * 1000));
  rec.stop();
  await stopped;
  stream.getTracks().forEach((t) => t.stop());
  const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return { b64: btoa(bin), mime: rec.mimeType, chunkType: chunks[0]?.type ?? "" };
}

const server = Deno.serve(
  { port: 0, hostname: "127.0.0.1", onListen() {} },
  () =>
    new Response("<!doctype html><title>rec</title>", { headers: { "content-type": "text/html" } }),
);
const page = `http://127.0.0.1:${server.addr.port}/`;
try {
  for (
    const [launch, out, mimeType] of [
      [launchFirefox, "firefox.webm", "audio/webm;codecs=opus"],
      [launchFirefox, "firefox.ogg", ""],
      [launchWebKit, "webkit.m4a", "audio/mp4"],
    ] as const
  ) {
    const engine = await launch({ mic: "fake" });
    try {
      await engine.page.goto(page);
      const r = await engine.page.evaluate(record, { mimeType, sec: SECONDS });
      const bytes = Uint8Array.from(atob(r.b64), (c) => c.charCodeAt(0));
      await Deno.writeFile(new URL(out, DIR), bytes);
      console.log(
        `${out}: ${bytes.length} bytes, mimeType "${r.mime}", chunk type "${r.chunkType}"`,
      );
    } finally {
      await engine.close();
    }
  }
} finally {
  await server.shutdown();
}
