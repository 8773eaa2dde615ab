#!/bin/sh
# Times `vigil preview-alarm` (release build) on two workloads and prints the wall time (min and median of RUNS
# runs, default 3):
#   - 100 alarms over 30 days of 1-minute data (10 metrics, 43,200 evaluations per alarm); target under 2 s;
#   - 1,000 alarms over 14 days of 1-minute data (100 metrics, 20,160 evaluations per alarm; issue 13); target under 2 s.
# There is no peer tool that replays CloudWatch alarms locally, so no ratio is printed.
#
# Breakdown: the same command with an alarms file that holds no alarms does everything except evaluating and
# reporting (read the PutMetricData JSON, load the store, walk the ticks), so "read" is that run's time and
# "evaluate + report" is the difference.
set -eu
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
swift build -c release --product vigil >/dev/null
BIN=.build/release/vigil

# Prints "min median cpu_min cpu_median" of RUNS runs of: $BIN preview-alarm ALARMS --data METRICS --format json > OUT
# (wall seconds, then user + system CPU seconds: on a shared machine the CPU time is the steadier figure).
# Prints "min median" of column $1 of file $2.
column_stats() {
  cut -d' ' -f"$1" "$2" | sort -n | awk '{ t[NR] = $1 } END { printf "%s %s", t[1], t[int((NR + 1) / 2)] }'
}

timed() {
  : > "$3.runs"
  i=0
  while [ "$i" -lt "$RUNS" ]; do
    /usr/bin/time -f "%e %U %S" -o "$3.time" "$BIN" preview-alarm "$1" --data "$2" --format json > "$3"
    awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$3.time" >> "$3.runs"
    i=$((i + 1))
  done
  echo "$(column_stats 1 "$3.runs") $(column_stats 2 "$3.runs")"
}

# workload NAME ALARMS DAYS METRICS
workload() {
  data=bench/data/alarms-$1
  [ -f "$data/alarms.json" ] || python3 bench/alarms/generate.py "$data" "$2" "$3" "$4"
  printf '{"MetricAlarms": [], "CompositeAlarms": []}\n' > "$data/no-alarms.json"
  set -- "$2" "$3" "$4" $(timed "$data/alarms.json" "$data/metrics.json" "$data/out.json")
  alarms=$1 days=$2 metrics=$3 total_min=$4 total_median=$5 cpu_min=$6 cpu_median=$7
  set -- $(timed "$data/no-alarms.json" "$data/metrics.json" "$data/no-alarms-out.json")
  read_min=$1 read_median=$2 read_cpu_median=$4
  echo "$alarms alarms x $days days of 1-minute data ($metrics metrics), $RUNS runs: min $total_min s, median $total_median s (target: under 2 s); CPU (user + sys) min $cpu_min s, median $cpu_median s"
  echo "  read $(du -h "$data/metrics.json" | cut -f1) of PutMetricData JSON (no-alarms run): min $read_min s, median $read_median s; CPU median $read_cpu_median s"
  echo "  evaluate + report (difference of medians): $(printf "%.3f" "$(echo "$total_median - $read_median" | bc)") s; CPU $(printf "%.2f" "$(echo "$cpu_median - $read_cpu_median" | bc)") s"
  echo "  history items: $(grep -o '"HistoryItemType"' "$data/out.json" | wc -l)"
  # A row for bench/run-all.sh's table; no peer tool replays CloudWatch alarms locally.
  met=$(echo "$total_median < 2" | bc | sed 's/1/met/; s/0/missed/')
  printf 'RESULT\t%s alarms x %s days preview-alarm (median wall)\t%s s\t-\t-\t-\t< 2 s\t%s\n' "$alarms" "$days" "$total_median" "$met"
}

workload 100x30d 100 30 10
workload 1000x14d 1000 14 100
