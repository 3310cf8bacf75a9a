import type { Messages } from "../lib/i18n/mod.ts";
import { TextArea } from "./ui.tsx";

/** The letter's text, the same field when it is first written and when it is rewritten. */
export function CoverLetterField(p: { t: Messages; value?: string | null; error?: string }) {
  return (
    <TextArea
      name="content"
      label={p.t.cl_field_content}
      hint={p.t.cl_field_content_hint}
      value={p.value}
      rows={14}
      maxLength={10000}
      required
      error={p.error}
    />
  );
}
