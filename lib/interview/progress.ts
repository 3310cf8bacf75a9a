/**
 * Progress across interviews: per completed session, oldest first, the overall score, the
 * delivery (syllables and fillers per minute, over the answers with audio) and the share of the
 * posting's requirements the answers evidenced, and the mean score of each rubric dimension
 * over its answers. One point per session for every series.
 */
import { listProgress } from "../../db/progress.ts";
import type { InterviewMode } from "../../db/types.ts";
import { RUBRIC_DIMENSIONS } from "../ai/rubric.ts";
import type { RubricDimension } from "../ai/types.ts";
import type { InterviewDeps } from "./feedback_job.ts";

/** How many of the latest completed sessions the series cover. */
export const PROGRESS_SESSIONS = 50;

/** One completed session of the progress series. */
export interface ProgressPoint {
  session_id: string;
  completed_at: string;
  posting_title: string | null;
  mode: InterviewMode;
  score: number | null;
  syllables_per_minute: number | null;
  fillers_per_minute: number | null;
  /** Share of requirements evidenced, 0..1. */
  requirement_coverage: number | null;
  /**
   * Mean 1–5 score per rubric dimension over the session's answers; a dimension no answer was
   * scored on (delivery when every answer was typed, or sessions from before the rubric) is null.
   */
  rubric: Record<RubricDimension, number | null>;
}

const round = (v: number | null, digits: number) =>
  v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits;

/** The user's progress points, oldest first (only their own sessions). */
export async function getProgress(
  deps: Pick<InterviewDeps, "sql">,
  userId: string,
): Promise<{ points: ProgressPoint[] }> {
  const rows = await listProgress(deps.sql, userId, PROGRESS_SESSIONS);
  return {
    points: rows.reverse().map((r) => ({
      session_id: r.session_id,
      completed_at: r.completed_at.toISOString(),
      posting_title: r.posting_title,
      mode: r.mode,
      score: round(r.score, 2),
      syllables_per_minute: round(r.syllables_per_minute, 1),
      fillers_per_minute: round(r.fillers_per_minute, 2),
      requirement_coverage: round(r.coverage, 3),
      rubric: Object.fromEntries(
        RUBRIC_DIMENSIONS.map((d) => [d, round(r.rubric_means?.[d] ?? null, 2)]),
      ) as ProgressPoint["rubric"],
    })),
  };
}
