-- Accounts, postings, cover letters, interviews, jobs and rate limits (SPEC §3, extended).
create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  password_hash text not null,
  name text,
  age integer check (age between 0 and 150),
  gender text check (gender in ('male', 'female', 'other')),
  career_summary text,
  certifications text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_lower_key on users (lower(email));

create table refresh_tokens (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  family_id uuid not null,
  token_hash text not null unique,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  replaced_by uuid,
  created_at timestamptz not null default now()
);
create index refresh_tokens_user_id_idx on refresh_tokens (user_id);
create index refresh_tokens_family_id_idx on refresh_tokens (family_id);

create table job_postings (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  title text,
  original_text text not null,
  ai_analysis jsonb not null default '{"keywords": [], "requirements": []}',
  ai_provider text not null default 'offline',
  file_key text,
  file_size integer,
  created_at timestamptz not null default now()
);
create index job_postings_user_id_idx on job_postings (user_id, created_at desc);

create table cover_letters (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  job_posting_id uuid references job_postings (id) on delete set null,
  content text not null,
  ai_feedback text,
  ai_provider text not null default 'offline',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index cover_letters_user_id_idx on cover_letters (user_id, created_at desc);
create index cover_letters_job_posting_id_idx on cover_letters (job_posting_id);

create table interview_sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  cover_letter_id uuid not null references cover_letters (id) on delete cascade,
  status text not null default 'in_progress'
    check (status in ('in_progress', 'feedback_pending', 'completed', 'failed')),
  total_feedback text,
  feedback jsonb,
  failure_reason text,
  ai_provider text not null default 'offline',
  created_at timestamptz not null default now(),
  completed_at timestamptz
);
create index interview_sessions_user_id_idx on interview_sessions (user_id, created_at desc);
create index interview_sessions_cover_letter_id_idx on interview_sessions (cover_letter_id);

create table interview_turns (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references interview_sessions (id) on delete cascade,
  turn_number integer not null check (turn_number between 1 and 5),
  question_text text not null,
  question_audio_key text,
  question_audio_type text,
  -- 'awaiting' → answer not yet given; 'received' → audio durable, pipeline not finished;
  -- 'failed' → a later step failed, retry resumes from the stored audio; 'answered' → done.
  answer_state text not null default 'awaiting'
    check (answer_state in ('awaiting', 'received', 'failed', 'answered')),
  answer_audio_key text,
  answer_audio_type text,
  answer_audio_size integer,
  answer_source text check (answer_source in ('audio', 'text')),
  answer_stt_text text,
  answer_error text,
  metrics jsonb,
  turn_feedback text,
  feedback jsonb,
  created_at timestamptz not null default now(),
  answered_at timestamptz,
  unique (session_id, turn_number)
);

create table jobs (
  id bigint generated always as identity primary key,
  kind text not null,
  payload jsonb not null default '{}',
  status text not null default 'pending' check (status in ('pending', 'running', 'done', 'failed')),
  attempts integer not null default 0,
  max_attempts integer not null default 5,
  run_at timestamptz not null default now(),
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index jobs_runnable_idx on jobs (run_at) where status in ('pending', 'running');

create table rate_limits (
  key text not null,
  window_start timestamptz not null,
  count integer not null default 0,
  primary key (key, window_start)
);
