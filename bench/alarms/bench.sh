#!/bin/sh
# Previews 100 alarms over 30 days of 1-minute data (43,200 evaluations each) with the release build
# and prints the wall time. Target: under 2 s. There is no peer tool that replays CloudWatch alarms
# locally, so no ratio is printed.
set -eu
cd "$(dirname "$0")/../.."
DATA=bench/data/alarms
[ -f "$DATA/alarms.json" ] || python3 bench/alarms/generate.py "$DATA"
swift build -c release --product vigil >/dev/null
BIN=.build/release/vigil
start=$(date +%s.%N)
"$BIN" preview-alarm "$DATA/alarms.json" --data "$DATA/metrics.json" --format json > "$DATA/out.json"
end=$(date +%s.%N)
echo "100 alarms x 30 days of 1-minute data: $(echo "$end - $start" | bc) s (includes reading $(du -h "$DATA/metrics.json" | cut -f1) of JSON)"
echo "history items: $(grep -c '"HistoryItemType"' "$DATA/out.json")"
