import assert from "node:assert/strict";
import { DenoWebSocket } from "../lib/ai/openai/realtime_socket.ts";
import { type FakeOpenAI, startFakeOpenAI } from "./fake_openai.ts";
import { DIVERGENT_TRANSCRIPT, SAMPLE_RATE, speechSeconds } from "./fake_realtime.ts";

type Event = { type: string; [k: string]: unknown };

/** A raw Realtime client: every server event lands in `events`; `next(type)` waits for one. */
interface Client {
  ws: WebSocket;
  events: Event[];
  send(event: Record<string, unknown>): void;
  next(type: string): Promise<Event>;
  closed: Promise<CloseEvent>;
}

function connect(fake: FakeOpenAI, model = "gpt-realtime-2.1-mini", key = "sk-test"): Client {
  const url = `${fake.url.replace(/^http/, "ws")}/realtime?model=${model}`;
  const ws = new DenoWebSocket(url, { headers: { Authorization: `Bearer ${key}` } });
  const events: Event[] = [];
  let wake = () => {};
  ws.onmessage = (m) => {
    events.push(JSON.parse(String(m.data)));
    wake();
  };
  const closed = new Promise<CloseEvent>((r) => ws.addEventListener("close", (e) => r(e)));
  ws.onerror = () => {};
  let seen = 0;
  return {
    ws,
    events,
    closed,
    send: (e) => ws.send(JSON.stringify(e)),
    async next(type) {
      for (;;) {
        while (seen < events.length) {
          const e = events[seen++];
          if (e.type === type) return e;
        }
        await Promise.race([new Promise<void>((r) => wake = r), closed]);
        if (ws.readyState === WebSocket.CLOSED && seen >= events.length) {
          throw new Error(`closed before ${type}`);
        }
      }
    },
  };
}

const readText = (text: string, extra: Record<string, unknown> = {}) => ({
  type: "response.create",
  response: {
    conversation: "none",
    output_modalities: ["audio"],
    instructions: "Read it verbatim.",
    input: [{ type: "message", role: "user", content: [{ type: "input_text", text }] }],
    ...extra,
  },
});

const audioOf = (events: Event[]) =>
  events.filter((e) => e.type === "response.output_audio.delta")
    .reduce((n, e) => n + Uint8Array.fromBase64(String(e.delta)).byteLength, 0);

