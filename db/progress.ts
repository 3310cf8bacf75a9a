import type { Sql } from "./client.ts";
import type { InterviewMode } from "./types.ts";

/** One completed interview as the progress charts see it. */
export interface ProgressRow {
  session_id: string;
  completed_at: Date;
  posting_title: string | null;
  mode: InterviewMode;
  score: number | null;
  /** Duration-weighted over the answers with audio; null when none had audio. */
  syllables_per_minute: number | null;
  fillers_per_minute: number | null;
  /** `requirement_map.coverage`; null without a map or requirements. */
  coverage: number | null;
  /**
   * Mean score per key of the turns' `feedback.rubric` (over the turns that have that key
   * scored); null when no turn has a rubric.
   */
  rubric_means: Record<string, number> | null;
}

/** The user's latest `limit` completed interviews, newest first. */
export function listProgress(sql: Sql, userId: string, limit: number): Promise<ProgressRow[]> {
  return sql<ProgressRow[]>`
    select s.id as session_id, s.completed_at, jp.title as posting_title,
      s.mode,
      (s.feedback ->> 'score')::float8 as score,
      (s.requirement_map ->> 'coverage')::float8 as coverage,
      m.spm as syllables_per_minute, m.fpm as fillers_per_minute, r.means as rubric_means
    from interview_sessions s
    left join cover_letters cl on cl.id = s.cover_letter_id
    left join job_postings jp on jp.id = cl.job_posting_id and jp.user_id = s.user_id
    left join lateral (
      select
        sum((t.metrics ->> 'syllables_per_minute')::float8 * (t.metrics ->> 'duration_sec')::float8)
          / nullif(sum((t.metrics ->> 'duration_sec')::float8)
            filter (where t.metrics ->> 'syllables_per_minute' is not null), 0) as spm,
        sum((t.metrics ->> 'fillers_per_minute')::float8 * (t.metrics ->> 'duration_sec')::float8)
          / nullif(sum((t.metrics ->> 'duration_sec')::float8)
            filter (where t.metrics ->> 'fillers_per_minute' is not null), 0) as fpm
      from interview_turns t where t.session_id = s.id
    ) m on true
    left join lateral (
      select jsonb_object_agg(d.dim, d.mean) as means from (
        select e.key as dim, avg((e.value ->> 'score')::float8) as mean
        from interview_turns t
        cross join lateral jsonb_each(
          case when jsonb_typeof(t.feedback -> 'rubric') = 'object'
            then t.feedback -> 'rubric' else '{}'::jsonb end
        ) e
        where t.session_id = s.id and jsonb_typeof(e.value) = 'object'
        group by e.key
      ) d
    ) r on true
    where s.user_id = ${userId} and s.status = 'completed'
    order by s.completed_at desc, s.id desc
    limit ${limit}`;
}
