#!/usr/bin/env python3
"""The six Logs Insights queries of issue 17 and the JSON filter pattern, Vigil against DuckDB (and jq), in one run.

Usage: six_queries.py VIGIL FILE [--runs N] [--threads T] [--only 1,3] [--no-pattern] [--no-jq]

Vigil runs as a whole process (`vigil query Q FILE --format csv --threads T`); DuckDB runs in this process with
`SET threads=T` and only the query is timed (`read_json_auto` included, as it is the read; Python start-up and
the connection are not). Runs of the two tools are interleaved (one Vigil run, then one DuckDB run, N times) so a
busy machine slows both alike; the medians count. Every answer is compared with DuckDB's: counts exact, sums and
averages to a relative 1e-9 (they are added in another order), p99 against DuckDB computing the nearest-rank rule
(the value at rank ceil(0.99 n), as `AggregateState.nearestRank` documents; the timed DuckDB query uses its own
quantile_disc). Prints one markdown table.
"""
import csv
import io
import math
import statistics
import subprocess
import sys
import time

import duckdb

args = sys.argv[1:]
vigil, path = args[0], args[1]
runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 5
threads = int(args[args.index("--threads") + 1]) if "--threads" in args else 2
only = [int(x) for x in args[args.index("--only") + 1].split(",")] if "--only" in args else None

SRC = "read_json_auto(?)"
BUCKET = "strftime(time_bucket(INTERVAL 1 minute, \"timestamp\"), '%Y-%m-%d %H:%M:%S.000')"
# (Insights query, timed DuckDB SQL, DuckDB SQL whose rows are compared, how to compare)
QUERIES = [
    ('filter level = "ERROR" and latency_ms > 200 | stats count(*) as n',
     f"SELECT count(*) FROM {SRC} WHERE level = 'ERROR' AND latency_ms > 200", None, "rows"),
    ("stats count(*) as n, avg(latency_ms) as mean, pct(latency_ms, 99) as p99 by service, bin(1m)",
     f"SELECT service, {BUCKET}, count(*), avg(latency_ms), quantile_disc(latency_ms, 0.99) FROM {SRC} GROUP BY ALL",
     f"SELECT service, {BUCKET}, count(*), avg(latency_ms), "
     f"list_sort(list(latency_ms))[CAST(ceil(0.99 * count(*)) AS BIGINT)] FROM {SRC} GROUP BY ALL", "rows"),
    ("fields @timestamp, service, latency_ms | sort latency_ms desc | limit 10",
     f"SELECT strftime(\"timestamp\", '%Y-%m-%d %H:%M:%S.%g'), service, latency_ms FROM {SRC} "
     "ORDER BY latency_ms DESC LIMIT 10", None, "top"),
    ("stats count(*) by route, status",
     f"SELECT route, status, count(*) FROM {SRC} GROUP BY ALL", None, "rows"),
    ('filter customer.tier = "gold" | stats sum(amount) by service',
     f"SELECT service, sum(amount) FROM {SRC} WHERE customer.tier = 'gold' GROUP BY ALL", None, "rows"),
    ("filter message like /timeout/ | stats count(*) by service",
     f"SELECT service, count(*) FROM {SRC} WHERE message LIKE '%timeout%' GROUP BY ALL", None, "rows"),
]
PATTERN = '{ $.level = "ERROR" && $.latency_ms > 200 }'
PATTERN_SQL = f"SELECT count(*) FROM {SRC} WHERE level = 'ERROR' AND latency_ms > 200"
JQ = 'select(.level == "ERROR" and .latency_ms > 200)'


# "If you omit limit, the query will return as many as 10,000 log events in the results" (CloudWatch Logs Insights
# query syntax); stats results are capped the same way.
INSIGHTS_ROW_CAP = 10_000


def same_cell(a, b):
    """Numbers to a relative 1e-9 (exact for integers), text exactly."""
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        return str(a) == str(b)
    if x == y:
        return True
    return abs(x - y) <= 1e-9 * max(abs(x), abs(y))


def same_rows(vigil_rows, duck_rows, mode):
    if mode == "top":
        # Ties on latency_ms may be listed in another order: compare the sorted rows.
        return sorted(map(tuple, vigil_rows)) == sorted(tuple(str(c) for c in r) for r in duck_rows) or \
            [float(r[2]) for r in vigil_rows] == [float(r[2]) for r in duck_rows]
    key = lambda r: tuple(str(c) for c in r[:-1] if True)
    duck = sorted((tuple("" if c is None else str(c) for c in r) for r in duck_rows))
    mine = sorted(tuple(r) for r in vigil_rows)
    if len(duck) > INSIGHTS_ROW_CAP and len(mine) == INSIGHTS_ROW_CAP:
        # Logs Insights returns at most 10,000 rows; each one Vigil gives must be DuckDB's row for the same group.
        by_group = {d[:-3]: d for d in duck}
        return all(v[:-3] in by_group and all(same_cell(x, y) for x, y in zip(v, by_group[v[:-3]])) for v in mine)
    if len(duck) != len(mine):
        return False
    for d, v in zip(duck, mine):
        if len(d) != len(v) or not all(same_cell(x, y) for x, y in zip(v, d)):
            return False
    return True


