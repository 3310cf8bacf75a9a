/**
 * Interview modes and language (issue 15, scope 2) and the anchored rubric (scope 3) through the
 * JSON API, on the offline engine and on the OpenAI provider against the fake server.
 */
import assert from "node:assert/strict";
import { createOfflineProvider } from "../../../lib/ai/offline/mod.ts";
import { ANCHORS, RUBRIC_DIMENSIONS, rubricScore } from "../../../lib/ai/rubric.ts";
import type { Rubric } from "../../../lib/ai/types.ts";
import {
  type FakeOpenAI,
  fakeOpenAiProvider,
  startFakeOpenAI,
  toneWav,
} from "../../../tests/fake_openai.ts";
import { createTestApp, jsonReq, signUp, type TestApp } from "../../../tests/helpers.ts";

const POSTING = `백엔드 개발자 채용 (결제 플랫폼)

자격 요건
- Java, Spring Boot 실무 경력 3년 이상
- PostgreSQL 쿼리 최적화 경험
- 대용량 트래픽 처리 경험`;

const LETTER = "저는 결제 시스템 백엔드를 3년간 개발하며 Spring Boot와 PostgreSQL로 대용량 " +
  "트래픽을 처리해 왔습니다. 배포 방식을 두고 팀원과 의견이 충돌했지만 장애 데이터를 보여 주며 " +
  "설득했습니다. 쿼리 최적화로 응답 시간을 절반으로 줄인 경험이 있습니다.";

/** A self-introduction of 352 characters without spaces: inside the 350–400 target. */
const INTRO_ON_TARGET =
  "안녕하십니까. 결제 플랫폼의 안정성을 숫자로 증명해 온 백엔드 개발자 김지원입니다. " +
  "지난 3년 동안 Spring Boot와 PostgreSQL로 하루 200만 건의 결제를 처리하는 승인 서버를 " +
  "개발하고 운영했습니다. 가장 자신 있는 성과는 정산 배치 개선입니다. 매일 새벽 4시간씩 걸리던 " +
  "배치가 아침 업무를 밀어내는 상황이었고, 제가 개선을 맡았습니다. 실행 계획을 분석해 같은 " +
  "테이블을 세 번 읽던 쿼리를 하나로 합치고 인덱스를 다시 설계했습니다. 그 결과 배치 시간이 " +
  "1시간 50분으로 단축되었고 재처리 건수도 75% 감소했습니다. 장애가 나면 먼저 원인을 " +
  "기록하고 재발 방지책을 팀과 공유하는 습관도 있습니다. 팀에서는 코드 리뷰 기준을 문서로 " +
  "정리해 신규 입사자의 적응 기간을 2주 줄였습니다. 이 경험으로 귀사의 대용량 트래픽 " +
  "결제 시스템을 더 빠르고 안정적으로 만드는 데 바로 기여하고 싶습니다. 감사합니다.";
const INTRO_SHORT = "안녕하세요. 백엔드 개발자입니다. 열심히 하겠습니다.";

const charCount = (s: string) => s.replace(/\s/g, "").length;

interface Candidate {
  token: string;
  coverLetterId: string;
}

async function candidate(t: TestApp): Promise<Candidate> {
  const user = await signUp(t.app, { career_summary: "결제 플랫폼 백엔드 개발 3년" });
  const form = new FormData();
  form.append("text", POSTING);
  form.append("title", "백엔드 개발자");
  const posting = await t.app.request("/api/job-postings", {
    method: "POST",
    headers: { authorization: `Bearer ${user.access}` },
    body: form,
  });
  assert.equal(posting.status, 201, await posting.clone().text());
  const letter = await t.app.request(
    "/api/cover-letters",
    jsonReq("POST", { job_posting_id: (await posting.json()).id, content: LETTER }, user.access),
  );
  assert.equal(letter.status, 201, await letter.clone().text());
  return { token: user.access, coverLetterId: (await letter.json()).id };
}

function startReq(t: TestApp, c: Candidate, setup: Record<string, unknown>) {
  return t.app.request(
    "/api/interviews/start",
    jsonReq("POST", { cover_letter_id: c.coverLetterId, ...setup }, c.token),
  );
}

