/**
 * Speech on the post-2027 models: a whole interview on the default configuration against the
 * fake in retired mode, the transcription hints it sends, the usage it records, and what an
 * STT or TTS `model_not_found` does to a turn.
 */
import assert from "node:assert/strict";
import { inspectAudio } from "../../../lib/media/mod.ts";
import { createAi } from "../../../lib/ai/mod.ts";
import { retiredModel } from "../../../lib/ai/openai/models.ts";
import { parseEnv } from "../../../lib/config.ts";
import {
  type FakeOpenAI,
  fakeOpenAiProvider,
  startFakeOpenAI,
} from "../../../tests/fake_openai.ts";
import {
  createTestApp,
  jsonReq,
  signUp,
  storedRecording,
  type TestApp,
} from "../../../tests/helpers.ts";

const fixture = (name: string) =>
  Deno.readFile(new URL(`../../../tests/fixtures/audio/${name}`, import.meta.url));
const speech = await fixture("speech.webm");
// Safari and iOS record AAC in MP4.
const speechM4a = await fixture("speech.m4a");

const LETTER = "저는 결제 플랫폼에서 정산 배치를 Airflow로 옮기고, 정산 API를 FastAPI로 다시 " +
  "만들었습니다. 정산 오류를 절반으로 줄였습니다.";
const ANALYSIS = {
  // The last one would make gpt-transcribe reject the whole request: it must never be sent.
  keywords: ["FastAPI", "PostgreSQL", "정산", "Kafka", "<b>결제</b>"],
  requirements: ["Python 백엔드 개발 경험 3년 이상"],
  preferred: [],
};

/** Signs up, posts a posting (with a known analysis) and a letter; returns token and letter. */
async function candidate(t: TestApp, fake: FakeOpenAI) {
  const user = await signUp(t.app, { career_summary: "결제 백엔드 3년" });
  fake.queueChatContent(JSON.stringify(ANALYSIS));
  const form = new FormData();
  form.append("text", "백엔드 개발자 채용\n- FastAPI, PostgreSQL, Kafka\n- 정산 도메인");
  const posting = await t.app.request("/api/job-postings", {
    method: "POST",
    headers: { authorization: `Bearer ${user.access}` },
    body: form,
  });
  assert.equal(posting.status, 201, await posting.clone().text());
  const saved = await posting.json();
  assert.deepEqual(saved.ai_analysis.keywords, ANALYSIS.keywords, "stored as the model gave it");
  const letter = await t.app.request(
    "/api/cover-letters",
    jsonReq("POST", { job_posting_id: saved.id, content: LETTER }, user.access),
  );
  assert.equal(letter.status, 201, await letter.clone().text());
  return { userId: user.id, token: user.access, letterId: (await letter.json()).id as string };
}

