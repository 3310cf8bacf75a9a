-- Transcript correction before scoring (issue 15): an interview started with transcript review
-- waits in `reviewing` after its last answer until the candidate has fixed mis-heard words;
-- only then is its feedback queued. Existing sessions never asked for it.
alter table interview_sessions add column transcript_review boolean not null default false;
alter table interview_sessions drop constraint interview_sessions_status_check;
alter table interview_sessions add constraint interview_sessions_status_check
  check (status in ('in_progress', 'reviewing', 'feedback_pending', 'completed', 'failed'));

-- The transcript as first heard, kept when the candidate corrected it (answer_stt_text then
-- holds the corrected text, which the feedback scores); null when never corrected.
alter table interview_turns add column original_stt_text text;
