#!/bin/sh
# Previews 100 alarms over 30 days of 1-minute data (43,200 evaluations each) with the release build
# and prints the wall time (min and median of RUNS runs, default 3). Target: under 2 s. There is no peer
# tool that replays CloudWatch alarms locally, so no ratio is printed.
#
# Breakdown: the same command with an alarms file that holds no alarms does everything except
# evaluating and reporting (read the 26 MB of PutMetricData JSON, load the store, walk the ticks), so
# "read" is that run's time and "evaluate + report" is the difference.
set -eu
cd "$(dirname "$0")/../.."
DATA=bench/data/alarms
RUNS=${RUNS:-3}
[ -f "$DATA/alarms.json" ] || python3 bench/alarms/generate.py "$DATA"
printf '{"MetricAlarms": [], "CompositeAlarms": []}\n' > "$DATA/no-alarms.json"
swift build -c release --product vigil >/dev/null
BIN=.build/release/vigil

# Prints "min median" of RUNS wall times of: $BIN preview-alarm ALARMS --data metrics.json --format json > OUT
timed() {
  i=0
  while [ "$i" -lt "$RUNS" ]; do
    start=$(date +%s.%N)
    "$BIN" preview-alarm "$1" --data "$DATA/metrics.json" --format json > "$2"
    end=$(date +%s.%N)
    echo "$end - $start" | bc
    i=$((i + 1))
  done | sort -n | awk '{ t[NR] = $1 } END { printf "%.3f %.3f\n", t[1], t[int((NR + 1) / 2)] }'
}

set -- $(timed "$DATA/alarms.json" "$DATA/out.json")
total_min=$1 total_median=$2
set -- $(timed "$DATA/no-alarms.json" "$DATA/no-alarms-out.json")
read_min=$1 read_median=$2
echo "100 alarms x 30 days of 1-minute data, $RUNS runs: min $total_min s, median $total_median s (target: under 2 s)"
echo "  read $(du -h "$DATA/metrics.json" | cut -f1) of PutMetricData JSON (no-alarms run): min $read_min s, median $read_median s"
echo "  evaluate + report (difference of medians): $(printf "%.3f" "$(echo "$total_median - $read_median" | bc)") s"
echo "history items: $(grep -c '"HistoryItemType"' "$DATA/out.json")"
