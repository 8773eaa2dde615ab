#!/usr/bin/env bash
# Installs what Vigil needs to build (libedit-dev) when it is missing, then builds the vigil binary.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! pkg-config --exists libedit 2>/dev/null && [ ! -f /usr/include/editline/readline.h ]; then
  echo "installing libedit-dev (line editing for the shell)..."
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y libedit-dev >/dev/null || { apt-get update >/dev/null && apt-get install -y libedit-dev >/dev/null; }
  else sudo apt-get install -y libedit-dev >/dev/null || { sudo apt-get update >/dev/null && sudo apt-get install -y libedit-dev >/dev/null; }
  fi
fi
swift build --product vigil 2>&1 | grep -E 'error|warning: unre|Compiling vigil|Build complete' || true
test -x .build/debug/vigil
