/**
 * ffprobe, for tests that compare the pure-TS media code with ffmpeg's reading. ffmpeg is a
 * development tool here, never a run-time dependency: without it those comparisons are skipped.
 */

/** True when `ffprobe` runs on this machine. */
export const hasFfprobe: boolean = (() => {
  try {
    return new Deno.Command("ffprobe", { args: ["-version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

/** What ffprobe reports about a file. */
export interface Probe {
  /** The container's duration; null when it has none (`N/A`), as MediaRecorder WebM. */
  formatDurationSec: number | null;
  /** End of the last audio packet (pts + duration). */
  lastPacketEndSec: number | null;
}

/** Runs ffprobe on `bytes`. */
export async function probe(bytes: Uint8Array, ext: string): Promise<Probe> {
  const path = await Deno.makeTempFile({ suffix: `.${ext}` });
  try {
    await Deno.writeFile(path, bytes);
    const json = await run([
      "-show_entries",
      "format=duration:packet=pts_time,duration_time",
      "-select_streams",
      "a:0",
      path,
    ]);
    const packets = (json.packets ?? []) as { pts_time?: string; duration_time?: string }[];
    const ends = packets.map((p) => Number(p.pts_time) + Number(p.duration_time ?? 0));
    const duration = Number(json.format?.duration);
    return {
      formatDurationSec: Number.isFinite(duration) ? duration : null,
      lastPacketEndSec: ends.length ? Math.max(...ends.filter(Number.isFinite)) : null,
    };
  } finally {
    await Deno.remove(path);
  }
}

async function run(args: string[]) {
  const out = await new Deno.Command("ffprobe", {
    args: ["-v", "error", "-of", "json", ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}
