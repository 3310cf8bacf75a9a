import assert from "node:assert/strict";
import { AppError } from "../../errors.ts";
import { createOfflineProvider } from "./mod.ts";
import { findSkills, mentions } from "../skills.ts";
import type { DeliveryMetrics, InterviewContext, QA } from "../types.ts";

const ai = createOfflineProvider();

const POSTING = `[페이코] 백엔드 개발자 채용

주요 업무
- 결제 서비스 API 설계 및 개발
- 대용량 트래픽 처리를 위한 성능 최적화

자격 요건
• Python, FastAPI, PostgreSQL 기반 백엔드 개발 경력 3년 이상
· REST API 설계 경험
* Git을 이용한 협업 경험
○ 원활한 커뮤니케이션 능력

■ 우대 사항
1. Docker, Kubernetes 운영 경험
① AWS 환경에서의 서비스 운영 경험
- Redis 캐시 활용 경험

복리후생
- 연봉 5000만원 이상
- 점심 식대 지원
`;

const LETTER =
  `페이코 백엔드 개발자에 지원하게 된 이유는 대규모 결제 시스템을 경험하고 싶기 때문입니다.

이전 회사에서 Python과 FastAPI로 주문 API를 설계했습니다. 당시 주문 조회 API의 응답 시간이 느린 문제가 있었고, 쿼리 튜닝을 맡았습니다. 인덱스를 재설계하고 Redis 캐시를 도입해 응답 시간을 40% 줄였습니다. 그 결과 월 300만 건의 주문을 안정적으로 처리했습니다.

입사 후에는 결제 플랫폼의 안정성에 기여하겠습니다.`;

async function context(): Promise<InterviewContext> {
  const analysis = await ai.analyzePosting(POSTING, "백엔드 개발자");
  return {
    profile: { career_summary: "백엔드 개발 3년 (Python, Django)", certifications: "SQLD" },
    posting: { title: "[페이코] 백엔드 개발자 채용", analysis },
    coverLetter: LETTER,
  };
}

/** Runs a whole interview with fixed answers and returns the five question/answer pairs. */
async function interview(ctx: InterviewContext, answers: string[]): Promise<QA[]> {
  const history: QA[] = [];
  for (let turn = 1; turn <= 5; turn++) {
    const question = turn === 1 ? await ai.firstQuestion(ctx) : await ai.nextQuestion(ctx, history);
    history.push({ turn_number: turn, question, answer: answers[turn - 1] ?? "" });
  }
  return history;
}

const RICH_ANSWERS = [
  "안녕하세요. 3년차 백엔드 개발자입니다. 이전 회사에서 Python과 FastAPI로 주문 API를 만들었고, Redis 캐시를 도입해 응답 시간을 40% 줄였습니다. 결제 도메인에서 안정적인 시스템을 만들고 싶어 지원했습니다.",
  "당시 주문 조회가 느려 고객 불만이 많았습니다. 저는 쿼리 개선을 맡았고, 실행 계획을 분석해 인덱스를 재설계했습니다. 그 결과 p99 응답 시간이 800ms에서 200ms로 단축되었습니다.",
  "Kafka로 주문 이벤트를 비동기 처리하도록 바꿨습니다. 장애가 나도 재처리할 수 있게 만들었습니다.",
  "REST API 설계 시 리소스 이름과 오류 응답 형식을 팀 규칙으로 정리했고, 코드 리뷰에서 지키도록 했습니다.",
  "결제 안정성을 높이는 데 기여하고 싶습니다. 1년 안에 장애 대응 시간을 절반으로 줄이는 것이 목표입니다.",
];

Deno.test("the offline provider names itself and has no speech", async () => {
  assert.equal(ai.name, "offline");
  assert.deepEqual(ai.capabilities, { tts: false, stt: false });
  await assert.rejects(ai.speak("안녕하세요"), (e: unknown) => {
    assert.ok(e instanceof AppError);
    assert.equal(e.kind, "unsupported");
    assert.equal(e.code, "tts_unavailable");
    return true;
  });
  await assert.rejects(ai.transcribe(new Uint8Array(4), "a.webm", "audio/webm"), (e: unknown) => {
    assert.ok(e instanceof AppError);
    assert.equal(e.kind, "unsupported");
    assert.equal(e.code, "stt_unavailable");
    assert.match(e.message, /type the answer instead/);
    return true;
  });
});

Deno.test("acceptance: Python, FastAPI, PostgreSQL … 3년 이상", async () => {
  const a = await ai.analyzePosting(
    "Python, FastAPI, PostgreSQL을 활용한 서버 개발 경력 3년 이상인 분을 찾습니다.",
  );
  for (const k of ["Python", "FastAPI", "PostgreSQL"]) assert.ok(a.keywords.includes(k), k);
  assert.ok(a.requirements.some((r) => r.includes("3년 이상")), a.requirements.join(" | "));
});

