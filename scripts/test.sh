#!/usr/bin/env bash
# The test command CI runs: unit and integration tests, then the teaching notebooks.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
swift test --skip-build
if [ -d notebooks ] && .build/debug/vigil help test >/dev/null 2>&1; then
  .build/debug/vigil test notebooks/
fi