def run_vigil(argv):
    start = time.perf_counter()
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - start, out


con = duckdb.connect()
con.execute(f"SET threads={threads}")
rows = []
selected = [(i + 1, q) for i, q in enumerate(QUERIES) if only is None or i + 1 in only]
for number, (query, sql, check_sql, mode) in selected:
    vt, dt = [], []
    for _ in range(runs):
        t, out = run_vigil([vigil, "query", query, path, "--format", "csv", "--threads", str(threads)])
        vt.append(t)
        start = time.perf_counter()
        duck_rows = con.execute(sql, [path]).fetchall()
        dt.append(time.perf_counter() - start)
    vigil_rows = list(csv.reader(io.StringIO(out)))[1:]
    if check_sql:
        duck_rows = con.execute(check_sql, [path]).fetchall()
    equal = same_rows(vigil_rows, duck_rows, mode)
    v, d = statistics.median(vt), statistics.median(dt)
    capped = len(vigil_rows) == INSIGHTS_ROW_CAP and len(duck_rows) > INSIGHTS_ROW_CAP
    note = f" (Insights' first 10,000 of {len(duck_rows):,} rows)" if capped else ""
    rows.append((f"{number}. `{query.replace('|', chr(92) + '|')}`{note}", v, d, equal))
    print(f"query {number}: vigil {v:.3f}s duckdb {d:.3f}s ratio {v / d:.2f} equal {equal}", file=sys.stderr)

if "--no-pattern" not in args:
    vt, dt, jt = [], [], []
    for k in range(runs):
        t, out = run_vigil([vigil, "test-pattern", PATTERN, path, "--count"])
        vt.append(t)
        start = time.perf_counter()
        duck_count = con.execute(PATTERN_SQL, [path]).fetchone()[0]
        dt.append(time.perf_counter() - start)
        if k == 0 and "--no-jq" not in args:
            start = time.perf_counter()
            jq = subprocess.run(f"jq -c '{JQ}' {path} | wc -l", shell=True, check=True, capture_output=True, text=True)
            jt.append(time.perf_counter() - start)
            jq_count = int(jq.stdout.strip())
    vigil_count = int(out.strip().split()[-1])
    v, d = statistics.median(vt), statistics.median(dt)
    equal = vigil_count == duck_count and (not jt or jq_count == duck_count)
    rows.append((f"pattern `{PATTERN}` (count)", v, d, equal))
    if jt:
        print(f"jq: {jt[0]:.2f}s (one run), vigil {jt[0] / v:.0f}x faster", file=sys.stderr)
        jq_row = (v, jt[0])

print(f"| query | vigil {threads}T (s) | DuckDB {threads}T (s) | ratio | answers equal |")
print("|---|---|---|---|---|")
for name, v, d, equal in rows:
    print(f"| {name} | {v:.3f} | {d:.3f} | {v / d:.2f} | {'yes' if equal else 'NO'} |")
# One row per figure for bench/run-all.sh's table (figure, vigil, peer, peer figure, ratio, target, met).
lines = sum(1 for _ in open(path, "rb"))
size = f"{lines // 1000000}M lines" if lines % 1000000 == 0 else f"{lines} lines"
for name, v, d, equal in rows:
    short = name.split("`")[1] if "`" in name else name
    target = 0.4 if name.startswith("pattern") else 0.7
    met = "met" if v / d <= target and equal else ("ANSWERS DIFFER" if not equal else "missed")
    print(f"RESULT\tInsights {name.split('.')[0] if not name.startswith('pattern') else 'pattern'} {size}: {short[:40]}\t{v:.3f} s\t"
          f"duckdb, {threads} threads\t{d:.3f} s\t{v / d:.2f}\t<= {target}\t{met}")
if "jq_row" in globals():
    v, j = jq_row
    print(f"RESULT\tpattern {size} vs jq (times faster)\t{v:.3f} s\tjq (one run)\t{j:.2f} s\t{j / v:.0f}x\t>= 50x\t{'met' if j / v >= 50 else 'missed'}")
