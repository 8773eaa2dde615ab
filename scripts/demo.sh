#!/usr/bin/env bash
# The main job on the bundled samples, no AWS account needed: replay the payment platform's session with
# its incident data (alarm previews, tuning, CI expectations), then export Terraform JSON, dashboard bodies
# and HTML previews to ./out.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
vigil=.build/debug/vigil
echo; echo "== vigil run samples/incident.vigil --verbose"
$vigil run samples/incident.vigil --verbose
echo; echo "== vigil export samples/payments.vigil --out out --html"
$vigil export samples/payments.vigil --out out --html
[ -f samples/incident.vigil ] && $vigil export samples/incident.vigil --out out/incident --html >/dev/null
echo "open out/incident/dashboards/payment-api.html to see the incident on the dashboard"
