-- Answering a question again after the interview (issue 15, retry and compare). The turn's own
-- answer is attempt 1; every retry is a row here numbered 2, 3, … per turn. A retry is stored
-- (audio first) as `pending`, then transcribed and scored in its request: `scored` with its
-- feedback, or `failed` with the error, keeping the audio so it can be scored again.
-- `claimed_at` is the scoring run's fencing token, as on interview_turns.
create table turn_attempts (
  id uuid primary key default gen_random_uuid(),
  turn_id uuid not null references interview_turns (id) on delete cascade,
  attempt_number int not null check (attempt_number >= 2),
  state text not null default 'pending' check (state in ('pending', 'scored', 'failed')),
  answer_source text not null check (answer_source in ('audio', 'text')),
  answer_audio_key text,
  answer_audio_type text,
  answer_audio_size integer,
  answer_stt_text text,
  transcript_source text check (transcript_source in ('server', 'live', 'browser', 'typed')),
  metrics jsonb,
  feedback jsonb,
  error text,
  created_at timestamptz not null default now(),
  claimed_at timestamptz,
  scored_at timestamptz,
  unique (turn_id, attempt_number)
);
