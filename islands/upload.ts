/**
 * Sending an answer (or a retry) to the server: the POST with retries on network failures,
 * and what the reply means for the recorder. Nothing here touches the page; the island decides
 * what to show for each outcome.
 */
import { extensionOf } from "./engine.ts";

/** The next question, as the answer API returns it. */
export interface Next {
  turn_number: number;
  question_text: string;
  question_audio_url: string | null;
}

/** What a POST to the answer API came to. */
export type Outcome =
  | { kind: "ok"; completed: boolean; next?: Next }
  | { kind: "login" }
  /** The recording held no speech: record again. */
  | { kind: "no_speech" }
  /** The server cannot transcribe and no transcript was sent: ask for one. */
  | { kind: "transcript_required" }
  /** The interview is over (another tab finished it). */
  | { kind: "finished" }
  /** The server is on another turn: the page is out of date. */
  | { kind: "stale" }
  /** The same turn is being processed by an earlier attempt. */
  | { kind: "busy" }
  | { kind: "failed"; why: "network" | "rate_limited" | "ai_down" | "other"; onServer: boolean };

/** The client's transcript of a recording (see the API's `client_transcript_source`). */
export interface ClientTranscript {
  text: string;
  source: "browser" | "typed";
}

/** The answer API's form: a typed answer, or a recording with the client's transcript if any. */
export function answerForm(
  turn: number,
  answer: { text: string } | {
    blob: Blob;
    transcript: ClientTranscript | null;
    /** The id the recording was streamed live under, if it was. */
    liveId?: string;
  },
): FormData {
  const body = new FormData();
  body.set("turn_number", String(turn));
  if ("text" in answer) {
    body.set("answer_text", answer.text);
    return body;
  }
  body.set("audio", answer.blob, `answer.${extensionOf(answer.blob.type)}`);
  if (answer.transcript) {
    body.set("client_transcript", answer.transcript.text);
    body.set("client_transcript_source", answer.transcript.source);
  }
  if (answer.liveId) body.set("live_id", answer.liveId);
  return body;
}

const NET_RETRIES = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * POSTs `body` to `url`, retrying network failures with backoff (`onRetry` hears of each), and
 * classifies the reply. `turn` is the turn the page is on.
 */
export async function postAnswer(
  url: string,
  csrf: string,
  turn: number,
  body: FormData | undefined,
  onRetry: (attempt: number) => void,
): Promise<Outcome> {
  let res: Response | null = null;
  for (let attempt = 1; attempt <= NET_RETRIES && !res; attempt++) {
    try {
      res = await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-CSRF-Token": csrf, Accept: "application/json" },
      });
    } catch {
      onRetry(attempt);
      await sleep(1000 * 2 ** attempt);
    }
  }
  if (!res) return { kind: "failed", why: "network", onServer: false };
  const data = await res.json().catch(() => ({}));
  if (res.ok) {
    return {
      kind: "ok",
      completed: !!data.interview_completed || !data.next_turn,
      next: data.next_turn,
    };
  }
  if (res.status === 401) return { kind: "login" };
  const err = data.error ?? {};
  if (err.code === "no_speech") return { kind: "no_speech" };
  if (err.code === "transcript_required") return { kind: "transcript_required" };
  if (err.code === "turn_conflict") {
    const d = err.details ?? {};
    if (d.status && d.status !== "in_progress") return { kind: "finished" };
    // An earlier attempt was accepted but its response was lost.
    if (d.current_turn && d.current_turn !== turn) return { kind: "stale" };
    // The same turn is held by an attempt still in flight (or one that crashed).
    return { kind: "busy" };
  }
  const resumable = (res.status === 502 || res.status === 503) && !!err.details?.retryable &&
    err.code !== "storage_unavailable";
  const why = res.status === 429 ? "rate_limited" : res.status >= 502 ? "ai_down" : "other";
  return { kind: "failed", why, onServer: resumable };
}
