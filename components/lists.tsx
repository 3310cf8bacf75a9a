import type { Lang, Messages } from "../lib/i18n/mod.ts";
import { formatDate } from "../lib/i18n/mod.ts";
import { StatusBadge } from "./ui.tsx";

/** A row of a list of records: a link, a date and optional extras. */
export interface Row {
  href: string;
  title: string;
  created: Date | string;
  status?: string;
  detail?: string;
  /** Short facts shown beside the date (a mode, a score). */
  badges?: string[];
  /** What following the link does, when it is worth saying (an interview to continue). */
  action?: string;
}

/** A list of records with a link each, or an empty-state line. */
export function RecordList(p: { rows: Row[]; empty: string; lang: Lang; t: Messages }) {
  if (p.rows.length === 0) return <p class="text-sm text-slate-600">{p.empty}</p>;
  return (
    <ul class="divide-y divide-slate-100">
      {p.rows.map((r) => (
        <li key={r.href} class="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 py-3">
          <div class="min-w-0 flex-1">
            <a
              href={r.href}
              class="block truncate font-medium text-indigo-700 underline-offset-2 hover:underline"
            >
              {r.title}
            </a>
            {r.detail && <p class="truncate text-sm text-slate-600">{r.detail}</p>}
          </div>
          <div class="flex items-center gap-2 text-sm text-slate-500">
            {r.badges?.map((b) => (
              <span key={b} class="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
                {b}
              </span>
            ))}
            {r.status && <StatusBadge status={r.status} t={p.t} />}
            <time datetime={new Date(r.created).toISOString()}>
              {formatDate(p.lang, r.created)}
            </time>
            {r.action && (
              <a href={r.href} class="whitespace-nowrap font-semibold text-indigo-700 underline">
                {r.action}
              </a>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** The first line of a text, shortened, as a title. */
export function excerpt(text: string | null | undefined, max = 60): string {
  const line = (text ?? "").split("\n").map((l) => l.trim()).find(Boolean) ?? "";
  const chars = Array.from(line);
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : line;
}
