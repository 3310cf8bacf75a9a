/**
 * Live transcription over `GET /api/interviews/{id}/turns/{n}/live` against the fake's
 * Realtime transcription session: captions arrive while audio streams, a complete live
 * transcript replaces file STT (never both), and every fallback — no live capability, a
 * dropped stream, a reconnect, a reload with a new recording — ends in exactly one
 * transcription.
 */
import assert from "node:assert/strict";
import { DenoWebSocket } from "../../../lib/ai/openai/realtime_socket.ts";
import { createOfflineProvider } from "../../../lib/ai/offline/mod.ts";
import {
  DEFAULT_TRANSCRIPT,
  type FakeOpenAI,
  fakeOpenAiProvider,
  startFakeOpenAI,
} from "../../../tests/fake_openai.ts";
import { createTestApp, jsonReq, signUp, type TestApp } from "../../../tests/helpers.ts";
import { fixture, LETTER_TEXT, POSTING_TEXT } from "../../../tests/security/support.ts";

const speech = await fixture("audio/speech.webm");
/** 3 s of PCM16 24 kHz (any samples: the fake transcribes by length). */
const PCM = new Uint8Array(3 * 24_000 * 2).map((_, i) => (i * 37) & 0xff);
const FRAME = 4_800;

interface Env {
  t: TestApp;
  fake: FakeOpenAI;
  origin: string;
  token: string;
  sid: string;
}

/**
 * One app for the file (the provider's live capability switchable); `interview` starts a
 * fresh interview for each scenario.
 */
async function liveApp() {
  const fake = await startFakeOpenAI();
  const provider = fakeOpenAiProvider(fake, { liveSttModel: "gpt-live-transcribe" });
  const switchable = { live: true };
  const ai = new Proxy(provider, {
    get: (target, prop) =>
      prop === "liveTranscribe" && !switchable.live ? undefined : Reflect.get(target, prop),
  });
  const t = await createTestApp({ ai });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, t.app.fetch);
  const user = await signUp(t.app);
  const form = new FormData();
  form.append("text", POSTING_TEXT);
  const posting = await t.app.request("/api/job-postings", {
    method: "POST",
    headers: { authorization: `Bearer ${user.access}` },
    body: form,
  });
  assert.equal(posting.status, 201, await posting.clone().text());
  const letter = await t.app.request(
    "/api/cover-letters",
    jsonReq(
      "POST",
      { job_posting_id: (await posting.json()).id, content: LETTER_TEXT },
      user.access,
    ),
  );
  assert.equal(letter.status, 201, await letter.clone().text());
  const letterId = (await letter.json()).id;
  return {
    switchable,
    async interview(): Promise<Env> {
      fake.reset();
      const started = await t.app.request(
        "/api/interviews/start",
        jsonReq("POST", { cover_letter_id: letterId }, user.access),
      );
      assert.equal(started.status, 201, await started.clone().text());
      const sid = (await started.json()).session_id;
      fake.reset();
      return { t, fake, origin: `127.0.0.1:${server.addr.port}`, token: user.access, sid };
    },
    async close() {
      await server.shutdown();
      await t.close();
      await fake.close();
    },
  };
}

/** A client socket that collects the server's messages. */
async function connect(e: Env, liveId: string, turn = 1) {
  const ws = new DenoWebSocket(`ws://${e.origin}/api/interviews/${e.sid}/turns/${turn}/live`, {
    headers: { authorization: `Bearer ${e.token}` },
  });
  const messages: { type: string; text?: string; complete?: boolean }[] = [];
  const waiters: (() => void)[] = [];
  ws.onmessage = (m) => {
    messages.push(JSON.parse(String(m.data)));
    waiters.splice(0).forEach((w) => w());
  };
  const closed = new Promise<number>((r) => ws.onclose = (c) => r(c.code));
  await new Promise((r, j) => {
    ws.onopen = r;
    ws.onerror = j;
  });
  ws.send(JSON.stringify({ type: "start", live_id: liveId }));
  const until = async (type: string) => {
    while (!messages.some((m) => m.type === type || m.type === "unavailable")) {
      await new Promise<void>((r) => waiters.push(r));
    }
    return messages.find((m) => m.type === type);
  };
  await until("ready");
  return {
    messages,
    closed,
    until,
    stream(bytes = PCM) {
      for (let at = 0; at < bytes.byteLength; at += FRAME) ws.send(bytes.subarray(at, at + FRAME));
    },
    stop() {
      ws.send(JSON.stringify({ type: "stop" }));
    },
    close() {
      ws.close();
      return closed;
    },
  };
}