Deno.test("fake realtime", async (t) => {
  const fake = await startFakeOpenAI({ apiKey: "sk-test" });
  try {
    await t.step(
      "session, out-of-band response, events in GA order, audio as long as the text",
      async () => {
        fake.reset();
        const c = connect(fake);
        const created = await c.next("session.created");
        assert.equal((created.session as { model: string }).model, "gpt-realtime-2.1-mini");
        c.send({
          type: "session.update",
          session: {
            type: "realtime",
            instructions: "You read questions.",
            audio: { output: { format: { type: "audio/pcm", rate: 24000 }, voice: "marin" } },
          },
        });
        const updated = await c.next("session.updated");
        assert.equal(
          (updated.session as { audio: { output: { voice: string } } }).audio.output.voice,
          "marin",
        );
        const short = "짧은 질문?";
        const long = "조금 더 긴 질문입니다. 본인의 강점과 약점을 하나씩 말씀해 주시겠어요?";
        const sizes: number[] = [];
        for (const text of [short, long]) {
          const from = c.events.length;
          c.send(readText(text));
          const done = await c.next("response.done");
          const events = c.events.slice(from);
          const types = events.map((e) => e.type).filter((t, i, all) => all[i - 1] !== t);
          assert.deepEqual(types, [
            "response.created",
            "response.output_item.added",
            "response.content_part.added",
            ...types.slice(3, -5),
            "response.output_audio.done",
            "response.output_audio_transcript.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.done",
          ]);
          assert.ok(
            types.slice(3, -5).every((t) =>
              t === "response.output_audio.delta" || t === "response.output_audio_transcript.delta"
            ),
          );
          sizes.push(audioOf(events));
          assert.equal(sizes.at(-1), Math.round(speechSeconds(text) * SAMPLE_RATE) * 2);
          const transcript = events.find((e) => e.type === "response.output_audio_transcript.done");
          assert.equal(transcript?.transcript, text);
          const deltas = events.filter((e) => e.type === "response.output_audio_transcript.delta");
          assert.equal(deltas.map((e) => e.delta).join(""), text);
          const response = done.response as {
            status: string;
            conversation_id: string | null;
            usage: { input_tokens: number; output_token_details: { audio_tokens: number } };
          };
          assert.equal(response.status, "completed");
          assert.equal(response.conversation_id, null);
          assert.ok(
            response.usage.input_tokens > 0 && response.usage.output_token_details.audio_tokens > 0,
          );
        }
        assert.ok(sizes[0] < sizes[1]);
        assert.deepEqual(
          fake.realtime.requests.map((
            r,
          ) => [r.model, r.voice, r.sessionInstructions, r.instructions, r.text]),
          [
            ["gpt-realtime-2.1-mini", "marin", "You read questions.", "Read it verbatim.", short],
            ["gpt-realtime-2.1-mini", "marin", "You read questions.", "Read it verbatim.", long],
          ],
        );
        assert.ok(!JSON.stringify(fake.realtime.requests).includes("sk-test"));
        assert.equal(fake.realtime.handshakes, 1);
        c.ws.close();
        await c.closed;
      },
    );
    await t.step("a conversation item is read by a response on the conversation", async () => {
      fake.reset();
      const c = connect(fake);
      await c.next("session.created");
      c.send({
        type: "conversation.item.create",
        item: {
          type: "message",
          role: "user",
          content: [{ type: "input_text", text: "대화 속 질문?" }],
        },
      });
      await c.next("conversation.item.created");
      c.send({ type: "response.create", response: { output_modalities: ["audio"] } });
      const done = await c.next("response.done");
      assert.equal((done.response as { conversation_id: string }).conversation_id, "conv_fake");
      assert.equal(fake.realtime.requests[0].text, "대화 속 질문?");
      assert.equal(fake.realtime.requests[0].conversation, "auto");
      c.ws.close();
      await c.closed;
    });
    await t.step("bad input gets error events, the session stays usable", async () => {
      fake.reset();
      const c = connect(fake);
      await c.next("session.created");
      c.send({
        type: "session.update",
        session: { type: "realtime", audio: { output: { voice: "nobody" } } },
      });
      assert.equal(((await c.next("error")).error as { code: string }).code, "invalid_value");
      c.send({ type: "no.such.event" });
      assert.equal(((await c.next("error")).error as { code: string }).code, "unknown_event");
      c.send(readText("  "));
      assert.equal(((await c.next("error")).error as { code: string }).code, "invalid_value");
      c.send(readText("그래도 질문은 읽습니다?"));
      await c.next("response.done");
      c.ws.close();
      await c.closed;
    });
    await t.step(
      "a model without 'realtime' in its name gets model_not_found and a close",
      async () => {
        fake.reset();
        const c = connect(fake, "tts-1-hd");
        const err = await c.next("error");
        assert.equal((err.error as { code: string }).code, "model_not_found");
        assert.equal((await c.closed).code, 1008);
      },
    );
    await t.step("handshakes refused with 401 for a wrong key and as injected", async () => {
      fake.reset();
      for (const [key, status] of [["wrong", 401], ["sk-test", 404], ["sk-test", 500]] as const) {
        if (key === "sk-test") fake.realtime.failNext(1, status);
        const res = await fetch(`${fake.url}/realtime?model=gpt-realtime`, {
          headers: {
            authorization: `Bearer ${key}`,
            connection: "Upgrade",
            upgrade: "websocket",
            "sec-websocket-version": "13",
            "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
          },
        });
        assert.equal(res.status, status);
        await res.body?.cancel();
      }
      assert.equal(fake.realtime.handshakes, 0);
      const c = connect(fake, "gpt-realtime");
      await c.next("session.created");
      assert.equal(fake.realtime.handshakes, 1);
      c.ws.close();
      await c.closed;
    });
    await t.step("injected error event, mid-stream close and divergent transcripts", async () => {
      fake.reset();
      const c = connect(fake);
      await c.next("session.created");
      fake.realtime.failNext(1, "error");
      c.send(readText("오류가 날 질문?"));
      assert.equal(((await c.next("error")).error as { type: string }).type, "server_error");

      fake.realtime.divergeNext(1);
      c.send(readText("그대로 읽어야 할 질문입니다?"));
      const t = await c.next("response.output_audio_transcript.done");
      assert.equal(t.transcript, DIVERGENT_TRANSCRIPT);
      await c.next("response.done");

      const text = "중간에 끊길 꽤 긴 질문입니다. 이 질문의 오디오는 절반만 도착합니다?";
      fake.realtime.failNext(1, "close");
      const from = c.events.length;
      c.send(readText(text));
      assert.equal((await c.closed).code, 1011);
      const events = c.events.slice(from);
      assert.ok(!events.some((e) => e.type === "response.done"));
      const got = audioOf(events);
      assert.ok(got > 0 && got < Math.round(speechSeconds(text) * SAMPLE_RATE) * 2);
      assert.deepEqual(fake.realtime.requests.map((r) => r.injected), [
        "error",
        "diverge",
        "close",
      ]);
    });
    await t.step(
      "latency delays the handshake and the first delta; reset closes sockets",
      async () => {
        fake.reset();
        fake.realtime.setLatency({ handshakeMs: 60, firstDeltaMs: 80, totalMs: 200 });
        const t0 = performance.now();
        const c = connect(fake);
        await c.next("session.created");
        const handshake = performance.now() - t0;
        const t1 = performance.now();
        c.send(readText("지연이 있는 질문입니다?"));
        await c.next("response.output_audio.delta");
        const first = performance.now() - t1;
        await c.next("response.done");
        const all = performance.now() - t1;
        // Lower bounds only: the fake waits at least this long; how much longer is the machine's.
        assert.ok(handshake >= 60 && first >= 80 && all >= 200, `${handshake} ${first} ${all}`);
        assert.equal(fake.realtime.open, 1);
        fake.reset();
        await c.closed;
        assert.equal(fake.realtime.requests.length, 0);
      },
    );
  } finally {
    await fake.close();
  }
});
