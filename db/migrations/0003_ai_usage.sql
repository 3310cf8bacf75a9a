-- What each AI call consumed, per interview, so its cost can be shown and summed. Calls outside
-- an interview (posting analysis, cover-letter feedback) have no session.
create table ai_usage (
  id bigint generated always as identity primary key,
  user_id uuid not null references users (id) on delete cascade,
  session_id uuid references interview_sessions (id) on delete cascade,
  capability text not null check (capability in ('chat', 'stt', 'tts')),
  -- e.g. first_question, next_question, transcription, question_audio, feedback
  purpose text not null,
  model text not null,
  -- chat: prompt and completion tokens; tts: text input tokens and the spoken transcript's tokens
  input_tokens integer not null default 0 check (input_tokens >= 0),
  output_tokens integer not null default 0 check (output_tokens >= 0),
  -- tts on the Realtime API: audio tokens produced
  output_audio_tokens integer not null default 0 check (output_audio_tokens >= 0),
  -- stt: seconds of audio transcribed
  audio_seconds double precision not null default 0 check (audio_seconds >= 0),
  -- tts on /audio/speech: characters spoken
  characters integer not null default 0 check (characters >= 0),
  created_at timestamptz not null default now()
);
create index ai_usage_session_id_idx on ai_usage (session_id) where session_id is not null;
create index ai_usage_user_id_idx on ai_usage (user_id, created_at);
