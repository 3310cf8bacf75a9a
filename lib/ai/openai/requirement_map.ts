/**
 * The model's requirement map, checked before anyone sees it: entries are paired with the
 * requirements by number (by order when the model numbered them otherwise), and every quote
 * must appear word for word in the answer of the turn it names or in the cover letter. A quote
 * that does not is dropped, so the map can show less than the model claimed, never more.
 */
import type { z } from "zod";
import type { AnswerQuote, ClaimCheck, QA, RequirementEvidence, RequirementMap } from "../types.ts";
import type { requirementMapSchema } from "../schemas.ts";
import { verbatimIn, withCoverage } from "../requirement_map.ts";

type ModelMap = z.infer<ReturnType<typeof requirementMapSchema>>;

/** The verified map of `got` for the `listed` requirements. */
export function checkRequirementMap(
  got: ModelMap,
  listed: Pick<RequirementEvidence, "requirement" | "kind">[],
  coverLetter: string,
  turns: QA[],
): RequirementMap {
  const answers = new Map(turns.map((t) => [t.turn_number, t.answer]));
  const said = (q: { turn_number: number | null; quote: string | null }): AnswerQuote | null => {
    if (q.turn_number === null || q.quote === null) return null;
    const answer = answers.get(q.turn_number);
    const quote = q.quote.trim();
    return answer && verbatimIn(quote, answer) ? { turn_number: q.turn_number, quote } : null;
  };
  const byNumber = new Map(got.requirements.map((r) => [r.requirement_number, r]));
  const exact = byNumber.size === listed.length && listed.every((_, i) => byNumber.has(i + 1));
  const requirements = listed.map((r, i): RequirementEvidence => {
    const entry = exact ? byNumber.get(i + 1)! : got.requirements[i];
    const evidence = (entry?.evidence ?? []).map(said).filter((e) => e !== null);
    const seen = new Set<string>();
    return {
      ...r,
      evidence: evidence.filter((e) => {
        const key = `${e.turn_number}:${e.quote}`;
        return !seen.has(key) && seen.add(key);
      }),
    };
  });
  const claims: ClaimCheck[] = [];
  for (const c of got.claims) {
    const claim = c.claim.trim();
    if (!verbatimIn(claim, coverLetter) || claims.some((x) => x.claim === claim)) continue;
    if (c.status === "unsupported") {
      claims.push({ claim, status: "unsupported", answer: null });
      continue;
    }
    // A contradiction is shown with both quotes or not at all.
    const answer = said({ turn_number: c.turn_number, quote: c.answer_quote });
    if (answer) claims.push({ claim, status: "contradicted", answer });
  }
  return withCoverage(requirements, claims);
}
