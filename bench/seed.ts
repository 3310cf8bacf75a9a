/** The data both parts of the bench drive the app with: one user, a posting, a cover letter. */

/** Reads a JSON body and fails with the body's start when the status is not `status`. */
// deno-lint-ignore no-explicit-any
export async function json(res: Response, status: number): Promise<any> {
  const text = await res.text();
  if (res.status !== status) {
    throw new Error(`${res.url}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  }
  return JSON.parse(text);
}

const POSTING = `[백엔드 개발자 채용]
주요 업무: 결제 시스템 API 설계와 개발, PostgreSQL 쿼리 최적화, 장애 대응과 모니터링.
자격 요건: 백엔드 개발 경력 3년 이상, TypeScript 또는 Go, 관계형 데이터베이스 설계 경험.
우대 사항: 대용량 트래픽 처리 경험, 클라우드(AWS) 운영 경험, 코드 리뷰 문화 경험.`;
const COVER_LETTER = `저는 지난 4년 동안 결제 서비스의 백엔드를 개발했습니다. 주문과 정산 API를 ` +
  `TypeScript로 설계했고, 느린 PostgreSQL 쿼리를 찾아 인덱스를 다시 설계해 응답 시간을 절반으로 ` +
  `줄였습니다. 장애가 나면 먼저 지표를 보고 원인을 좁히는 습관이 있으며, 이 경험을 귀사의 결제 ` +
  `시스템을 더 안정적으로 만드는 데 쓰고 싶습니다.`;

/** What the interviews and the load need of a seeded user. */
export interface Seed {
  userId: string;
  token: string;
  postingId: string;
  coverLetterId: string;
}

/** Registers a user with a posting and a cover letter through the app's API at `origin`. */
export async function seed(origin: string): Promise<Seed> {
  const email = `bench-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const password = "bench correct horse";
  const user = await json(
    await fetch(`${origin}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password, name: "벤치", career_summary: "백엔드 4년" }),
    }),
    201,
  );
  const tokens = await json(
    await fetch(`${origin}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    }),
    200,
  );
  const auth = { authorization: `Bearer ${tokens.access_token}` };
  const form = new FormData();
  form.set("title", "백엔드 개발자");
  form.set("text", POSTING);
  const posting = await json(
    await fetch(`${origin}/api/job-postings`, { method: "POST", headers: auth, body: form }),
    201,
  );
  const letter = await json(
    await fetch(`${origin}/api/cover-letters`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ job_posting_id: posting.id, content: COVER_LETTER }),
    }),
    201,
  );
  return {
    userId: user.id,
    token: tokens.access_token,
    postingId: posting.id,
    coverLetterId: letter.id,
  };
}

/** Polls the interview's result until its feedback is completed (the result page needs it). */
export async function feedbackCompleted(
  origin: string,
  token: string,
  sessionId: string,
): Promise<string> {
  for (let i = 0; i < 10; i++) {
    const r = await json(
      await fetch(`${origin}/api/interviews/${sessionId}/result`, {
        headers: { authorization: `Bearer ${token}` },
      }),
      200,
    );
    if (r.status === "completed") return sessionId;
  }
  throw new Error(`feedback of ${sessionId} did not complete`);
}

/** The recorded answer every bench interview sends. */
export async function recording(): Promise<Blob> {
  const bytes = await Deno.readFile(
    new URL("../tests/fixtures/audio/speech.webm", import.meta.url),
  );
  return new Blob([bytes], { type: "audio/webm" });
}