Deno.test("Java does not match JavaScript, in English or Korean", async () => {
  const js = await ai.analyzePosting(
    "JavaScript와 TypeScript 기반 프론트엔드 개발, 자바스크립트 능숙자",
  );
  assert.ok(js.keywords.includes("JavaScript"));
  assert.ok(js.keywords.includes("TypeScript"));
  assert.ok(!js.keywords.includes("Java"), js.keywords.join(", "));
  const both = await ai.analyzePosting("Java(자바)와 JavaScript 모두 가능하신 분");
  assert.ok(both.keywords.includes("Java"));
  assert.ok(both.keywords.includes("JavaScript"));
  assert.deepEqual(findSkills("자바를 쓰고 C/C++, C#도 씁니다"), ["Java", "C", "C++", "C#"]);
  assert.deepEqual(findSkills("Spring Boot 3"), ["Spring Boot"], "the longer name wins");
  assert.ok(mentions("포스트그레스로 옮겼습니다", "PostgreSQL"), "Korean alias");
});

Deno.test("keywords: dictionary hits first, Korean domain terms, deduplicated, at most 15", async () => {
  const a = await ai.analyzePosting(POSTING, "백엔드 개발자");
  assert.deepEqual(a.keywords.slice(0, 3), ["백엔드", "대용량 트래픽", "성능 최적화"]);
  for (const k of ["Python", "FastAPI", "PostgreSQL", "Docker", "Kubernetes", "AWS", "Redis"]) {
    assert.ok(a.keywords.includes(k), k);
  }
  assert.ok(a.keywords.length <= 15);
  assert.equal(new Set(a.keywords.map((k) => k.toLowerCase())).size, a.keywords.length);
  const marketing = await ai.analyzePosting(
    "퍼포먼스 마케팅 담당자 모집. 메타 광고 운영, 데이터 분석 역량 필수. 캠페인 성과 리포트 작성, 캠페인 예산 관리.",
  );
  for (const k of ["퍼포먼스 마케팅", "광고", "데이터 분석", "캠페인"]) {
    assert.ok(marketing.keywords.includes(k), `${k} in ${marketing.keywords.join(", ")}`);
  }
});

Deno.test("requirements come from bullet lines of every style, cleaned, without benefits or preferred items", async () => {
  const a = await ai.analyzePosting(POSTING);
  const expected = [
    "Python, FastAPI, PostgreSQL 기반 백엔드 개발 경력 3년 이상",
    "REST API 설계 경험",
    "Git을 이용한 협업 경험",
    "원활한 커뮤니케이션 능력",
    "결제 서비스 API 설계 및 개발",
  ];
  for (const r of expected) assert.ok(a.requirements.includes(r), r);
  // 우대 사항 is not 자격 요건.
  for (const r of ["Docker, Kubernetes 운영 경험", "AWS 환경에서의 서비스 운영 경험"]) {
    assert.ok(!a.requirements.includes(r), r);
  }
  // Requirements before duties; no headers, no benefits, no bullet marks.
  assert.ok(
    a.requirements.indexOf("원활한 커뮤니케이션 능력") <
      a.requirements.indexOf("결제 서비스 API 설계 및 개발"),
  );
  for (const r of a.requirements) {
    assert.doesNotMatch(r, /^[-•·*○■①\d]/, r);
    assert.doesNotMatch(r, /연봉|식대|우대 사항|자격 요건/, r);
  }
  assert.ok(a.requirements.length <= 12);

  const inline = await ai.analyzePosting(
    "자격요건: SQL 활용 가능자\n우대사항 : Tableau 경험\n- SQL 활용 가능자\n회사 소개\n- 2010년 설립",
  );
  assert.deepEqual(inline.requirements, ["SQL 활용 가능자"]);
});

Deno.test("requirements survive a PDF that ran the list into one line, and English postings", async () => {
  const flat = await ai.analyzePosting(
    "데이터 분석가 모집 주요업무 - 서비스 지표 대시보드 구축 - A/B 테스트 설계 및 분석 자격요건 - SQL 능숙자 - Python 또는 R 활용 가능자 우대사항 - Tableau 경험",
  );
  assert.deepEqual(flat.requirements, [
    "SQL 능숙자",
    "Python 또는 R 활용 가능자",
    "서비스 지표 대시보드 구축",
    "A/B 테스트 설계 및 분석",
  ]);
  const english = await ai.analyzePosting(
    "Senior Backend Engineer\nRequirements:\n- 5+ years of experience with Go or Java\n- Strong knowledge of PostgreSQL\nBenefits:\n- Remote work",
  );
  assert.deepEqual(english.requirements, [
    "5+ years of experience with Go or Java",
    "Strong knowledge of PostgreSQL",
  ]);
  assert.deepEqual(english.keywords, ["백엔드", "Go", "Java", "PostgreSQL"]);
});

