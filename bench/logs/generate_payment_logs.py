#!/usr/bin/env python3
"""Deterministic payment-platform logs for Vigil's samples and benchmarks.

The shared "payment incident" (see the helper brief): 2026-03-02, 09:00:00-11:00:00 UTC;
payment-api latency spike 10:15-10:30 (p99 ~1500-2500 ms instead of ~120-300 ms) and an error burst
(level ERROR, HTTP 5xx) 10:20-10:27 on payment-api and payment-authorizer.

  generate_payment_logs.py samples OUT_DIR            # samples/logs (a few MB, one file gzipped)
  generate_payment_logs.py bench OUT_FILE [--lines N]  # the 1M-line (~250 MB) payment-api benchmark file

Same seed, same bytes: the output is reproducible on any machine with Python 3.
"""
import argparse
import datetime as dt
import gzip
import json
import math
import os
import random

SEED = 20260302
DAY = dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)
START = DAY.replace(hour=9)
END = DAY.replace(hour=11)
SPIKE = (DAY.replace(hour=10, minute=15), DAY.replace(hour=10, minute=30))
ERRORS = (DAY.replace(hour=10, minute=20), DAY.replace(hour=10, minute=27))
TIERS = ["standard"] * 6 + ["gold"] * 3 + ["platinum"]
CURRENCIES = ["EUR"] * 6 + ["USD"] * 3 + ["GBP"]


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def millis(t):
    return int(t.timestamp() * 1000)


def uuid(rng):
    h = "%032x" % rng.getrandbits(128)
    return "%s-%s-4%s-a%s-%s" % (h[:8], h[8:12], h[13:16], h[17:20], h[20:32])


def within(t, window):
    return window[0] <= t < window[1]


