/**
 * The offline model answer: every sentence is one of the candidate's source sentences (with
 * its id), the most question-related claim opens it (두괄식), it fits the mode's length, repeats
 * are left out, and nothing comes from name, age or gender.
 */
import assert from "node:assert/strict";
import type { InterviewContext, InterviewSetup, ModelAnswer, SourceSentence } from "../types.ts";
import { answerLength, sourceSentences, spokenSeconds } from "../model_answer.ts";
import { modelAnswer } from "./model_answer.ts";

const LETTER = [
  "저는 결제 시스템 백엔드를 Spring Boot로 4년간 개발한 개발자입니다.",
  "당시 월말 정산 조회가 10초 넘게 걸려 운영팀의 불만이 많았습니다.",
  "제가 PostgreSQL 실행 계획을 분석해 복합 인덱스를 다시 설계했습니다.",
  "그 결과 정산 조회 시간을 10초에서 2초로 줄였습니다.",
  "주문 이벤트가 몰리는 시간에는 결제 승인 지연이 잦았습니다.",
  "그래서 Kafka로 주문 이벤트를 비동기로 처리하도록 구조를 바꿨습니다.",
  "이후 피크 시간 결제 승인 지연이 70% 줄었습니다.",
  "팀원들과 함께 성장하는 개발자가 되겠습니다.",
].join(" ");

const ANSWERS = [
  "저는 Spring Boot로 결제 API를 4년간 개발하고 운영했습니다. 정산 배치의 장애 대응도 맡았습니다.",
  "인덱스를 다시 설계해서 정산 조회 시간을 10초에서 2초로 줄였습니다. 실행 계획은 매주 점검했습니다.",
  "배포 전 코드 리뷰 규칙을 만들어 배포 사고를 절반으로 줄였습니다. 리뷰 기준을 문서로 정리했습니다.",
];

const PROFILE = {
  name: "김민준",
  age: 47,
  gender: "female" as const,
  career_summary: "결제 백엔드 개발 4년. 하루 30만 건의 결제 API를 운영했습니다.",
  certifications: "정보처리기사",
};

function context(setup?: InterviewSetup, letter = LETTER): InterviewContext {
  return {
    profile: PROFILE,
    posting: {
      title: "백엔드 개발자",
      analysis: {
        keywords: ["Java", "Spring Boot", "PostgreSQL", "Kafka"],
        requirements: ["PostgreSQL 쿼리 최적화 경험", "Kafka 기반 메시징 경험"],
        preferred: [],
      },
    },
    coverLetter: letter,
    setup,
  };
}

const turns = (answers = ANSWERS) =>
  answers.map((answer, i) => ({ turn_number: i + 1, question: "질문", answer }));

const CONNECTIVE = /^(?:그래서|그리고|또한|So|And)?[,\s]*$/;

/** Every sentence is its source's text (at most without a leading connective), by its id. */
function assertTraceable(answer: ModelAnswer, sources: SourceSentence[]) {
  assert.ok(answer.sentences.length >= 2, JSON.stringify(answer));
  const byId = new Map(sources.map((s) => [s.id, s]));
  for (const s of answer.sentences) {
    assert.equal(s.source_ids.length, 1, s.text);
    const src = byId.get(s.source_ids[0]);
    assert.ok(src, `source ${s.source_ids[0]} exists`);
    assert.ok(src.text.endsWith(s.text), `"${s.text}" comes from "${src.text}"`);
    assert.match(src.text.slice(0, src.text.length - s.text.length), CONNECTIVE);
  }
  const ids = answer.sentences.map((s) => s.source_ids[0]);
  assert.equal(new Set(ids).size, ids.length, "no source used twice");
}

const text = (a: ModelAnswer) => a.sentences.map((s) => s.text).join(" ");

Deno.test("sources: the profile's career and certifications, the letter, the answers by turn", () => {
  const sources = sourceSentences(context(), turns());
  assert.deepEqual(sources.map((s) => s.id), sources.map((_, i) => i + 1));
  assert.deepEqual(sources.slice(0, 3).map((s) => [s.kind, s.text]), [
    ["profile", "결제 백엔드 개발 4년."],
    ["profile", "하루 30만 건의 결제 API를 운영했습니다."],
    ["profile", "정보처리기사"],
  ]);
  assert.equal(sources.filter((s) => s.kind === "cover_letter").length, 8);
  const answers = sources.filter((s) => s.kind === "answer");
  assert.deepEqual(answers.map((s) => s.turn_number), [1, 1, 2, 2, 3, 3]);
  assert.equal(
    answers[2].text,
    "인덱스를 다시 설계해서 정산 조회 시간을 10초에서 2초로 줄였습니다.",
  );
  // Blind hiring: name, age and gender are never a source.
  const all = JSON.stringify(sources);
  assert.doesNotMatch(all, /김민준|47|female|여성/);
});

Deno.test("sources: a very long letter never crowds out the answers", () => {
  const letter = Array.from(
    { length: 400 },
    (_, i) => `${i + 1}번째 프로젝트에서 결제 API의 응답 시간을 줄이는 작업을 마쳤습니다.`,
  );
  const sources = sourceSentences(context(undefined, letter.join(" ")), turns());
  const fromLetter = sources.filter((s) => s.kind === "cover_letter");
  assert.ok(fromLetter.length > 100 && fromLetter.length < 400, `${fromLetter.length}`);
  assert.equal(fromLetter.reduce((n, s) => n + s.text.length, 0) <= 8_000, true);
  assert.deepEqual(sources.filter((s) => s.kind === "answer").length, 6);
});

