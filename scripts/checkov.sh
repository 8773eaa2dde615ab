#!/usr/bin/env bash
# Exports samples/payments.vigil (or the session given as $1) and runs Checkov's terraform_json
# framework on both layouts Vigil writes: the CDKTF layout (stacks/<stack>/cdk.tf.json) and
# plain Terraform (main.tf.json). Installs Checkov from PyPI into a private virtualenv when it
# is not on PATH. Prints passed/failed/skipped per layout and the failed checks; exits 1 when
# any check fails, 0 otherwise.
#
#   scripts/checkov.sh [SESSION] [SUFFIX]
#   CHECKOV_VENV=DIR    where to install Checkov (default ~/.cache/vigil/checkov-venv)
#   VIGIL=PATH          the vigil binary (default: swift build --product vigil)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
session="${1:-$root/samples/payments.vigil}"
suffix="${2:-qa1}"

if command -v checkov >/dev/null 2>&1; then
  checkov="$(command -v checkov)"
else
  venv="${CHECKOV_VENV:-$HOME/.cache/vigil/checkov-venv}"
  if [ ! -x "$venv/bin/checkov" ]; then
    echo "checkov.sh: installing checkov from PyPI into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
    "$venv/bin/pip" install --quiet checkov
  fi
  checkov="$venv/bin/checkov"
fi
echo "checkov $("$checkov" --version)"

if [ -z "${VIGIL:-}" ]; then
  (cd "$root" && swift build --product vigil >/dev/null)
  VIGIL="$(cd "$root" && swift build --product vigil --show-bin-path)/vigil"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for layout in cdktf plain; do
  out="$work/$layout"
  if [ "$layout" = plain ]; then
    "$VIGIL" export "$session" --out "$out" --suffix "$suffix" --plain >/dev/null
  else
    "$VIGIL" export "$session" --out "$out" --suffix "$suffix" >/dev/null
  fi
  # Checkov reads OUT/.checkov.yaml (written by the export) because OUT is the -d directory.
  "$checkov" -d "$out" --framework terraform_json --skip-download --output json --quiet --compact \
    >"$work/$layout.json" 2>"$work/$layout.err" || true
  python3 - "$layout" "$work/$layout.json" "$work/$layout.err" <<'PY' || status=1
import json, sys
layout, path, err = sys.argv[1:]
text = open(path).read().strip()
if not text:
    print(f"{layout}: checkov wrote no report; stderr:\n" + open(err).read())
    sys.exit(1)
report = json.loads(text)
reports = report if isinstance(report, list) else [report]
passed = failed = skipped = 0
failures, skips = [], []
for r in reports:
    s = r.get("summary", {})
    passed += s.get("passed", 0); failed += s.get("failed", 0); skipped += s.get("skipped", 0)
    results = r.get("results", {})
    failures += [f"  {c['check_id']} {c['resource']}: {c['check_name']}" for c in results.get("failed_checks", [])]
    skips += [f"{c['check_id']} {c['resource']}" for c in results.get("skipped_checks", [])]
errors = open(err).read()
if "Traceback" in errors or "Failed to" in errors:
    print(f"{layout}: checkov reported parsing problems:\n{errors}")
print(f"{layout}: passed {passed}, failed {failed}, skipped {skipped}")
for line in sorted(failures):
    print(line)
skipped_ids = sorted({s.split()[0] for s in skips})
if skipped_ids:
    print(f"  skipped by .checkov.yaml: {', '.join(skipped_ids)}")
sys.exit(1 if failed or passed == 0 else 0)
PY
  # The same export without .checkov.yaml: what the skips hide, so the list can be reviewed.
  bare="$work/$layout-bare"
  cp -r "$out" "$bare"
  find "$bare" -name .checkov.yaml -delete
  "$checkov" -d "$bare" --framework terraform_json --skip-download --output json --quiet --compact 2>/dev/null \
    | python3 -c 'import json,sys
t=sys.stdin.read().strip(); r=json.loads(t) if t else []; r=r if isinstance(r,list) else [r]
f=[c["check_id"] for x in r for c in x.get("results",{}).get("failed_checks",[])]
print("  without .checkov.yaml: failed %d (%s)" % (len(f), ", ".join("%s x%d" % (i, f.count(i)) for i in sorted(set(f)))))' || true
done
exit $status
