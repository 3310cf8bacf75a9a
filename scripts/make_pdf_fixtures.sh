#!/usr/bin/env bash
# Regenerates tests/fixtures/pdf/, the uploads lib/pdf_test.ts and routes/api/job_postings_test.ts
# send:
#   posting_ko.pdf   a Korean job posting with a text layer, printed by Chromium
#   scanned.pdf      the same kind of posting as a picture only (no text layer), like a scan
#   not_a_pdf.pdf    an HTML file renamed .pdf
# The oversized upload is generated inside the tests.
#
# Needs (only here, never at runtime): chromium, fonts-noto-cjk, ffmpeg
#   apt-get install -y chromium fonts-noto-cjk ffmpeg
#
# Usage: scripts/make_pdf_fixtures.sh   (from anywhere)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/tests/fixtures/pdf"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

chrome() {
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$(mktemp -d -p "$work")" \
    --no-pdf-header-footer "$@" 2>/dev/null
}

cat >"$work/posting.html" <<'HTML'
<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>채용 공고</title>
<style>
  body { font-family: "Noto Sans CJK KR", sans-serif; margin: 40px; font-size: 14px; }
  h1 { font-size: 22px; }
</style></head>
<body>
<h1>백엔드 개발자 채용 (Python)</h1>
<p>주식회사 모의면접은 음성 AI 서비스를 함께 만들 백엔드 개발자를 찾습니다.</p>
<h2>주요 업무</h2>
<ul>
  <li>Python, FastAPI 기반 REST API 설계 및 개발</li>
  <li>PostgreSQL 데이터 모델링과 쿼리 성능 개선</li>
</ul>
<h2>자격 요건</h2>
<ul>
  <li>백엔드 개발 경력 3년 이상</li>
  <li>Python, FastAPI, PostgreSQL 실무 경험</li>
  <li>Docker 및 AWS 환경에서의 배포 경험</li>
</ul>
<h2>우대 사항</h2>
<ul><li>대용량 트래픽 서비스 운영 경험</li></ul>
</body></html>
HTML
(cd "$work" && chrome --print-to-pdf="$out/posting_ko.pdf" posting.html)

# A "scan": the posting rendered to a picture, then printed as an image-only page. JPEG keeps it
# small; the page carries no text operators, so text extraction finds nothing.
(cd "$work" && chrome --window-size=700,900 --screenshot="$work/scan.png" posting.html)
ffmpeg -hide_banner -loglevel error -y -i "$work/scan.png" -vf format=gray -q:v 12 "$work/scan.jpg"
cat >"$work/scan.html" <<'HTML'
<!doctype html>
<html><head><meta charset="utf-8"><style>body { margin: 0; } img { width: 100%; }</style></head>
<body><img src="scan.jpg" alt=""></body></html>
HTML
(cd "$work" && chrome --print-to-pdf="$out/scanned.pdf" scan.html)

# Not a PDF at all, only named like one.
cp "$work/scan.html" "$out/not_a_pdf.pdf"

ls -l "$out"
