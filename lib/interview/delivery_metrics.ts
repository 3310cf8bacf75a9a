/**
 * Delivery measurements of one answer: how much was said, how fast, how many fillers, the long
 * pauses (from the audio's activity) and whether 해요체 and 하십시오체 are mixed. Computed from
 * the transcript, the audio duration and activity, so typed answers get the same counts with
 * the spoken-only measures (rates, pauses, register) left null.
 */
import type { DeliveryMetrics } from "../ai/types.ts";
import { splitSentences } from "../ai/korean.ts";
import type { FrameActivity } from "../media/mod.ts";

/** Multi-syllable and context-free fillers, counted when they stand alone as a word. */
const EXACT_FILLERS = new Set(["약간", "이제", "막", "좀", "그러니까", "뭐랄까", "그냥"]);

/** Hesitation sounds and their drawn-out spellings (음…, 으음, 어어, 그으, 저어). */
const LENGTHENED_FILLERS: [RegExp, string][] = [
  [/^으*음[음으]*$/, "음"],
  [/^어+$/, "어"],
  [/^아+$/, "아"],
  [/^에+$/, "에"],
  [/^그으+$/, "그"],
  [/^저어*$/, "저"],
  [/^뭐어*$/, "뭐"],
];

const HANGUL_SYLLABLE = /[\uAC00-\uD7A3]/g;
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Counts characters, words, Hangul syllables and fillers in a transcript.
 *
 * Fillers count only as standalone words: 저 but not 저는, 그 but not 그래서. A bare 그 is
 * also the demonstrative "that" (그 프로젝트에서), so it counts only when it hesitates: followed
 * by punctuation (그… / 그,), drawn out (그으), last, or followed by another filler (그 그, 그 음).
 *
 * @param durationSec seconds of audio; null (or not positive) for a typed answer, which leaves
 *   the per-minute rates null.
 */
export function deliveryMetrics(
  transcript: string,
  durationSec: number | null,
  activity?: Pick<FrameActivity, "longPauses" | "longPauseSec"> | null,
): DeliveryMetrics {
  const duration = durationSec !== null && Number.isFinite(durationSec) && durationSec > 0
    ? durationSec
    : null;
  const text = transcript.normalize("NFC");
  const fillers = countFillers(text);
  const fillerCount = Object.values(fillers).reduce((a, n) => a + n, 0);
  const syllables = text.match(HANGUL_SYLLABLE)?.length ?? 0;
  const perMinute = (n: number) =>
    duration === null ? null : Math.round((n / (duration / 60)) * 10) / 10;
  return {
    duration_sec: duration,
    char_count: text.match(/\S/gu)?.length ?? 0,
    word_count: text.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length,
    syllables_per_minute: perMinute(syllables),
    filler_count: fillerCount,
    fillers_per_minute: perMinute(fillerCount),
    fillers,
    long_pause_count: duration === null || !activity ? null : activity.longPauses,
    long_pause_total_sec: duration === null || !activity
      ? null
      : Math.round(activity.longPauseSec * 10) / 10,
    register: duration === null ? null : speechRegister(text),
  };
}

/**
 * The metrics of a corrected transcript: the text-derived counts (characters, words, fillers,
 * rates, register) are measured again on the new text, while what came from the audio (its
 * duration and long pauses) is kept from `previous`. Without previous metrics the answer is
 * measured as typed.
 */
export function remeasure(transcript: string, previous: DeliveryMetrics | null): DeliveryMetrics {
  const pauses = previous?.long_pause_count != null
    ? { longPauses: previous.long_pause_count, longPauseSec: previous.long_pause_total_sec ?? 0 }
    : null;
  return deliveryMetrics(transcript, previous?.duration_sec ?? null, pauses);
}

/** A sentence's last Hangul word, before closing punctuation. */
const LAST_WORD = /([\uAC00-\uD7A3]+)[^\uAC00-\uD7A3\p{L}\p{N}]*$/u;

/**
 * Counts sentences ending in 해요체 (…요: 했어요, 있어요, 거예요) and in 하십시오체 (…니다,
 * …니까: 했습니다, 맞습니까). An answer mixes them when it has both: the listener hears the
 * register change. A sentence with neither ending (a fragment, English) counts as neither.
 */
export function speechRegister(text: string): { haeyo: number; hapsyo: number; mixed: boolean } {
  let haeyo = 0, hapsyo = 0;
  for (const sentence of splitSentences(text)) {
    const word = sentence.match(LAST_WORD)?.[1] ?? "";
    if (/(?:니다|니까)$/.test(word)) hapsyo++;
    else if (/요$/.test(word) && word.length >= 2) haeyo++;
  }
  return { haeyo, hapsyo, mixed: haeyo > 0 && hapsyo > 0 };
}

function countFillers(text: string): Record<string, number> {
  const words = [...text.matchAll(WORD)];
  const candidates = words.map((m) => fillerOf(m[0]));
  const counts: Record<string, number> = {};
  words.forEach((m, i) => {
    const filler = candidates[i];
    if (filler === null) return;
    if (m[0] === "그" && !pausesAfter(text, words, i) && candidates[i + 1] == null) return;
    counts[filler] = (counts[filler] ?? 0) + 1;
  });
  return counts;
}

/** Punctuation (not just spaces) follows word `i`, or it is the last word. */
function pausesAfter(text: string, words: RegExpExecArray[], i: number): boolean {
  const next = words[i + 1];
  if (!next) return true;
  return /\S/u.test(text.slice(words[i].index + words[i][0].length, next.index));
}

function fillerOf(word: string): string | null {
  if (EXACT_FILLERS.has(word)) return word;
  if (word === "그") return "그";
  for (const [pattern, filler] of LENGTHENED_FILLERS) if (pattern.test(word)) return filler;
  return null;
}
