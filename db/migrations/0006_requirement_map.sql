-- The requirement map of an interview, computed with its feedback: each posting requirement
-- with the answers that evidence it, and the cover-letter claims the answers contradict or
-- never back up. Null for interviews finished before it existed.
alter table interview_sessions add column requirement_map jsonb;

-- Cover-letter feedback as sections (summary, strengths, improvements, suggestions, keyword
-- check) beside the plain text in ai_feedback. Null for letters reviewed before: they keep
-- showing the text.
alter table cover_letters add column ai_feedback_structured jsonb;
