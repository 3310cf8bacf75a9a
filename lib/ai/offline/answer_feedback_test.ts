import assert from "node:assert/strict";
import type { InterviewContext, QA } from "../types.ts";
import { createOfflineProvider } from "./mod.ts";

const answers = [
  "저는 Spring Boot로 결제 API를 3년간 개발했습니다. 정산 배치의 장애 대응도 맡았습니다.",
  "PostgreSQL 인덱스를 다시 설계해서 응답 시간을 40% 줄였습니다. 실행 계획을 매주 점검했습니다.",
  "열심히 배우겠습니다.",
];
const qas: QA[] = answers.map((answer, i) => ({
  turn_number: i + 1,
  question: `${i + 1}번 질문: 경험을 말씀해 주세요.`,
  answer,
  metrics: i === 1
    ? {
      duration_sec: 14,
      char_count: 45,
      word_count: 10,
      syllables_per_minute: 300,
      filler_count: 2,
      fillers_per_minute: 8.6,
      fillers: { "음": 2 },
    }
    : null,
}));

Deno.test("offline answerFeedback judges an answer as the interview's feedback does", async () => {
  const ai = createOfflineProvider();
  for (
    const setup of [
      { mode: "job", language: "ko" },
      { mode: "behavioural", language: "en" },
      { mode: "self_intro", language: "ko" },
    ] as const
  ) {
    const ctx: InterviewContext = {
      profile: { career_summary: "결제 백엔드 3년" },
      posting: {
        title: "백엔드 개발자",
        analysis: { keywords: ["Spring Boot", "PostgreSQL"], requirements: ["PostgreSQL"] },
      },
      coverLetter: "결제 시스템 백엔드를 개발했습니다.",
      setup,
    };
    const whole = await ai.interviewFeedback(ctx, qas);
    for (const [i, qa] of qas.entries()) {
      assert.deepEqual(await ai.answerFeedback(ctx, qa), whole.turns[i], `${setup.mode} ${i}`);
    }
  }
});
