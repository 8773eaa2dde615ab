#!/usr/bin/env bash
# Installs what Vigil needs to build (libedit-dev) when it is missing, then builds the vigil binary.
set -euo pipefail
cd "$(dirname "$0")/.."
# apt_install PACKAGE WHY: installs a Debian package, refreshing the package lists once if the first try fails.
apt_install() {
  echo "installing $1 ($2)..."
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y "$1" >/dev/null || { $sudo apt-get update >/dev/null && $sudo apt-get install -y "$1" >/dev/null; }
}
if ! pkg-config --exists libedit 2>/dev/null && [ ! -f /usr/include/editline/readline.h ]; then
  apt_install libedit-dev "line editing for the shell"
fi
if ! pkg-config --exists zlib 2>/dev/null && [ ! -f /usr/include/zlib.h ]; then
  apt_install zlib1g-dev "reading .gz log files in process"
fi
# A failed build fails the script (an older binary left in .build must not pass for a new one).
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
swift build --product vigil >"$log" 2>&1 || status=$?
grep -E 'error|warning: unre|Compiling vigil|Build complete' "$log" || true
if [ "$status" -ne 0 ]; then
  echo "setup.sh: error: swift build failed (exit $status); the errors are above" >&2
  exit 1
fi
test -x .build/debug/vigil
