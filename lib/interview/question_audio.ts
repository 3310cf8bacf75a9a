/**
 * The spoken question of a turn: synthesised on its first request and streamed to the client
 * as the provider produces it, stored once complete, and served from storage (with ranges)
 * afterwards. The response carries a signed URL so `<audio src>` works without a token.
 *
 * Delivery forms: the default is MP3, which every player streams (browsers' `<audio>`, iOS,
 * mobile apps). A provider producing raw PCM (the Realtime API) has it encoded in process as it
 * arrives. `format: "pcm"` asks for the raw PCM itself while it is being synthesised — the
 * recorder island plays it with Web Audio from the first bytes, with no encoder or decoder
 * delay in between; once stored, the question is MP3 whatever was asked.
 */
import { findSession, findSessionById, findTurn, setQuestionAudio } from "../../db/interviews.ts";
import type { TurnRow } from "../../db/interviews.ts";
import { usageRecorder } from "../usage/mod.ts";
import { AppError, notFound } from "../errors.ts";
import { type InterviewDeps, logWarn, measure } from "./feedback_job.ts";
import { pcmRate, pcmToMp3 } from "../media/mod.ts";
import { signUrl, urlSecret, verifySignature } from "../storage/signed_urls.ts";
import { type ByteRange, type StoredObject, URL_TTL_SEC } from "../storage/types.ts";
import { concatBytes } from "../upload.ts";

/** Who may fetch question audio: the owner, or anyone holding a valid signed URL. */
export type QuestionAudioAccess = { userId: string } | { exp: string; sig: string };

/** What the client asked for: MP3 (the default), or raw PCM while it is being synthesised. */
export type QuestionAudioFormat = "mp3" | "pcm";

/** A question as clients see it. */
export interface QuestionView {
  turn_number: number;
  question_text: string;
  /** Null when the provider has no TTS: the client speaks the text itself. */
  question_audio_url: string | null;
}

/** Question audio: from storage (honouring a range), or live TTS while it is being stored. */
export type QuestionAudio =
  | { kind: "stored"; object: StoredObject }
  | {
    kind: "live";
    body: ReadableStream<Uint8Array>;
    contentType: string;
    /** Settles once the audio is stored (or storing failed, which is logged). */
    stored: Promise<void>;
  };

const MP3 = "audio/mpeg";

/**
 * The spoken question of a turn. Served from storage when it was synthesised before; else
 * synthesised now and streamed, one branch of the stream going to the client as it arrives
 * (playback starts at the first byte) and the other collected into storage for later requests.
 * Only a stream that ended cleanly is stored (or, when a Realtime reading diverged from the text,
 * its faithful retake): after a failure the turn stays unsynthesised and the next request
 * synthesises again.
 */
export async function questionAudio(
  deps: InterviewDeps,
  access: QuestionAudioAccess,
  sessionId: string,
  turnNumber: number,
  opts: { range?: ByteRange; format?: QuestionAudioFormat } = {},
): Promise<QuestionAudio> {
  const session = "userId" in access
    ? await findSession(deps.sql, access.userId, sessionId)
    : (await verifyQuestionAudioUrl(deps, sessionId, turnNumber, access.exp, access.sig))
    ? await findSessionById(deps.sql, sessionId)
    : null;
  if (!session) throw notFound("question_audio");
  const turn = await findTurn(deps.sql, session.id, turnNumber);
  if (!turn) throw notFound("question_audio");
  if (turn.question_audio_key) {
    try {
      return {
        kind: "stored",
        object: await deps.storage.get(turn.question_audio_key, opts.range),
      };
    } catch (e) {
      // A lost object is synthesised again below; anything else (bad range) is the caller's.
      if (!(e instanceof AppError && e.kind === "not_found")) throw e;
    }
  }
  if (!deps.ai.capabilities.tts) throw notFound("question_audio");
  const started = performance.now();
  const speech = await deps.ai.speak(
    turn.question_text,
    usageRecorder(deps, { userId: session.user_id, sessionId: session.id }).for("question_audio"),
  );
  const source = onFirstChunk(
    speech.body,
    () => deps.timings?.("tts_first_byte", performance.now() - started),
  );
  const rate = pcmRate(speech.contentType);
  let toClient: ReadableStream<Uint8Array>;
  let toStorage: ReadableStream<Uint8Array>;
  let contentType = speech.contentType;
  let storedType = speech.contentType;
  if (rate === null) {
    // Already encoded (an `/audio/speech` server): delivered and stored as it comes.
    [toClient, toStorage] = source.tee();
  } else if (opts.format === "pcm") {
    const [raw, forEncoder] = source.tee();
    toClient = raw;
    toStorage = forEncoder.pipeThrough(pcmToMp3(rate));
    contentType = `audio/pcm;rate=${rate}`;
    storedType = MP3;
  } else {
    [toClient, toStorage] = source.pipeThrough(pcmToMp3(rate)).tee();
    contentType = storedType = MP3;
  }
  const key = `users/${session.user_id}/interviews/${session.id}/questions/${turnNumber}.${
    extFor(storedType)
  }`;
  const stored = collect(toStorage)
    .then(async (streamed) => {
      // A Realtime reading that diverged from the text may come with a faithful retake.
      const retake = await speech.retake;
      const bytes = !retake ? streamed : rate === null ? retake : await collect(
        new Blob([retake as Uint8Array<ArrayBuffer>]).stream().pipeThrough(pcmToMp3(rate)),
      );
      await measure(deps, "storage", () => deps.storage.put(key, bytes, storedType));
      await setQuestionAudio(deps.sql, turn.id, key, storedType);
    })
    .catch((e) => logWarn(deps, "question audio not stored", e));
  return { kind: "live", body: toClient, contentType, stored };
}

