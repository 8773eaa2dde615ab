#!/usr/bin/env python3
"""Filter-pattern benchmark: `vigil test-pattern --count` against grep, ripgrep, zcat | grep, jq and DuckDB.

Usage: bench/logs/bench.py [--lines 1000000,4000000] [--runs 5] [--big]
Run by bench/logs/bench.sh, which builds the release binary first. Every figure is the median wall time of
RUNS whole-process runs, the tools of one comparison interleaved in each round so the load of a shared machine
hits them alike; ratios are vigil / peer (below 1.0: vigil is faster). Counts must agree or the bench fails.
Peak memory (max RSS of the vigil process, from wait4) is reported for each file and, with --big, for
test-pattern --count and the stats query over a 4 GB file (gen_logs.py's 16M lines, kept) and over one 300 MB line
(made and deleted).
Lines starting with RESULT are the table bench/run-all.sh collects:
RESULT<TAB>figure<TAB>vigil<TAB>peer<TAB>peer figure<TAB>ratio<TAB>target<TAB>met
"""
import argparse, os, resource, shutil, statistics, subprocess, sys, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
VIGIL = os.path.join(ROOT, ".build", "release", "vigil")
DATA = os.environ.get("DATA_DIR", os.path.join(ROOT, "bench", "data"))
ENV = dict(os.environ, LC_ALL="C")
results = []
cpu_medians = {}  # (comparison title, tool) -> median CPU seconds (user + sys, all threads and pipeline stages)


def generator():
    for candidate in (os.path.join(ROOT, "..", "shared", "bench", "gen_logs.py"), "/work/shared/bench/gen_logs.py"):
        if os.path.exists(candidate):
            return candidate
    sys.exit("no ../shared/bench/gen_logs.py to make the benchmark file")


def data_file(lines):
    path = os.path.join(DATA, f"gen-{lines}.jsonl")
    if not os.path.exists(path):
        os.makedirs(DATA, exist_ok=True)
        subprocess.run([sys.executable, generator(), path, str(lines)], check=True)
    return path


