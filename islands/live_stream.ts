/**
 * Live captions while the candidate speaks: streams the microphone as PCM16 24 kHz over the
 * interview's live WebSocket (`/api/interviews/{id}/turns/{n}/live`, docs/CLIENTS.md) and
 * hands the growing transcript to `onPartial`. It only ever adds to the recording: the answer
 * itself is still the MediaRecorder's file, sent with this stream's `liveId` so the server can
 * use the live transcript instead of transcribing the file; when anything here fails the
 * socket just closes and the file is transcribed as before.
 *
 * A ScriptProcessorNode rather than an AudioWorklet: a worklet module would need a script URL
 * the page's CSP and bundle do not provide, and 4096-sample blocks (≈ 90 ms) are small enough.
 */

/** The Realtime API's input rate. */
const RATE = 24_000;

export interface LiveStream {
  /** Sent with the answer as `live_id`. */
  readonly liveId: string;
  /** The recording stopped: ends the stream; the server finishes the transcript. */
  stop(): void;
}

/** Opens the live stream of one recording; nothing is thrown, failures just end it. */
export function startLiveStream(o: {
  sessionId: string;
  turn: number;
  csrf: string;
  stream: MediaStream;
  ctx: AudioContext;
  onPartial: (text: string) => void;
}): LiveStream {
  const liveId = crypto.randomUUID();
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const ws = new WebSocket(
    `${scheme}://${location.host}/api/interviews/${o.sessionId}/turns/${o.turn}/live`,
  );
  ws.binaryType = "arraybuffer";
  const source = o.ctx.createMediaStreamSource(o.stream);
  const tap = o.ctx.createScriptProcessor(4096, 1, 1);
  const mute = o.ctx.createGain();
  mute.gain.value = 0;
  const step = o.ctx.sampleRate / RATE;
  let pos = 0;
  let live = true;
  const detach = () => {
    live = false;
    tap.onaudioprocess = null;
    source.disconnect();
    tap.disconnect();
  };
  tap.onaudioprocess = (e) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    const input = e.inputBuffer.getChannelData(0);
    // Linear resampling to 24 kHz; `pos` carries the fraction across blocks.
    const out = new Int16Array(Math.max(0, Math.ceil((input.length - pos) / step)));
    let n = 0;
    for (; pos < input.length - 1 && n < out.length; pos += step) {
      const i = Math.floor(pos);
      const v = input[i] + (input[i + 1] - input[i]) * (pos - i);
      out[n++] = Math.max(-1, Math.min(1, v)) * 0x7fff;
    }
    pos -= input.length;
    if (n) ws.send(out.subarray(0, n));
  };
  source.connect(tap);
  // A ScriptProcessor only runs while connected to the output; through a muted gain.
  tap.connect(mute).connect(o.ctx.destination);
  ws.onopen = () => ws.send(JSON.stringify({ type: "start", live_id: liveId, csrf: o.csrf }));
  ws.onmessage = (m) => {
    const msg = JSON.parse(String(m.data));
    if (msg.type === "partial" || (msg.type === "final" && msg.text)) o.onPartial(msg.text);
  };
  ws.onclose = detach;
  return {
    liveId,
    stop() {
      if (!live) return;
      detach();
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: "stop" }));
      else ws.close();
    },
  };
}
