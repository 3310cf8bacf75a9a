/**
 * Creating completed interviews through the API, for tests that need several of them: a user's
 * posting, a cover letter for it, five answers (typed, or recorded for a provider with STT),
 * and the result once the feedback job has run.
 */
import assert from "node:assert/strict";
import { jsonReq, type TestApp } from "./helpers.ts";

/** A posting with required and preferred lines. */
export const PROGRESS_POSTING = `백엔드 개발자 채용

자격 요건
- Java, Spring Boot 실무 경력 3년 이상
- PostgreSQL 쿼리 최적화 경험

우대 사항
- AWS 운영 경험`;

export const PROGRESS_LETTER = "결제 시스템 백엔드를 Spring Boot로 3년간 개발했습니다. " +
  "PostgreSQL 쿼리를 튜닝해 응답 시간을 40% 줄였습니다.";

/** Five typed answers; the first `covering` mention the posting's technologies. */
export function typedAnswers(covering: number): string[] {
  const rich = [
    "저는 Spring Boot로 결제 API를 3년간 개발했습니다. 정산 배치의 장애 대응도 맡았습니다.",
    "PostgreSQL 인덱스를 다시 설계해서 응답 시간을 40% 줄였습니다. 실행 계획을 매주 점검했습니다.",
    "AWS에서 서비스를 운영하며 비용을 20% 줄였습니다. 오토스케일링 규칙을 직접 만들었습니다.",
  ];
  const plain =
    "팀원들과 코드 리뷰 규칙을 만들어 배포 사고를 줄였습니다. 리뷰 기준을 문서로 정리했습니다.";
  return Array.from({ length: 5 }, (_, i) => i < covering ? rich[i % rich.length] : plain);
}

/** The ids of a new posting and a cover letter for it. */
export async function letterFor(t: TestApp, token: string, title: string): Promise<string> {
  const form = new FormData();
  form.append("text", PROGRESS_POSTING);
  form.append("title", title);
  const posting = await t.app.request("/api/job-postings", {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  assert.equal(posting.status, 201, await posting.clone().text());
  const letter = await t.app.request(
    "/api/cover-letters",
    jsonReq("POST", { job_posting_id: (await posting.json()).id, content: PROGRESS_LETTER }, token),
  );
  assert.equal(letter.status, 201, await letter.clone().text());
  return (await letter.json()).id;
}

/**
 * Runs one interview on `coverLetterId` to the end and returns its result; `answers` are typed,
 * or, given `audio`, five recordings are sent instead. `finish: false` stops after turn 1.
 */
export async function completedInterview(
  t: TestApp,
  token: string,
  coverLetterId: string,
  opts: { answers?: string[]; audio?: Uint8Array; finish?: boolean } = {},
  // deno-lint-ignore no-explicit-any -- the result's JSON body, checked by the caller
): Promise<any> {
  const auth = { authorization: `Bearer ${token}` };
  const started = await t.app.request(
    "/api/interviews/start",
    jsonReq("POST", { cover_letter_id: coverLetterId }, token),
  );
  const { session_id } = await started.json();
  assert.equal(started.status, 201);
  const answers = opts.answers ?? typedAnswers(3);
  for (let n = 1; n <= (opts.finish === false ? 1 : 5); n++) {
    const form = new FormData();
    form.append("turn_number", String(n));
    if (opts.audio) form.append("audio", new Blob([opts.audio as BlobPart]), "answer.webm");
    else form.append("answer_text", answers[n - 1]);
    const res = await t.app.request(`/api/interviews/${session_id}/answer`, {
      method: "POST",
      headers: auth,
      body: form,
    });
    assert.equal(res.status, 200, await res.clone().text());
    await res.body?.cancel();
  }
  if (opts.finish === false) return { session_id };
  const res = await t.app.request(`/api/interviews/${session_id}/result`, { headers: auth });
  const result = await res.json();
  assert.equal(result.status, "completed", JSON.stringify(result.failure_reason));
  return result;
}
