#!/usr/bin/env bash
# Fuzzes Vigil's parsers and readers with libFuzzer and AddressSanitizer.
#
#   scripts/fuzz.sh TARGET SECONDS [LIBFUZZER-FLAG...]   one target (see `scripts/fuzz.sh list`)
#   scripts/fuzz.sh all SECONDS [LIBFUZZER-FLAG...]      every target in turn, SECONDS each
#   scripts/fuzz.sh list                                 the target names
#   scripts/fuzz.sh minimize TARGET                      rewrite Fuzz/corpus/TARGET as its -merge=1 minimum
#
# Seeds are read from Fuzz/corpus/TARGET/ (committed, small); inputs the fuzzer finds go to Fuzz/.work/TARGET/
# (ignored by git), so a run never grows the committed corpus. A crash, leak or timeout is written to
# Fuzz/crashes/TARGET/: commit it and fix it; the test suite (Tests/VigilFuzzTargetsTests) replays every file
# of Fuzz/corpus and Fuzz/crashes through the normal build, so it stays fixed.
# One fuzzer runs at a time in one process (no -jobs/-workers): the machines have few cores.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

build() {
  # Release with the sanitisers on every Swift target (the engines too, so coverage guides the fuzzer there).
  mkdir -p Fuzz/.work
  if ! (cd Fuzz && swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -g --product vigil-fuzz) >Fuzz/.work/build.log 2>&1; then
    grep -E "error" Fuzz/.work/build.log | head -20 >&2
    echo "fuzz.sh: the fuzzer did not build; see Fuzz/.work/build.log" >&2
    exit 2
  fi
  binary="$root/Fuzz/.build/release/vigil-fuzz"
  # The target names come from FuzzTargets.all, through the binary.
  mapfile -t targets < <(VIGIL_FUZZ_TARGET=list "$binary")
}

known() { local t; for t in "${targets[@]}"; do [ "$t" = "$1" ] && return 0; done; return 1; }

# run TARGET SECONDS [FLAGS...]: prints one summary line; returns libFuzzer's status.
run() {
  local target=$1 seconds=$2; shift 2
  mkdir -p "Fuzz/.work/$target" "Fuzz/crashes/$target"
  local log="Fuzz/.work/$target.log" status=0 started
  started=$(date +%s)
  VIGIL_FUZZ_TARGET=$target "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="Fuzz/crashes/$target/" "$@" "Fuzz/.work/$target" "Fuzz/corpus/$target" >"$log" 2>&1 || status=$?
  local executions
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ "$status" -eq 0 ]; then
    echo "$target: ${executions:-?} executions in $(( $(date +%s) - started )) s, no crash, leak or timeout"
  else
    echo "$target: FAILED (status $status) after ${executions:-?} executions; see $log and Fuzz/crashes/$target/"
    grep -E "^==[0-9]+==ERROR|SUMMARY|Fatal error|deadly signal|ALARM: working on the last Unit|out-of-memory" "$log" | head -5 | sed 's/^/  /'
  fi
  return "$status"
}

[ $# -ge 1 ] || usage
case $1 in
  list) build; printf '%s\n' "${targets[@]}"; exit 0 ;;
  minimize)
    [ $# -eq 2 ] || usage
    build
    known "$2" || usage
    fresh="Fuzz/.work/$2.min"
    rm -rf "$fresh" && mkdir -p "$fresh"
    VIGIL_FUZZ_TARGET=$2 "$binary" -merge=1 -timeout=10 -rss_limit_mb=2048 "$fresh" "Fuzz/corpus/$2"
    rm -rf "Fuzz/corpus/$2" && mv "$fresh" "Fuzz/corpus/$2"
    echo "Fuzz/corpus/$2: $(ls "Fuzz/corpus/$2" | wc -l) files"
    exit 0 ;;
esac
[ $# -ge 2 ] && [[ $2 =~ ^[0-9]+$ ]] || usage
which=$1 seconds=$2; shift 2
build
if [ "$which" = all ]; then chosen=("${targets[@]}"); else known "$which" || usage; chosen=("$which"); fi
failed=0
for target in "${chosen[@]}"; do run "$target" "$seconds" "$@" || failed=1; done
exit "$failed"
