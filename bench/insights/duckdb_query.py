#!/usr/bin/env python3
"""The benchmark question asked of DuckDB (2 threads, read_json_auto).

Usage: duckdb_query.py FILE OUT.csv [--check]
Prints the in-process query time in seconds. Writes service,bucket,n,mean,p99 sorted by service, bucket.
With --check, p99 is the nearest-rank percentile (the value at rank ceil(0.99 n)) as Vigil computes it, to
compare the answers; the timed run uses DuckDB's own quantile_disc.
"""
import sys
import time

import duckdb

path, out = sys.argv[1], sys.argv[2]
check = "--check" in sys.argv
con = duckdb.connect()
con.execute("SET threads=2")
p99 = ("list_sort(list(latency_ms))[CAST(ceil(0.99 * count(*)) AS BIGINT)]" if check
       else "quantile_disc(latency_ms, 0.99)")
sql = f"""
SELECT service, strftime(time_bucket(INTERVAL 1 minute, "timestamp"), '%Y-%m-%d %H:%M:%S.000') AS bucket,
       count(*) AS n, avg(latency_ms) AS mean, {p99} AS p99
FROM read_json_auto(?) GROUP BY ALL ORDER BY service, bucket
"""
start = time.perf_counter()
rows = con.execute(sql, [path]).fetchall()
elapsed = time.perf_counter() - start
with open(out, "w") as f:
    for r in rows:
        f.write(f"{r[0]},{r[1]},{r[2]},{r[3]!r},{r[4]}\n")
print(f"{elapsed:.3f}")
