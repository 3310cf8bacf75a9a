/**
 * The requirement map on both providers, through the API: a covered requirement shows the
 * answer that evidences it (quote and turn), an uncovered one none, a letter claim the answers
 * tell with another number is contradicted (both quotes), one they never touch is unsupported;
 * follow-up questions aim at the requirements not yet evidenced; and the judge never sees age,
 * gender or name.
 */
import assert from "node:assert/strict";
import { createOfflineProvider } from "../../../lib/ai/offline/mod.ts";
import type { AiProvider, InterviewContext } from "../../../lib/ai/types.ts";
import {
  type FakeOpenAI,
  fakeOpenAiProvider,
  startFakeOpenAI,
} from "../../../tests/fake_openai.ts";
import { createTestApp, jsonReq, signUp, type TestApp } from "../../../tests/helpers.ts";

const POSTING = `백엔드 개발자 채용

자격 요건
- Java, Spring Boot 실무 경력 3년 이상
- PostgreSQL 쿼리 최적화 경험
- Kafka 기반 메시징 경험

우대 사항
- AWS 운영 경험`;

const LETTER = "결제 시스템 백엔드를 Spring Boot로 개발했습니다. " +
  "PostgreSQL 쿼리를 튜닝해 응답 시간을 40% 줄였습니다. 고객 이탈률을 15% 낮췄습니다.";

const ANSWERS = [
  "저는 Spring Boot로 결제 API를 3년간 개발했습니다. 정산 배치의 장애 대응도 맡았습니다.",
  "PostgreSQL 인덱스를 다시 설계해서 응답 시간을 20% 줄였습니다. 실행 계획을 매주 점검했습니다.",
  "팀원들과 코드 리뷰 규칙을 만들어 배포 사고를 줄였습니다. 리뷰 기준을 문서로 정리했습니다.",
  "장애가 났을 때 원인을 찾고 재발 방지 대책을 세웠습니다. 모니터링 알림도 손봤습니다.",
  "입사 후에는 정산 시스템의 안정성을 높이고 싶습니다. 배포 자동화를 넓혀 가겠습니다.",
];

/** A provider that records the context every judging call got. */
function spying(ai: AiProvider, seen: InterviewContext[]): AiProvider {
  return {
    ...ai,
    interviewFeedback: (ctx, turns, o) => (seen.push(ctx), ai.interviewFeedback(ctx, turns, o)),
    requirementMap: (ctx, turns, o) => (seen.push(ctx), ai.requirementMap(ctx, turns, o)),
  };
}

/** What a model reads from POSTING: its three requirements and the preferred AWS line. */
const ANALYSIS = {
  keywords: ["Java", "Spring Boot", "PostgreSQL", "Kafka", "AWS"],
  requirements: [
    "Java, Spring Boot 실무 경력 3년 이상",
    "PostgreSQL 쿼리 최적화 경험",
    "Kafka 기반 메시징 경험",
  ],
  preferred: ["AWS 운영 경험"],
};

async function interview(t: TestApp, fake?: FakeOpenAI) {
  const user = await signUp(t.app, { age: 47, gender: "female", career_summary: "백엔드 3년" });
  // The model's posting analysis (the fake's own reading of a posting is cruder).
  fake?.queueChatContent(JSON.stringify(ANALYSIS));
  const form = new FormData();
  form.append("text", POSTING);
  form.append("title", "백엔드 개발자");
  const auth = { authorization: `Bearer ${user.access}` };
  const posting = await t.app.request("/api/job-postings", {
    method: "POST",
    headers: auth,
    body: form,
  });
  assert.equal(posting.status, 201, await posting.clone().text());
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
  const questions: string[] = [];
  for (const [i, text] of ANSWERS.entries()) {
    const f = new FormData();
    f.append("turn_number", String(i + 1));
    f.append("answer_text", text);
    const res = await t.app.request(`/api/interviews/${session_id}/answer`, {
      method: "POST",
      headers: auth,
      body: f,
    });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    if (body.next_turn) questions.push(body.next_turn.question_text);
  }
  const res = await t.app.request(`/api/interviews/${session_id}/result`, { headers: auth });
  const result = await res.json();
  assert.equal(res.status, 200);
  assert.equal(result.status, "completed", JSON.stringify(result.failure_reason));
  return { result, questions };
}

interface Req {
  requirement: string;
  kind: string;
  evidence: { turn_number: number; quote: string }[];
}

/** What both providers must find for this posting, letter and these answers. */
function assertMap(map: {
  requirements: Req[];
  claims: { claim: string; status: string; answer: Req["evidence"][0] | null }[];
  coverage: number;
}) {
  const req = (word: string) => map.requirements.find((r) => r.requirement.includes(word))!;
  assert.deepEqual(map.requirements.map((r) => r.kind), [
    "required",
    "required",
    "required",
    "preferred",
  ]);
  const spring = req("Spring Boot");
  assert.ok(spring.evidence.some((e) => e.turn_number === 1 && e.quote.includes("Spring Boot")));
  const pg = req("PostgreSQL");
  assert.ok(pg.evidence.some((e) => e.turn_number === 2 && e.quote.includes("PostgreSQL")));
  for (const r of map.requirements) {
    for (const e of r.evidence) assert.ok(ANSWERS[e.turn_number - 1].includes(e.quote), e.quote);
  }
  assert.deepEqual(req("Kafka").evidence, [], "no evidence yet for Kafka");
  assert.deepEqual(req("AWS").evidence, []);
  assert.equal(map.coverage, 0.5);

  const contradicted = map.claims.find((c) => c.status === "contradicted");
  assert.ok(contradicted, JSON.stringify(map.claims));
  assert.ok(contradicted.claim.includes("40%") && LETTER.includes(contradicted.claim));
  assert.equal(contradicted.answer?.turn_number, 2);
  assert.ok(contradicted.answer!.quote.includes("20%"));
  assert.ok(ANSWERS[1].includes(contradicted.answer!.quote));
  const unsupported = map.claims.find((c) => c.status === "unsupported");
  assert.ok(unsupported?.claim.includes("15%"), JSON.stringify(map.claims));
  assert.equal(unsupported?.answer, null);
  assert.ok(!map.claims.some((c) => c.claim.includes("Spring Boot로 개발")), "backed-up claim");
}

