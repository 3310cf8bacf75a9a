/**
 * One WebSocket to an OpenAI Realtime (GA) endpoint, opened with Deno's own `WebSocket`: the
 * openai@7 SDK's realtime clients always dial `wss://`, so a compatible server on plain HTTP
 * would be unreachable through them. Every failure becomes an `AppError` whose code names the
 * TTS capability; upstream messages are never copied (they can echo the request).
 */
import type OpenAI from "openai";
import { AppError } from "../../errors.ts";

export type ServerEvent = OpenAI.Realtime.RealtimeServerEvent;
export type ClientEvent = OpenAI.Realtime.RealtimeClientEvent;
export type SessionConfig =
  | OpenAI.Realtime.RealtimeSessionCreateRequest
  | OpenAI.Realtime.RealtimeTranscriptionSessionCreateRequest;

/** The TTS server is down, unreachable or too slow: worth trying again (503). */
export const ttsUnavailable = (message: string, details?: Record<string, unknown>) =>
  new AppError("unavailable", "ai_tts_unavailable", message, details);
/** The TTS server refused or broke the request (502). */
export const ttsFailed = (message: string, details?: Record<string, unknown>) =>
  new AppError("upstream", "ai_tts_failed", message, details);
/** The configured TTS model (or its Realtime endpoint) does not exist there (502). */
export const ttsModelNotFound = () =>
  new AppError(
    "upstream",
    "ai_tts_model_not_found",
    "The speech model is not available on the TTS server",
  );

// The project's "dom" lib hides the options argument Deno's own `WebSocket` declaration has.
export const DenoWebSocket = WebSocket as unknown as new (
  url: string,
  options: { headers: HeadersInit },
) => WebSocket;

/**
 * `http://host/v1` → `ws://host/v1/realtime?model=…`; `https://` → `wss://`. A null model asks
 * for a transcription session (`?intent=transcription`: its model goes in `session.update`).
 */
export function realtimeUrl(baseURL: string, model: string | null): string {
  const url = new URL(baseURL);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`TTS base URL must be http(s): ${url.protocol}`);
  }
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/realtime`;
  url.search = "";
  if (model === null) url.searchParams.set("intent", "transcription");
  else url.searchParams.set("model", model);
  return url.toString();
}

/** Maps a Realtime `error` event (or a failed response's error) to an `AppError`. */
export function errorFromEvent(err: { type?: string; code?: string | null } | undefined) {
  const code = err?.code ?? undefined;
  if (code === "model_not_found") return ttsModelNotFound();
  if (err?.type === "server_error" || code === "rate_limit_exceeded" || code === "server_error") {
    return ttsUnavailable("The speech service is unavailable", { upstream_code: code ?? null });
  }
  return ttsFailed("The speech service rejected the request", { upstream_code: code ?? null });
}

/**
 * Deno reports a refused upgrade only through the error event's message ("Invalid status code:
 * 404"); the status is all the body we can have.
 */
function handshakeError(message: string): AppError {
  const status = Number(/status code:?\s*(\d{3})/i.exec(message)?.[1] ?? 0);
  if (status === 404) return ttsModelNotFound();
  if (status === 401 || status === 403) {
    return ttsFailed("The speech service rejected our credentials", { upstream_status: status });
  }
  if (status >= 400 && status < 500 && status !== 429) {
    return ttsFailed("The speech service refused the connection", { upstream_status: status });
  }
  return ttsUnavailable(
    "The speech service cannot be reached",
    status ? { upstream_status: status } : undefined,
  );
}

/** Receives a connection's events; `closed` is called once, when the socket is gone. */
export interface Listener {
  event(e: ServerEvent): void;
  closed(err: AppError): void;
}

/** An open Realtime session whose `session.update` has been sent. */
export class RealtimeConnection {
  #listener: Listener | null = null;
  #closed: AppError | null = null;

  private constructor(private readonly ws: WebSocket) {
    ws.onmessage = (m) => {
      let e: ServerEvent;
      try {
        e = JSON.parse(String(m.data));
      } catch {
        return this.#fail(ttsFailed("The speech service sent an unreadable event"));
      }
      this.#listener?.event(e);
    };
    ws.onclose = () =>
      this.#fail(ttsUnavailable("The speech service closed the connection", { stage: "stream" }));
  }

  /**
   * Dials, waits for `session.created` and sends `session.update` (its `session.updated` is not
   * awaited: events are processed in order, so a rejected update surfaces as an `error` event
   * on the first response instead of costing a round trip here).
   */
  static open(
    url: string,
    apiKey: string,
    session: SessionConfig,
    timeoutMs: number,
  ): Promise<RealtimeConnection> {
    return new Promise((resolve, reject) => {
      const ws = new DenoWebSocket(url, { headers: { Authorization: `Bearer ${apiKey}` } });
      const timer = setTimeout(() => {
        ws.close();
        finish(ttsUnavailable("The speech service did not answer in time", { stage: "handshake" }));
      }, timeoutMs);
      let done = false;
      const finish = (result: AppError | RealtimeConnection) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (result instanceof AppError) reject(result);
        else resolve(result);
      };
      ws.onerror = (e) => finish(handshakeError((e as ErrorEvent).message ?? ""));
      ws.onclose = () => finish(ttsUnavailable("The speech service closed the connection"));
      ws.onmessage = (m) => {
        let e: ServerEvent | null = null;
        try {
          e = JSON.parse(String(m.data));
        } catch { /* reported below */ }
        if (e?.type === "session.created") {
          ws.onerror = null;
          const conn = new RealtimeConnection(ws);
          conn.send({ type: "session.update", session });
          return finish(conn);
        }
        ws.close();
        finish(
          e?.type === "error" ? errorFromEvent(e.error) : ttsFailed(
            "The speech service did not start a session",
          ),
        );
      };
    });
  }

  /** Whether the socket can still carry a response. */
  get usable(): boolean {
    return this.#closed === null && this.ws.readyState === WebSocket.OPEN;
  }

  /** Routes events to `listener` (one response at a time), or to nobody. */
  listen(listener: Listener | null): void {
    this.#listener = listener;
    if (listener && this.#closed) listener.closed(this.#closed);
  }

  send(event: ClientEvent): void {
    if (this.usable) this.ws.send(JSON.stringify(event));
  }

  /** Closes the socket; the listener (if any) is told `err`. */
  close(err = ttsUnavailable("The speech connection was closed")): void {
    this.#fail(err);
  }

  #fail(err: AppError): void {
    if (this.#closed) return;
    this.#closed = err;
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close();
    }
    const l = this.#listener;
    this.#listener = null;
    l?.closed(err);
  }
}
