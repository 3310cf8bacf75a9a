import assert from "node:assert/strict";
import fc from "fast-check";
import {
  distinctiveTerms,
  MAX_KEYWORD_CHARS,
  MAX_KEYWORDS,
  sanitizeKeywords,
  transcriptionKeywords,
} from "./stt_hints.ts";

Deno.test("stt hints: posting keywords first, then the cover letter's distinctive terms", () => {
  const keywords = transcriptionKeywords({
    profile: {},
    posting: {
      title: "백엔드",
      analysis: { keywords: ["FastAPI", "PostgreSQL", "정산"], requirements: [] },
    },
    coverLetter: "저는 정산 시스템을 Kafka와 포스트그레스로 만들었습니다. 정산 배치는 Airflow로 " +
      "돌렸고, 정산 오류를 줄였습니다. 결제 도메인을 좋아합니다.",
  });
  assert.deepEqual(keywords.slice(0, 3), ["FastAPI", "PostgreSQL", "정산"]);
  for (const term of ["Kafka", "Airflow"]) assert.ok(keywords.includes(term), term);
  // Said once, and not a dictionary skill: not distinctive.
  assert.ok(!keywords.includes("결제"));
  // "포스트그레스" is the dictionary's PostgreSQL, already listed: no duplicate.
  assert.equal(keywords.filter((k) => k.toLowerCase() === "postgresql").length, 1);
  assert.ok(distinctiveTerms("정산 정산 Spring").includes("정산"));
});

Deno.test("stt hints: a term with <, >, CR or LF is dropped, not sent", () => {
  assert.deepEqual(
    sanitizeKeywords([
      "<script>",
      "a>b",
      "줄\n바꿈",
      "캐리지\r",
      "  Spring   Boot ",
      "spring boot",
      "",
    ]),
    ["Spring Boot"],
  );
});

Deno.test("stt hints: any input gives bounded, clean, distinct terms", () => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 60 }), { maxLength: 100 }), (terms) => {
      const out = sanitizeKeywords(terms);
      assert.ok(out.length <= MAX_KEYWORDS);
      const keys = out.map((t) => t.toLowerCase().replace(/\s+/g, ""));
      assert.equal(new Set(keys).size, out.length);
      for (const t of out) {
        assert.ok(!/[<>\r\n]/.test(t) && t.trim() === t && t.length > 0, JSON.stringify(t));
        assert.ok([...t].length <= MAX_KEYWORD_CHARS);
      }
    }),
  );
});
