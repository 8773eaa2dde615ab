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
# The account tests (Tests/VigilAWSTests) run the real AWS CLI against a local moto server; both come from PyPI.
if ! command -v aws >/dev/null 2>&1 || ! python3 -c 'import moto.server' >/dev/null 2>&1; then
  echo "installing awscli and moto[server] (the account tests' AWS CLI and local server)..."
  python3 -m pip install --quiet awscli 'moto[server]' || echo "warning: pip could not install awscli and moto[server]; the account tests will be skipped"
fi
swift build --product vigil 2>&1 | grep -E 'error|warning: unre|Compiling vigil|Build complete' || true
test -x .build/debug/vigil
