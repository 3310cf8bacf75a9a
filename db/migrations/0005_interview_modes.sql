-- Interview modes and language, chosen at the start: 직무 (job, the default), 인성
-- (behavioural), 압박 (pressure), 1분 자기소개 (self_intro: one answer); the language the
-- questions, transcription and feedback use. Existing sessions were Korean job interviews.
alter table interview_sessions add column mode text not null default 'job'
  check (mode in ('job', 'behavioural', 'pressure', 'self_intro'));
alter table interview_sessions add column language text not null default 'ko'
  check (language in ('ko', 'en'));
