-- Interview engine: fencing for answer claims, and a lookup of a session's feedback job.

-- When the current answer pipeline claimed the turn. A pipeline finishes only if the claim is
-- still its own, and a claim left behind by a crashed instance can be taken over once stale.
alter table interview_turns add column claimed_at timestamptz;

-- The result poll claims the feedback job of one session.
create index jobs_session_id_idx on jobs ((payload ->> 'session_id'))
  where status in ('pending', 'running');
