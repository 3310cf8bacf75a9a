/**
 * `GET /api/interviews/{session_id}/turns/{turn_number}/live`: a WebSocket that carries the
 * answer's audio while it is recorded and the live captions back (protocol in
 * docs/CLIENTS.md, security in docs/SECURITY.md).
 *
 * Everything that can be refused is refused before the upgrade, as a JSON error: the user
 * (Bearer header, or the session cookie from an allowed Origin), the rate limit, the interview
 * (the user's) and the turn (the one awaiting an answer), and whether live transcription
 * exists at all. A cookie session needs a valid access cookie: the upgrade cannot deliver
 * refreshed cookies, so an expired one is refused (the island then just records). A cookie session must then prove with its first message, carrying the CSRF
 * token, that our own page opened the socket.
 */
import type { Context } from "hono";
import { AppError } from "../../../lib/errors.ts";
import type { LiveStream } from "../../../lib/interview/live_transcription.ts";
import { type LiveTurn, liveTurn } from "../../../lib/interview/mod.ts";
import { LIMITS } from "../../../lib/rate_limit.ts";
import type { AppEnv } from "../../context.ts";
import { accessCookieUserId, csrfCheck, originAllowed } from "../../web_session.ts";
import { hit, requireUser } from "../middleware.ts";
import { TurnParam } from "./schemas.ts";
import { Uuid } from "../../../lib/schemas.ts";

/** Largest audio frame: 0.5 s of PCM16 at 24 kHz (the island sends 0.1 s). */
const MAX_FRAME_BYTES = 24_000;
/** Time for the first (`start`) message after the upgrade. */
const START_TIMEOUT_MS = 10_000;

export async function liveTranscriptionSocket(c: Context<AppEnv>): Promise<Response> {
  const params = TurnParam.safeParse(c.req.param());
  if (!params.success) throw new AppError("invalid", "invalid_input", "Invalid path parameters");
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new AppError("bad_input", "websocket_expected", "Open this URL as a WebSocket");
  }
  const byCookie = !c.req.header("authorization");
  let userId: string;
  if (byCookie) {
    // Browsers always send Origin with a WebSocket; a cross-site page must not reuse the cookie.
    if (!c.req.header("origin") || !originAllowed(c)) {
      throw new AppError("forbidden", "csrf_failed", "The WebSocket must come from this site");
    }
    const id = await accessCookieUserId(c);
    if (!id) throw new AppError("unauthorized", "session_expired", "The session has expired");
    userId = id;
  } else {
    await requireUser(c, () => Promise.resolve());
    userId = c.get("userId");
  }
  await hit(c, LIMITS.aiPerUser, userId);
  const { session_id, turn_number } = params.data;
  const turn = await liveTurn(c.get("deps"), userId, session_id, turn_number);
  // Read now: once upgraded, the request (its headers) is gone.
  const csrf = csrfCheck(c);
  const { socket, response } = Deno.upgradeWebSocket(c.req.raw);
  serveLive(socket, turn, byCookie ? csrf : () => true);
  return response;
}

/** Runs one socket: `start`, binary PCM frames, `stop`; partials and the final go back. */
function serveLive(socket: WebSocket, turn: LiveTurn, csrfOk: (token: unknown) => boolean) {
  socket.binaryType = "arraybuffer";
  let stream: LiveStream | null = null;
  let stopped = false;
  const send = (msg: Record<string, unknown>) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(msg));
  };
  const refuse = (reason: string) => socket.close(1008, reason);
  const startTimer = setTimeout(() => refuse("start expected"), START_TIMEOUT_MS);

  const onText = (data: string) => {
    let msg: { type?: unknown; live_id?: unknown; csrf?: unknown } | null = null;
    try {
      msg = JSON.parse(data);
    } catch { /* refused below */ }
    if (!stream) {
      if (msg?.type !== "start" || !Uuid.safeParse(msg.live_id).success || !csrfOk(msg.csrf)) {
        return refuse("invalid start");
      }
      clearTimeout(startTimer);
      stream = turn.start(msg.live_id as string, (text) => send({ type: "partial", text }));
      stream.ready.then((ok) => {
        if (ok) return send({ type: "ready" });
        send({ type: "unavailable" });
        socket.close(1011, "live transcription unavailable");
      });
      return;
    }
    if (msg?.type !== "stop" || stopped) return refuse("unexpected message");
    stopped = true;
    stream.stop().then((t) => {
      send({ type: "final", complete: t.complete, text: t.text });
      socket.close(1000, "done");
    });
  };

  socket.onmessage = (m) => {
    if (typeof m.data === "string") return onText(m.data);
    const bytes = new Uint8Array(m.data as ArrayBuffer);
    if (!stream || stopped) return refuse("audio outside a recording");
    if (bytes.byteLength > MAX_FRAME_BYTES || bytes.byteLength % 2) return refuse("bad frame");
    stream.push(bytes);
  };
  socket.onclose = () => {
    clearTimeout(startTimer);
    if (!stopped) stream?.abandon();
  };
}
