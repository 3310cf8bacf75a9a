/**
 * Live captions while the candidate speaks. A caption source is started with the recording,
 * reports what it has heard so far (`onPartial`) and, when stopped, settles with the final
 * text. The browser's Web Speech API is one source; a server live-transcription stream can be
 * another behind the same interface, so the captions UI does not change with it.
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
interface Recognition {
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
interface RecognitionClass {
  new (): Recognition;
  available?(o: { langs: string[]; processLocally: boolean }): Promise<string>;
}

/** Errors after which listening again cannot help. */
const FATAL = new Set(["not-allowed", "service-not-allowed", "language-not-supported", "network"]);
/** How long `stop()` waits for the recogniser's last results. */
const FINAL_WAIT_MS = 1500;

function recognitionClass(): RecognitionClass | null {
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

/**
 * Captions from the browser's speech recognition in `lang`, or null without one. Continuous
 * recognition ends by itself after a pause in some browsers; it is restarted until `stop()`.
 */
export function browserCaptions(lang: string, where: "device" | "vendor"): CaptionSource | null {
  const R = recognitionClass();
  if (!R) return null;
  let finals = "";
  let interim = "";
  let listening = false;
  let running = false;
  let rec: Recognition | null = null;
  let ended: (() => void) | null = null;
  const text = () => `${finals} ${interim}`.replace(/\s+/g, " ").trim();

  const open = () => {
    const r = new R();
    r.lang = lang;
    r.continuous = true;
    r.interimResults = true;
    if (where === "device") r.processLocally = true;
    r.onresult = (e) => {
      interim = "";
      for (let i = e.resultIndex; i < e.results.length; i++) {
        const part = e.results[i][0]?.transcript ?? "";
        if (e.results[i].isFinal) finals = `${finals} ${part}`;
        else interim = `${interim} ${part}`;
      }
      source.onPartial?.(text());
    };
    r.onerror = (e) => {
      if (FATAL.has(e.error)) listening = false;
    };
    r.onend = () => {
      running = false;
      // What was still being heard when it ended counts as said.
      if (interim) (finals = `${finals} ${interim}`, interim = "");
      if (listening) return open();
      ended?.();
    };
    rec = r;
    try {
      r.start();
      running = true;
    } catch {
      listening = false;
    }
  };

  const source: CaptionSource = {
    where,
    onPartial: null,
    start() {
      finals = interim = "";
      listening = true;
      open();
    },
    stop() {
      listening = false;
      return new Promise((resolve) => {
        const timer = setTimeout(() => finish(), FINAL_WAIT_MS);
        const finish = () => {
          clearTimeout(timer);
          ended = null;
          resolve(text());
        };
        if (!running) return finish();
        ended = finish;
        try {
          rec?.stop();
        } catch {
          finish();
        }
      });
    },
  };
  return source;
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
