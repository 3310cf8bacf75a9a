/**
 * Live transcription over the OpenAI Realtime API (GA): a transcription session
 * (`?intent=transcription`, `session.type: "transcription"`, gpt-live-transcribe) with server
 * turn detection off, so the answer is one turn that the client ends. PCM16 24 kHz goes in as
 * `input_audio_buffer.append`; `conversation.item.input_audio_transcription.delta` events are
 * the partial text; `input_audio_buffer.commit` ends the answer and `….completed` carries the
 * final transcript. A failure never throws from `finish`: it reports `complete: false`, and the
 * caller transcribes the stored file instead.
 */
import { LIVE_PCM_RATE } from "../types.ts";
import type { LiveTranscribeOptions, LiveTranscript, LiveTranscription } from "../types.ts";
import { RealtimeConnection, realtimeUrl, type SessionConfig } from "./realtime_socket.ts";

export interface LiveTranscribeSettings {
  /** The STT server's base URL including `/v1`. */
  baseURL: string;
  apiKey: string;
  /** e.g. `gpt-live-transcribe`. */
  model: string;
  languages: string[];
  /** Limit for the handshake and for the final transcript after the commit. */
  timeoutMs: number;
}

const BYTES_PER_SECOND = LIVE_PCM_RATE * 2;

/** Opens one live transcription session for one answer. */
export async function openLiveTranscription(
  s: LiveTranscribeSettings,
  opts: LiveTranscribeOptions = {},
): Promise<LiveTranscription> {
  const session: SessionConfig = {
    type: "transcription",
    audio: {
      input: {
        format: { type: "audio/pcm", rate: LIVE_PCM_RATE },
        transcription: {
          model: s.model,
          languages: s.languages,
          ...(opts.keywords?.length ? { keywords: opts.keywords } : {}),
        },
        turn_detection: null,
      },
    },
  };
  const conn = await RealtimeConnection.open(
    realtimeUrl(s.baseURL, null),
    s.apiKey,
    session,
    s.timeoutMs,
  );
  let partial = "";
  let pushed = 0;
  let broken = false;
  let settle: ((t: LiveTranscript) => void) | null = null;
  let final: Promise<LiveTranscript> | null = null;
  const end = (t: LiveTranscript) => {
    conn.listen(null);
    conn.close();
    settle?.(t);
    settle = null;
  };
  const fail = () => {
    broken = true;
    end({ text: partial, complete: false });
  };
  conn.listen({
    event(e) {
      if (e.type === "conversation.item.input_audio_transcription.delta" && e.delta) {
        partial += e.delta;
        opts.onPartial?.(partial);
      } else if (e.type === "conversation.item.input_audio_transcription.completed") {
        const seconds = e.usage?.type === "duration" ? e.usage.seconds : pushed / BYTES_PER_SECOND;
        opts.onUsage?.({ capability: "stt", model: s.model, audio_seconds: seconds });
        end({ text: e.transcript.trim(), complete: true });
      } else if (
        e.type === "error" || e.type === "conversation.item.input_audio_transcription.failed"
      ) fail();
    },
    closed: fail,
  });

  return {
    push(pcm) {
      if (broken || final || pcm.byteLength === 0) return;
      pushed += pcm.byteLength;
      conn.send({ type: "input_audio_buffer.append", audio: pcm.toBase64() });
    },
    finish() {
      if (final) return final;
      if (broken || pushed === 0) {
        end({ text: partial, complete: false });
        return final = Promise.resolve({ text: partial, complete: false });
      }
      final = new Promise<LiveTranscript>((resolve) => {
        const timer = setTimeout(fail, s.timeoutMs);
        settle = (t) => {
          clearTimeout(timer);
          resolve(t);
        };
      });
      conn.send({ type: "input_audio_buffer.commit" });
      return final;
    },
    close() {
      broken = true;
      end({ text: partial, complete: false });
    },
  };
}