def arrivals(rng, per_second, start=START, end=END):
    """Poisson arrivals between start and end."""
    t = start
    while True:
        t += dt.timedelta(seconds=rng.expovariate(per_second))
        if t >= end:
            return
        yield t.replace(microsecond=(t.microsecond // 1000) * 1000)


def payment_api_line(rng, t):
    """One ECS JSON log line of payment-api."""
    spike = within(t, SPIKE)
    burst = within(t, ERRORS)
    # Lognormal latency: median 90 ms / p99 ~290 ms normally; median 600 ms / p99 ~2000 ms in the spike.
    latency = int(rng.lognormvariate(math.log(600 if spike else 90), 0.52 if spike else 0.5))
    r = rng.random()
    method, path = ("POST", "/payments") if r < 0.7 else (("GET", "/payments/pay-%06d" % rng.randrange(10**6)) if r < 0.9 else ("POST", "/refunds"))
    level, status, message = "INFO", 200, "payment accepted" if path == "/payments" else ("payment found" if method == "GET" else "refund accepted")
    r = rng.random()
    if burst and r < 0.3:
        level, status = "ERROR", rng.choice([500, 502, 502, 503, 504])
        message = {500: "internal error", 502: "authorizer returned an invalid response", 503: "authorizer unavailable",
                   504: "authorizer timed out"}[status]
    elif r < 0.004:
        level, status, message = "ERROR", 500, "internal error"
    elif r < 0.02:
        level, status, message = "WARN", 402, "card declined"
    elif r < 0.03:
        level, status, message = "WARN", 400, "invalid request"
    record = {
        "timestamp": iso(t), "level": level, "service": "payment-api", "requestId": uuid(rng), "method": method,
        "path": path, "status": status, "latency_ms": latency,
        "customer": {"id": "c-%04d" % rng.randrange(1, 5000), "tier": rng.choice(TIERS)},
        "amount": round(rng.lognormvariate(math.log(40), 0.9), 2), "currency": rng.choice(CURRENCIES), "message": message,
    }
    return json.dumps(record, separators=(",", ":"))


def fraud_scorer_line(rng, t):
    score = round(rng.betavariate(1.2, 9), 3)
    decision = "decline" if score > 0.7 else ("review" if score > 0.45 else "approve")
    record = {
        "timestamp": iso(t), "level": "WARN" if decision == "decline" else "INFO", "service": "fraud-scorer",
        "requestId": uuid(rng), "model": "fs-v7", "score": score, "decision": decision,
        "latency_ms": int(rng.lognormvariate(math.log(60 if within(t, SPIKE) else 35), 0.4)),
        "message": "score computed",
    }
    return json.dumps(record, separators=(",", ":"))


def lambda_invocation(rng, t, function, memory, errors_window):
    """START / log lines / END / REPORT of one invocation, each prefixed with its ISO-8601 time."""
    rid = uuid(rng)
    lines = ["%s START RequestId: %s Version: $LATEST" % (iso(t), rid)]
    cold = rng.random() < 0.01
    failing = errors_window is not None and within(t, errors_window) and rng.random() < 0.35
    if failing:
        duration = 3000.0 + rng.random() * 3
    elif function == "payment-authorizer":
        duration = rng.lognormvariate(math.log(180 if within(t, SPIKE) else 45), 0.45)
    else:
        duration = rng.lognormvariate(math.log(25), 0.35)
    step = t + dt.timedelta(milliseconds=2)
    if function == "payment-authorizer":
        lines.append("%s\t%s\tINFO\tauthorizing payment pay-%06d amount=%.2f %s" % (
            iso(step), rid, rng.randrange(10**6), rng.lognormvariate(math.log(40), 0.9), rng.choice(CURRENCIES)))
        if failing:
            lines.append('%s\t%s\tERROR\tInvoke Error \t{"errorType":"TimeoutError","errorMessage":"issuer gateway timed out after 3000 ms"}' % (
                iso(t + dt.timedelta(milliseconds=3000)), rid))
        else:
            lines.append("%s\t%s\tINFO\tauthorized code=%s" % (iso(step + dt.timedelta(milliseconds=int(duration * 0.8))), rid,
                                                                 "%06d" % rng.randrange(10**6)))
    else:
        lines.append("%s\t%s\tINFO\tledger entry written account=acc-%05d entries=2" % (
            iso(step + dt.timedelta(milliseconds=int(duration * 0.7))), rid, rng.randrange(10**5)))
    end = t + dt.timedelta(milliseconds=int(duration))
    lines.append("%s END RequestId: %s" % (iso(end), rid))
    report = "%s REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\tMax Memory Used: %d MB\t" % (
        iso(end), rid, duration, math.ceil(duration), memory, int(memory * rng.uniform(0.14, 0.22)))
    if cold:
        report += "Init Duration: %.2f ms\t" % rng.uniform(250, 600)
    lines.append(report)
    return end, lines


def lambda_log(rng, function, memory, per_second, errors_window):
    out = []
    for t in arrivals(rng, per_second):
        out.append(lambda_invocation(rng, t, function, memory, errors_window))
    # Lines are written in time order, as a log stream stores them.
    lines = [(line[:24], i, line) for i, (_, ls) in enumerate(out) for line in ls]
    lines.sort()
    return [line for _, _, line in lines]


def write(path, lines, compress=False):
    data = ("\n".join(lines) + "\n").encode()
    if compress:
        # mtime=0 keeps the .gz bytes reproducible.
        with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
            f.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)
    print("%-60s %8d lines %10d bytes" % (path, len(lines), os.path.getsize(path)))


def samples(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(SEED)
    api = [(t, payment_api_line(rng, t)) for t in arrivals(rng, 2.0)]
    write(os.path.join(out_dir, "payment-api.jsonl.gz"), [line for _, line in api], compress=True)
    write(os.path.join(out_dir, "fraud-scorer.jsonl"), [fraud_scorer_line(rng, t) for t in arrivals(rng, 0.5)])
    write(os.path.join(out_dir, "payment-authorizer.log"), lambda_log(rng, "payment-authorizer", 512, 0.35, ERRORS))
    write(os.path.join(out_dir, "ledger-writer.log"), lambda_log(rng, "ledger-writer", 256, 0.25, None))
    # What `aws logs filter-log-events --log-group-name /ecs/payment-api-dev --filter-pattern '{ $.level = "ERROR" }'
    # --start-time <10:20> --end-time <10:27>` prints (AWS CLI JSON output, 4-space indent).
    streams = ["ecs/payment-api/%032x" % rng.getrandbits(128) for _ in range(2)]
    events = []
    for t, line in api:
        if within(t, ERRORS) and '"level":"ERROR"' in line:
            events.append({
                "logStreamName": streams[len(events) % 2], "timestamp": millis(t), "message": line,
                "ingestionTime": millis(t) + rng.randrange(200, 900), "eventId": "%056d" % rng.getrandbits(160),
            })
    document = {"events": events, "searchedLogStreams": [{"logStreamName": s, "searchedCompletely": True} for s in streams]}
    path = os.path.join(out_dir, "payment-api-errors.filter-log-events.json")
    with open(path, "w") as f:
        json.dump(document, f, indent=4)
        f.write("\n")
    print("%-60s %8d events %9d bytes" % (path, len(events), os.path.getsize(path)))


def bench(out_file, lines):
    os.makedirs(os.path.dirname(out_file) or ".", exist_ok=True)
    rng = random.Random(SEED + 1)
    per_second = lines / (END - START).total_seconds()
    count = 0
    with open(out_file, "w") as f:
        t = START
        step = (END - START) / lines
        buffer = []
        for i in range(lines):
            # Evenly spaced with jitter so exactly `lines` lines are written.
            ts = START + step * i + dt.timedelta(milliseconds=rng.randrange(0, max(1, int(1000 / per_second))))
            ts = ts.replace(microsecond=(ts.microsecond // 1000) * 1000)
            buffer.append(payment_api_line(rng, ts))
            if len(buffer) == 10000:
                f.write("\n".join(buffer) + "\n")
                count += len(buffer)
                buffer = []
        if buffer:
            f.write("\n".join(buffer) + "\n")
            count += len(buffer)
    print("%s %d lines %d bytes" % (out_file, count, os.path.getsize(out_file)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("samples")
    s.add_argument("out_dir")
    b = sub.add_parser("bench")
    b.add_argument("out_file")
    b.add_argument("--lines", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.command == "samples":
        samples(args.out_dir)
    else:
        bench(args.out_file, args.lines)


if __name__ == "__main__":
    main()
