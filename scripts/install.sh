#!/usr/bin/env bash
# Builds vigil in release mode and installs it as PREFIX/bin/vigil (PREFIX defaults to /usr/local).
# Usage: scripts/install.sh [PREFIX]      e.g. scripts/install.sh ~/.local
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-/usr/local}"
swift build -c release --product vigil
binary="$(swift build -c release --show-bin-path)/vigil"
if [ ! -x "$binary" ]; then
  echo "install.sh: error: the release build did not produce $binary" >&2
  exit 1
fi
mkdir -p "$prefix/bin"
install -m 0755 "$binary" "$prefix/bin/vigil"
echo "installed $prefix/bin/vigil ($("$prefix/bin/vigil" --version))"