def run(cmd, shell=False):
    """(wall seconds, CPU seconds, last line of stdout) of one whole-process run (stdout is a pipe: GNU grep
    stops at the first match when its output is /dev/null)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    p = subprocess.Popen(cmd, shell=shell, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
                         executable="/bin/bash" if shell else None)
    out, err = p.communicate()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if p.returncode not in (0, 1):
        sys.exit(f"{cmd} failed ({p.returncode}): {err.decode()[-500:]}")
    return seconds, cpu, out.decode().strip().splitlines()[-1].strip() if out.strip() else "0"


def peak_kib(cmd):
    """Max RSS of one run of `cmd` (no shell), from wait4."""
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, _, usage = os.wait4(p.pid, 0)
    return usage.ru_maxrss


def compare(title, commands, runs):
    """Interleaved medians of {name: cmd}; returns {name: (median, count)} after checking the counts agree."""
    times = {name: [] for name in commands}
    cpus = {name: [] for name in commands}
    counts = {}
    for _ in range(runs):
        for name, (cmd, shell) in commands.items():
            t, cpu, out = run(cmd, shell)
            times[name].append(t)
            cpus[name].append(cpu)
            counts.setdefault(name, out)
    answer = set(counts.values())
    if len(answer) != 1:
        sys.exit(f"COUNT MISMATCH in {title}: {counts}")
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    cpu_medians.update({(title, name): statistics.median(cs) for name, cs in cpus.items()})
    print(f"\n{title}  (median of {runs}, count {answer.pop()})")
    for name, m in medians.items():
        print(f"  {name:<44} {m:8.3f} s   (min {min(times[name]):.3f}; CPU user+sys median {statistics.median(cpus[name]):.3f} s)")
    medians["title"] = title
    return medians


def record(figure, medians, peer, target):
    vigil, peer_figure = medians["vigil"], medians[peer]
    ratio = vigil / peer_figure
    met = "met" if ratio <= target else "MISSED"
    cpu = cpu_medians[(medians["title"], "vigil")] / max(cpu_medians[(medians["title"], peer)], 1e-9)
    print(f"  => {figure}: vigil/{peer} = {ratio:.2f} wall (target <= {target}: {met}); CPU time ratio {cpu:.2f}")
    results.append((figure, f"{vigil:.3f} s", peer, f"{peer_figure:.3f} s", f"{ratio:.2f}", f"<= {target}", met))


def duckdb_available():
    return subprocess.run([sys.executable, "-c", "import duckdb"], capture_output=True).returncode == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", default="1000000,4000000")
    ap.add_argument("--runs", type=int, default=int(os.environ.get("RUNS", 5)))
    ap.add_argument("--big", action="store_true", help="also the 4 GB file and the 300 MB line (peak memory)")
    args = ap.parse_args()
    have_rg = shutil.which("rg") is not None
    print(f"vigil {VIGIL}, {os.cpu_count()} cores, LC_ALL=C")
    per_line = {}
    for lines in [int(x) for x in args.lines.split(",")]:
        path = data_file(lines)
        subprocess.run(["cat", path], stdout=subprocess.DEVNULL)  # warm the page cache
        size = os.path.getsize(path)
        label = f"{lines // 1000000}M lines" if lines % 1000000 == 0 else f"{lines} lines"
        print(f"\n== {path}: {label}, {size / 1e6:.0f} MB")
        for pattern, grep_args in [("ERROR", ["ERROR"]), ('"card expired"', ["card expired"]),
                                   ("ERROR -timeout", None), ("?declined ?timeout", None)]:
            commands = {"vigil": ([VIGIL, "test-pattern", pattern, path, "--count"], False)}
            if grep_args:
                commands["grep -c"] = (["grep", "-c", *grep_args, path], False)
                if have_rg:
                    commands["rg -c"] = (["rg", "-c", *grep_args, path], False)
            elif pattern.startswith("ERROR"):
                commands["grep ERROR | grep -vc timeout"] = (f"grep ERROR {path} | grep -vc timeout", True)
            else:
                commands["grep -c -e declined -e timeout"] = (["grep", "-c", "-e", "declined", "-e", "timeout", path], False)
            m = compare(f"test-pattern '{pattern}' --count, {label}", commands, args.runs)
            for peer in [k for k in m if k not in ("vigil", "title")]:
                record(f"term '{pattern}' {label}", m, peer, 1.0)
            if pattern == "ERROR":
                per_line[lines] = m["vigil"] / lines
        peak = peak_kib([VIGIL, "test-pattern", "ERROR", path, "--count"])
        print(f"  vigil peak memory (ERROR --count): {peak / 1024:.1f} MB")
        results.append((f"peak memory, term --count, {label}", f"{peak / 1024:.1f} MB", "target", "100 MB",
                        f"{peak / 1024 / 100:.2f}", "<= 1.0", "met" if peak < 100 * 1024 else "MISSED"))
        if lines == 1000000 and duckdb_available():
            where = "level = 'ERROR' AND latency_ms > 200"
            duck = (f"import duckdb; c = duckdb.connect(); c.execute('SET threads = 2'); c.execute('SET enable_progress_bar = false'); "
                    f"print(c.execute(\"SELECT count(*) FROM read_json_auto('{path}') WHERE {where}\").fetchone()[0])")
            m = compare(f"JSON pattern {{ $.level = \"ERROR\" && $.latency_ms > 200 }} --count, {label}",
                        {"vigil": ([VIGIL, "test-pattern", '{ $.level = "ERROR" && $.latency_ms > 200 }', path, "--count"], False),
                         "duckdb, 2 threads": ([sys.executable, "-c", duck], False)}, args.runs)
            record(f"JSON pattern {label}", m, "duckdb, 2 threads", 0.4)
        if lines == 1000000:
            gz = os.path.join(DATA, f"gen-{lines}.jsonl.gz")
            if not os.path.exists(gz):
                subprocess.run(f"gzip -c {path} > {gz}.tmp && mv {gz}.tmp {gz}", shell=True, check=True)
            m = compare(f".gz: test-pattern ERROR --count vs zcat | grep -c, {label}",
                        {"vigil": ([VIGIL, "test-pattern", "ERROR", gz, "--count"], False),
                         "zcat | grep -c": (f"zcat {gz} | grep -c ERROR", True)}, args.runs)
            # Target: vigil at least 1.3x faster, i.e. vigil/zcat <= 1/1.3.
            record(f".gz ERROR {label}", m, "zcat | grep -c", round(1 / 1.3, 2))
    if len(per_line) > 1:
        (a, ta), (b, tb) = sorted(per_line.items())[0], sorted(per_line.items())[-1]
        print(f"\nlinearity: seconds per million lines {ta * 1e6:.3f} at {a} lines, {tb * 1e6:.3f} at {b} lines"
              f" (ratio {tb / ta:.2f})")
    if args.big:
        big_files()
    print("\nfigure | vigil | peer | peer figure | ratio | target | met")
    for r in results:
        print("RESULT\t" + "\t".join(r))


STATS_QUERY = "stats count(*) as n, avg(latency_ms) as mean, pct(latency_ms, 99) as p99 by service, bin(1m)"


def big_files():
    """Peak memory on a 4 GB file and on one 300 MB line, for test-pattern --count and the stats query.

    The 4 GB file is gen_logs.py's 16M lines (kept in the data directory like the others: it takes minutes to
    make): its time runs on, so `by service, bin(1m)` has four times the groups of the 4M-line file, which a file
    repeated four times would not. The 300 MB line is one event inside a text file and inside a JSON file; Vigil
    skips it (CloudWatch's event limit is 1 MB) and must say so without holding it.
    """
    big = data_file(16000000)
    long_text = os.path.join(DATA, "one-300mb-line.log")
    long_json = os.path.join(DATA, "one-300mb-line.jsonl")
    try:
        chunk = b"x" * (1 << 20)
        with open(long_text, "wb") as out:
            out.write(b"2026-11-01T12:00:00Z ERROR start\n")
            for _ in range(300):
                out.write(chunk)
            out.write(b" ERROR\n2026-11-01T12:00:01Z ERROR end\n")
        with open(long_json, "wb") as out:
            out.write(b'{"timestamp":"2026-11-01T12:00:00.000Z","service":"a","latency_ms":5}\n')
            out.write(b'{"timestamp":"2026-11-01T12:00:01.000Z","service":"a","latency_ms":7,"message":"')
            for _ in range(300):
                out.write(chunk)
            out.write(b'"}\n{"timestamp":"2026-11-01T12:00:02.000Z","service":"b","latency_ms":9}\n')
        cases = [
            ("4 GB file", "term --count", [VIGIL, "test-pattern", "ERROR", big, "--count"], None),
            ("4 GB file", "stats query", [VIGIL, "query", STATS_QUERY, big, "--format", "csv", "--threads", "2"], None),
            ("one 300 MB line", "term --count", [VIGIL, "test-pattern", "ERROR", long_text, "--count"], "2"),
            ("one 300 MB line", "stats query", [VIGIL, "query", STATS_QUERY, long_json, "--format", "csv"],
             "b,2026-11-01 12:00:00.000,1,9,9"),
        ]
        for name, what, cmd, expect in cases:
            t, _, out = run(cmd)
            peak = peak_kib(cmd)
            print(f"\n{name}, {what}: last line {out!r}, {t:.2f} s, vigil peak memory {peak / 1024:.1f} MB")
            if expect and out != expect:
                sys.exit(f"WRONG ANSWER on {name}, {what}: {out!r}, expected {expect!r}")
            results.append((f"peak memory, {what}, {name}", f"{peak / 1024:.1f} MB", "target", "100 MB",
                            f"{peak / 1024 / 100:.2f}", "<= 1.0", "met" if peak < 100 * 1024 else "MISSED"))
    finally:
        for p in (long_text, long_json):
            if os.path.exists(p):
                os.remove(p)


if __name__ == "__main__":
    main()
