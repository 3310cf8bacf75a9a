/**
 * What this browser offers the interview, learnt once the island runs (hydrated): whether a microphone
 * is attached, the voice that can read questions, and speech recognition with where it sends
 * the audio and whether the candidate turned it off. The start screen promises only these.
 */
import { type Signal, useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import {
  hasBrowserRecognition,
  recognitionOptedOut,
  recognitionWhere,
  setRecognitionOptOut,
} from "./captions.ts";
import { micPresent } from "./mic.ts";
import { findVoice } from "./question_voice.ts";

/** Browser recognition as this page can use it. */
export type Recognition = "none" | "device" | "vendor";

/** The device's offer, as signals; `undefined` voice means not known yet. */
export interface Device {
  /** False in the server render; true once hydrated, so the start button is known to work. */
  ready: Signal<boolean>;
  micLikely: Signal<boolean>;
  voice: Signal<SpeechSynthesisVoice | null | undefined>;
  recognition: Signal<Recognition>;
  optOut: Signal<boolean>;
  /** The voice for `lang`, looked up once. */
  getVoice(): Promise<SpeechSynthesisVoice | null>;
  /** Turns browser recognition on or off, remembered on this device. */
  setRecognition(on: boolean): void;
}

/** Probes the device after hydration; recognition only matters when the server has no STT. */
export function useDevice(speechLang: string, questionAudio: boolean, serverStt: boolean): Device {
  const d: Device = {
    ready: useSignal(false),
    micLikely: useSignal(true),
    voice: useSignal<SpeechSynthesisVoice | null | undefined>(undefined),
    recognition: useSignal<Recognition>("none"),
    optOut: useSignal(false),
    async getVoice() {
      if (d.voice.value === undefined) d.voice.value = await findVoice(speechLang);
      return d.voice.value;
    },
    setRecognition(on) {
      d.optOut.value = !on;
      setRecognitionOptOut(!on);
    },
  };
  useEffect(() => {
    d.ready.value = true;
    void micPresent().then((m) => (d.micLikely.value = m));
    if (!questionAudio) void d.getVoice();
    if (!serverStt && hasBrowserRecognition()) {
      d.optOut.value = recognitionOptedOut();
      void recognitionWhere(speechLang).then((w) => (d.recognition.value = w));
    }
  }, []);
  return d;
}
