/**
 * The voice interview: a five-turn state machine over `interview_sessions` and
 * `interview_turns` that the API routes, the web pages, the worker in `main.ts` and the bench
 * all go through. `turns.ts` starts an interview and claims turns (state, conflicts);
 * `answer.ts` is the submit/retry answer pipeline (`answer_audio.ts` the recording's checks and
 * plumbing it shares with `attempts.ts`, where answers are given again after the interview and
 * `attempt_compare.ts` compares them); `results.ts` serves results and history and
 * re-queues failed feedback; `feedback_job.ts` runs the feedback as a durable job;
 * `question_audio.ts` synthesises, stores and signs the spoken questions;
 * `review.ts` takes the candidate's transcript corrections before feedback is queued;
 * `delivery_metrics.ts` measures how an answer was delivered; `progress.ts` charts the sessions;
 * `live_transcription.ts` holds the live transcriptions of answers being spoken, `live_stream.ts`
 * clears a turn for one; `model_answer.ts` makes a question's model answer from the candidate's
 * own sentences; `prep.ts` bounds the room's preparation countdown.
 */
export { TURNS_PER_INTERVIEW } from "../ai/types.ts";
export { type AnswerInput, type AnswerResult, retryTurn, submitAnswer } from "./answer.ts";
export { MAX_ANSWER_AUDIO_BYTES, MAX_ANSWER_SECONDS } from "./answer_audio.ts";
export {
  type AttemptInput,
  type AttemptView,
  MAX_RETRIES_PER_TURN,
  rerunAttempt,
  type ResultAttempt,
  submitAttempt,
} from "./attempts.ts";
export type { AttemptComparison, DiffSegment, ScoreChange } from "./attempt_compare.ts";
export {
  type InterviewDeps,
  loadInterviewContext,
  runPendingJobs,
  type Stage,
  startFeedbackWorker,
} from "./feedback_job.ts";
export {
  createModelAnswer,
  type ModelAnswerSource,
  type StoredModelAnswer,
} from "./model_answer.ts";
export { getProgress, PROGRESS_SESSIONS, type ProgressPoint } from "./progress.ts";
export { type LiveTurn, liveTurn } from "./live_stream.ts";
export { LiveTranscriptions } from "./live_transcription.ts";
export { questionAudio, questionAudioUrl, type QuestionView } from "./question_audio.ts";
export {
  getResult,
  type InterviewResult,
  listHistory,
  type ResultTurn,
  retryFeedback,
} from "./results.ts";
export { type ReviewResult, submitReview } from "./review.ts";
export { PREP_CHOICES, PREP_SECONDS } from "./prep.ts";
export {
  parsePrepSeconds,
  parseSetup,
  STALE_CLAIM_MS,
  type StartedInterview,
  startInterview,
} from "./turns.ts";
