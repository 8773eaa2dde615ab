#!/usr/bin/env bash
# Formats the Swift sources with the toolchain's swift-format and the checked-in .swift-format.
# `scripts/format.sh --lint` only reports.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--lint" ]; then
  swift format lint --recursive Sources Tests
else
  swift format --in-place --recursive Sources Tests
fi
