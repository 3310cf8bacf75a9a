/**
 * The requirement map, read from the answers: for each requirement of the posting the answer
 * sentences that show it (the same reading the question planner uses), and for each claim of
 * the cover letter whether an answer backs it up, tells it with a different number of the same
 * unit (a contradiction, both quotes shown), or never mentions it. Every quote is an exact
 * substring of what the candidate said or wrote.
 */
import type { AnswerQuote, ClaimCheck, InterviewContext, QA, RequirementMap } from "../types.ts";
import { clip, quoteAround, splitSentences } from "../korean.ts";
import { listRequirements, withCoverage } from "../requirement_map.ts";
import { evidences, isCommitment, quantities } from "./evidence.ts";
import { requirementCovered, requirementEvidence, topicTerms } from "./context.ts";
import { type Claim, letterClaims } from "./questions.ts";

const QUOTES_PER_REQUIREMENT = 2;
const MAX_CLAIMS = 5;
const QUOTE_CHARS = 120;

/** Which requirements the answers show, and which letter claims they contradict or lack. */
export function requirementMap(ctx: InterviewContext, qas: QA[]): RequirementMap {
  const requirements = listRequirements(ctx.posting).map((r) => ({
    ...r,
    evidence: qas.flatMap((qa) =>
      requirementEvidence(r.requirement, qa.answer).map((s): AnswerQuote => ({
        turn_number: qa.turn_number,
        quote: clip(s, QUOTE_CHARS),
      }))
    ).slice(0, QUOTES_PER_REQUIREMENT),
  }));
  const claims = letterClaims(ctx.coverLetter).slice(0, MAX_CLAIMS)
    .map((c) => checkClaim(c, qas)).filter((c): c is ClaimCheck => c !== null);
  return withCoverage(requirements, claims);
}

/**
 * The requirements (required, then preferred) the answers so far have not shown: what the next
 * question should aim at. A requirement naming nothing checkable is not a gap to probe.
 */
export function requirementGaps(ctx: InterviewContext, history: QA[]): string[] {
  const answers = history.map((h) => h.answer).join("\n");
  return listRequirements(ctx.posting).map((r) => r.requirement)
    .filter((r) => !requirementCovered(r, answers));
}

/** A number and its unit: "40%" → 40, "%"; none for words like "절반". */
function measure(q: string): { value: number; unit: string } | null {
  const digits = q.match(/\d[\d,]*(?:\.\d+)?/)?.[0];
  if (!digits) return null;
  return { value: Number(digits.replace(/,/g, "")), unit: q.replace(/[\d,.\s$]/g, "") || "$" };
}

/** An answer sentence on the claim's topic, by how many of its words it shares. */
interface Match {
  qa: QA;
  sentence: string;
  shared: number;
}

function checkClaim(claim: Claim, qas: QA[]): ClaimCheck | null {
  const { skills, terms } = topicTerms(claim.quote);
  const words = [...skills, ...terms];
  if (!words.length) return null;
  const need = Math.max(1, Math.ceil(words.length / 3));
  const matches: Match[] = [];
  for (const qa of qas) {
    for (const sentence of splitSentences(qa.answer)) {
      if (isCommitment(sentence)) continue;
      const shared = words.filter((w) => evidences(sentence, w)).length;
      if (shared >= need) matches.push({ qa, sentence, shared });
    }
  }
  if (!matches.length) return { claim: claim.quote, status: "unsupported", answer: null };
  const mine = claim.quantity ? measure(claim.quantity) : null;
  if (!mine) return null;
  // The same unit with the same number backs the claim up; only another number contradicts it.
  const sameUnit = matches.flatMap((m) =>
    quantities(m.sentence).map((q) => ({ m, q, v: measure(q[0]) }))
      .filter((x) => x.v?.unit === mine.unit)
  );
  if (!sameUnit.length || sameUnit.some((x) => x.v!.value === mine.value)) return null;
  const best = sameUnit.sort((a, b) => b.m.shared - a.m.shared)[0];
  return {
    claim: claim.quote,
    status: "contradicted",
    answer: {
      turn_number: best.m.qa.turn_number,
      quote: quoteAround(best.m.sentence, best.q.index!, best.q[0].length, 80),
    },
  };
}
