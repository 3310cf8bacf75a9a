import assert from "node:assert/strict";
import fc from "fast-check";
import type { Rubric, TurnFeedback } from "../ai/types.ts";
import { compareAttempts, scoreChange, wordDiff } from "./attempt_compare.ts";

const dim = (score: number) => ({ score, anchor: "", evidence: "" });

function feedback(score: number, r: [number, number, number, number, number | null]): TurnFeedback {
  const rubric: Rubric = {
    conclusion_first: dim(r[0]),
    specifics: dim(r[1]),
    relevance: dim(r[2]),
    structure: dim(r[3]),
    delivery: r[4] === null ? null : dim(r[4]),
  };
  return {
    turn_number: 2,
    feedback: "",
    score,
    rubric,
    strengths: [],
    improvements: [],
    evidence: [],
  };
}

const spell = (diff: { op: string; text: string }[], ops: string[]) =>
  diff.filter((s) => ops.includes(s.op)).map((s) => s.text).join("");

Deno.test("score change: later minus earlier, per dimension, null where a side lacks it", () => {
  const spoken = feedback(2, [2, 1, 3, 2, 4]);
  const typed = feedback(4, [4, 5, 3, 3, null]);
  assert.deepEqual(scoreChange(spoken, typed), {
    overall: 2,
    conclusion_first: 2,
    specifics: 4,
    relevance: 0,
    structure: 1,
    delivery: null,
  });
  assert.deepEqual(scoreChange(typed, spoken).specifics, -4);
  assert.equal(scoreChange(feedback(3, [3, 3, 3, 3, 2]), feedback(3, [3, 3, 3, 3, 5])).delivery, 3);
  // Not scored (a failed attempt) or feedback from before the rubric: nothing to compare.
  const none = scoreChange(null, typed);
  assert.ok(Object.values(none).every((v) => v === null));
  const legacy = { ...typed, rubric: undefined };
  assert.deepEqual(scoreChange(legacy, spoken), {
    overall: -2,
    conclusion_first: null,
    specifics: null,
    relevance: null,
    structure: null,
    delivery: null,
  });
});

Deno.test("word diff: Korean words (어절) with their particles and punctuation", () => {
  const diff = wordDiff(
    "저는 결제 API를 3년간 개발했습니다. 음, 장애 대응도 맡았습니다.",
    "저는 결제 API를 5년간 개발했고, 장애 대응도 맡았습니다. 응답 시간을 40% 줄였습니다.",
  );
  // Neighbouring changed words (and the space between them) read as one rewritten phrase.
  assert.deepEqual(diff, [
    { op: "equal", text: "저는 결제 API를 " },
    { op: "removed", text: "3년간 개발했습니다. 음, " },
    { op: "added", text: "5년간 개발했고, " },
    { op: "equal", text: "장애 대응도 맡았습니다." },
    { op: "added", text: " 응답 시간을 40% 줄였습니다." },
  ]);
});

Deno.test("word diff: identical, empty and whitespace-only changes", () => {
  assert.deepEqual(wordDiff("같은 답변입니다.", "같은 답변입니다."), [
    { op: "equal", text: "같은 답변입니다." },
  ]);
  assert.deepEqual(wordDiff("", "새 답변"), [{ op: "added", text: "새 답변" }]);
  assert.deepEqual(wordDiff("옛 답변", ""), [{ op: "removed", text: "옛 답변" }]);
  assert.deepEqual(wordDiff("", ""), []);
  const spaced = wordDiff("한 줄\n두 줄", "한 줄 두 줄");
  assert.equal(spell(spaced, ["equal", "removed"]), "한 줄\n두 줄");
  assert.equal(spell(spaced, ["equal", "added"]), "한 줄 두 줄");
});

Deno.test("word diff: the runs always spell both texts, and no two neighbours share an op", () => {
  const word = fc.constantFrom("저는", "결제", "API를", "40%", "줄였습니다.", "음,", "and", "the");
  const text = fc.array(fc.tuple(word, fc.constantFrom(" ", "  ", "\n")), { maxLength: 12 })
    .map((parts) => parts.flat().join("").trim());
  fc.assert(fc.property(text, text, (a, b) => {
    const diff = wordDiff(a, b);
    assert.equal(spell(diff, ["equal", "removed"]), a);
    assert.equal(spell(diff, ["equal", "added"]), b);
    for (let i = 1; i < diff.length; i++) assert.notEqual(diff[i].op, diff[i - 1].op);
    assert.ok(diff.every((s) => s.text.length > 0));
  }));
});

Deno.test("comparison: against the attempt before, no diff without both transcripts", () => {
  const before = {
    attempt_number: 1,
    answer_stt_text: "짧은 답변",
    feedback: feedback(2, [2, 2, 2, 2, null]),
  };
  const after = {
    attempt_number: 2,
    answer_stt_text: "더 긴 답변",
    feedback: feedback(3, [3, 3, 3, 3, null]),
  };
  const c = compareAttempts(before, after);
  assert.equal(c.against_attempt, 1);
  assert.equal(c.score_change.overall, 1);
  assert.deepEqual(c.transcript_diff, [
    { op: "removed", text: "짧은 " },
    { op: "added", text: "더 긴 " },
    { op: "equal", text: "답변" },
  ]);
  assert.equal(compareAttempts(before, { ...after, answer_stt_text: null }).transcript_diff, null);
});
