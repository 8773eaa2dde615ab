#!/usr/bin/env bash
# Two vigil binaries on the same bytes, interleaved, with grep as the peer of the same run: the check that a change
# (a refactor, a new reader) made nothing slower. Prints, per command, the best wall time of each binary, new/old and
# new/peer, and checks that both binaries print the same answer.
#
#   bench/compare-binaries.sh OLD_VIGIL [NEW_VIGIL] [FILE]
#
# NEW_VIGIL defaults to this checkout's release build; FILE to the team's benchmark file
# (../shared/bench/gen_logs.py FILE 1000000: 1M lines, five services, nested objects), made when missing.
# RUNS (default 5) runs of each, old and new alternating so machine load hits both alike.
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=${1:?usage: bench/compare-binaries.sh OLD_VIGIL [NEW_VIGIL] [FILE]}
NEW=${2:-}
DATA=${3:-bench/data/gen-1000000.jsonl}
RUNS=${RUNS:-5}
if [ -z "$NEW" ]; then
  swift build -c release --product vigil >/dev/null
  NEW="$(swift build -c release --show-bin-path)/vigil"
fi
if [ ! -f "$DATA" ]; then
  GEN=""
  for candidate in ../shared/bench/gen_logs.py /work/shared/bench/gen_logs.py; do [ -f "$candidate" ] && GEN=$candidate && break; done
  [ -n "$GEN" ] || { echo "no $DATA and no shared/bench/gen_logs.py to make it" >&2; exit 2; }
  mkdir -p "$(dirname "$DATA")"
  python3 "$GEN" "$DATA" 1000000
fi
cat "$DATA" > /dev/null  # warm the page cache
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# seconds COMMAND...: wall time of one run, output to $OUT/last.
seconds() {
  local t0=$EPOCHREALTIME
  "$@" > "$OUT/last" 2>/dev/null || true
  local t1=$EPOCHREALTIME
  python3 -c "print(f'{$t1 - $t0:.3f}')"
}

# compare LABEL PEER_COMMAND -- VIGIL_ARGS...: best of RUNS for old, new and the peer.
compare() {
  local label=$1 peer=$2
  shift 3
  local old_best=999 new_best=999 peer_best=999 t
  for _ in $(seq "$RUNS"); do
    t=$(seconds "$OLD" "$@"); cp "$OUT/last" "$OUT/old"; old_best=$(python3 -c "print(min($old_best, $t))")
    t=$(seconds "$NEW" "$@"); cp "$OUT/last" "$OUT/new"; new_best=$(python3 -c "print(min($new_best, $t))")
    if [ -n "$peer" ]; then t=$(seconds bash -c "$peer"); peer_best=$(python3 -c "print(min($peer_best, $t))"); fi
  done
  local same=same
  cmp -s "$OUT/old" "$OUT/new" || same=DIFFERENT
  if [ -n "$peer" ]; then
    printf '%-58s old %6.3f s  new %6.3f s  new/old %5.2f  peer %6.3f s  new/peer %5.2f  answers %s\n' \
      "$label" "$old_best" "$new_best" "$(python3 -c "print($new_best/$old_best)")" "$peer_best" \
      "$(python3 -c "print($new_best/$peer_best)")" "$same"
  else
    printf '%-58s old %6.3f s  new %6.3f s  new/old %5.2f  answers %s\n' \
      "$label" "$old_best" "$new_best" "$(python3 -c "print($new_best/$old_best)")" "$same"
  fi
}

echo "data: $DATA ($(wc -l < "$DATA") lines); best of $RUNS; old: $OLD; new: $NEW"
compare "test-pattern ERROR --count (peer: grep -c)" "LC_ALL=C grep -c ERROR $DATA" -- test-pattern ERROR "$DATA" --count
compare 'test-pattern { $.level = "ERROR" && $.latency_ms > 200 }' "" -- \
  test-pattern '{ $.level = "ERROR" && $.latency_ms > 200 }' "$DATA" --count
compare 'test-pattern %timeout% (regex)' "" -- test-pattern '%timeout%' "$DATA" --count
for query in \
  'filter level = "ERROR" and latency_ms > 200 | stats count(*) as n' \
  'stats count(*) as n, avg(latency_ms) as mean, pct(latency_ms, 99) as p99 by service, bin(1m)' \
  'fields @timestamp, service, latency_ms | sort latency_ms desc | limit 10' \
  'stats count(*) by route, status' \
  'filter customer.tier = "gold" | stats sum(amount) by service' \
  'filter message like /timeout/ | stats count(*) by service'; do
  compare "query ${query:0:50}" "" -- query "$query" "$DATA" --format csv --threads 2
done
