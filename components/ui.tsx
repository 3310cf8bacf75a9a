import type { ComponentChildren, JSX } from "preact";
import type { Messages } from "../lib/i18n/mod.ts";

/** Field-level validation messages, by field name. */
export type FieldErrors = Record<string, string | undefined>;

/**
 * Binds a form's values and errors: `field("title")` gives the `name`, `value` and `error` of
 * that field, so a page names each field once.
 */
export function bindFields<V extends object>(values: V, errors: FieldErrors) {
  return <K extends keyof V & string>(name: K) => ({
    name,
    value: values[name],
    error: errors[name],
  });
}

const inputClass =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/30 aria-[invalid=true]:border-red-600";

interface FieldBase {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  optional?: string;
  required?: boolean;
}

function Label(p: FieldBase & { id: string }) {
  return (
    <label for={p.id} class="mb-1 block text-sm font-medium text-slate-800">
      {p.label}
      {p.optional && <span class="ml-1 font-normal text-slate-500">({p.optional})</span>}
    </label>
  );
}

function Help(p: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {p.hint && <p id={`${p.id}-hint`} class="mt-1 text-sm text-slate-500">{p.hint}</p>}
      {p.error && (
        <p id={`${p.id}-error`} class="mt-1 text-sm font-medium text-red-700">{p.error}</p>
      )}
    </>
  );
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/** What every labelled control carries: its id, name, and the wiring to its hint and error. */
function controlProps(p: FieldBase) {
  const id = `f-${p.name}`;
  return {
    id,
    name: p.name,
    required: p.required,
    "aria-invalid": p.error ? "true" as const : undefined,
    "aria-describedby": describedBy(id, p.hint, p.error),
  };
}

/** A control with its label above and its hint and error below. */
function Labelled(p: FieldBase & { children: ComponentChildren }) {
  const id = `f-${p.name}`;
  return (
    <div>
      <Label {...p} id={id} />
      {p.children}
      <Help id={id} hint={p.hint} error={p.error} />
    </div>
  );
}

/** A labelled input with hint and error wired to `aria-describedby`. */
export function Field(
  p: FieldBase & {
    type?: string;
    value?: string | number | null;
    autocomplete?: string;
    inputMode?: JSX.HTMLAttributes["inputMode"];
    min?: number;
    max?: number;
    maxLength?: number;
    accept?: string;
  },
) {
  return (
    <Labelled {...p}>
      <input
        {...controlProps(p)}
        type={p.type ?? "text"}
        value={p.type === "password" || p.type === "file" ? undefined : p.value ?? undefined}
        autocomplete={p.autocomplete}
        inputMode={p.inputMode}
        min={p.min}
        max={p.max}
        maxLength={p.maxLength}
        accept={p.accept}
        class={p.type === "file"
          ? "block w-full text-sm text-slate-700 file:mr-3 file:rounded-lg file:border-0 file:bg-indigo-50 file:px-4 file:py-2 file:font-medium file:text-indigo-700 hover:file:bg-indigo-100"
          : inputClass}
      />
    </Labelled>
  );
}

/** A labelled multi-line input. */
export function TextArea(
  p: FieldBase & { value?: string | null; rows?: number; maxLength?: number },
) {
  return (
    <Labelled {...p}>
      <textarea {...controlProps(p)} rows={p.rows ?? 5} maxLength={p.maxLength} class={inputClass}>
        {p.value ?? ""}
      </textarea>
    </Labelled>
  );
}

