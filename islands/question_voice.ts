/**
 * The question read by the browser's own voice, for servers without TTS. Only a voice in the
 * interview's language is used: with none (common in headless and some desktop browsers) the
 * caller is told at once, so the page can say so and go straight to the answer instead of
 * waiting on an utterance that never sounds.
 */

/** How long to wait for the voice list, which some browsers fill only after `voiceschanged`. */
const VOICES_WAIT_MS = 800;
/** An utterance that has not started by then never will (no event at all in some browsers). */
const START_WAIT_MS = 2500;

/** A voice for `lang` ("ko-KR" → any "ko" voice), or null when the browser has none. */
export function findVoice(lang: string): Promise<SpeechSynthesisVoice | null> {
  const synth = globalThis.speechSynthesis;
  if (!synth) return Promise.resolve(null);
  const base = lang.slice(0, 2).toLowerCase();
  const pick = () =>
    synth.getVoices().find((v) => v.lang.toLowerCase().replace("_", "-").startsWith(base)) ??
      null;
  const now = pick();
  if (now || synth.getVoices().length) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      synth.removeEventListener("voiceschanged", done);
      resolve(pick());
    };
    const timer = setTimeout(done, VOICES_WAIT_MS);
    synth.addEventListener("voiceschanged", done);
  });
}

/**
 * Speaks `text` with `voice`; `done` is called exactly once, however it ends (end, error,
 * never starting). Returns a stop function, safe in browsers whose `cancel()` throws.
 */
export function speak(
  text: string,
  lang: string,
  voice: SpeechSynthesisVoice,
  done: () => void,
): () => void {
  const synth = globalThis.speechSynthesis;
  let finished = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const finish = () => {
    if (!finished) (finished = true, clearTimeout(timer), done());
  };
  const u = new SpeechSynthesisUtterance(text);
  u.lang = lang;
  u.voice = voice;
  let started = false;
  u.onstart = () => (started = true);
  u.onend = finish;
  u.onerror = finish;
  cancelSpeech();
  synth.speak(u);
  if (!finished) timer = setTimeout(() => started || finish(), START_WAIT_MS);
  return cancelSpeech;
}

/** Silences the browser's voice; some engines throw or report an error from `cancel()`. */
export function cancelSpeech(): void {
  try {
    globalThis.speechSynthesis?.cancel();
  } catch {
    // Nothing is speaking that could be stopped.
  }
}
