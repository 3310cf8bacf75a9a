/** The model-answer checks both providers share: the budget per mode, the cut, the source check. */
import assert from "node:assert/strict";
import { answerBudget, fitBudget, keepSourced, spokenSeconds } from "./model_answer.ts";
import type { SourceSentence } from "./types.ts";

Deno.test("budget: 60 s an answer; a 1분 자기소개 also fills 350–400 characters", () => {
  assert.deepEqual(answerBudget({ mode: "job", language: "ko" }), {
    unit: "chars",
    min: 0,
    max: 400,
  });
  assert.deepEqual(answerBudget({ mode: "self_intro", language: "ko" }), {
    unit: "chars",
    min: 350,
    max: 400,
  });
  assert.deepEqual(answerBudget({ mode: "pressure", language: "en" }), {
    unit: "words",
    min: 0,
    max: 150,
  });
  assert.equal(spokenSeconds("가".repeat(375), "chars"), 57);
  assert.equal(spokenSeconds(Array(150).fill("word").join(" "), "words"), 60);
});

Deno.test("fitBudget keeps the conclusion and leaves out what would overrun", () => {
  const s = (n: number) => ({ text: "가".repeat(n) });
  const budget = answerBudget({ mode: "job", language: "ko" });
  assert.deepEqual(fitBudget([s(450), s(10)], budget), [s(450)]);
  assert.deepEqual(fitBudget([s(200), s(250), s(150), s(60)], budget), [s(200), s(150)]);
});

Deno.test("keepSourced drops unknown ids and every sentence left without a source", () => {
  const sources: SourceSentence[] = [
    { id: 1, kind: "profile", text: "결제 백엔드 4년" },
    { id: 2, kind: "answer", turn_number: 1, text: "응답 시간을 40% 줄였습니다." },
  ];
  assert.deepEqual(
    keepSourced([
      { text: "  응답 시간을\n40% 줄였습니다. ", source_ids: [2, 2, 7] },
      { text: "지어낸 수상 경력입니다.", source_ids: [3] },
      { text: "근거 없는 말입니다.", source_ids: [] },
      { text: "결제 백엔드를 4년 했습니다.", source_ids: [0, 1] },
    ], sources),
    {
      sentences: [
        { text: "응답 시간을 40% 줄였습니다.", source_ids: [2] },
        { text: "결제 백엔드를 4년 했습니다.", source_ids: [1] },
      ],
    },
  );
});
