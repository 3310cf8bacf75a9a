-- Where an answer's transcript came from: the server's file STT, the server's live
-- transcription session, the candidate's browser (Web Speech API), or typed by the candidate.
-- Null while no transcript exists (an answer whose STT failed, awaiting a retry).
alter table interview_turns add column transcript_source text
  check (transcript_source in ('server', 'live', 'browser', 'typed'));

update interview_turns set transcript_source = case answer_source
    when 'text' then 'typed' else 'server' end
  where answer_stt_text is not null;