Deno.test("cover-letter feedback names missing keywords and quotes a quantified achievement", async () => {
  const ctx = await context();
  const { text, structured } = await ai.coverLetterFeedback({
    profile: ctx.profile,
    posting: ctx.posting,
    content: LETTER,
  });
  for (const section of ["■ 요약", "■ 잘한 점", "■ 보완할 점", "■ 공고 키워드 점검"]) {
    assert.ok(text.includes(section), section);
  }
  const fix = text.slice(text.indexOf("■ 보완할 점"), text.indexOf("■ 공고 키워드 점검"));
  const good = text.slice(text.indexOf("■ 잘한 점"), text.indexOf("■ 보완할 점"));
  assert.match(fix, /PostgreSQL/, "names a keyword the letter misses");
  assert.match(fix, /Docker/);
  assert.match(good, /40%/, "quotes the quantified achievement");
  assert.match(good, /Python/, "credits a covered keyword");
  assert.match(fix, /SQLD/, "names the certification the letter leaves out");
  assert.match(text, /공백 포함 \d+자/);
  assert.match(fix, /짧습니다/, "a letter under 500 characters is called short");
  // The sections hold what the text shows, item by item.
  assert.ok(structured.summary && text.includes(structured.summary));
  for (const item of [...structured.strengths, ...structured.improvements]) {
    assert.ok(text.includes(`- ${item}`), item);
  }
  assert.ok(structured.improvements.some((i) => /SQLD/.test(i)));

  const { text: plain } = await ai.coverLetterFeedback({
    profile: {},
    posting: ctx.posting,
    content: "저는 성실한 사람입니다. 열심히 하겠습니다. 저는 최선을 다합니다.",
  });
  const plainFix = plain.slice(plain.indexOf("■ 보완할 점"));
  assert.match(plainFix, /수치/, "asks for numbers when there are none");
  assert.match(plainFix, /'열심히'/, "calls out the cliché");
  assert.match(plain, /수치로 표현한 성과가 없습니다/);
});

Deno.test("the first question is a self-introduction tied to the posting", async () => {
  const q = await ai.firstQuestion(await context());
  assert.match(q, /자기소개/);
  assert.ok(q.includes("Python"), q);
});

Deno.test("the next question follows up on what the previous answer said", async () => {
  const ctx = await context();
  const q1 = await ai.firstQuestion(ctx);
  const withNumber = await ai.nextQuestion(ctx, [{
    turn_number: 1,
    question: q1,
    answer: RICH_ANSWERS[0],
  }]);
  assert.ok(withNumber.includes("40%"), withNumber);
  const quoted = withNumber.match(/'([^']+)'/)?.[1] ?? "";
  assert.ok(RICH_ANSWERS[0].includes(quoted), "quotes the answer verbatim");

  const techAnswer =
    "주문 이벤트는 Kafka로 비동기 처리하도록 구조를 바꿨고, 장애가 나도 재처리할 수 있게 만들었습니다.";
  const withTech = await ai.nextQuestion(ctx, [{
    turn_number: 1,
    question: q1,
    answer: techAnswer,
  }]);
  assert.ok(withTech.includes("Kafka"), withTech);

  const short = await ai.nextQuestion(ctx, [{
    turn_number: 1,
    question: q1,
    answer: "열심히 했습니다.",
  }]);
  assert.ok(short.includes("열심히 했습니다"), short);
  assert.match(short, /사례/);
});

Deno.test("five turns never repeat a question and end with a closing question", async () => {
  const ctx = await context();
  const noPosting: InterviewContext = { ...ctx, posting: null };
  const bare: InterviewContext = { profile: {}, posting: null, coverLetter: "" };
  const same = RICH_ANSWERS[1];
  const scenarios: [InterviewContext, string[]][] = [
    [ctx, RICH_ANSWERS],
    [ctx, [same, same, same, same, same]],
    [ctx, ["", "", "", "", ""]],
    [ctx, ["네", "네", "네", "네", "네"]],
    [noPosting, RICH_ANSWERS],
    [bare, ["", "", "", "", ""]],
    [bare, ["네", "네", "네", "네", "네"]],
  ];
  for (const [c, answers] of scenarios) {
    const turns = await interview(c, answers);
    const questions = turns.map((t) => t.question);
    assert.equal(new Set(questions).size, 5, questions.join("\n"));
    assert.match(questions[4], /마지막 질문/);
  }
  const turns = await interview(ctx, RICH_ANSWERS);
  assert.match(turns[2].question, /자기소개서에/, "turn 3 probes a claim from the cover letter");
  assert.match(turns[3].question, /공고/, "turn 4 covers a requirement");
});

