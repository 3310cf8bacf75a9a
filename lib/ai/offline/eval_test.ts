/**
 * Measures the offline engine against the hand-labelled set in eval/: the share of answer pairs
 * where it judges the better answer higher (ties are misses), and the share of posting lines it
 * places right (required lines among the requirements, preferred and process lines kept out).
 * Prints the figures and every miss, and holds both at 90 % or more.
 */
import assert from "node:assert/strict";
import { normalizeKey } from "../korean.ts";
import type { InterviewContext, PostingAnalysis } from "../types.ts";
import { analyzePosting, postingLines, type PostingSection } from "./posting.ts";
import { assessAnswer, turnFeedback } from "./assess.ts";

interface Posting {
  id: string;
  title: string;
  lines: string[];
}
interface Pair {
  id: string;
  posting?: string;
  question: string;
  a: string;
  b: string;
  better: "a" | "b";
  reason: string;
}

const read = (name: string) =>
  JSON.parse(Deno.readTextFileSync(new URL(`./eval/${name}`, import.meta.url)));
const POSTINGS: Posting[] = read("postings.json").postings;
const PAIRS: Pair[] = read("pairs.json").pairs;

const TAGS: Record<string, PostingSection | "header"> = {
  H: "header",
  D: "duty",
  R: "required",
  P: "preferred",
  X: "process",
  O: "other",
};
const labelled = (p: Posting) => p.lines.map((l) => ({ tag: TAGS[l[0]], text: l.slice(2) }));
const textOf = (p: Posting) => labelled(p).map((l) => l.text).join("\n");
const pct = (n: number, of: number) => `${(100 * n / of).toFixed(1)} %`;

function analyses(): Map<string, { title: string; analysis: PostingAnalysis }> {
  return new Map(
    POSTINGS.map((p) => [p.id, { title: p.title, analysis: analyzePosting(textOf(p), p.title) }]),
  );
}

Deno.test("eval: required lines are requirements; preferred and process lines are not", () => {
  let right = 0, total = 0, sectionRight = 0, sectionTotal = 0;
  const misses: string[] = [];
  for (const p of POSTINGS) {
    const reqs = analyzePosting(textOf(p), p.title).requirements.map(normalizeKey);
    const lines = postingLines(textOf(p));
    for (const l of labelled(p)) {
      if (l.tag === "header") continue;
      const key = normalizeKey(l.text);
      const found = lines.find((x) => key.includes(normalizeKey(x.text)));
      sectionTotal++;
      if (found?.section === l.tag) sectionRight++;
      else misses.push(`  section ${p.id}: "${l.text}" is ${l.tag}, engine ${found?.section}`);
      if (l.tag !== "required" && l.tag !== "preferred" && l.tag !== "process") continue;
      total++;
      const inReq = reqs.some((r) => key.includes(r) || r.includes(key));
      if (inReq === (l.tag === "required")) right++;
      else misses.push(`  requirement ${p.id}: "${l.text}" (${l.tag}) in requirements: ${inReq}`);
    }
  }
  console.log(`requirement lines placed right: ${right}/${total} = ${pct(right, total)}`);
  console.log(
    `all lines, section right: ${sectionRight}/${sectionTotal} = ${
      pct(sectionRight, sectionTotal)
    }`,
  );
  if (misses.length) console.log(misses.join("\n"));
  assert.ok(POSTINGS.length >= 10 && total >= 50);
  assert.ok(right / total >= 0.9, `${pct(right, total)} < 90 %`);
});

Deno.test("eval: the better answer of each pair is judged higher", () => {
  const byId = analyses();
  let right = 0, scoreRight = 0;
  const misses: string[] = [];
  for (const pair of PAIRS) {
    const ctx: InterviewContext = {
      profile: {},
      posting: pair.posting ? byId.get(pair.posting)! : null,
      coverLetter: "",
    };
    assert.ok(!pair.posting || ctx.posting, `unknown posting ${pair.posting}`);
    const [a, b] = [pair.a, pair.b].map((x) => assessAnswer(ctx, pair.question, x).points);
    const [sa, sb] = [pair.a, pair.b].map((answer) =>
      turnFeedback(ctx, { turn_number: 1, question: pair.question, answer }).score
    );
    const ok = pair.better === "a" ? a > b : b > a;
    if (ok) right++;
    else {
      misses.push(
        `  ${pair.id}: better ${pair.better}, points a ${a.toFixed(2)} b ${
          b.toFixed(2)
        } — ${pair.reason}`,
      );
    }
    if (pair.better === "a" ? sa > sb : sb > sa) scoreRight++;
  }
  console.log(
    `pairs judged right (points): ${right}/${PAIRS.length} = ${pct(right, PAIRS.length)}`,
  );
  console.log(
    `pairs judged right (1–5 score, ties miss): ${scoreRight}/${PAIRS.length} = ${
      pct(scoreRight, PAIRS.length)
    }`,
  );
  if (misses.length) console.log(misses.join("\n"));
  assert.ok(PAIRS.length >= 30);
  assert.ok(right / PAIRS.length >= 0.9, `${pct(right, PAIRS.length)} < 90 %`);
});
