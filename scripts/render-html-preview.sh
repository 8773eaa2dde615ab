#!/usr/bin/env bash
# Renders a Vigil dashboard preview page with headless Chromium and checks the screenshot is not blank.
# Usage: scripts/render-html-preview.sh HTML_FILE OUT.png
# Exit codes: 0 rendered and not blank, 1 blank or not rendered, 2 bad usage, 3 Chromium missing.
# Chromium is the Debian package `chromium` (apt-get install -y chromium); set CHROMIUM to use another binary.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 HTML_FILE OUT.png" >&2
  exit 2
fi
html=$1
out=$2
if [[ ! -f $html ]]; then
  echo "$0: error: no such file: $html" >&2
  exit 2
fi

browser=${CHROMIUM:-}
if [[ -n $browser ]] && ! command -v "$browser" >/dev/null 2>&1; then
  echo "$0: error: CHROMIUM=$browser is not an executable" >&2
  exit 3
fi
if [[ -z $browser ]]; then
  for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then browser=$candidate; break; fi
  done
fi
if [[ -z $browser ]]; then
  echo "$0: error: Chromium not found; install it with: apt-get install -y chromium" >&2
  exit 3
fi

here=$(cd "$(dirname "$0")" && pwd)
page=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
rm -f "$out"

# A fresh profile keeps runs independent; --hide-scrollbars keeps scrollbars out of the picture.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$profile" \
  --window-size=1600,1200 --screenshot="$out" "file://$page" >/dev/null 2>"$profile/chromium.log" || {
  cat "$profile/chromium.log" >&2
  echo "$0: error: Chromium failed" >&2
  exit 1
}
if [[ ! -s $out ]]; then
  cat "$profile/chromium.log" >&2
  echo "$0: error: Chromium wrote no screenshot to $out" >&2
  exit 1
fi
python3 "$here/check_png_not_blank.py" "$out"
