/**
 * `answerFeedback` on the OpenAI provider (the fake server, the real SDK): one answer judged
 * with the interview feedback's criteria under a strict schema, and the same model judgement
 * completed exactly as the interview's per-answer feedback is, so retried scores compare.
 */
import assert from "node:assert/strict";
import { fakeOpenAiProvider, startFakeOpenAI } from "../../../tests/fake_openai.ts";
import { deliveryScore, rubricScore } from "../rubric.ts";
import type { InterviewContext, QA } from "../types.ts";

const ctx: InterviewContext = {
  profile: { career_summary: "결제 백엔드 3년" },
  posting: { title: "백엔드 개발자", analysis: { keywords: ["Spring"], requirements: [] } },
  coverLetter: "결제 플랫폼에서 정산 배치를 개선했습니다.",
};
const answer = "정산 배치를 Spring Batch로 다시 만들어 처리 시간을 30% 줄였습니다.";
const qa: QA = {
  turn_number: 3,
  question: "가장 자랑할 만한 성과는 무엇인가요?",
  answer,
  metrics: {
    duration_sec: 12,
    char_count: 30,
    word_count: 8,
    syllables_per_minute: 290,
    filler_count: 0,
    fillers_per_minute: 0,
    fillers: {},
    long_pause_count: 0,
    long_pause_total_sec: 0,
    register: { haeyo: 0, hapsyo: 1, mixed: false },
  },
};

/** What the model says about the answer (the content dimensions only). */
const judged = {
  turn_number: 3,
  feedback: "결론과 수치가 분명합니다.",
  rubric: {
    conclusion_first: { score: 5, evidence: "정산 배치를 Spring Batch로 다시 만들어" },
    specifics: { score: 4, evidence: "처리 시간을 30% 줄였습니다." },
    relevance: { score: 3, evidence: "not in the answer" },
    structure: { score: 2, evidence: "" },
  },
  strengths: ["수치로 결과를 말했습니다."],
  improvements: ["상황을 먼저 설명하세요."],
  evidence: ["처리 시간을 30% 줄였습니다."],
};

Deno.test("answerFeedback: the interview's criteria, a strict schema, the same completion", async () => {
  const fake = await startFakeOpenAI();
  try {
    const ai = fakeOpenAiProvider(fake);
    fake.queueChatContent(JSON.stringify(judged));
    const fb = await ai.answerFeedback(ctx, qa);
    const chat = fake.requests.at(-1)!.body as {
      messages: { content: string }[];
      response_format: { json_schema: { name: string; strict: boolean } };
    };
    assert.equal(chat.response_format.json_schema.name, "answer_feedback");
    assert.equal(chat.response_format.json_schema.strict, true);
    const [system, user] = chat.messages.map((m) => m.content);
    assert.ok(user.includes(answer) && user.includes(qa.question));
    assert.match(user, /말 속도 분당 290음절/);

    assert.equal(fb.turn_number, 3);
    assert.equal(fb.rubric!.specifics.score, 4);
    assert.equal(fb.rubric!.relevance.evidence, "", "a quote not in the answer is dropped");
    assert.deepEqual(fb.rubric!.delivery, deliveryScore(qa.metrics, "ko"), "measured, not asked");
    assert.equal(fb.score, rubricScore(fb.rubric!));

    // The interview's feedback, given the same judgement of the same answer, completes it alike.
    fake.queueChatContent(JSON.stringify({
      summary: "총평입니다.",
      strengths: [],
      improvements: [],
      turns: [judged],
    }));
    const whole = await ai.interviewFeedback(ctx, [qa]);
    assert.deepEqual(fb, whole.turns[0]);
    const interviewSystem = (fake.requests.at(-1)!.body as { messages: { content: string }[] })
      .messages[0].content;
    const criteria = (s: string) => s.slice(s.indexOf("- feedback:"), s.indexOf("지적하세요.") + 6);
    assert.ok(criteria(system).length > 500);
    assert.equal(criteria(system), criteria(interviewSystem), "the same criteria and anchors");
  } finally {
    await fake.close();
  }
});