/** `stream` unchanged, calling `onFirst` when its first chunk passes. */
function onFirstChunk(
  stream: ReadableStream<Uint8Array>,
  onFirst: () => void,
): ReadableStream<Uint8Array> {
  let seen = false;
  return stream.pipeThrough(
    new TransformStream({
      transform(chunk, controller) {
        if (!seen && chunk.byteLength) (seen = true, onFirst());
        controller.enqueue(chunk);
      },
    }),
  );
}

/** Reads a stream to the end; an error or an empty stream rejects. */
async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  if (size === 0) throw new Error("empty speech");
  return concatBytes(chunks, size);
}

function extFor(contentType: string): string {
  const t = contentType.split(";")[0].trim().toLowerCase();
  return t === "audio/mpeg" || t === "audio/mp3"
    ? "mp3"
    : t === "audio/wav" || t === "audio/x-wav"
    ? "wav"
    : t === "audio/ogg" || t === "audio/opus"
    ? "ogg"
    : t === "audio/aac"
    ? "aac"
    : t === "audio/flac"
    ? "flac"
    : "bin";
}

/** A question as clients see it, with a fresh signed audio URL when audio can be served. */
export async function questionView(deps: InterviewDeps, turn: TurnRow): Promise<QuestionView> {
  const audible = turn.question_audio_key !== null || deps.ai.capabilities.tts;
  return {
    turn_number: turn.turn_number,
    question_text: turn.question_text,
    question_audio_url: audible
      ? await questionAudioUrl(deps, turn.session_id, turn.turn_number)
      : null,
  };
}

/** The secret of question-audio URLs, derived from the JWT secret under its own label. */
const secret = (deps: Pick<InterviewDeps, "config">) =>
  urlSecret(deps.config.jwtSecret, "question-audio-urls");

/**
 * A URL of the question-audio route that works without an Authorization header (an `<audio
 * src>`), signed for this session and turn and valid for `expiresInSec`.
 */
export function questionAudioUrl(
  deps: Pick<InterviewDeps, "config">,
  sessionId: string,
  n: number,
  expiresInSec = URL_TTL_SEC,
): Promise<string> {
  const query = signUrl(secret(deps), `${sessionId}/${n}`, expiresInSec);
  const base = (deps.config.PUBLIC_URL ?? "").replace(/\/+$/, "");
  return Promise.resolve(`${base}/api/interviews/${sessionId}/turns/${n}/question-audio?${query}`);
}

/** Whether `exp`/`sig` of a question-audio URL are authentic and unexpired. */
export function verifyQuestionAudioUrl(
  deps: Pick<InterviewDeps, "config">,
  sessionId: string,
  n: number,
  exp: string,
  sig: string,
  nowMs = Date.now(),
): Promise<boolean> {
  return Promise.resolve(verifySignature(secret(deps), `${sessionId}/${n}`, exp, sig, nowMs));
}
