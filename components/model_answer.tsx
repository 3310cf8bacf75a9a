import { fmt, type Messages } from "../lib/i18n/mod.ts";
import { Button, OfflineTag, PostForm } from "./ui.tsx";

/** Where a sentence comes from, as the result API returns it (`ModelAnswerSource`). */
interface SourceView {
  kind: "profile" | "cover_letter" | "answer";
  turn_number: number | null;
  text: string;
}

/** A stored model answer as the result API returns it (`StoredModelAnswer`). */
export interface ModelAnswerView {
  sentences: { text: string; sources: SourceView[] }[];
  estimated_sec: number;
  provider: "openai" | "offline";
}

/** The anchor a model-answer form returns to. */
export const modelAnswerAnchor = (turn: number) => `model-answer-${turn}`;

function sourceLabel(t: Messages, s: SourceView): string {
  if (s.kind === "answer") return fmt(t.ma_source_answer, { n: s.turn_number ?? 0 });
  return s.kind === "profile" ? t.ma_source_profile : t.ma_source_cover_letter;
}

/**
 * A question's model answer, each sentence with the candidate's own sentences it rests on
 * (below it, and as its hover title), and the form that makes or remakes it; nothing before
 * the question has an answer.
 */
export function ModelAnswer(
  p: {
    t: Messages;
    csrf: string;
    sessionId: string;
    turn: number;
    answered: boolean;
    answer: ModelAnswerView | null;
  },
) {
  const { t, answer } = p;
  if (!p.answered) return null;
  const id = modelAnswerAnchor(p.turn);
  return (
    <section id={id} aria-labelledby={`${id}-title`} class="space-y-3 rounded-lg bg-indigo-50 p-3">
      <h4
        id={`${id}-title`}
        class="flex flex-wrap items-center gap-2 text-sm font-semibold text-indigo-900"
      >
        {t.ma_title}
        {answer?.provider === "offline" && <OfflineTag t={t} />}
        {answer && (
          <span class="text-xs font-normal text-slate-600">
            {fmt(t.ma_length, { sec: answer.estimated_sec })}
          </span>
        )}
      </h4>
      <p class="text-xs text-slate-600">{t.ma_lead}</p>
      {answer && (
        <ol class="space-y-2" data-model-answer={p.turn}>
          {answer.sentences.map((s, i) => {
            const sources = s.sources.map((src) => `${sourceLabel(t, src)}: “${src.text}”`);
            return (
              <li key={i} title={`${t.ma_sources}: ${sources.join(" / ")}`}>
                <p class="text-slate-900">{s.text}</p>
                <ul class="mt-0.5 text-xs text-slate-500" aria-label={t.ma_sources}>
                  {sources.map((line) => <li key={line}>{line}</li>)}
                </ul>
              </li>
            );
          })}
        </ol>
      )}
      <PostForm
        action={`/interviews/${p.sessionId}/turns/${p.turn}/model-answer`}
        csrf={p.csrf}
        class="pt-1"
      >
        <Button kind="secondary">{answer ? t.ma_remake : t.ma_make}</Button>
      </PostForm>
    </section>
  );
}
