import type { Messages } from "../lib/i18n/mod.ts";

/** A sentence of the letter with the posting keywords it mentions (offsets into `text`). */
interface MarkedSentence {
  text: string;
  marks: { start: number; end: number; keyword: string }[];
}

/** Cover-letter feedback in sections, as the API returns it (`CoverLetterFeedback`). */
export interface LetterFeedbackView {
  summary: string;
  strengths: string[];
  improvements: string[];
  suggestions: string[];
  keyword_check: {
    keywords: { keyword: string; found: boolean }[];
    sentences: MarkedSentence[];
  } | null;
}

function Section(p: { id: string; title: string; items: string[]; tone: string }) {
  if (!p.items.length) return null;
  return (
    <section aria-labelledby={`${p.id}-title`} data-section={p.id}>
      <h3 id={`${p.id}-title`} class={`text-sm font-semibold ${p.tone}`}>{p.title}</h3>
      <ul class="mt-1 list-disc space-y-1 pl-5 text-sm leading-relaxed text-slate-800">
        {p.items.map((s) => <li key={s}>{s}</li>)}
      </ul>
    </section>
  );
}

/** A sentence with its keyword mentions as `<mark>`s. */
function Marked(p: { s: MarkedSentence }) {
  const parts = [];
  let at = 0;
  for (const m of p.s.marks) {
    if (m.start > at) parts.push(p.s.text.slice(at, m.start));
    parts.push(
      <mark key={m.start} class="rounded bg-amber-200 px-0.5 text-slate-900" title={m.keyword}>
        {p.s.text.slice(m.start, m.end)}
      </mark>,
    );
    at = m.end;
  }
  parts.push(p.s.text.slice(at));
  return <>{parts}</>;
}

function Keywords(p: { t: Messages; check: NonNullable<LetterFeedbackView["keyword_check"]> }) {
  const { t, check } = p;
  const found = check.keywords.filter((k) => k.found);
  const missing = check.keywords.filter((k) => !k.found);
  const marked = check.sentences.filter((s) => s.marks.length);
  const chips = (items: typeof found, cls: string, kind: string) =>
    items.length
      ? (
        <ul class="mt-1 flex flex-wrap gap-1">
          {items.map((k) => (
            <li
              key={k.keyword}
              class={`rounded-full px-2 py-0.5 text-xs ${cls}`}
              data-keyword={kind}
            >
              {k.keyword}
            </li>
          ))}
        </ul>
      )
      : <p class="mt-1 text-sm text-slate-500">{t.cl_fb_keywords_none}</p>;
  return (
    <section aria-labelledby="keywords-title" data-section="keywords" class="space-y-3">
      <h3 id="keywords-title" class="text-sm font-semibold text-slate-700">{t.cl_fb_keywords}</h3>
      <div class="grid gap-3 sm:grid-cols-2">
        <div>
          <h4 class="text-xs font-semibold text-emerald-700">{t.cl_fb_keywords_found}</h4>
          {chips(found, "bg-emerald-50 text-emerald-800", "found")}
        </div>
        <div>
          <h4 class="text-xs font-semibold text-rose-700">{t.cl_fb_keywords_missing}</h4>
          {chips(missing, "bg-rose-50 text-rose-800", "missing")}
        </div>
      </div>
      <div>
        <h4 class="text-xs font-semibold text-slate-600">{t.cl_fb_letter_marked}</h4>
        {marked.length
          ? (
            <ul class="mt-1 space-y-1 text-sm leading-relaxed text-slate-800">
              {marked.map((s, i) => (
                <li key={i} class="border-l-4 border-amber-200 pl-2">
                  <Marked s={s} />
                </li>
              ))}
            </ul>
          )
          : <p class="mt-1 text-sm text-slate-500">{t.cl_fb_no_marks}</p>}
      </div>
    </section>
  );
}

/** Cover-letter feedback as sections: summary, strengths, fixes, suggestions, keywords. */
export function CoverLetterFeedback(p: { t: Messages; fb: LetterFeedbackView }) {
  const { t, fb } = p;
  return (
    <div class="space-y-4" data-structured-feedback>
      <section aria-labelledby="summary-title" data-section="summary">
        <h3 id="summary-title" class="text-sm font-semibold text-slate-700">{t.cl_fb_summary}</h3>
        <p class="mt-1 text-sm leading-relaxed text-slate-800">{fb.summary}</p>
      </section>
      <Section
        id="strengths"
        title={t.cl_fb_strengths}
        items={fb.strengths}
        tone="text-emerald-700"
      />
      <Section
        id="improvements"
        title={t.cl_fb_improvements}
        items={fb.improvements}
        tone="text-amber-700"
      />
      <Section
        id="suggestions"
        title={t.cl_fb_suggestions}
        items={fb.suggestions}
        tone="text-indigo-700"
      />
      {fb.keyword_check && <Keywords t={t} check={fb.keyword_check} />}
    </div>
  );
}