async function start(t: TestApp, c: Candidate, setup: Record<string, unknown>) {
  const res = await startReq(t, c, setup);
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  return body;
}

async function answer(
  t: TestApp,
  c: Candidate,
  sid: string,
  n: number,
  f: { text?: string; audio?: Uint8Array },
) {
  const form = new FormData();
  form.append("turn_number", String(n));
  if (f.text !== undefined) form.append("answer_text", f.text);
  if (f.audio) form.append("audio", new Blob([f.audio as BlobPart]), "answer.wav");
  const res = await t.app.request(`/api/interviews/${sid}/answer`, {
    method: "POST",
    headers: { authorization: `Bearer ${c.token}` },
    body: form,
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body;
}

async function result(t: TestApp, c: Candidate, sid: string) {
  const res = await t.app.request(`/api/interviews/${sid}/result`, {
    headers: { authorization: `Bearer ${c.token}` },
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.status, "completed", JSON.stringify(body));
  return body;
}

/** Runs a whole interview with typed answers; returns the questions asked and the result. */
async function typedInterview(
  t: TestApp,
  c: Candidate,
  setup: Record<string, unknown>,
  answers: string[],
) {
  const started = await start(t, c, setup);
  const questions = [started.current_turn.question_text as string];
  for (let n = 1; n <= started.total_turns; n++) {
    const body = await answer(t, c, started.session_id, n, { text: answers[n - 1] });
    if (n < started.total_turns) questions.push(body.next_turn.question_text);
    else assert.equal(body.interview_completed, true);
  }
  return { started, questions, result: await result(t, c, started.session_id) };
}

/** Every dimension has a 1–5 score, the anchor of that level, and a verbatim quote. */
function assertRubric(rubric: Rubric, answerText: string, language: "ko" | "en", spoken: boolean) {
  for (const d of RUBRIC_DIMENSIONS) {
    const s = rubric[d];
    if (d === "delivery" && !spoken) {
      assert.equal(s, null, "typed answers have no delivery score");
      continue;
    }
    assert.ok(s, d);
    assert.ok(Number.isInteger(s.score) && s.score >= 1 && s.score <= 5, `${d} ${s.score}`);
    assert.equal(s.anchor, ANCHORS[language][d][s.score - 1], d);
    if (d !== "delivery" && s.evidence) {
      const squash = (x: string) => x.replace(/\s+/g, " ");
      assert.ok(squash(answerText).includes(squash(s.evidence)), `${d}: "${s.evidence}"`);
    }
  }
}

const ANSWERS = [
  "저는 결제 승인 서버를 3년간 개발했습니다. Spring Boot로 승인 API를 만들었고 장애율을 0.5%에서 0.1%로 낮췄습니다.",
  "배치가 4시간 걸리는 상황이었습니다. 제가 쿼리를 합치고 인덱스를 추가해 1시간으로 단축했습니다.",
  "팀원과 의견이 달라 장애 데이터를 정리해 보여 주었고, 결국 카나리 배포로 합의했습니다.",
  "열심히 하겠습니다.",
  "입사 후에는 정산 시스템의 응답 시간을 30% 줄이는 것이 목표입니다.",
];

Deno.test("offline: every mode asks its own questions, in Korean and English", async () => {
  const t = await createTestApp({ ai: createOfflineProvider() });
  try {
    const c = await candidate(t);
    const job = await typedInterview(t, c, {}, ANSWERS);
    assert.equal(job.started.mode, "job");
    assert.equal(job.result.total_turns, 5);

    const beh = await typedInterview(t, c, { mode: "behavioural" }, ANSWERS);
    assert.equal(beh.result.mode, "behavioural");
    assert.match(beh.questions[0], /인성 면접/);
    // The letter's conflict story is asked about, quoted.
    assert.ok(
      beh.questions.some((q) => q.includes("팀원과 의견이 충돌했지만") && /합의/.test(q)),
      beh.questions.join("\n"),
    );
    assert.notDeepEqual(beh.questions, job.questions);

    const pressure = await typedInterview(t, c, { mode: "pressure" }, [
      ANSWERS[0],
      "정말 열심히 노력했고 팀에서도 좋아했습니다.",
      ...ANSWERS.slice(2),
    ]);
    // Turn 3 presses on the weakest part of answer 2: a claim with nothing checkable in it.
    assert.match(pressure.questions[2], /정말 열심히 노력했고/);
    assert.match(pressure.questions[2], /근거|측정|숫자/);
    assert.equal(new Set(pressure.questions).size, 5, "no question repeats");

    const en = await typedInterview(t, c, { mode: "job", language: "en" }, [
      "I built the payment approval API in Spring Boot and cut the error rate from 0.5% to 0.1%.",
      "Our batch took 4 hours. I merged three queries and added an index, so it finished in 1 hour.",
      "I showed the incident data to my teammate and we agreed on canary releases.",
      "I will work hard.",
      "I want to cut settlement latency by 30% in my first year.",
    ]);
    assert.equal(en.result.language, "en");
    for (const q of en.questions) assert.doesNotMatch(q, /[요다]\.?$|니까\?$/, q);
    assert.match(en.questions[0], /introduce yourself/i);
    assert.match(en.questions[1], /0\.5% to 0\.1%|Spring Boot/);
    assert.match(en.result.feedback.summary, /mean score/);
    const t1 = en.result.turns[0];
    assertRubric(t1.feedback.rubric, t1.answer_stt_text, "en", false);
    assert.equal(t1.feedback.score, rubricScore(t1.feedback.rubric));

    // History lists each interview with its mode and language.
    const history = await (await t.app.request("/api/interviews/history", {
      headers: { authorization: `Bearer ${c.token}` },
    })).json();
    assert.deepEqual(
      history.items.map((i: { mode: string; language: string }) => `${i.mode}/${i.language}`),
      ["job/en", "pressure/ko", "behavioural/ko", "job/ko"],
    );
  } finally {
    await t.close();
  }
});

Deno.test("offline: a 1분 자기소개 is one answer judged against its target", async () => {
  const t = await createTestApp({ ai: createOfflineProvider() });
  try {
    const c = await candidate(t);
    assert.ok(charCount(INTRO_ON_TARGET) >= 350 && charCount(INTRO_ON_TARGET) <= 400);
    const on = await typedInterview(t, c, { mode: "self_intro" }, [INTRO_ON_TARGET]);
    assert.equal(on.started.total_turns, 1);
    assert.match(on.questions[0], /1분 자기소개/);
    assert.match(on.questions[0], /350~400자/);
    assert.equal(on.result.turns.length, 1);
    const good = on.result.turns[0].feedback;
    assert.equal(good.self_intro.chars_ok, true);
    assert.equal(good.self_intro.duration_ok, null, "typed: no duration to judge");
    assert.deepEqual(good.self_intro.target_sec, [52, 62]);
    assert.ok(!good.improvements.some((i: string) => /목표 분량/.test(i)));

    const short = await typedInterview(t, c, { mode: "self_intro" }, [INTRO_SHORT]);
    const bad = short.result.turns[0].feedback;
    assert.equal(bad.self_intro.chars_ok, false);
    assert.equal(bad.self_intro.char_count, charCount(INTRO_SHORT));
    assert.match(bad.improvements[0], /목표 분량은 350~400자/);
    assert.ok(good.score > bad.score, `${good.score} vs ${bad.score}`);
    assertRubric(good.rubric, INTRO_ON_TARGET, "ko", false);
  } finally {
    await t.close();
  }
});

Deno.test("offline: a bad mode or language is refused and nothing is created", async () => {
  const t = await createTestApp({ ai: createOfflineProvider() });
  try {
    const c = await candidate(t);
    for (
      const setup of [{ mode: "casual" }, { language: "fr" }, { mode: 3 }, { mode: "" }, {
        language: null,
      }]
    ) {
      const res = await startReq(t, c, setup);
      const body = await res.json();
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(body.error.code, "invalid_input");
      const field = Object.keys(setup)[0];
      assert.ok(body.error.details.fields.some((f: { path: string }) => f.path === field));
    }
    const [{ n }] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from interview_sessions`;
    assert.equal(n, 0);
  } finally {
    await t.close();
  }
});

/** The interview-question prompts the fake received, in order. */
function questionPrompts(fake: FakeOpenAI): string[] {
  return fake.requests.filter((r) =>
    r.endpoint === "chat" &&
    (r.body.response_format as { json_schema?: { name?: string } })?.json_schema?.name ===
      "interview_question"
  ).map((r) => (r.body.messages as { content: string }[]).map((m) => m.content).join("\n"));
}

Deno.test("openai: modes and language reach the prompts, STT and the stored session", async () => {
  const fake = await startFakeOpenAI();
  const t = await createTestApp({ ai: fakeOpenAiProvider(fake) });
  try {
    const c = await candidate(t);
    for (const mode of ["job", "behavioural", "pressure"] as const) {
      const before = questionPrompts(fake).length;
      const { result: r } = await typedInterview(t, c, { mode }, ANSWERS);
      assert.equal(r.mode, mode);
      assert.equal(r.turns.length, 5);
      const prompts = questionPrompts(fake).slice(before);
      assert.equal(prompts.length, 5);
      const marker = { job: "질문 계획", behavioural: "인성 면접", pressure: "압박 면접" }[mode];
      for (const p of prompts) assert.ok(p.includes(marker), `${mode}: ${marker}`);
      for (const turn of r.turns) {
        assertRubric(turn.feedback.rubric, turn.answer_stt_text, "ko", false);
        assert.equal(turn.feedback.score, rubricScore(turn.feedback.rubric));
      }
      const mean = r.turns.reduce((a: number, x: { feedback: { score: number } }) =>
        a + x.feedback.score, 0) / 5;
      assert.equal(r.feedback.score, Math.floor(mean + 0.5));
    }

    // English: the prompts ask for English, and the recording is transcribed as English.
    const started = await start(t, c, { mode: "job", language: "en" });
    assert.equal(started.language, "en");
    assert.match(questionPrompts(fake).at(-1)!, /영어로 진행됩니다/);
    fake.queueTranscripts("I cut the batch from 4 hours to 1 hour by merging queries.");
    await answer(t, c, started.session_id, 1, { audio: toneWav(6) });
    const stt = fake.requests.filter((r) => r.endpoint === "transcription").at(-1)!;
    assert.deepEqual(stt.body.languages, ["en"]);
  } finally {
    await t.close();
    await fake.close();
  }
});

Deno.test("openai: a spoken 1분 자기소개 is judged on its duration and length", async () => {
  const fake = await startFakeOpenAI();
  const t = await createTestApp({ ai: fakeOpenAiProvider(fake) });
  try {
    const c = await candidate(t);
    const run = async (seconds: number, transcript: string) => {
      const started = await start(t, c, { mode: "self_intro" });
      assert.equal(started.total_turns, 1);
      assert.match(questionPrompts(fake).at(-1)!, /1분 자기소개 면접/);
      fake.queueTranscripts(transcript);
      const body = await answer(t, c, started.session_id, 1, { audio: toneWav(seconds) });
      assert.equal(body.interview_completed, true);
      assert.equal(body.next_turn, undefined);
      return (await result(t, c, started.session_id)).turns[0];
    };
    const on = await run(57, INTRO_ON_TARGET);
    assert.equal(on.feedback.self_intro.duration_ok, true);
    assert.equal(on.feedback.self_intro.chars_ok, true);
    assert.ok(on.feedback.rubric.delivery, "a spoken answer has a delivery score");
    assertRubric(on.feedback.rubric, INTRO_ON_TARGET, "ko", true);
    assert.equal(on.metrics.long_pause_count, 0, "a steady tone has no pause");

    const short = await run(20, INTRO_SHORT);
    assert.equal(short.feedback.self_intro.duration_ok, false);
    assert.equal(short.feedback.self_intro.chars_ok, false);
    assert.match(short.feedback.improvements[0], /20초 동안 말했습니다. 목표는 52~62초/);
    // 해요체 (안녕하세요) and 하십시오체 (…입니다, …하겠습니다) in one answer.
    assert.deepEqual(short.metrics.register, { haeyo: 1, hapsyo: 2, mixed: true });
  } finally {
    await t.close();
    await fake.close();
  }
});
