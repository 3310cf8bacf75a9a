import assert from "node:assert/strict";
import {
  clip,
  contentTerms,
  hangulCount,
  hasBatchim,
  josa,
  quoteAround,
  splitSentences,
  stem,
} from "./korean.ts";

Deno.test("josa fits the last sound of Korean, Latin and digit endings", () => {
  assert.equal(josa("경험", "을/를"), "경험을");
  assert.equal(josa("데이터", "을/를"), "데이터를");
  assert.equal(josa("Python", "을/를"), "Python을");
  assert.equal(josa("React", "을/를"), "React를");
  assert.equal(josa("SQL", "이/가"), "SQL이");
  assert.equal(josa("Docker", "은/는"), "Docker는");
  assert.equal(josa("Spring", "과/와"), "Spring과");
  assert.equal(josa("3", "을/를"), "3을");
  assert.equal(josa("서울", "으로/로"), "서울로");
  assert.equal(josa("부산", "으로/로"), "부산으로");
  assert.equal(josa("회사", "으로/로"), "회사로");
  assert.equal(josa("Git", "이/가"), "Git이");
  assert.equal(josa("Slack", "을/를"), "Slack을");
  assert.equal(josa("AWS", "을/를"), "AWS를");
  assert.equal(josa("SAP", "이/가"), "SAP가");
  assert.equal(josa("HR", "으로/로"), "HR로");
  assert.equal(josa("CRM", "을/를"), "CRM을");
  assert.equal(josa("FastAPI", "을/를"), "FastAPI를");
  assert.equal(josa("PostgreSQL", "으로/로"), "PostgreSQL로");
  assert.equal(josa("Excel", "은/는"), "Excel은");
  assert.equal(josa("C", "을/를"), "C를");
  assert.equal(josa("7", "으로/로"), "7로");
  assert.equal(hasBatchim(""), false);
});

Deno.test("stem strips particles and light endings but keeps short nouns and look-alikes", () => {
  assert.equal(stem("데이터를"), "데이터");
  assert.equal(stem("경험이"), "경험");
  assert.equal(stem("팀원들과"), "팀원");
  assert.equal(stem("서버에서는"), "서버");
  assert.equal(stem("개발하는"), "개발");
  assert.equal(stem("전문가"), "전문가");
  assert.equal(stem("회의"), "회의");
  assert.equal(stem("성과"), "성과");
});

Deno.test("contentTerms keeps topics and drops particles, stopwords, numbers and verbs", () => {
  const terms = contentTerms(
    "저는 데이터를 분석했습니다. 그리고 3개의 대시보드를 Tableau로 만들었습니다.",
  );
  assert.ok(terms.includes("데이터"));
  assert.ok(terms.includes("대시보드"));
  assert.ok(terms.includes("tableau"));
  for (const t of ["저는", "그리고", "3", "분석했습니다", "만들었습니다"]) {
    assert.ok(!terms.includes(t), t);
  }
});

Deno.test("splitSentences splits punctuation, polite endings and lines into verbatim pieces", () => {
  const text = "안녕하세요. 저는 개발자입니다 3년간 일했습니다!\n다음 줄\n\n  마지막 문장";
  const parts = splitSentences(text);
  assert.deepEqual(parts, [
    "안녕하세요.",
    "저는 개발자입니다",
    "3년간 일했습니다!",
    "다음 줄",
    "마지막 문장",
  ]);
  for (const p of parts) assert.ok(text.includes(p));
  assert.deepEqual(splitSentences("버전 3.5를 썼다"), ["버전 3.5를 썼다"]);
});

Deno.test("clip cuts at a word boundary and returns a verbatim substring", () => {
  const text = "결제 시스템의 응답 시간을 개선하기 위해 인덱스를 재설계했습니다";
  const c = clip(text, 20);
  assert.ok(c.length <= 20);
  assert.ok(text.startsWith(c));
  assert.ok(!c.endsWith(" "));
  assert.equal(clip("짧은 문장", 20), "짧은 문장");
});

Deno.test("quoteAround quotes whole words around a term within one sentence and clause", () => {
  const text =
    "프로젝트를 맡았습니다. 주문 API를 만들었고, Redis 캐시를 도입해 응답 시간을 40% 줄였습니다. 다음 과제는";
  const at = text.indexOf("40%");
  const q = quoteAround(text, at, 3, 40);
  assert.ok(text.includes(q));
  assert.ok(q.includes("40%"));
  assert.ok(q.length <= 40);
  assert.ok(!q.includes("맡았습니다"), "stays inside the sentence");
  assert.ok(!q.includes("만들었고"), "stays inside the clause");
  assert.equal(q, "Redis 캐시를 도입해 응답 시간을 40% 줄였습니다");
});

Deno.test("hangulCount counts syllables only", () => {
  assert.equal(hangulCount("Python 파이썬 3"), 3);
});
