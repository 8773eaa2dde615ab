#!/usr/bin/env bash
# Filter-pattern benchmark on the team's benchmark file (../shared/bench/gen_logs.py, 1M and 4M lines):
# `vigil test-pattern --count` against `grep -c` and `rg -c` (term and phrase patterns), `zcat | grep -c` (.gz)
# and DuckDB (a JSON pattern), medians of interleaved whole-process runs, with ratios and peak memory.
#
#   bench/logs/bench.sh [--lines 1000000,4000000] [--runs 5] [--big]
#
# --big also measures peak memory of test-pattern --count and the Insights stats query on a 4 GB file
# (gen_logs.py's 16M lines, kept in bench/data) and on a file with one 300 MB line (made and deleted).
# Data goes to bench/data/ (gitignored; DATA_DIR overrides). Targets (issue 17): term count <= 1.0x grep -c and
# rg -c; .gz count >= 1.3x faster than zcat | grep -c; peak memory <= 100 MB.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product vigil >/dev/null  # always: a stale binary would measure old code
exec python3 bench/logs/bench.py "$@"
