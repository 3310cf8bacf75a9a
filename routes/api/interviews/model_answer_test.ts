/**
 * Model answers through the API on both providers: only once the turn has an answer (409
 * before), only for the owner (404), every sentence with the candidate's own source sentences
 * (the OpenAI prompt numbers them, the reply's made-up sources are dropped), stored on the turn
 * and shown by the result and the result page; never from name, age or gender.
 */
import assert from "node:assert/strict";
import { createOfflineProvider } from "../../../lib/ai/offline/mod.ts";
import type { AiProvider } from "../../../lib/ai/types.ts";
import {
  type FakeOpenAI,
  fakeOpenAiProvider,
  INVENTED_SENTENCE,
  startFakeOpenAI,
} from "../../../tests/fake_openai.ts";
import { createTestApp, jsonReq, signUp, type TestApp } from "../../../tests/helpers.ts";
import { ensureAssets } from "../../../lib/assets.ts";

const POSTING = `백엔드 개발자 채용

자격 요건
- PostgreSQL 쿼리 최적화 경험
- Kafka 기반 메시징 경험`;

const ANALYSIS = {
  keywords: ["Spring Boot", "PostgreSQL", "Kafka"],
  requirements: ["PostgreSQL 쿼리 최적화 경험", "Kafka 기반 메시징 경험"],
  preferred: [],
};

const LETTER = "저는 결제 시스템 백엔드를 Spring Boot로 4년간 개발했습니다. " +
  "당시 월말 정산 조회가 10초 넘게 걸려 운영팀의 불만이 많았습니다. " +
  "제가 PostgreSQL 실행 계획을 분석해 복합 인덱스를 다시 설계했습니다. " +
  "그 결과 정산 조회 시간을 10초에서 2초로 줄였습니다.";

const PROFILE = {
  name: "김민준",
  age: 47,
  gender: "female",
  career_summary: "결제 백엔드 개발 4년. 하루 30만 건의 결제 API를 운영했습니다.",
  certifications: "정보처리기사",
};

const ANSWERS = [
  "저는 Spring Boot로 결제 API를 4년간 개발하고 운영했습니다. 정산 배치의 장애 대응도 맡았습니다.",
  "인덱스를 다시 설계해서 정산 조회 시간을 10초에서 2초로 줄였습니다. 실행 계획은 매주 점검했습니다.",
  "주문 이벤트가 몰리면 결제 승인이 늦어졌습니다. Kafka로 주문 이벤트를 비동기로 처리해 지연을 70% 줄였습니다.",
  "장애가 나면 원인을 찾고 재발 방지 대책을 문서로 남겼습니다. 모니터링 알림도 손봤습니다.",
  "입사 후에는 정산 시스템의 안정성을 높이고 싶습니다. 배포 자동화를 넓혀 가겠습니다.",
];

/** Everything the candidate wrote or said: where every source must come from. */
const OWN_WORDS = [LETTER, PROFILE.career_summary, PROFILE.certifications, ...ANSWERS].join("\n");

interface Source {
  kind: string;
  turn_number: number | null;
  text: string;
}
interface Answer {
  turn_number: number;
  sentences: { text: string; sources: Source[] }[];
  estimated_sec: number;
  provider: string;
  created_at: string;
}

async function setUp(t: TestApp, fake?: FakeOpenAI) {
  const user = await signUp(t.app, PROFILE);
  const auth = { authorization: `Bearer ${user.access}` };
  fake?.queueChatContent(JSON.stringify(ANALYSIS));
  const form = new FormData();
  form.append("text", POSTING);
  form.append("title", "백엔드 개발자");
  const posting = await t.app.request("/api/job-postings", {
    method: "POST",
    headers: auth,
    body: form,
  });
  assert.equal(posting.status, 201);
  const letter = await t.app.request(
    "/api/cover-letters",
    jsonReq("POST", { job_posting_id: (await posting.json()).id, content: LETTER }, user.access),
  );
  assert.equal(letter.status, 201);
  const started = await t.app.request(
    "/api/interviews/start",
    jsonReq("POST", { cover_letter_id: (await letter.json()).id }, user.access),
  );
  const { session_id } = await started.json();
  const answer = async (n: number) => {
    const f = new FormData();
    f.append("turn_number", String(n));
    f.append("answer_text", ANSWERS[n - 1]);
    const res = await t.app.request(`/api/interviews/${session_id}/answer`, {
      method: "POST",
      headers: auth,
      body: f,
    });
    assert.equal(res.status, 200, await res.clone().text());
    await res.body?.cancel();
  };
  const make = (n: number, token = user.access) =>
    t.app.request(
      `/api/interviews/${session_id}/turns/${n}/model-answer`,
      jsonReq("POST", undefined, token),
    );
  const result = async () => {
    const res = await t.app.request(`/api/interviews/${session_id}/result`, { headers: auth });
    assert.equal(res.status, 200);
    return await res.json();
  };
  return { user, session_id, answer, make, result };
}

