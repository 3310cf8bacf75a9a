import assert from "node:assert/strict";
import type { InterviewContext, InterviewSetup, QA } from "../types.ts";
import { analyzePosting } from "./posting.ts";
import { planQuestion } from "./modes.ts";
import { weakestPoint } from "./pressure.ts";

const POSTING = `[페이핀테크] 백엔드 개발자
자격 요건
- Python 기반 서버 개발 경력 3년 이상
- PostgreSQL 쿼리 튜닝 경험
우대 사항
- FastAPI 실무 경험`;

const LETTER = "정산 배치를 4시간에서 1시간으로 단축했습니다. 배포 방식을 두고 팀원과 의견이 " +
  "충돌했지만 장애 데이터로 설득했습니다. 첫 프로젝트에서 장애를 내는 실패를 겪었습니다.";

const ctx = (
  setup: InterviewSetup,
  coverLetter = LETTER,
  career = "핀테크 백엔드 3년",
): InterviewContext => ({
  profile: { career_summary: career },
  posting: { title: "백엔드 개발자", analysis: analyzePosting(POSTING, "백엔드 개발자") },
  coverLetter,
  setup,
});
const OPENING = "정산 배치 성능을 개선한 경험을 말씀해 주세요.";
const qa = (answer: string, question = OPENING): QA => ({ turn_number: 1, question, answer });
const pressure = ctx({ mode: "pressure", language: "ko" });

Deno.test("압박: the follow-up presses on the weakest dimension of the last answer", () => {
  const vague = "정산 배치를 정말 열심히 개선했고 팀에서도 좋아했습니다.";
  assert.equal(weakestPoint(pressure, qa(vague), OPENING).dimension, "specifics");
  const q2 = planQuestion(pressure, [qa(vague)]);
  assert.match(q2, /정산 배치를 정말 열심히 개선했고/);
  assert.match(q2, /근거|측정/);

  const offTopic =
    "대학 시절 밴드 동아리 회장을 맡아 공연을 3번 기획했고 관객이 200명으로 늘었습니다.";
  assert.equal(weakestPoint(pressure, qa(offTopic), OPENING).dimension, "relevance");
  assert.match(planQuestion(pressure, [qa(offTopic)]), /답하지 않으셨습니다/);

  const strong =
    "정산 배치가 4시간씩 걸리는 상황이었습니다. 제가 개선을 맡아 PostgreSQL 실행 계획을 분석하고 " +
    "쿼리 3개를 합쳤습니다. 그 결과 배치 시간이 4시간에서 1시간 50분으로 단축되었고 재처리가 75% 감소했습니다.";
  const w = weakestPoint(pressure, qa(strong), OPENING);
  assert.ok(w.score >= 4, JSON.stringify(w));
  assert.match(planQuestion(pressure, [qa(strong)]), /반박/);
  // The same weak answer twice is pressed twice, each time on its own words.
  const again = "역시 열심히 노력했습니다. 다들 만족했습니다.";
  const q3 = planQuestion(pressure, [qa(vague), { turn_number: 2, question: q2, answer: again }]);
  assert.match(q3, /역시 열심히 노력했습니다|다들 만족했습니다/);
});

Deno.test("인성: questions come from the letter's and the profile's stories", () => {
  const beh = ctx({ mode: "behavioural", language: "ko" });
  assert.match(planQuestion(beh, []), /핀테크 백엔드 3년/);
  const asked: string[] = [];
  const history: QA[] = [];
  for (let n = 1; n <= 5; n++) {
    const q = planQuestion(beh, history);
    asked.push(q);
    history.push({
      turn_number: n,
      question: q,
      answer: "제가 팀원과 데이터를 보며 대화해 합의했습니다.",
    });
  }
  assert.ok(asked.some((q) => /팀원과 의견이/.test(q) && /합의/.test(q)), asked.join("\n"));
  assert.ok(asked.some((q) => /실패를 겪었습니다/.test(q)), asked.join("\n"));
  assert.equal(new Set(asked).size, 5);
  assert.match(asked[4], /마지막 질문/);
  // Another letter, other questions: nothing is canned.
  const other = ctx(
    { mode: "behavioural", language: "ko" },
    "고객 불만이 몰렸을 때 원칙을 지키며 환불 기준을 정리했습니다.",
  );
  const h1 = [{ turn_number: 1, question: planQuestion(other, []), answer: "네." }];
  const fromOther = planQuestion(other, h1);
  assert.ok(
    [
      planQuestion(other, h1),
      planQuestion(other, [...h1, { ...h1[0], turn_number: 2, question: fromOther }]),
    ]
      .some((q) => /환불 기준/.test(q)),
  );
});

Deno.test("English: every question of every mode is English, and follows the answers", () => {
  for (const mode of ["job", "behavioural", "pressure", "self_intro"] as const) {
    const c = ctx(
      { mode, language: "en" },
      "I cut the settlement batch from 4 hours to 1 hour. I disagreed with a teammate about releases.",
      "3 years of fintech backend work",
    );
    const history: QA[] = [];
    for (let n = 1; n <= (mode === "self_intro" ? 1 : 5); n++) {
      const q = planQuestion(c, history);
      // Quotes of the candidate's English are English; only the posting's Korean title stays.
      assert.doesNotMatch(q.replace(/백엔드 개발자/g, ""), /[가-힣]/, `${mode} ${n}: ${q}`);
      history.push({
        turn_number: n,
        question: q,
        answer: "I moved 12 APIs to FastAPI and p95 latency dropped from 320 ms to 140 ms.",
      });
    }
    if (mode === "job") assert.match(history[1].question, /from 320 ms to 140|FastAPI/);
    if (mode === "self_intro") assert.match(history[0].question, /one-minute/);
  }
});
