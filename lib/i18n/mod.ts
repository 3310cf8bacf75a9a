/**
 * The one message catalogue for the web site: every user-visible string of the pages and the
 * recorder island lives here, Korean first with an English twin. `en` is typed against `ko`,
 * so a key missing in either language is a type error.
 */
import { en } from "./en.ts";
import { ko } from "./ko.ts";

/** Languages the site speaks. */
export type Lang = "ko" | "en";
/** Supported languages, default first. */
export const LANGS: readonly Lang[] = ["ko", "en"];

/** Every message key. */
export type MessageKey = keyof typeof ko;
/** A full catalogue for one language. */
export type Messages = Record<MessageKey, string>;

const CATALOGUE: Record<Lang, Messages> = { ko, en };

/** The catalogue for a language. */
export function messages(lang: Lang): Messages {
  return CATALOGUE[lang];
}

/** Fills `{name}` placeholders. */
export function fmt(message: string, vars: Record<string, string | number>): string {
  return message.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/**
 * The page language: an explicit choice (cookie or `?lang=`) wins, then the first supported
 * language in Accept-Language, then Korean.
 */
export function pickLang(choice: string | undefined | null, acceptLanguage?: string | null): Lang {
  if (choice === "ko" || choice === "en") return choice;
  const ranked = (acceptLanguage ?? "").split(",").map((part) => {
    const [tag, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return { base: tag.split("-")[0], q: q ? Number(q.slice(2)) || 0 : 1 };
  }).filter((x) => x.q > 0).sort((a, b) => b.q - a.q);
  for (const { base } of ranked) if (base === "ko" || base === "en") return base;
  return "ko";
}

/** The recorder island's strings (only these ship to the browser). */
export type IslandMessages = { [K in MessageKey as K extends `rec_${string}` ? K : never]: string };

/** The island's subset of the catalogue for a language. */
export function islandMessages(lang: Lang): IslandMessages {
  return Object.fromEntries(
    Object.entries(CATALOGUE[lang]).filter(([k]) => k.startsWith("rec_")),
  ) as IslandMessages;
}

/** A date as the reader expects it, in Korean time (the service's audience). */
export function formatDate(lang: Lang, d: Date | string | null | undefined): string {
  if (!d) return "";
  return new Intl.DateTimeFormat(lang === "ko" ? "ko-KR" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Seoul",
  }).format(typeof d === "string" ? new Date(d) : d);
}
