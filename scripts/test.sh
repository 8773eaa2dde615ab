#!/usr/bin/env bash
# The test command CI runs: unit and integration tests, then the teaching notebooks.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# cfn-lint (PyPI) lints the CloudFormation export in the tests, which skip with a message without it.
if ! command -v cfn-lint >/dev/null 2>&1 && [ ! -x "$HOME/.local/bin/cfn-lint" ]; then
  echo "installing cfn-lint (lints the CloudFormation export in the tests)..."
  python3 -m pip install --user --quiet cfn-lint || echo "could not install cfn-lint; its tests will be skipped" >&2
fi
swift build --build-tests
swift test --skip-build
if [ -d notebooks ] && .build/debug/vigil help test >/dev/null 2>&1; then
  .build/debug/vigil test notebooks/
fi