/** Every sentence has sources, each verbatim from what the candidate wrote or said. */
function assertTraceable(a: Answer) {
  assert.ok(a.sentences.length >= 2, JSON.stringify(a));
  for (const s of a.sentences) {
    assert.ok(s.sources.length >= 1, s.text);
    for (const src of s.sources) {
      assert.ok(OWN_WORDS.includes(src.text), `source "${src.text}" is the candidate's`);
      if (src.kind === "answer") {
        assert.ok(ANSWERS[src.turn_number! - 1].includes(src.text), "the right turn");
      } else assert.equal(src.turn_number, null);
    }
  }
  assert.doesNotMatch(JSON.stringify(a.sentences), /김민준|47|female|여성/, "blind");
  assert.ok(a.estimated_sec > 0 && a.estimated_sec <= 61, `${a.estimated_sec} s`);
}

Deno.test("model answer (offline): after an answer only, the owner's, traceable, stored", async () => {
  const t = await createTestApp({ ai: createOfflineProvider() });
  try {
    const { session_id, answer, make, result } = await setUp(t);
    // Before any answer: 409, nothing stored.
    const early = await make(1);
    assert.equal(early.status, 409);
    assert.equal((await early.json()).error.code, "turn_not_answered");
    // A turn not asked yet.
    const unasked = await make(3);
    assert.equal(unasked.status, 404);
    assert.equal((await unasked.json()).error.code, "turn_not_found");
    for (let n = 1; n <= 5; n++) await answer(n);

    const res = await make(2);
    assert.equal(res.status, 200);
    const body: Answer = await res.json();
    assert.equal(body.turn_number, 2);
    assert.equal(body.provider, "offline");
    assertTraceable(body);
    // Offline, each sentence is its one source as written (두괄식: the PostgreSQL claim first).
    for (const s of body.sentences) assert.ok(s.sources[0].text.endsWith(s.text));
    // Question 2 follows up on Spring Boot: the claim naming it opens the answer.
    assert.match((await result()).turns[1].question_text, /Spring Boot를 선택한 이유/);
    assert.match(body.sentences[0].text, /Spring Boot/);

    // Someone else's interview is not found, and nothing changes.
    const other = await signUp(t.app);
    const foreign = await make(2, other.access);
    assert.equal(foreign.status, 404);
    assert.equal((await foreign.json()).error.code, "interview_not_found");

    const r = await result();
    const { turn_number: _, ...stored } = body;
    assert.deepEqual(r.turns[1].model_answer, stored);
    assert.deepEqual(r.turns.filter((x: { model_answer: unknown }) => x.model_answer).length, 1);
    assert.equal(r.turns[0].model_answer, null);

    // Asking again replaces it.
    const again: Answer = await (await make(2)).json();
    assert.notEqual(again.created_at, body.created_at);
    const [row] = await t.db.sql`
      select model_answer from interview_turns t join interview_sessions s on s.id = t.session_id
      where s.id = ${session_id} and t.turn_number = 2`;
    assert.equal(row.model_answer.created_at, again.created_at);
  } finally {
    await t.close();
  }
});

Deno.test("model answer (OpenAI): numbered sources in, resolved sources out, made-up ones dropped", async () => {
  const fake = await startFakeOpenAI();
  const t = await createTestApp({ ai: fakeOpenAiProvider(fake) });
  try {
    const { session_id, answer, make, result } = await setUp(t, fake);
    for (let n = 1; n <= 3; n++) await answer(n);
    const res = await make(3);
    assert.equal(res.status, 200, await res.clone().text());
    const body: Answer = await res.json();
    assert.equal(body.provider, "openai");
    assertTraceable(body);

    const call = fake.requests.filter((r) => r.endpoint === "chat").find((r) =>
      (r.body.response_format as { json_schema: { name: string } }).json_schema.name ===
        "model_answer"
    )!;
    const user = (call.body.messages as { content: string }[])[1].content;
    const sources = user.match(/<<<SOURCES\n([\s\S]*?)\n>>>/)![1].split("\n");
    // Profile, letter, then the answers so far, numbered from 1.
    assert.deepEqual(sources.slice(0, 3), [
      "1. [프로필] 결제 백엔드 개발 4년.",
      "2. [프로필] 하루 30만 건의 결제 API를 운영했습니다.",
      "3. [프로필] 정보처리기사",
    ]);
    assert.equal(
      sources[3],
      "4. [자기소개서] 저는 결제 시스템 백엔드를 Spring Boot로 4년간 개발했습니다.",
    );
    assert.ok(sources.includes("12. [3번 답변] 주문 이벤트가 몰리면 결제 승인이 늦어졌습니다."));
    assert.equal(sources.length, 13);
    assert.match(user, /<<<QUESTION\n/);
    assert.doesNotMatch(user, /김민준|47|female|여성|나이/);

    // The fake cited source 14 (there are 13) for one sentence and none for another: dropped.
    const texts = body.sentences.map((s) => s.text);
    assert.ok(!texts.includes(INVENTED_SENTENCE));
    assert.ok(!texts.some((x) => x.includes("잘 맞는다고 생각합니다")));
    // The four sentences the fake sourced properly all stay, each resolved to the very source
    // sentence it cited (the fake repeats its source's text).
    assert.equal(body.sentences.length, 4);
    for (const s of body.sentences) assert.deepEqual(s.sources.map((x) => x.text), [s.text]);

    const r = await result();
    assert.deepEqual(r.turns[2].model_answer.sentences, body.sentences);
    const [usage] = await t.db.sql`
      select count(*)::int as n from ai_usage where session_id = ${session_id} and purpose = 'model_answer'`;
    assert.equal(usage.n, 1, "the call's usage is recorded");
  } finally {
    await t.close();
    await fake.close();
  }
});