/** The judge's input carries no age, gender or name (blind hiring). */
function assertBlind(seen: InterviewContext[]) {
  assert.ok(seen.length >= 2);
  for (const ctx of seen) {
    assert.deepEqual(Object.keys(ctx.profile).sort(), ["career_summary", "certifications"]);
  }
}

Deno.test("requirement map (offline): evidence, gaps, contradicted and unsupported claims", async () => {
  const seen: InterviewContext[] = [];
  const t = await createTestApp({ ai: spying(createOfflineProvider(), seen) });
  try {
    const { result, questions } = await interview(t);
    assertMap(result.requirement_map);
    assertBlind(seen);
    // Turn 4 aims at a requirement no answer has shown yet.
    assert.match(questions[2], /Kafka|AWS/, questions[2]);
    const [row] = await t.db.sql`select requirement_map from interview_sessions`;
    assert.deepEqual(row.requirement_map, result.requirement_map, "stored as returned");
  } finally {
    await t.close();
  }
});

Deno.test("requirement map (OpenAI): verified quotes; prompts name the gaps, never age", async () => {
  const fake: FakeOpenAI = await startFakeOpenAI();
  const seen: InterviewContext[] = [];
  const t = await createTestApp({ ai: spying(fakeOpenAiProvider(fake), seen) });
  try {
    const { result } = await interview(t, fake);
    assertMap(result.requirement_map);
    assertBlind(seen);
    const chats = fake.requests.filter((r) => r.endpoint === "chat").map((r) => ({
      name: (r.body.response_format as { json_schema: { name: string } }).json_schema.name,
      user: (r.body.messages as { role: string; content: string }[])[1].content,
    }));
    const next = chats.filter((c) => c.name === "interview_question").slice(1);
    assert.equal(next.length, 4);
    // After answer 1 (Spring Boot), the gaps listed are the other requirements, in order.
    const gaps = next[0].user.match(/<<<UNEVIDENCED_REQUIREMENTS\n([\s\S]*?)\n>>>/)?.[1];
    assert.equal(
      gaps,
      "- PostgreSQL 쿼리 최적화 경험\n- Kafka 기반 메시징 경험\n- AWS 운영 경험",
    );
    for (const c of chats.filter((c) => c.name !== "cover_letter_feedback")) {
      assert.doesNotMatch(c.user, /나이|47|female|여성/, `${c.name} carries no age or gender`);
    }
    assert.ok(chats.some((c) => c.name === "requirement_map"));
  } finally {
    await t.close();
    await fake.close();
  }
});

Deno.test("requirement map (OpenAI): quotes the model made up are dropped", async () => {
  const fake = await startFakeOpenAI();
  const ai = fakeOpenAiProvider(fake);
  try {
    const ctx: InterviewContext = {
      profile: {},
      posting: {
        title: "백엔드",
        analysis: { keywords: [], requirements: ["Kafka 경험", "Go 경험"], preferred: [] },
      },
      coverLetter: LETTER,
    };
    const turns = ANSWERS.slice(0, 2).map((answer, i) => ({
      turn_number: i + 1,
      question: "질문",
      answer,
    }));
    fake.queueChatContent(JSON.stringify({
      requirements: [
        {
          requirement_number: 1,
          evidence: [{ turn_number: 1, quote: "Kafka로 메시지를 처리했습니다" }],
        },
        {
          requirement_number: 2,
          evidence: [{ turn_number: 2, quote: "응답 시간을 20% 줄였습니다" }],
        },
      ],
      claims: [
        {
          claim: "응답 시간을 90% 줄였습니다",
          status: "unsupported",
          turn_number: null,
          answer_quote: null,
        },
        {
          claim: "고객 이탈률을 15% 낮췄습니다",
          status: "contradicted",
          turn_number: 1,
          answer_quote: "없는 말",
        },
        {
          claim: "고객 이탈률을 15% 낮췄습니다",
          status: "unsupported",
          turn_number: null,
          answer_quote: null,
        },
      ],
    }));
    const map = await ai.requirementMap(ctx, turns);
    assert.deepEqual(map.requirements, [
      { requirement: "Kafka 경험", kind: "required", evidence: [] },
      {
        requirement: "Go 경험",
        kind: "required",
        evidence: [{ turn_number: 2, quote: "응답 시간을 20% 줄였습니다" }],
      },
    ]);
    assert.deepEqual(map.claims, [
      { claim: "고객 이탈률을 15% 낮췄습니다", status: "unsupported", answer: null },
    ]);
    assert.equal(map.coverage, 0.5);
  } finally {
    await fake.close();
  }
});
