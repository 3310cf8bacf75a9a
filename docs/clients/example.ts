/**
 * The whole interview through a client generated from `/api/openapi.json` (docs/CLIENTS.md):
 * register → login → posting → cover letter → start → five typed answers → result.
 * `deno run -A docs/clients/example.ts http://localhost:8000` runs it against a server;
 * tests/contract/client_test.ts runs it against a live app on every test run.
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./api.d.ts";

type Result = components["schemas"]["InterviewResult"];

/** Throws the API's error envelope (`{error: {code, message}}`) as an Error. */
function ok<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.data === undefined) {
    const e = r.error as components["schemas"]["ApiError"] | undefined;
    throw new Error(`${r.response.status} ${e?.error.code}: ${e?.error.message}`);
  }
  return r.data;
}

/** Multipart bodies (posting upload, answers) go as FormData; strings and numbers as fields. */
function formData(body: Record<string, string | number | Blob | undefined>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(body)) {
    if (v !== undefined) form.append(k, v instanceof Blob ? v : String(v));
  }
  return form;
}

/** Runs the flow as a new user against `origin` and returns the finished result. */
export async function interviewFlow(origin: string): Promise<Result> {
  const api = createClient<paths>({ baseUrl: `${origin}/api` });
  const email = `mobile-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const password = "correct horse battery";

  ok(await api.POST("/auth/register", { body: { email, password, name: "김모바일" } }));
  const tokens = ok(await api.POST("/auth/login", { body: { email, password } }));
  const auth: Middleware = {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${tokens.access_token}`);
      return request;
    },
  };
  api.use(auth);

  const posting = ok(
    await api.POST("/job-postings", {
      body: {
        title: "백엔드 개발자",
        text: "백엔드 개발자 채용. 자격 요건: Go 또는 Java 실무 3년 이상, PostgreSQL 운영 경험.",
      },
      bodySerializer: formData,
    }),
  );
  const letter = ok(
    await api.POST("/cover-letters", {
      body: {
        job_posting_id: posting.id,
        content: "저는 결제 시스템 백엔드를 4년 동안 개발하며 PostgreSQL 쿼리를 최적화해 " +
          "응답 시간을 절반으로 줄였습니다. 그 경험을 귀사에서 살리고 싶습니다.",
      },
    }),
  );
  const started = ok(
    await api.POST("/interviews/start", { body: { cover_letter_id: letter.id } }),
  );
  const session_id = started.session_id;
  let question = started.current_turn;
  for (;;) {
    // A mobile app records audio (field `audio`); typed answers work on every provider.
    const answer = ok(
      await api.POST("/interviews/{session_id}/answer", {
        params: { path: { session_id } },
        body: {
          turn_number: question.turn_number,
          answer_text: `${question.turn_number}번 질문에 답합니다: 결제 장애를 줄인 경험입니다.`,
        },
        bodySerializer: formData,
      }),
    );
    if (answer.interview_completed || !answer.next_turn) break;
    question = answer.next_turn;
  }
  // Feedback is written after the last answer: poll until it is done.
  for (let i = 0; i < 60; i++) {
    const result = ok(
      await api.GET("/interviews/{session_id}/result", { params: { path: { session_id } } }),
    );
    if (result.status === "completed" || result.status === "failed") return result;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error("feedback did not finish in time");
}

if (import.meta.main) {
  const result = await interviewFlow(Deno.args[0] ?? "http://localhost:8000");
  console.log(result.status, result.feedback?.summary ?? result.failure_reason);
}
