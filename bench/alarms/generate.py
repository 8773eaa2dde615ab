#!/usr/bin/env python3
"""Writes bench data: ALARMS alarms over DAYS days of 1-minute data (METRICS metrics, one datapoint a minute each).
Usage: generate.py OUTDIR [ALARMS [DAYS [METRICS]]]   (default: 100 alarms, 30 days, 10 metrics)"""
import json, os, sys
out = sys.argv[1]
n_alarms = int(sys.argv[2]) if len(sys.argv) > 2 else 100
days = int(sys.argv[3]) if len(sys.argv) > 3 else 30
n_metrics = int(sys.argv[4]) if len(sys.argv) > 4 else 10
os.makedirs(out, exist_ok=True)
state = 7
def rand():
    global state
    state = (state * 1103515245 + 12345) % 2**31
    return state / 2**31
start = 1767225600  # 2026-01-01T00:00:00Z
data = []
for metric in range(n_metrics):
    data.append({"Namespace": "Bench", "MetricData": [
        {"MetricName": "M%d" % metric, "Timestamp": start + minute * 60, "Value": round((85 + 40 * rand()) if minute % 1440 > 1400 else (40 + 30 * rand()), 2)}
        for minute in range(days * 1440)]})
with open(os.path.join(out, "metrics.json"), "w") as f: json.dump(data, f)
stats = ["Average", "Maximum", "Sum", "Minimum", "p90"]
alarms = []
for i in range(n_alarms):
    stat = stats[i % 5]
    a = {"AlarmName": "bench-%d" % i, "Namespace": "Bench", "MetricName": "M%d" % (i % n_metrics), "Period": 60 * (1 + i % 5),
         "EvaluationPeriods": 3 + i % 3, "DatapointsToAlarm": 2 + i % 2, "Threshold": 80 + i % 7,
         "ComparisonOperator": "GreaterThanThreshold", "TreatMissingData": ["missing", "ignore", "breaching", "notBreaching"][i % 4]}
    a["ExtendedStatistic" if stat.startswith("p") else "Statistic"] = stat
    alarms.append(a)
with open(os.path.join(out, "alarms.json"), "w") as f: json.dump({"MetricAlarms": alarms, "CompositeAlarms": []}, f)