async function call(t: TestApp, token: string, path: string, init: RequestInit = {}) {
  const res = await t.app.request(path, {
    ...init,
    headers: { ...init.headers, authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: await res.json() };
}

function answer(t: TestApp, token: string, sid: string, n: number, m4a = false) {
  const form = new FormData();
  form.append("turn_number", String(n));
  form.append("audio", new Blob([(m4a ? speechM4a : speech) as BlobPart]), "answer");
  return call(t, token, `/api/interviews/${sid}/answer`, { method: "POST", body: form });
}

async function withApp(
  fn: (t: TestApp, fake: FakeOpenAI) => Promise<void>,
  opts: { retired?: boolean; provider?: "config" | "legacy" } = {},
) {
  const fake = await startFakeOpenAI({ retired: opts.retired });
  // The default configuration: only a key and a base URL.
  const ai = opts.provider === "legacy"
    ? fakeOpenAiProvider(fake, { ttsModel: "tts-1-hd" })
    : createAi(parseEnv({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.url }));
  const t = await createTestApp({ ai });
  try {
    await fn(t, fake);
  } finally {
    await t.close();
    await fake.close();
  }
}

Deno.test("default configuration on the retired fake: 5 turns with keyword-hinted STT and recorded usage", async () => {
  await withApp(async (t, fake) => {
    const c = await candidate(t, fake);
    const started = await call(t, c.token, "/api/interviews/start", {
      ...jsonReq("POST", { cover_letter_id: c.letterId }),
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const sid = started.body.session_id;
    // Turn 1 says FastAPI as the recogniser first hears it; no answer mentions Kafka.
    const heard = [
      "패스트 API로 정산 서버를 만들었습니다.",
      "정 산 배치를 다시 설계했습니다.",
      "포스트그레스큐엘 인덱스를 바꿨습니다.",
      "장애 대응 절차를 문서로 만들었습니다.",
      "입사 후 결제 도메인을 더 배우고 싶습니다.",
    ];
    fake.queueTranscripts(...heard);
    let question = started.body.current_turn.question_text as string;
    let audioUrl = started.body.current_turn.question_audio_url as string;
    const transcripts: string[] = [];
    for (let n = 1; n <= 5; n++) {
      // Each question is spoken (over the Realtime API by default) before it is answered.
      const spoken = await t.app.request(audioUrl);
      assert.equal(spoken.status, 200, `question ${n} audio`);
      assert.match(spoken.headers.get("content-type") ?? "", /^audio\//);
      assert.ok((await spoken.bytes()).byteLength > 1_000, `question ${n} has sound`);
      const res = await answer(t, c.token, sid, n, n % 2 === 0);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      transcripts.push(res.body.answer_stt_text);
      const stt = fake.requests.filter((r) => r.endpoint === "transcription").at(-1)!;
      assert.equal(stt.model, "gpt-transcribe");
      assert.deepEqual(stt.body.languages, ["ko"]);
      assert.equal(stt.body.language, undefined);
      assert.equal(stt.body.prompt, question, "the question being answered is the prompt");
      const keywords = stt.body.keywords as string[];
      assert.deepEqual(keywords.slice(0, 4), ANALYSIS.keywords.slice(0, 4));
      assert.ok(keywords.every((k) => !/[<>]/.test(k)), JSON.stringify(keywords));
      assert.equal(stt.file!.type, n % 2 === 0 ? "audio/mp4" : "audio/webm");
      assert.ok(keywords.includes("Airflow"), "a distinctive term of the cover letter");
      if (n < 5) {
        question = res.body.next_turn.question_text;
        audioUrl = res.body.next_turn.question_audio_url;
      }
    }
    // Near-miss spellings became the keywords; nothing absent was invented.
    assert.deepEqual(transcripts.slice(0, 3), [
      "FastAPI로 정산 서버를 만들었습니다.",
      "정산 배치를 다시 설계했습니다.",
      "PostgreSQL 인덱스를 바꿨습니다.",
    ]);
    assert.deepEqual(transcripts.slice(3), heard.slice(3));
    assert.ok(transcripts.every((s) => !s.includes("Kafka")));

    const result = await call(t, c.token, `/api/interviews/${sid}/result`);
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.equal(result.body.status, "completed");
    const { usage } = result.body;
    // First question, four follow-ups, the feedback and the requirement map; posting and letter
    // are not this interview's.
    assert.equal(usage.chat.calls, 7);
    assert.deepEqual(usage.chat.models, ["gpt-4o"]);
    assert.ok(usage.chat.input_tokens > 1_000 && usage.chat.output_tokens > 100);
    assert.equal(usage.stt.calls, 5);
    assert.deepEqual(usage.stt.models, ["gpt-transcribe"]);
    // The fake bills whole seconds of each recording, as measured from its container.
    const [webm, m4a] = await Promise.all(
      [speech, speechM4a].map(async (b) => Math.ceil((await inspectAudio(b))!.durationSec!)),
    );
    const seconds = (3 * webm + 2 * m4a) / 5;
    assert.equal(usage.stt.audio_seconds, 3 * webm + 2 * m4a);
    const chatCost = (usage.chat.input_tokens * 2.5 + usage.chat.output_tokens * 10) / 1e6;
    assert.ok(Math.abs(usage.chat.cost_usd - chatCost) < 1e-6);
    assert.ok(Math.abs(usage.stt.cost_usd - (5 * seconds / 60) * 0.0045) < 1e-6);
    assert.ok(
      Math.abs(
        usage.total_cost_usd - (usage.chat.cost_usd + usage.stt.cost_usd + usage.tts.cost_usd),
      ) <
        1e-6,
    );
    assert.deepEqual(usage.unpriced_models, []);
    assert.equal(usage.tts.calls, 5, "one Realtime reading per question");
    assert.deepEqual(usage.tts.models, ["gpt-realtime-2.1-mini"]);
    assert.ok(usage.tts.cost_usd > 0);
    assert.deepEqual(
      [...new Set(fake.realtime.requests.map((r) => r.model))],
      ["gpt-realtime-2.1-mini"],
    );

    // Posting analysis and letter feedback are recorded for the user, outside any interview.
    const outside = await t.db.sql`
      select purpose from ai_usage where user_id = ${c.userId} and session_id is null
      order by id`;
    assert.deepEqual(outside.map((r) => r.purpose), ["posting_analysis", "cover_letter_feedback"]);
    // No call named a model OpenAI shut down.
    assert.deepEqual(fake.requests.filter((r) => r.model && retiredModel(r.model)), []);

    // Another user cannot read this interview's usage.
    const other = await signUp(t.app);
    assert.equal((await call(t, other.access, `/api/interviews/${sid}/result`)).status, 404);
  }, { retired: true });
});

Deno.test("STT model_not_found: 502 ai_stt_model_not_found, audio and question kept, retry succeeds", async () => {
  await withApp(async (t, fake) => {
    const c = await candidate(t, fake);
    const started = await call(t, c.token, "/api/interviews/start", {
      ...jsonReq("POST", { cover_letter_id: c.letterId }),
    });
    const sid = started.body.session_id;
    const question = started.body.current_turn.question_text;
    fake.failNext("transcription", 1, "model_not_found");
    const failed = await answer(t, c.token, sid, 1);
    assert.equal(failed.status, 502, JSON.stringify(failed.body));
    assert.equal(failed.body.error.code, "ai_stt_model_not_found");
    assert.equal(failed.body.error.details.retryable, true);
    const [row] = await t.db.sql`
      select question_text, answer_state, answer_audio_key, answer_stt_text from interview_turns
      where session_id = ${sid} and turn_number = 1`;
    assert.equal(row.question_text, question);
    assert.equal(row.answer_state, "failed");
    assert.equal(row.answer_stt_text, null);
    const kept = await t.deps.storage.get(row.answer_audio_key);
    assert.deepEqual(
      new Uint8Array(await new Response(kept.body).arrayBuffer()),
      await storedRecording(speech),
    );

    fake.queueTranscripts("패스트 API로 만들었습니다.");
    const retried = await call(t, c.token, `/api/interviews/${sid}/turns/1/retry`, {
      method: "POST",
    });
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    assert.equal(retried.body.answer_stt_text, "FastAPI로 만들었습니다.");
    assert.equal(retried.body.next_turn.turn_number, 2);
    // The retry sent the same hints from the stored audio.
    const stt = fake.requests.filter((r) => r.endpoint === "transcription").at(-1)!;
    assert.equal(stt.body.prompt, question);
    assert.ok((stt.body.keywords as string[]).includes("FastAPI"));
    const usage = (await call(t, c.token, `/api/interviews/${sid}/result`)).body.usage;
    assert.equal(usage.stt.calls, 1, "the failed call consumed nothing");
  });
});

Deno.test("TTS model_not_found on question audio: 502 ai_tts_model_not_found, the next fetch plays", async () => {
  await withApp(async (t, fake) => {
    const c = await candidate(t, fake);
    const started = await call(t, c.token, "/api/interviews/start", {
      ...jsonReq("POST", { cover_letter_id: c.letterId }),
    });
    const url = started.body.current_turn.question_audio_url as string;
    fake.failNext("speech", 1, "model_not_found");
    const failed = await t.app.request(url);
    assert.equal(failed.status, 502);
    assert.equal((await failed.json()).error.code, "ai_tts_model_not_found");
    const again = await t.app.request(url);
    assert.equal(again.status, 200);
    assert.match(again.headers.get("content-type") ?? "", /^audio\//);
    assert.ok((await again.arrayBuffer()).byteLength > 1_000);
    const result = await call(t, c.token, `/api/interviews/${started.body.session_id}/result`);
    assert.equal(result.body.turns[0].question_text, started.body.current_turn.question_text);
  }, { provider: "legacy" });
});
