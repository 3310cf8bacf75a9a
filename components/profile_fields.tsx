import type { Messages } from "../lib/i18n/mod.ts";
import { bindFields, Field, type FieldErrors, Select, TextArea } from "./ui.tsx";

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
  const { t } = p;
  const bound = bindFields(p.values, p.errors);
  // Every profile field may be left blank.
  const field = <K extends keyof ProfileValues & string>(name: K) => ({
    ...bound(name),
    optional: t.optional,
  });
  return (
    <>
      <Field {...field("name")} label={t.field_name} autocomplete="name" maxLength={100} />
      <div
        id="blind-note"
        class="rounded-lg border border-sky-200 bg-sky-50 p-3 text-sm text-sky-950"
      >
        <p class="font-semibold">{t.field_blind_title}</p>
        <p class="mt-1">{t.field_blind_note}</p>
      </div>
      <div class="grid gap-5 sm:grid-cols-2">
        <Field
          {...field("age")}
          type="number"
          inputMode="numeric"
          label={t.field_age}
          min={14}
          max={120}
        />
        <Select
          {...field("gender")}
          label={t.field_gender}
          options={[
            { value: "", label: t.field_gender_none },
            { value: "female", label: t.gender_female },
            { value: "male", label: t.gender_male },
            { value: "other", label: t.gender_other },
          ]}
        />
      </div>
      <TextArea
        {...field("career_summary")}
        label={t.field_career_summary}
        hint={t.field_career_summary_hint}
        rows={4}
        maxLength={5000}
      />
      <TextArea
        {...field("certifications")}
        label={t.field_certifications}
        hint={t.field_certifications_hint}
        rows={2}
        maxLength={2000}
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