async function answer(e: Env, liveId?: string) {
  const form = new FormData();
  form.append("turn_number", "1");
  form.append("audio", new Blob([speech as BlobPart]), "answer.webm");
  if (liveId) form.append("live_id", liveId);
  const res = await e.t.app.request(`/api/interviews/${e.sid}/answer`, {
    method: "POST",
    headers: { authorization: `Bearer ${e.token}` },
    body: form,
  });
  assert.equal(res.status, 200, await res.clone().text());
  return await res.json();
}

async function source(e: Env): Promise<string> {
  const res = await e.t.app.request(`/api/interviews/${e.sid}/result`, {
    headers: { authorization: `Bearer ${e.token}` },
  });
  return (await res.json()).turns[0].transcript_source;
}

const fileStt = (fake: FakeOpenAI) =>
  fake.requests.filter((r) => r.endpoint === "transcription").length;

Deno.test("live transcription over the WebSocket, and every fallback", async (t) => {
  const app = await liveApp();
  try {
    await t.step("captions while streaming; the live transcript replaces file STT", async () => {
      const e = await app.interview();
      const liveId = crypto.randomUUID();
      const s = await connect(e, liveId);
      s.stream();
      await s.until("partial");
      s.stop();
      const final = await s.until("final");
      assert.equal(await s.closed, 1000);
      assert.equal(final?.complete, true);
      const partials = s.messages.filter((m) => m.type === "partial").map((m) => m.text!);
      assert.ok(partials.length >= 2, `partials: ${partials.length}`);
      assert.ok(partials.every((p, i) => i === 0 || p.startsWith(partials[i - 1])), "they grow");
      assert.ok(DEFAULT_TRANSCRIPT.startsWith(partials.at(-1)!.trim()));

      const result = await answer(e, liveId);
      assert.equal(result.answer_stt_text, DEFAULT_TRANSCRIPT);
      assert.equal(await source(e), "live");
      assert.equal(fileStt(e.fake), 0, "never transcribed twice");
      const [session] = e.fake.realtime.liveSessions;
      assert.equal(session.model, "gpt-live-transcribe");
      assert.deepEqual(session.languages, ["ko"]);
      assert.ok(session.keywords.length > 0, "the interview's terms as hints");
      assert.equal(session.audioBytes, PCM.byteLength);
      assert.equal(e.t.deps.live!.size, 0, "taken once, then forgotten");
    });

    await t.step("the answer may overtake the stop message", async () => {
      const e = await app.interview();
      const liveId = crypto.randomUUID();
      const s = await connect(e, liveId);
      s.stream();
      await s.until("partial");
      const answered = answer(e, liveId);
      await new Promise((r) => setTimeout(r, 50));
      s.stop();
      await answered;
      await s.closed;
      assert.equal(await source(e), "live");
      assert.equal(fileStt(e.fake), 0);
    });

    await t.step("a dropped provider session falls back to file STT, once", async () => {
      const e = await app.interview();
      e.fake.realtime.failLiveNext(1, "close");
      const a = crypto.randomUUID();
      const s = await connect(e, a);
      s.stream();
      s.stop();
      assert.equal((await s.until("final"))?.complete, false);
      await answer(e, a);
      assert.equal(await source(e), "server");
      assert.equal(fileStt(e.fake), 1);
    });

    await t.step("a socket lost before the stop falls back to file STT, once", async () => {
      const e = await app.interview();
      const a = crypto.randomUUID();
      const s = await connect(e, a);
      s.stream();
      await s.until("partial");
      await s.close();
      await answer(e, a);
      assert.equal(await source(e), "server");
      assert.equal(fileStt(e.fake), 1);
    });

    await t.step("a reconnect replaces the older stream of the turn", async () => {
      const e = await app.interview();
      const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
      const first = await connect(e, a);
      first.stream();
      const second = await connect(e, b);
      second.stream();
      second.stop();
      await second.until("final");
      await first.close();
      await answer(e, b);
      assert.equal(await source(e), "live");
      assert.equal(fileStt(e.fake), 0);
      assert.equal(e.fake.realtime.liveSessions.length, 2);
      // The replaced session is closed (the fake sees it once the close handshake is done).
      while (e.fake.realtime.open) await new Promise((r) => setTimeout(r, 5));
    });

    await t.step("the same recording resumed on a new socket is not complete", async () => {
      const e = await app.interview();
      const a = crypto.randomUUID();
      const first = await connect(e, a);
      first.stream();
      await first.close();
      const again = await connect(e, a);
      again.stream(PCM.subarray(0, FRAME * 4));
      again.stop();
      await again.until("final");
      await answer(e, a);
      assert.equal(await source(e), "server");
      assert.equal(fileStt(e.fake), 1);
    });

    await t.step("after a reload, an earlier recording's transcript is never used", async () => {
      const e = await app.interview();
      const before = await connect(e, crypto.randomUUID());
      before.stream();
      before.stop();
      await before.until("final");
      // The reloaded page records anew under a new id (here without a stream).
      await answer(e, crypto.randomUUID());
      assert.equal(await source(e), "server");
      assert.equal(fileStt(e.fake), 1);
    });

    await t.step("without the capability: refused before the upgrade, file STT", async () => {
      const e = await app.interview();
      app.switchable.live = false;
      try {
        const res = await e.t.app.request(`/api/interviews/${e.sid}/turns/1/live`, {
          headers: { authorization: `Bearer ${e.token}`, upgrade: "websocket" },
        });
        assert.equal(res.status, 422);
        assert.equal((await res.json()).error.code, "live_stt_unavailable");
        await answer(e, crypto.randomUUID());
        assert.equal(await source(e), "server");
        assert.equal(fileStt(e.fake), 1);
      } finally {
        app.switchable.live = true;
      }
    });

    await t.step("refused before the upgrade: bad request, stranger, other turn", async () => {
      const e = await app.interview();
      const path = `/api/interviews/${e.sid}/turns/1/live`;
      const status = async (p: string, headers: Record<string, string>) => {
        const res = await e.t.app.request(p, { headers });
        return [res.status, (await res.json()).error.code];
      };
      const ws = { upgrade: "websocket" };
      const bearer = { authorization: `Bearer ${e.token}` };
      assert.deepEqual(await status(path, bearer), [400, "websocket_expected"]);
      assert.deepEqual(await status(path, ws), [403, "csrf_failed"]);
      assert.deepEqual(
        await status(path, { ...ws, cookie: "mi_at=x", origin: "https://evil.example" }),
        [403, "csrf_failed"],
      );
      assert.deepEqual(
        await status(path, { ...ws, cookie: "mi_at=x", origin: "http://localhost" }),
        [401, "session_expired"],
      );
      const stranger = await signUp(e.t.app);
      assert.deepEqual(
        await status(path, { ...ws, authorization: `Bearer ${stranger.access}` }),
        [404, "interview_not_found"],
      );
      assert.deepEqual(
        await status(`/api/interviews/${e.sid}/turns/2/live`, { ...ws, ...bearer }),
        [409, "turn_conflict"],
      );
      assert.deepEqual(
        await status(`/api/interviews/${e.sid}/turns/9/live`, { ...ws, ...bearer }),
        [422, "invalid_input"],
      );
      assert.equal(e.fake.realtime.liveSessions.length, 0);
    });
  } finally {
    await app.close();
  }
});

Deno.test("live: the offline provider refuses the live endpoint", async () => {
  const t = await createTestApp({ ai: createOfflineProvider() });
  try {
    const user = await signUp(t.app);
    const res = await t.app.request(`/api/interviews/${crypto.randomUUID()}/turns/1/live`, {
      headers: { authorization: `Bearer ${user.access}`, upgrade: "websocket" },
    });
    assert.equal(res.status, 422);
    assert.equal((await res.json()).error.code, "live_stt_unavailable");
  } finally {
    await t.close();
  }
});