Deno.test("every sentence of the offline model answer is a source sentence, with its id", () => {
  const sources = sourceSentences(context(), turns());
  for (
    const [turn, question] of [
      [1, "먼저 자기소개와 지원 동기를 말씀해 주세요."],
      [2, "PostgreSQL 쿼리 최적화 경험을 구체적으로 말씀해 주세요."],
      [3, "Kafka 기반 메시징을 다뤄 본 경험이 있으신가요?"],
    ] as const
  ) {
    const answer = modelAnswer(context(), { turn_number: turn, question, sources });
    assertTraceable(answer, sources);
    // "그래서 Kafka로 …" is said without the connective that tied it to the letter's sentence.
    assert.ok(!answer.sentences.some((s) => s.text.startsWith("그래서")), text(answer));
  }
});

Deno.test("두괄식: the first sentence is the claim that answers the question most directly", () => {
  const sources = sourceSentences(context(), turns());
  const kafka = modelAnswer(context(), {
    turn_number: 3,
    question: "Kafka 기반 메시징을 다뤄 본 경험이 있으신가요?",
    sources,
  });
  // Neither the first source nor the answer given to question 3 (code review) names Kafka.
  const kafkaSource = sources.find((s) => s.text.includes("Kafka로 주문 이벤트"))!;
  assert.deepEqual(kafka.sentences[0].source_ids, [kafkaSource.id], text(kafka));
  // Its story follows: the situation before it, the result after it.
  const at = (needle: string) => kafka.sentences.findIndex((s) => s.text.includes(needle));
  assert.ok(
    at("결제 승인 지연이 잦았") > 0 && at("70% 줄었") > at("결제 승인 지연이 잦았"),
    text(kafka),
  );

  const pg = modelAnswer(context(), {
    turn_number: 2,
    question: "PostgreSQL 쿼리 최적화 경험을 구체적으로 말씀해 주세요.",
    sources,
  });
  assert.match(pg.sentences[0].text, /PostgreSQL/);
  assert.doesNotMatch(text(pg), /Kafka/, "another story does not answer this question");
  // The letter's "10초에서 2초로" and the same result in answer 2 are said once.
  assert.equal(text(pg).match(/10초에서 2초로/g)?.length, 1, text(pg));
  // A promise is no answer to what the candidate has done.
  assert.doesNotMatch(text(pg), /성장하는 개발자가 되겠습니다/);
});

Deno.test("the model answer fits the time the mode allows", () => {
  const sources = sourceSentences(context(), turns());
  const job = modelAnswer(context({ mode: "job", language: "ko" }), {
    turn_number: 1,
    question: "먼저 자기소개와 지원 동기를 말씀해 주세요.",
    sources,
  });
  assert.ok(answerLength(text(job), "chars") <= 400);
  assert.ok(spokenSeconds(text(job), "chars") <= 61);

  // A 1분 자기소개 fills 350–400 characters (57 ± 5 s) when the sources allow it.
  const long = `${LETTER} ${
    [
      "신규 가맹점 정산 기능을 두 달 만에 출시해 가맹점 문의를 30% 줄였습니다.",
      "장애 대응 매뉴얼을 만들어 평균 복구 시간을 40분에서 15분으로 단축했습니다.",
      "신입 개발자 세 명의 온보딩을 맡아 첫 배포까지 걸리는 기간을 2주 앞당겼습니다.",
      "결제 대사 배치를 자동화해 매달 20시간의 수작업을 없앴습니다.",
    ].join(" ")
  }`;
  const selfIntro = context({ mode: "self_intro", language: "ko" }, long);
  const intro = modelAnswer(selfIntro, {
    turn_number: 1,
    question: "1분 자기소개를 부탁드립니다.",
    sources: sourceSentences(selfIntro, turns(ANSWERS.slice(0, 1))),
  });
  const chars = answerLength(text(intro), "chars");
  assert.ok(chars >= 350 && chars <= 400, `${chars} characters: ${text(intro)}`);
  const sec = spokenSeconds(text(intro), "chars");
  assert.ok(sec >= 52 && sec <= 62, `${sec} s`);
});

Deno.test("an English interview answers in English words, within 150 (130–150 self-intro)", () => {
  const letter = [
    "I built the payment backend with Spring Boot for four years.",
    "Monthly settlement queries took over ten seconds and the operations team complained every week.",
    "I analysed the PostgreSQL query plans and redesigned the composite indexes myself.",
    "As a result the settlement query time dropped from 10 seconds to 2 seconds.",
    "Order events piled up at peak hours and payment approvals were often delayed.",
    "I moved order events onto Kafka so that approvals were processed asynchronously.",
    "After that, approval delays at peak time fell by 70% within a month.",
    "I also wrote the incident runbook and cut the mean recovery time from 40 minutes to 15 minutes.",
    "I led the onboarding of three new engineers and shortened their first release by two weeks.",
    "I automated the reconciliation batch and removed twenty hours of manual work every month.",
    "Before releases I introduced a review checklist that halved deployment incidents.",
  ].join(" ");
  const answers = ["I have four years of backend work with Spring Boot and PostgreSQL."];
  for (const [mode, lo] of [["job", 0], ["self_intro", 130]] as const) {
    const ctx = context({ mode, language: "en" }, letter);
    const sources = sourceSentences(ctx, turns(answers));
    const answer = modelAnswer(ctx, {
      turn_number: 1,
      question: "Please introduce yourself and tell me why this role fits you.",
      sources,
    });
    assertTraceable(answer, sources);
    const words = answerLength(text(answer), "words");
    assert.ok(words >= lo && words <= 150, `${mode}: ${words} words`);
    assert.doesNotMatch(text(answer), /[가-힣]/, "no Korean profile sentence in English");
  }
});
