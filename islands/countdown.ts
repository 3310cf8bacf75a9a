/**
 * The preparation countdown between a question and its recording: ticks once a second and
 * then starts the recording, unless cancelled first (the candidate starts now or replays the
 * question, which restarts the countdown afterwards).
 */

/** Counts `seconds` (> 0) down, telling `tick` each value, then runs `done`; returns a cancel. */
export function countdown(
  seconds: number,
  tick: (n: number) => void,
  done: () => void,
): () => void {
  let n = seconds;
  tick(n);
  const id = setInterval(() => {
    tick(--n);
    if (n > 0) return;
    clearInterval(id);
    done();
  }, 1000);
  return () => clearInterval(id);
}