Deno.test("model answer (OpenAI): a reply with no real source is a 502 and stores nothing", async () => {
  const fake = await startFakeOpenAI();
  const t = await createTestApp({ ai: fakeOpenAiProvider(fake) });
  try {
    const { answer, make, result } = await setUp(t, fake);
    await answer(1);
    fake.queueChatContent(JSON.stringify({
      sentences: [
        { text: INVENTED_SENTENCE, source_ids: [99] },
        { text: "근거 없는 문장입니다.", source_ids: [] },
      ],
    }));
    const res = await make(1);
    assert.equal(res.status, 502);
    assert.equal((await res.json()).error.code, "ai_bad_response");
    assert.equal((await result()).turns[0].model_answer, null);

    // Partly wrong ids: the real one stays, the sentence with it too.
    fake.queueChatContent(JSON.stringify({
      sentences: [
        { text: "Spring Boot로 결제 API를 4년간 개발했습니다.", source_ids: [8, 99, 8] },
        { text: INVENTED_SENTENCE, source_ids: [0] },
      ],
    }));
    const ok: Answer = await (await make(1)).json();
    assert.deepEqual(ok.sentences, [{
      text: "Spring Boot로 결제 API를 4년간 개발했습니다.",
      sources: [{
        kind: "answer",
        turn_number: 1,
        text: "저는 Spring Boot로 결제 API를 4년간 개발하고 운영했습니다.",
      }],
    }]);
  } finally {
    await t.close();
    await fake.close();
  }
});

Deno.test("model answer on the result page: the form makes it, sources shown below and on hover", async () => {
  await ensureAssets();
  const ai: AiProvider = createOfflineProvider();
  const t = await createTestApp({ ai });
  try {
    const { user, session_id, answer } = await setUp(t);
    for (let n = 1; n <= 5; n++) await answer(n);
    const csrf = "c".repeat(43);
    const cookie = `mi_at=${user.access}; mi_csrf=${csrf}`;
    const page = await t.app.request(`/interviews/${session_id}/result`, { headers: { cookie } });
    const before = await page.text();
    assert.equal(before.match(/모범 답안 만들기/g)?.length, 5, "a form per answered question");
    assert.ok(before.includes(`action="/interviews/${session_id}/turns/2/model-answer"`));

    const post = await t.app.request(`/interviews/${session_id}/turns/2/model-answer`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf }),
    });
    assert.equal(post.status, 303);
    assert.equal(
      post.headers.get("location"),
      `/interviews/${session_id}/result#model-answer-2`,
    );
    // Without the CSRF token nothing is made.
    const forged = await t.app.request(`/interviews/${session_id}/turns/3/model-answer`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: "x".repeat(43) }),
    });
    assert.equal(forged.status, 403);

    const html = await (await t.app.request(`/interviews/${session_id}/result`, {
      headers: { cookie },
    })).text();
    assert.ok(html.includes('id="model-answer-2"'));
    assert.ok(html.includes("모범 답안 다시 만들기"));
    assert.match(html, /data-model-answer="2"/);
    // The source below the sentence and in its title: "자기소개서: “…”" or "2번 답변: “…”".
    assert.match(html, /<li\s*>(?:자기소개서|프로필|\d번 답변): “[^”]+”<\/li>/);
    assert.match(html, /title="근거: (?:자기소개서|프로필|\d번 답변): “/);
    assert.equal(
      (await t.db.sql`select count(*)::int as n from interview_turns
      where model_answer is not null`)[0].n,
      1,
    );
  } finally {
    await t.close();
  }
});
