/**
 * A model answer per question, made on demand after the turn has an answer (not in the feedback
 * job: it costs a call per question and not everyone wants one). The sources are the
 * candidate's own sentences, numbered the same way for both providers: the profile's career
 * summary and certifications, the cover letter, and every turn's current answer. The stored
 * answer carries each sentence's sources resolved to their text, so it stays traceable even
 * after a later retry changes an answer.
 */
import { setModelAnswer } from "../../db/coaching.ts";
import { listTurns } from "../../db/interviews.ts";
import { answerBudget, sourceSentences, spokenSeconds } from "../ai/model_answer.ts";
import type { ProviderName, SourceSentence } from "../ai/types.ts";
import { AppError } from "../errors.ts";
import { usageRecorder } from "../usage/mod.ts";
import { type InterviewDeps, loadInterviewContext, setupOf } from "./feedback_job.ts";
import { ownedTurn } from "./turns.ts";

/** Where a sentence of a model answer comes from. */
export interface ModelAnswerSource {
  kind: SourceSentence["kind"];
  /** The answer's turn; null for the profile and the cover letter. */
  turn_number: number | null;
  text: string;
}

/** A model answer as stored on its turn and returned. */
export interface StoredModelAnswer {
  sentences: { text: string; sources: ModelAnswerSource[] }[];
  /** Seconds it takes to say at a natural pace (within the mode's 60 s). */
  estimated_sec: number;
  provider: ProviderName;
  created_at: string;
}

/** Makes (or remakes) the model answer of turn `turnNumber`, stores and returns it. */
export async function createModelAnswer(
  deps: InterviewDeps,
  userId: string,
  sessionId: string,
  turnNumber: number,
): Promise<StoredModelAnswer & { turn_number: number }> {
  const { session, turn } = await ownedTurn(deps.sql, userId, sessionId, turnNumber);
  if (!turn.answer_stt_text?.trim()) {
    throw new AppError(
      "conflict",
      "turn_not_answered",
      "The turn has no answer yet; answer it first",
      { turn_number: turnNumber },
    );
  }
  const setup = setupOf(session);
  const ctx = await loadInterviewContext(deps.sql, userId, session.cover_letter_id, setup);
  const turns = (await listTurns(deps.sql, session.id)).map((t) => ({
    turn_number: t.turn_number,
    answer: t.answer_stt_text ?? "",
  }));
  const sources = sourceSentences(ctx, turns);
  const usage = usageRecorder(deps, { userId, sessionId: session.id });
  const answer = await deps.ai.modelAnswer(ctx, {
    turn_number: turnNumber,
    question: turn.question_text,
    sources,
  }, usage.for("model_answer")).finally(() => usage.settled());
  const byId = new Map(sources.map((s) => [s.id, s]));
  const sentences = answer.sentences.map((s) => ({
    text: s.text,
    sources: s.source_ids.flatMap((id) => {
      const src = byId.get(id);
      return src ? [{ kind: src.kind, turn_number: src.turn_number ?? null, text: src.text }] : [];
    }),
  })).filter((s) => s.sources.length);
  if (!sentences.length) {
    throw new AppError("upstream", "model_answer_empty", "No model answer could be made");
  }
  const stored: StoredModelAnswer = {
    sentences,
    estimated_sec: spokenSeconds(sentences.map((s) => s.text).join(" "), answerBudget(setup).unit),
    provider: deps.ai.name,
    created_at: new Date().toISOString(),
  };
  await setModelAnswer(deps.sql, turn.id, stored);
  return { turn_number: turnNumber, ...stored };
}
