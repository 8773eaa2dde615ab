#!/usr/bin/env bash
# Logs Insights engine benchmark: `vigil query` against DuckDB (2 threads, read_json_auto) on the 1M-line
# payment log, in one run. Prints both times, the ratio, peak memory, and checks that the answers agree.
# Usage: bench/insights/stats-query.sh [LINES]   (default 1000000; data goes to bench/data/, which is gitignored)
#   The data is the shared payment-api benchmark file of bench/logs (generate_payment_logs.py bench).
#   DATASET=services bench/insights/bench.sh uses bench/insights/generate_payment_log.py instead: five services,
#   so `by service, bin(1m)` has 600 groups rather than 120.
set -euo pipefail
cd "$(dirname "$0")/../.."
LINES="${1:-1000000}"
if [ "${DATASET:-}" = services ]; then
  DATA="bench/data/payment-${LINES}.jsonl"
else
  DATA="bench/data/payment-api-${LINES}.jsonl"
fi
QUERY='stats count(*) as n, avg(latency_ms) as mean, pct(latency_ms, 99) as p99 by service, bin(1m)'
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

python3 -c 'import duckdb' 2>/dev/null || pip install duckdb >/dev/null
mkdir -p bench/data
if [ ! -f "$DATA" ]; then
  if [ "${DATASET:-}" = services ]; then
    python3 bench/insights/generate_payment_log.py "$DATA" "$LINES"
  else
    python3 bench/logs/generate_payment_logs.py bench "$DATA" --lines "$LINES"
  fi
fi
swift build -c release --product vigil >/dev/null
VIGIL="$(swift build -c release --show-bin-path)/vigil"
SIZE_MB=$(( $(stat -c %s "$DATA") / 1000000 ))
echo "data: $DATA ($LINES lines, $SIZE_MB MB)"
echo "query: $QUERY"
cat "$DATA" > /dev/null  # warm the page cache for both tools

best() { sort -n | head -1; }
vigil_times=()
for run in 1 2 3; do
  /usr/bin/time -f "%e %M" -o "$OUT/vigil.time" "$VIGIL" query "$QUERY" "$DATA" --format csv --threads 2 > "$OUT/vigil.csv"
  vigil_times+=("$(cut -d' ' -f1 "$OUT/vigil.time")")
  vigil_rss=$(cut -d' ' -f2 "$OUT/vigil.time")
done
/usr/bin/time -f "%e %M" -o "$OUT/vigil1.time" "$VIGIL" query "$QUERY" "$DATA" --format csv --threads 1 > "$OUT/vigil1.csv"
cmp -s "$OUT/vigil1.csv" "$OUT/vigil.csv" || { echo "1-thread and 2-thread answers differ"; exit 1; }
duck_times=()
for run in 1 2 3; do
  duck_times+=("$(/usr/bin/time -f "%M" -o "$OUT/duck.time" python3 bench/insights/duckdb_query.py "$DATA" "$OUT/duck.csv")")
  duck_rss=$(cat "$OUT/duck.time")
done
vigil_best=$(printf '%s\n' "${vigil_times[@]}" | best)
duck_best=$(printf '%s\n' "${duck_times[@]}" | best)

# Same answers? Counts and means from the timed runs; p99 against DuckDB computing the same nearest-rank rule.
python3 bench/insights/duckdb_query.py "$DATA" "$OUT/duck-check.csv" --check > /dev/null
python3 - "$OUT/vigil.csv" "$OUT/duck-check.csv" <<'PY'
import csv, sys
vigil = {(r[0], r[1]): r[2:] for r in list(csv.reader(open(sys.argv[1])))[1:]}
duck = {(r[0], r[1]): r[2:] for r in csv.reader(open(sys.argv[2]))}
assert vigil.keys() == duck.keys(), f"groups differ: {len(vigil)} vs {len(duck)}"
for k in vigil:
    (vn, vm, vp), (dn, dm, dp) = vigil[k], duck[k]
    assert int(vn) == int(dn), (k, vn, dn)
    assert abs(float(vm) - float(dm)) <= 1e-9 * abs(float(dm)), (k, vm, dm)
    assert float(vp) == float(dp), (k, vp, dp)
print(f"answers agree: {len(vigil)} groups (count, mean, nearest-rank p99)")
PY

echo "vigil  (2 threads): best ${vigil_best}s of [${vigil_times[*]}] (whole process), peak RSS $((vigil_rss / 1024)) MB"
echo "vigil  (1 thread):  $(cut -d' ' -f1 "$OUT/vigil1.time")s (one run, same answer), peak RSS $(( $(cut -d' ' -f2 "$OUT/vigil1.time") / 1024 )) MB"
echo "duckdb (2 threads): best ${duck_best}s of [${duck_times[*]}] (query only, inside Python), peak RSS $((duck_rss / 1024)) MB"
python3 -c "import sys; v, d = float(sys.argv[1]), float(sys.argv[2]); print(f'ratio duckdb/vigil: {d / v:.2f}x ' + ('(vigil faster)' if v < d else '(vigil slower)'))" "$vigil_best" "$duck_best"
