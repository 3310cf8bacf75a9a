/** The microphone: asking for it, knowing up front whether there is one, and its level meter. */

/** Why there is no microphone stream. */
export type MicProblem = "denied" | "missing" | "unsupported";

/** Whether this browser can record at all (API present; says nothing about a device). */
export function canRecord(): boolean {
  return !!navigator.mediaDevices?.getUserMedia && typeof MediaRecorder !== "undefined";
}

/**
 * Whether an audio input is attached, before any permission is asked (device kinds are listed
 * without it); true when the browser cannot tell, so the page does not promise too little.
 */
export async function micPresent(): Promise<boolean> {
  if (!canRecord()) return false;
  try {
    const devices = await navigator.mediaDevices.enumerateDevices();
    return devices.some((d) => d.kind === "audioinput");
  } catch {
    return true;
  }
}

/** The microphone stream, or why there is none. */
export function requestMic(): Promise<MediaStream | MicProblem> {
  if (!canRecord()) return Promise.resolve("unsupported");
  return navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: true, noiseSuppression: true },
  }).catch((e: DOMException) =>
    e.name === "NotFoundError" || e.name === "OverconstrainedError" ? "missing" : "denied"
  );
}

/** Reports the input level (0–1) every frame until the returned stop function is called. */
export function meter(
  ctx: AudioContext,
  stream: MediaStream,
  onLevel: (level: number) => void,
): () => void {
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 512;
  ctx.createMediaStreamSource(stream).connect(analyser);
  const buf = new Uint8Array(analyser.fftSize);
  let raf = 0;
  const tick = () => {
    analyser.getByteTimeDomainData(buf);
    let sum = 0;
    for (const v of buf) sum += ((v - 128) / 128) ** 2;
    onLevel(Math.min(1, Math.sqrt(sum / buf.length) * 4));
    raf = requestAnimationFrame(tick);
  };
  tick();
  return () => cancelAnimationFrame(raf);
}