Deno.test("feedback scores a detailed STAR answer above a one-liner, with verbatim evidence", async () => {
  const ctx = await context();
  const question = "성능 문제를 해결한 경험을 말씀해 주세요.";
  const star =
    "당시 결제 API의 응답 시간이 2초를 넘어 고객 이탈이 늘어나는 상황이었습니다. 제 역할은 병목을 찾아 응답 시간을 절반으로 줄이는 목표를 맡는 것이었습니다. 실행 계획을 분석해 PostgreSQL 인덱스를 재설계하고 Redis 캐시를 도입했습니다. 그 결과 응답 시간이 65% 단축되었고 결제 전환율이 12% 증가했습니다.";
  const oneLiner = "그냥 열심히 했습니다.";
  const fb = await ai.interviewFeedback(ctx, [
    { turn_number: 1, question, answer: star },
    { turn_number: 2, question, answer: oneLiner },
    { turn_number: 3, question, answer: "" },
  ]);
  const [good, bad, empty] = fb.turns;
  assert.ok(good.score > bad.score, `${good.score} > ${bad.score}`);
  assert.ok(good.score >= 4);
  assert.equal(bad.score, 1);
  assert.equal(empty.score, 1);
  assert.ok(empty.improvements.length > 0);
  assert.deepEqual(empty.evidence, []);
  assert.ok(good.evidence.length > 0);
  for (const e of good.evidence) assert.ok(star.includes(e), `evidence "${e}" is verbatim`);
  for (const e of bad.evidence) assert.ok(oneLiner.includes(e), `evidence "${e}" is verbatim`);
  assert.ok(good.evidence.some((e) => /65%|12%/.test(e)), "quotes a number");
  assert.ok(good.strengths.length > 0);
  for (const t of fb.turns) {
    assert.ok(Number.isInteger(t.score) && t.score >= 1 && t.score <= 5);
    assert.ok(t.feedback.length > 0);
  }
  assert.equal(fb.score, Math.round((good.score + bad.score + empty.score) / 3));
  assert.match(fb.summary, /평균 점수/);
  assert.ok(fb.improvements.length > 0);
});

Deno.test("feedback uses delivery metrics: fast speech and many fillers cost points", async () => {
  const ctx = await context();
  const question = "협업 경험을 말씀해 주세요.";
  const answer =
    "신규 결제 프로젝트 당시 기획팀과 일정 갈등이 있었습니다. 제 역할은 두 팀의 협업 방식을 정리하는 것이었고, 우선순위 표를 만들어 매주 조율했습니다. 그 결과 출시일을 2주 앞당겼고 재작업 요청이 30% 줄었습니다.";
  const metrics = (spm: number, fpm: number): DeliveryMetrics => ({
    duration_sec: 30,
    char_count: 60,
    word_count: 20,
    syllables_per_minute: spm,
    filler_count: Math.round(fpm / 2),
    fillers_per_minute: fpm,
    fillers: { "음": 4, "어": 2 },
  });
  const fb = await ai.interviewFeedback(ctx, [
    { turn_number: 1, question, answer, metrics: metrics(300, 1) },
    { turn_number: 2, question, answer, metrics: metrics(460, 12) },
  ]);
  const [calm, rushed] = fb.turns;
  assert.ok(calm.score > rushed.score, `${calm.score} > ${rushed.score}`);
  assert.ok(calm.strengths.some((s) => s.includes("300음절")));
  assert.ok(rushed.improvements.some((s) => s.includes("460음절") && s.includes("빠른")));
  assert.ok(rushed.improvements.some((s) => s.includes("군말") && s.includes("'음'")));
});

Deno.test("every function is deterministic", async () => {
  const run = async () => {
    const other = createOfflineProvider();
    const ctx = await context();
    const analysis = await other.analyzePosting(POSTING, "백엔드 개발자");
    const letter = await other.coverLetterFeedback({
      profile: ctx.profile,
      posting: ctx.posting,
      content: LETTER,
    });
    const turns = await interview(ctx, RICH_ANSWERS);
    const feedback = await other.interviewFeedback(ctx, turns);
    return { analysis, letter, turns, feedback };
  };
  assert.deepEqual(await run(), await run());
});
