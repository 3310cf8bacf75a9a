-- The interview room's preparation countdown (seconds between the end of a question and the
-- start of the recording), chosen when the interview starts; 0 records at once. Existing
-- interviews get the default.
alter table interview_sessions
  add column prep_seconds smallint not null default 5 check (prep_seconds between 0 and 30);
