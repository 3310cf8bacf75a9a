/**
 * What both providers share about the requirement map: the list of requirements it covers
 * (required first, then preferred, in the posting's order), its coverage, and the check that a
 * quote is verbatim, so no provider can show the candidate words they never said or wrote.
 */
import type { InterviewContext, RequirementEvidence, RequirementMap } from "./types.ts";

/** The posting's requirements with their kind: required (and duties) first, then preferred. */
export function listRequirements(
  posting: InterviewContext["posting"],
): Pick<RequirementEvidence, "requirement" | "kind">[] {
  const a = posting?.analysis;
  return [
    ...(a?.requirements ?? []).map((requirement) => ({ requirement, kind: "required" as const })),
    ...(a?.preferred ?? []).map((requirement) => ({ requirement, kind: "preferred" as const })),
  ];
}

/** A map with its coverage: the share of requirements that have evidence. */
export function withCoverage(
  requirements: RequirementEvidence[],
  claims: RequirementMap["claims"],
): RequirementMap {
  const evidenced = requirements.filter((r) => r.evidence.length).length;
  return {
    requirements,
    claims,
    coverage: requirements.length ? evidenced / requirements.length : null,
  };
}

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

/** Whether `quote` appears in `text` word for word (whitespace aside); empty never does. */
export function verbatimIn(quote: string, text: string): boolean {
  const q = squash(quote);
  return q.length > 0 && squash(text).includes(q);
}
