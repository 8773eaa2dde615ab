#!/usr/bin/env python3
"""Deterministic JSON-lines payment log for the Insights benchmark (the shared "payment incident").

Writes N lines (default 1,000,000, ~250 MB) over 2026-03-02 09:00-11:00 UTC for the ECS/Lambda services,
with the latency spike on payment-api 10:15-10:30 and the 5xx error burst 10:20-10:27 on payment-api and
payment-authorizer. Same seed, same bytes.
Usage: generate_payment_log.py OUT.jsonl [N]
"""
import random
import sys
from datetime import datetime, timezone

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
rng = random.Random(20260302)
services = ["payment-api", "payment-authorizer", "ledger-writer", "notifier", "fraud-scorer"]
paths = {"payment-api": "/payments", "payment-authorizer": "/authorize", "ledger-writer": "/ledger",
         "notifier": "/notify", "fraud-scorer": "/score"}
tiers = ["bronze", "silver", "gold", "platinum"]
start = int(datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc).timestamp() * 1000)
span = 2 * 3600 * 1000
spike = (start + 75 * 60_000, start + 90 * 60_000)
burst = (start + 80 * 60_000, start + 87 * 60_000)

with open(out, "w") as f:
    for i in range(n):
        t = start + (i * span) // n + rng.randrange(0, 50)
        svc = services[rng.randrange(len(services))]
        lat = int(rng.lognormvariate(4.9, 0.35))
        if svc == "payment-api" and spike[0] <= t < spike[1]:
            lat = rng.randrange(1500, 2500)
        status, level, msg = 200, "INFO", "payment accepted"
        if svc in ("payment-api", "payment-authorizer") and burst[0] <= t < burst[1] and rng.random() < 0.3:
            status, level, msg = rng.choice([500, 502, 503]), "ERROR", "upstream timeout"
        dt = datetime.fromtimestamp(t / 1000, tz=timezone.utc)
        ts = dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t % 1000:03d}Z"
        f.write('{"timestamp":"%s","level":"%s","service":"%s","requestId":"req-%08x","method":"POST",'
                '"path":"%s","status":%d,"latency_ms":%d,"customer":{"id":"c-%04d","tier":"%s"},'
                '"amount":%.2f,"currency":"EUR","message":"%s"}\n'
                % (ts, level, svc, rng.getrandbits(32), paths[svc], status, lat, rng.randrange(10000),
                   tiers[rng.randrange(4)], rng.randrange(100, 100000) / 100, msg))
