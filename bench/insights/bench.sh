#!/usr/bin/env bash
# Logs Insights benchmark (issue 17): the six queries of the issue and the JSON filter pattern
# `{ $.level = "ERROR" && $.latency_ms > 200 }`, Vigil (whole process, release build) against DuckDB's
# read_json_auto (query time only) with the same number of threads, and jq for the pattern. Runs are
# interleaved, medians count, every answer is compared with DuckDB's (see six_queries.py).
# Usage: bench/insights/bench.sh [LINES...]   (default: 1000000 4000000, to show the cost grows linearly)
#   Data: the shared benchmark file, ../shared/bench/gen_logs.py OUT LINES, kept in bench/data/ (gitignored).
#   RUNS=5 THREADS=2 by default. One query with peak memory and the 1-thread answer: bench/insights/stats-query.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
THREADS=${THREADS:-2}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000000 4000000)
GEN=../shared/bench/gen_logs.py
python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install --quiet duckdb
command -v jq >/dev/null || { echo "jq is needed (apt-get install jq)"; exit 2; }
swift build -c release --product vigil >/dev/null  # always: a stale binary would measure old code
VIGIL="$(swift build -c release --show-bin-path)/vigil"
mkdir -p bench/data
for LINES in "${SIZES[@]}"; do
  DATA="bench/data/gen-${LINES}.jsonl"
  [ -f "$DATA" ] || python3 "$GEN" "$DATA" "$LINES"
  cat "$DATA" > /dev/null  # warm the page cache
  echo "## $LINES lines ($(( $(stat -c %s "$DATA") / 1000000 )) MB), $THREADS threads each, medians of $RUNS"
  python3 bench/insights/six_queries.py "$VIGIL" "$DATA" --runs "$RUNS" --threads "$THREADS"
  echo
done