/** A labelled select. */
export function Select(
  p: FieldBase & { value?: string | null; options: { value: string; label: string }[] },
) {
  return (
    <Labelled {...p}>
      <select {...controlProps(p)} class={inputClass}>
        {p.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === (p.value ?? "")}>
            {o.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

const buttonBase =
  "inline-flex min-h-11 items-center justify-center gap-2 rounded-lg px-4 py-2 text-base font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-50";
const buttonKinds = {
  primary: "bg-indigo-600 text-white shadow-sm hover:bg-indigo-700",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50",
  danger: "border border-red-300 bg-white text-red-700 hover:bg-red-50",
};

/** Class names of a button of a kind, for `<a>` and `<button>` alike. */
export function buttonClass(kind: keyof typeof buttonKinds = "primary"): string {
  return `${buttonBase} ${buttonKinds[kind]}`;
}

/** A submit button. */
export function Button(
  p: { kind?: keyof typeof buttonKinds; children: ComponentChildren; name?: string },
) {
  return <button type="submit" name={p.name} class={buttonClass(p.kind)}>{p.children}</button>;
}

/** A submit button with a note beside it that the work behind it takes a while. */
export function SlowSubmit(p: { note: string; children: ComponentChildren }) {
  return (
    <div class="flex flex-wrap items-center gap-3">
      <Button>{p.children}</Button>
      <p class="text-sm text-slate-500">{p.note}</p>
    </div>
  );
}

/** A link styled as a button. */
export function LinkButton(
  p: { href: string; kind?: keyof typeof buttonKinds; children: ComponentChildren },
) {
  return <a href={p.href} class={buttonClass(p.kind ?? "secondary")}>{p.children}</a>;
}

/** The form field that carries the CSRF token; the server reads the same name. */
export const CSRF_FIELD = "_csrf";

/** The hidden CSRF token every form carries. */
export function Csrf(p: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={p.token} />;
}

/** A POST form with its CSRF token. */
export function PostForm(
  p: {
    action: string;
    csrf: string;
    children: ComponentChildren;
    multipart?: boolean;
    class?: string;
    label?: string;
  },
) {
  return (
    <form
      method="post"
      action={p.action}
      enctype={p.multipart ? "multipart/form-data" : undefined}
      class={p.class ?? "space-y-5"}
      aria-label={p.label}
      novalidate
    >
      <Csrf token={p.csrf} />
      {p.children}
    </form>
  );
}

const formWidths = { md: "mx-auto max-w-md", xl: "mx-auto max-w-xl", "2xl": "mx-auto max-w-2xl" };

/**
 * A page that is one form: the heading, a panel holding the POST form with the page's CSRF
 * token and its error notice on top (both from `form`, the page's own props), and what follows
 * the panel (`after`).
 */
export function FormPage(
  p: {
    form: { csrf: string; error?: string };
    width: keyof typeof formWidths;
    title: string;
    lead?: string;
    action: string;
    multipart?: boolean;
    children: ComponentChildren;
    after?: ComponentChildren;
  },
) {
  return (
    <div class={formWidths[p.width]}>
      <PageHeader title={p.title} lead={p.lead} />
      <div class="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
        <PostForm action={p.action} csrf={p.form.csrf} multipart={p.multipart} label={p.title}>
          {p.form.error && <Alert kind="error">{p.form.error}</Alert>}
          {p.children}
        </PostForm>
      </div>
      {p.after}
    </div>
  );
}

/** The line under a sign-in or sign-up form that points to the other one. */
export function OtherForm(p: { question: string; href: string; label: string }) {
  return (
    <p class="mt-4 text-sm text-slate-600">
      {p.question} <a href={p.href} class="font-medium text-indigo-700 underline">{p.label}</a>
    </p>
  );
}

/** A notice box; errors are announced immediately, other notices politely. */
export function Alert(
  p: {
    kind?: "info" | "success" | "error" | "warning";
    title?: string;
    children?: ComponentChildren;
  },
) {
  const kind = p.kind ?? "info";
  const styles = {
    info: "border-sky-200 bg-sky-50 text-sky-900",
    success: "border-emerald-200 bg-emerald-50 text-emerald-900",
    error: "border-red-200 bg-red-50 text-red-900",
    warning: "border-amber-300 bg-amber-50 text-amber-950",
  }[kind];
  return (
    <div role={kind === "error" ? "alert" : "status"} class={`rounded-lg border p-4 ${styles}`}>
      {p.title && <p class="font-semibold">{p.title}</p>}
      {p.children && <div class={p.title ? "mt-1 text-sm" : "text-sm"}>{p.children}</div>}
    </div>
  );
}

/** A white panel with an optional heading. */
export function Card(
  p: { title?: string; children: ComponentChildren; action?: ComponentChildren; id?: string },
) {
  const headingId = p.id ? `${p.id}-title` : undefined;
  return (
    <section
      id={p.id}
      aria-labelledby={headingId}
      class="min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6"
    >
      {(p.title || p.action) && (
        <div class="mb-4 flex flex-wrap items-center justify-between gap-2">
          {p.title && (
            <h2 id={headingId} class="text-lg font-semibold text-slate-900">{p.title}</h2>
          )}
          {p.action}
        </div>
      )}
      {p.children}
    </section>
  );
}

/** Marks output made by the offline rules, not by an AI model. */
export function OfflineTag(p: { t: Messages }) {
  return (
    <span class="offline-tag rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-950">
      {p.t.offline_tag}
    </span>
  );
}

/** A keyword chip. */
export function Chip(p: { children: ComponentChildren }) {
  return (
    <li class="rounded-full bg-indigo-50 px-3 py-1 text-sm font-medium text-indigo-800 ring-1 ring-indigo-200">
      {p.children}
    </li>
  );
}

/** An interview status as a coloured badge. */
export function StatusBadge(p: { status: string; t: Messages }) {
  const label = p.t[`status_${p.status}` as keyof Messages] ?? p.status;
  const color = {
    in_progress: "bg-sky-100 text-sky-900",
    reviewing: "bg-violet-100 text-violet-900",
    feedback_pending: "bg-amber-100 text-amber-900",
    completed: "bg-emerald-100 text-emerald-900",
    failed: "bg-red-100 text-red-900",
  }[p.status] ?? "bg-slate-100 text-slate-800";
  return <span class={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${color}`}>{label}</span>;
}

/** The page's one `<h1>` with an optional lead paragraph. */
export function PageHeader(p: { title: string; lead?: string; children?: ComponentChildren }) {
  return (
    <div class="mb-6">
      <h1 class="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{p.title}</h1>
      {p.lead && <p class="mt-2 text-slate-600">{p.lead}</p>}
      {p.children}
    </div>
  );
}

/** Multi-line text with its line breaks kept. */
export function Prose(p: { text: string | null | undefined; class?: string }) {
  return (
    <div class={`whitespace-pre-line break-words leading-relaxed text-slate-800 ${p.class ?? ""}`}>
      {p.text ?? ""}
    </div>
  );
}
