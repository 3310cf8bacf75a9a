#!/usr/bin/env bash
# Regenerates tests/fixtures/audio/, the small recordings lib/media/*_test.ts inspect.
#
# Needs (only here, never at runtime): espeak-ng, ffmpeg/ffprobe, chromium
#   apt-get install -y espeak-ng ffmpeg chromium
# and playwright-core from deno.json for the two Chrome MediaRecorder recordings.
#
# Usage: scripts/make_audio_fixtures.sh   (from the repository root)
# After regenerating, lib/media/inspect_test.ts compares with ffprobe itself; its `old`
# figures (the replaced parser's) then no longer apply to the new recordings.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/tests/fixtures/audio"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }

# ~4.8 s of Korean speech; espeak-ng writes 22.05 kHz mono s16.
espeak-ng -v ko -s 190 -w "$work/speech_src.wav" "안녕하세요 저는 백엔드 개발자입니다. 서비스를 만들었습니다."

# WAV: 8 kHz keeps the files under 100 KB. Noise is pink noise at about -51 dBFS RMS, the level of
# a quiet room through a laptop microphone: RMS-based detection must call it silent.
ff -i "$work/speech_src.wav" -ar 8000 -ac 1 -c:a pcm_s16le "$out/speech.wav"
ff -f lavfi -i anullsrc=r=8000:cl=mono -t 3 -c:a pcm_s16le "$out/silence.wav"
ff -f lavfi -i "anoisesrc=r=8000:a=0.015:c=pink:seed=7" -t 2 -ac 1 -c:a pcm_s16le "$out/noise.wav"

# Compressed formats as ffmpeg writes them (WebM with a Duration element, Ogg, MP4, MP3).
ff -i "$work/speech_src.wav" -c:a libopus -b:a 32k "$out/speech.webm"
ff -i "$work/speech_src.wav" -c:a libopus -b:a 32k "$out/speech.ogg"
ff -i "$work/speech_src.wav" -c:a aac -b:a 48k "$out/speech.m4a"
ff -i "$work/speech_src.wav" -c:a libmp3lame -b:a 32k "$out/speech.mp3"
# Safari's MediaRecorder writes fragmented MP4 (moof/trun, no sample table in moov).
ff -i "$work/speech_src.wav" -c:a aac -b:a 48k \
  -movflags frag_keyframe+empty_moov+default_base_moof -frag_duration 1000000 \
  "$out/speech_frag.m4a"
ff -f lavfi -i anullsrc=r=48000:cl=mono -t 3 -c:a libopus -b:a 32k "$out/silence.webm"
ff -f lavfi -i anullsrc=r=48000:cl=mono -t 3 -c:a libopus -b:a 32k "$out/silence.ogg"
ff -f lavfi -i anullsrc=r=44100:cl=mono -t 3 -c:a aac -b:a 48k "$out/silence.m4a"
ff -f lavfi -i anullsrc=r=44100:cl=mono -t 3 -c:a libmp3lame -b:a 32k "$out/silence.mp3"

# Very short clips (0.4 s of speech).
ff -ss 1.0 -t 0.4 -i "$work/speech_src.wav" -c:a libopus -b:a 32k "$out/short.webm"
ff -ss 1.0 -t 0.4 -i "$work/speech_src.wav" -ar 8000 -c:a pcm_s16le "$out/short.wav"
ff -ss 1.0 -t 0.4 -i "$work/speech_src.wav" -c:a libmp3lame -b:a 32k "$out/short.mp3"

# Real Chrome MediaRecorder output: no Duration element, unknown-size Segment and Clusters,
# SimpleBlocks of 60 ms Opus packets at ~128 kbps. The fake microphone loops the input file.
ff -i "$work/speech_src.wav" -ar 48000 -ac 1 "$work/chrome_speech_in.wav"
ff -f lavfi -i anullsrc=r=48000:cl=mono -t 5 -c:a pcm_s16le "$work/chrome_silence_in.wav"
cat >"$work/record.ts" <<'EOF'
import { chromium } from "playwright-core";
const [input, output, ms] = Deno.args;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    `--use-file-for-fake-audio-capture=${input}`,
  ],
});
const page = await browser.newPage();
// localhost is a secure context, which getUserMedia needs.
await page.route("http://localhost/", (r) => r.fulfill({ contentType: "text/html", body: "<p>" }));
await page.goto("http://localhost/");
const b64 = await page.evaluate(async (ms: number) => {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const rec = new MediaRecorder(stream, { mimeType: "audio/webm;codecs=opus" });
  const chunks: Blob[] = [];
  rec.ondataavailable = (e) => chunks.push(e.data);
  const stopped = new Promise((r) => (rec.onstop = r));
  rec.start(1000);
  await new Promise((r) => setTimeout(r, ms));
  rec.stop();
  await stopped;
  const buf = new Uint8Array(await new Blob(chunks).arrayBuffer());
  let s = "";
  for (const b of buf) s += String.fromCharCode(b);
  return btoa(s);
}, Number(ms));
await Deno.writeFile(output, Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
await browser.close();
EOF
(cd "$root" && deno run -A --frozen --config deno.json "$work/record.ts" \
  "$work/chrome_speech_in.wav" "$out/speech_chrome.webm" 4000)
(cd "$root" && deno run -A --frozen --config deno.json "$work/record.ts" \
  "$work/chrome_silence_in.wav" "$out/silence_chrome.webm" 3000)

# Expected durations: ffprobe's container duration, or for files without one (Chrome WebM)
# the end of the last packet.
echo "file bytes ffprobe_duration last_packet_end"
for f in "$out"/*; do
  dur="$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$f")"
  last="$(ffprobe -v error -select_streams a:0 -show_entries packet=pts_time,duration_time \
    -of csv=p=0 "$f" | awk -F, 'NF>=2 && $1!="N/A" {e=$1+$2} END {printf "%.3f", e}')"
  echo "$(basename "$f") $(stat -c %s "$f") $dur $last"
done
