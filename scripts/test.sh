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
# The account tests (Tests/VigilAWSTests) run the real AWS CLI against a local moto server; both come from PyPI.
if ! command -v aws >/dev/null 2>&1 || ! python3 -c 'import moto.server' >/dev/null 2>&1; then
  echo "installing awscli and moto[server] (the account tests' AWS CLI and local server)..."
  python3 -m pip install --quiet awscli 'moto[server]' || echo "warning: pip could not install awscli and moto[server]; the account tests will be skipped"
fi
swift build --build-tests
swift test --skip-build
if [ -d notebooks ] && .build/debug/vigil help test >/dev/null 2>&1; then
  .build/debug/vigil test notebooks/
fi
