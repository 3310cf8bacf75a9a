import { INTERVIEW_LANGUAGES, INTERVIEW_MODES } from "../lib/ai/types.ts";
import { fmt, type Messages } from "../lib/i18n/mod.ts";
import { PREP_CHOICES, PREP_SECONDS } from "../lib/interview/prep.ts";
import { TranscriptReviewField } from "./transcript_review.tsx";
import { Select } from "./ui.tsx";

/** The mode and language choosers of the interview start form (validated on the server). */
export function InterviewSetupFields(p: { t: Messages }) {
  const { t } = p;
  const choosers = [
    {
      name: "mode",
      label: t.setup_mode,
      hint: t.setup_mode_hint,
      options: INTERVIEW_MODES.map((m) => ({ value: m, label: t[`mode_${m}`] })),
    },
    {
      name: "language",
      label: t.setup_language,
      hint: t.setup_language_hint,
      options: INTERVIEW_LANGUAGES.map((l) => ({ value: l, label: t[`interview_lang_${l}`] })),
    },
  ];
  return (
    <>
      <div class="mb-4 grid gap-4 sm:grid-cols-2">
        {/* The first option of each is the default (a Korean job interview). */}
        {choosers.map((c) => <Select key={c.name} {...c} value={c.options[0].value} />)}
        <PrepSelect t={t} />
      </div>
      <TranscriptReviewField t={t} />
    </>
  );
}

/** The room's preparation countdown before each recording. */
function PrepSelect(p: { t: Messages }) {
  const { t } = p;
  return (
    <Select
      name="prep_seconds"
      label={t.setup_prep}
      hint={t.setup_prep_hint}
      value={String(PREP_SECONDS.default)}
      options={PREP_CHOICES.map((n) => ({
        value: String(n),
        label: n === 0 ? t.setup_prep_none : fmt(t.setup_prep_seconds, { n }),
      }))}
    />
  );
}
