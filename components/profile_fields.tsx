import type { Messages } from "../lib/i18n/mod.ts";
import { Field, type FieldErrors, Select, TextArea } from "./ui.tsx";

/** Profile values as a form holds them. */
export interface ProfileValues {
  name?: string | null;
  age?: string | number | null;
  gender?: string | null;
  career_summary?: string | null;
  certifications?: string | null;
}

/** The optional profile fields shared by sign-up and the profile page. */
export function ProfileFields(p: { t: Messages; values: ProfileValues; errors: FieldErrors }) {
  const { t, values: v, errors: e } = p;
  return (
    <>
      <Field
        name="name"
        label={t.field_name}
        optional={t.optional}
        value={v.name}
        autocomplete="name"
        maxLength={100}
        error={e.name}
      />
      <div
        id="blind-note"
        class="rounded-lg border border-sky-200 bg-sky-50 p-3 text-sm text-sky-950"
      >
        <p class="font-semibold">{t.field_blind_title}</p>
        <p class="mt-1">{t.field_blind_note}</p>
      </div>
      <div class="grid gap-5 sm:grid-cols-2">
        <Field
          name="age"
          type="number"
          inputMode="numeric"
          label={t.field_age}
          optional={t.optional}
          value={v.age}
          min={14}
          max={120}
          error={e.age}
        />
        <Select
          name="gender"
          label={t.field_gender}
          optional={t.optional}
          value={v.gender}
          error={e.gender}
          options={[
            { value: "", label: t.field_gender_none },
            { value: "female", label: t.gender_female },
            { value: "male", label: t.gender_male },
            { value: "other", label: t.gender_other },
          ]}
        />
      </div>
      <TextArea
        name="career_summary"
        label={t.field_career_summary}
        optional={t.optional}
        hint={t.field_career_summary_hint}
        value={v.career_summary}
        rows={4}
        maxLength={5000}
        error={e.career_summary}
      />
      <TextArea
        name="certifications"
        label={t.field_certifications}
        optional={t.optional}
        hint={t.field_certifications_hint}
        value={v.certifications}
        rows={2}
        maxLength={2000}
        error={e.certifications}
      />
    </>
  );
}

/** The profile fields of a submitted form; blanks become `blank` (undefined or null). */
export function profileFromForm(
  form: Record<string, string | File>,
  blank: null | undefined,
): Record<string, string | null | undefined> {
  const out: Record<string, string | null | undefined> = {};
  for (const k of ["name", "age", "gender", "career_summary", "certifications"]) {
    const v = form[k];
    out[k] = typeof v === "string" && v.trim() !== "" ? v : blank;
  }
  return out;
}
