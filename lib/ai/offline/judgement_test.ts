/** The misjudgements reported in issue 14, each reproduced and held fixed. */
import assert from "node:assert/strict";
import type { InterviewContext } from "../types.ts";
import { mentions } from "../skills.ts";
import { createOfflineProvider } from "./mod.ts";
import { questionTerms } from "./context.ts";

const ai = createOfflineProvider();

const POSTING = `[페이핀테크] 백엔드 개발자
주요 업무
- 정산 배치 시스템 운영 및 성능 개선
자격 요건
- Python 기반 서버 개발 경력 3년 이상
- PostgreSQL 쿼리 튜닝 경험
우대 사항
- FastAPI 실무 경험
- 핀테크 도메인 경험
전형 절차
- 서류 → 과제 → 면접`;

const STAR =
  "정산 배치가 매일 4시간씩 걸려 아침 업무가 밀리는 상황이었습니다. 제가 배치 개선을 맡았습니다. 실행 계획을 분석해 느린 쿼리 3개를 하나로 합치고 인덱스를 추가했습니다. 그 결과 배치 시간이 4시간에서 1시간 50분으로 단축되었고 재처리 건수가 75% 감소했습니다.";
const THIN = "네, 배치 성능을 개선한 적이 있습니다. 쿼리를 좀 고쳐서 빨라졌습니다.";
const QUESTION = "정산 배치 성능을 개선한 경험이 있다면 관련해 말씀해 주세요.";

async function context(coverLetter = ""): Promise<InterviewContext> {
  const analysis = await ai.analyzePosting(POSTING, "백엔드 개발자");
  return { profile: {}, posting: { title: "[페이핀테크] 백엔드 개발자", analysis }, coverLetter };
}

Deno.test("sections: 우대 사항 and 전형 절차 are not requirements; 주요 업무 is kept", async () => {
  const { requirements, keywords } = await ai.analyzePosting(POSTING);
  assert.deepEqual(requirements, [
    "Python 기반 서버 개발 경력 3년 이상",
    "PostgreSQL 쿼리 튜닝 경험",
    "정산 배치 시스템 운영 및 성능 개선",
  ]);
  assert.ok(keywords.includes("FastAPI"), "a preferred skill is still a keyword");
});

Deno.test("keywords match whole words: not inside a company name, particles allowed", () => {
  assert.ok(!mentions("페이핀테크에 지원했습니다", "핀테크"));
  assert.ok(mentions("핀테크에서 2년 일했습니다", "핀테크"));
  assert.ok(mentions("FastAPI를 썼습니다", "FastAPI"));
  assert.ok(!mentions("재정산 요청", "정산"), "a term inside a longer noun is no mention");
  assert.ok(mentions("정산을 자동화했습니다", "정산"));
});

Deno.test("a full STAR answer with numbers beats a thin one, and its parts are read where they are", async () => {
  const ctx = await context();
  const fb = await ai.interviewFeedback(ctx, [
    { turn_number: 1, question: QUESTION, answer: STAR },
    { turn_number: 2, question: QUESTION, answer: THIN },
  ]);
  const [star, thin] = fb.turns;
  assert.ok(star.score >= 4 && star.score > thin.score, `${star.score} vs ${thin.score}`);
  assert.ok(thin.score <= 2, `thin answer scored ${thin.score}`);
  // The result quoted is the outcome sentence, never the situation sentence.
  assert.ok(star.evidence.some((e) => e.includes("1시간 50분")), star.evidence.join(" | "));
  assert.ok(!star.evidence.some((e) => e.includes("상황이었습니다")), star.evidence.join(" | "));
  assert.ok(!star.improvements.some((i) => /상황|과제/.test(i) && /보이지 않|빠져/.test(i)));
  assert.match(star.strengths.join(" "), /상황·과제·행동·결과/);
});

Deno.test("question key terms leave out request phrases", async () => {
  const terms = questionTerms(await context(), QUESTION);
  for (const t of terms) assert.doesNotMatch(t, /관련|말씀|설명|대해|있다면/, t);
  assert.ok(terms.includes("정산"), terms.join(", "));
});

Deno.test("a promise to learn is not evidence of a skill", async () => {
  const ctx = await context();
  const letter =
    "FastAPI는 입사 후 빠르게 적응하겠습니다. Python으로 정산 API를 3년간 개발했습니다.";
  const { text } = await ai.coverLetterFeedback({
    profile: {},
    posting: ctx.posting,
    content: letter,
  });
  const missing = text.slice(text.indexOf("- 누락:")).split("\n")[0];
  assert.match(missing, /FastAPI/, "FastAPI counted as missing");
  assert.doesNotMatch(missing, /Python/);
  const fb = await ai.interviewFeedback(ctx, [{
    turn_number: 1,
    question: "FastAPI를 실무에서 사용해 본 경험이 있나요?",
    answer:
      "FastAPI는 아직 써 보지 못했지만 입사하면 빠르게 적응하겠습니다. 공식 문서를 공부할 예정입니다.",
  }]);
  assert.ok(fb.turns[0].score <= 2, `scored ${fb.turns[0].score}`);
  assert.match(fb.turns[0].improvements[0], /다짐/);
});

Deno.test("follow-ups quote whole words and ask only for what the answer left out", async () => {
  const ctx = await context();
  const q = await ai.nextQuestion(ctx, [{ turn_number: 1, question: QUESTION, answer: STAR }]);
  const quote = q.match(/'([^']+)'/)?.[1] ?? "";
  assert.ok(STAR.includes(quote), q);
  const at = STAR.indexOf(quote);
  assert.ok(at === 0 || /\s/.test(STAR[at - 1]), `starts mid-word: ${quote}`);
  assert.ok(/[\s.]/.test(STAR[at + quote.length] ?? " "), `ends mid-word: ${quote}`);
  // The answer told situation, task, action and result: none of them is asked again.
  assert.doesNotMatch(q, /어떤 상황이었는지|맡은 역할|직접 한 일|결과가 어땠는지/, q);

  const partial = "배치 시간이 4시간에서 1시간으로 줄었습니다. 팀에서 좋아했습니다.";
  const q2 = await ai.nextQuestion(ctx, [{ turn_number: 1, question: QUESTION, answer: partial }]);
  assert.match(q2, /직접 한 일/, q2);
  assert.doesNotMatch(q2, /결과가 어땠는지/, q2);
});
