import type { Messages } from "../lib/i18n/mod.ts";
import { Select } from "./ui.tsx";

/** Interview modes as the start form offers them, default first (validated on the server). */
const MODES = ["job", "behavioural", "pressure", "self_intro"] as const;
const LANGUAGES = ["ko", "en"] as const;

/** The mode and language choosers of the interview start form. */
export function InterviewSetupFields(p: { t: Messages }) {
  const { t } = p;
  return (
    <div class="mb-4 grid gap-4 sm:grid-cols-2">
      <Select
        name="mode"
        label={t.setup_mode}
        hint={t.setup_mode_hint}
        value="job"
        options={MODES.map((m) => ({ value: m, label: t[`mode_${m}`] }))}
      />
      <Select
        name="language"
        label={t.setup_language}
        hint={t.setup_language_hint}
        value="ko"
        options={LANGUAGES.map((l) => ({ value: l, label: t[`interview_lang_${l}`] }))}
      />
    </div>
  );
}
