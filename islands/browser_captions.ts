/**
 * Captions from the browser's Web Speech API (see captions.ts): used only when the server
 * cannot transcribe, so it is a chunk of its own, fetched by those interviews alone.
 */
import type { CaptionSource, Recognition, RecognitionClass } from "./captions.ts";

/** Errors after which listening again cannot help. */
const FATAL = new Set(["not-allowed", "service-not-allowed", "language-not-supported", "network"]);
/** How long `stop()` waits for the recogniser's last results. */
const FINAL_WAIT_MS = 1500;

/**
 * Captions from the browser's speech recognition `R` (captions.ts `recognitionClass`, passed in
 * so this chunk shares no code with the main bundle) in `lang`. Continuous recognition ends by
 * itself after a pause in some browsers; it is restarted until `stop()`.
 */
export function browserCaptions(
  R: RecognitionClass,
  lang: string,
  where: "device" | "vendor",
): CaptionSource {
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
