#!/usr/bin/env bash
# Every benchmark of bench/ in one run, then one table: figure, Vigil's figure, the peer's, and the ratio.
#
#   bench/run-all.sh            # logs, insights, alarms, export (each bench/NAME/bench.sh when present)
#   BENCHES="logs alarms" bench/run-all.sh
#   BIG=0 bench/run-all.sh      # without the 4 GB file (the first run makes it with gen_logs.py: minutes, 4 GB of disk)
#
# A bench adds rows to the table by printing lines
#   RESULT<TAB>figure<TAB>vigil<TAB>peer<TAB>peer figure<TAB>ratio<TAB>target<TAB>met
# (bench/logs/bench.py does). A bench that prints none is listed with the last lines of its own output; a missing
# or failing bench is noted and the others still run. Each bench's full output is kept in bench/data/run-all/.
set -uo pipefail
cd "$(dirname "$0")/.."
BENCHES=${BENCHES:-"logs insights alarms export"}
OUT=bench/data/run-all
mkdir -p "$OUT"
swift build -c release --product vigil >/dev/null || { echo "release build failed" >&2; exit 2; }
notes=()
for name in $BENCHES; do
  script=bench/$name/bench.sh
  if [ ! -x "$script" ] && [ ! -f "$script" ]; then
    notes+=("$name: skipped (no $script)")
    continue
  fi
  echo "== $name ($script)" >&2
  args=()
  # The logs bench also measures peak memory on a 4 GB file and a 300 MB line (issue 17's memory targets).
  [ "$name" = logs ] && [ "${BIG:-1}" = 1 ] && args=(--big)
  if ! bash "$script" "${args[@]}" > "$OUT/$name.txt" 2>&1; then
    notes+=("$name: FAILED (exit $?; see $OUT/$name.txt)")
  fi
  if ! grep -q '^RESULT' "$OUT/$name.txt"; then
    notes+=("$name: prints no RESULT rows; its last lines:")
    while IFS= read -r line; do notes+=("    $line"); done < <(tail -n 8 "$OUT/$name.txt")
  fi
done

printf '\n%-52s %14s  %-24s %14s %7s %8s %s\n' "figure" "vigil" "peer" "peer figure" "ratio" "target" ""
for name in $BENCHES; do
  [ -f "$OUT/$name.txt" ] || continue
  grep '^RESULT' "$OUT/$name.txt" | while IFS=$'\t' read -r _ figure vigil peer peer_figure ratio target met; do
    printf '%-52s %14s  %-24s %14s %7s %8s %s\n' "$figure" "$vigil" "$peer" "$peer_figure" "$ratio" "$target" "$met"
  done
done
if [ ${#notes[@]} -gt 0 ]; then
  echo
  printf '%s\n' "${notes[@]}"
fi
