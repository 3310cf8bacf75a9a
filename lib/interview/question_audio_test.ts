import assert from "node:assert/strict";
import { createOfflineProvider } from "../ai/offline/mod.ts";
import type { Speech } from "../ai/types.ts";
import { type QuestionAudio, questionAudio } from "./question_audio.ts";
import { toneWav } from "../../tests/fake_openai.ts";
import { createTestApp, jsonReq, signUp, type TestApp } from "../../tests/helpers.ts";
import { withSpeak } from "../../tests/speech_wrappers.ts";

const PCM = toneWav(2, 24_000).subarray(44);
const PCM_TYPE = "audio/pcm;rate=24000";

/** A scripted voice: each call streams `PCM` in 8 chunks, or fails after `failAfter` chunks. */
function scriptedVoice() {
  const voice = {
    calls: 0,
    failAfter: null as number | null,
    /** Complete audio of a retake to store instead (a diverged Realtime reading). */
    retake: null as Uint8Array | null,
    speak(_text: string): Promise<Speech> {
      voice.calls++;
      const failAfter = voice.failAfter;
      const size = Math.ceil(PCM.byteLength / 8);
      let at = 0;
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(c) {
          if (failAfter !== null && sent === failAfter) return c.error(new Error("socket closed"));
          if (at >= PCM.byteLength) return c.close();
          c.enqueue(PCM.slice(at, at += size));
          sent++;
        },
      });
      return Promise.resolve({
        body,
        contentType: PCM_TYPE,
        retake: Promise.resolve(voice.retake),
      });
    },
  };
  return voice;
}

async function withApp(fn: (t: TestApp, voice: ReturnType<typeof scriptedVoice>) => Promise<void>) {
  const voice = scriptedVoice();
  const t = await createTestApp({ ai: withSpeak(createOfflineProvider(), voice.speak) });
  try {
    await fn(t, voice);
  } finally {
    await t.close();
  }
}

/** A started interview: its id and turn 1's signed audio URL. */
async function started(t: TestApp) {
  const user = await signUp(t.app);
  const form = new FormData();
  form.append("title", "백엔드 개발자");
  form.append("text", "백엔드 개발자 채용. 자격 요건: PostgreSQL, 결제 시스템 운영 경험 3년 이상.");
  const auth = { authorization: `Bearer ${user.access}` };
  const posting = await (await t.app.request("/api/job-postings", {
    method: "POST",
    headers: auth,
    body: form,
  })).json();
  const letter = await (await t.app.request(
    "/api/cover-letters",
    jsonReq("POST", {
      job_posting_id: posting.id,
      content: "저는 결제 시스템을 3년 동안 운영하며 PostgreSQL 쿼리를 최적화했습니다. ".repeat(3),
    }, user.access),
  )).json();
  const res = await t.app.request(
    "/api/interviews/start",
    jsonReq("POST", { cover_letter_id: letter.id }, user.access),
  );
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  return {
    userId: user.id,
    sessionId: body.session_id as string,
    url: body.current_turn.question_audio_url as string,
  };
}

async function storedType(t: TestApp, sessionId: string): Promise<string | null> {
  const [row] = await t.db.sql<{ question_audio_type: string | null }[]>`
    select question_audio_type from interview_turns
    where session_id = ${sessionId} and turn_number = 1`;
  return row.question_audio_type;
}

const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());
const isMp3 = (b: Uint8Array) => b[0] === 0xff && (b[1] & 0xe0) === 0xe0;

Deno.test("PCM speech is delivered as MP3 by default and stored as the same MP3", async () => {
  await withApp(async (t, voice) => {
    const s = await started(t);
    const live = await t.app.request(s.url);
    assert.equal(live.headers.get("content-type"), "audio/mpeg");
    const mp3 = await bytes(live);
    assert.ok(isMp3(mp3), "MPEG frames");
    // 2 s at 48 kbit/s.
    assert.ok(mp3.byteLength > 10_000 && mp3.byteLength < 14_000, `${mp3.byteLength} bytes`);
    for (let i = 0; i < 100 && !(await storedType(t, s.sessionId)); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(await storedType(t, s.sessionId), "audio/mpeg");
    const part = await t.app.request(s.url, { headers: { range: "bytes=100-199" } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get("content-range"), `bytes 100-199/${mp3.byteLength}`);
    assert.deepEqual(await bytes(part), mp3.subarray(100, 200));
    assert.equal(voice.calls, 1);
  });
});

Deno.test("format=pcm passes the raw samples through while synthesising, and stores MP3", async () => {
  await withApp(async (t, voice) => {
    const s = await started(t);
    const live = await t.app.request(`${s.url}&format=pcm`);
    assert.equal(live.status, 200);
    assert.equal(live.headers.get("content-type"), PCM_TYPE);
    assert.deepEqual(await bytes(live), PCM);
    for (let i = 0; i < 100 && !(await storedType(t, s.sessionId)); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(await storedType(t, s.sessionId), "audio/mpeg");
    // Once stored the question is MP3, whichever form is asked for; nothing is synthesised again.
    const again = await t.app.request(`${s.url}&format=pcm`);
    assert.equal(again.headers.get("content-type"), "audio/mpeg");
    assert.ok(isMp3(await bytes(again)));
    assert.equal(voice.calls, 1);
    const bad = await t.app.request(`${s.url}&format=wav`);
    assert.equal(bad.status, 422);
    await bad.body?.cancel();
  });
});

Deno.test("a speech stream that fails midway is never stored; the next request synthesises again", async () => {
  await withApp(async (t, voice) => {
    const s = await started(t);
    const deps = t.deps;
    for (const format of ["mp3", "pcm"] as const) {
      voice.failAfter = 3;
      const audio = await questionAudio(deps, { userId: s.userId }, s.sessionId, 1, { format });
      assert.equal(audio.kind, "live");
      const live = audio as Extract<QuestionAudio, { kind: "live" }>;
      await assert.rejects(new Response(live.body).arrayBuffer());
      await live.stored;
      assert.equal(await storedType(t, s.sessionId), null, `${format}: nothing stored`);
    }
    voice.failAfter = null;
    const audio = await questionAudio(deps, { userId: s.userId }, s.sessionId, 1);
    assert.equal(audio.kind, "live");
    const live = audio as Extract<QuestionAudio, { kind: "live" }>;
    assert.ok(isMp3(new Uint8Array(await new Response(live.body).arrayBuffer())));
    await live.stored;
    assert.equal(await storedType(t, s.sessionId), "audio/mpeg");
    assert.equal(voice.calls, 3);
  });
});

Deno.test("a diverged reading's retake is what gets stored, encoded like the stream", async () => {
  await withApp(async (t, voice) => {
    const s = await started(t);
    voice.retake = toneWav(1, 24_000).subarray(44);
    const live = await t.app.request(`${s.url}&format=pcm`);
    assert.deepEqual(await bytes(live), PCM, "the listener hears the stream as it came");
    for (let i = 0; i < 100 && !(await storedType(t, s.sessionId)); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const stored = await bytes(await t.app.request(s.url));
    assert.ok(isMp3(stored));
    // One second at 48 kbit/s, not the two seconds streamed.
    assert.ok(stored.byteLength > 5_000 && stored.byteLength < 7_500, `${stored.byteLength} bytes`);
  });
});
