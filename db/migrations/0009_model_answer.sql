-- A model answer per question, generated on demand once the turn has an answer: its sentences
-- with the candidate's own sentences they rest on, the provider and when. Regenerating
-- replaces it; null until asked for.
alter table interview_turns add column model_answer jsonb;
