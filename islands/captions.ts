/**
 * Live captions while the candidate speaks. A caption source is started with the recording,
 * reports what it has heard so far (`onPartial`) and, when stopped, settles with the final
 * text. The browser's Web Speech API is one source; a server live-transcription stream can be
 * another behind the same interface, so the captions UI does not change with it. The browser's
 * recogniser itself is in `browser_captions.ts`, a chunk fetched only where it is used.
 */

/** Something that turns the candidate's speech into text while they speak. */
export interface CaptionSource {
  /** Where the audio goes to be recognised: this device, or the browser vendor's servers. */
  readonly where: "device" | "vendor";
  start(): void;
  /** Stops listening; settles with everything heard ("" when nothing was). */
  stop(): Promise<string>;
  /** Called with the text so far (final parts, then the part still being heard). */
  onPartial: ((text: string) => void) | null;
}

interface Alternative {
  transcript: string;
}
interface Result {
  readonly isFinal: boolean;
  readonly [i: number]: Alternative;
}
interface ResultEvent {
  resultIndex: number;
  results: { readonly length: number; readonly [i: number]: Result };
}
/** The part of the Web Speech API used here (not in TypeScript's DOM types everywhere). */
export interface Recognition {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  processLocally?: boolean;
  onresult: ((e: ResultEvent) => void) | null;
  onerror: ((e: { error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
}
export interface RecognitionClass {
  new (): Recognition;
  available?(o: { langs: string[]; processLocally: boolean }): Promise<string>;
}

/** The browser's speech recognition class, or null without one. */
export function recognitionClass(): RecognitionClass | null {
  const g = globalThis as unknown as Record<string, RecognitionClass | undefined>;
  return g.SpeechRecognition ?? g.webkitSpeechRecognition ?? null;
}

/** Whether this browser has speech recognition at all. */
export function hasBrowserRecognition(): boolean {
  return recognitionClass() !== null;
}

/**
 * Whether recognition in `lang` runs on this device (Chrome's `processLocally` with an
 * installed language pack); otherwise the browser sends the audio to its vendor.
 */
export async function recognitionWhere(lang: string): Promise<"device" | "vendor"> {
  const R = recognitionClass();
  try {
    const a = await R?.available?.({ langs: [lang], processLocally: true });
    return a === "available" ? "device" : "vendor";
  } catch {
    return "vendor";
  }
}

const OPT_OUT_KEY = "mi.browser-recognition";

/** The candidate turned browser recognition off (remembered on this device). */
export function recognitionOptedOut(): boolean {
  try {
    return localStorage.getItem(OPT_OUT_KEY) === "off";
  } catch {
    return false;
  }
}

/** Remembers the candidate's choice. */
export function setRecognitionOptOut(off: boolean): void {
  try {
    if (off) localStorage.setItem(OPT_OUT_KEY, "off");
    else localStorage.removeItem(OPT_OUT_KEY);
  } catch {
    // Private mode without storage: the choice holds for this page only.
  }
}
