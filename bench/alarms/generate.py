#!/usr/bin/env python3
"""Writes bench data: 100 alarms over 30 days of 1-minute data (10 metrics x 43,200 datapoints).
Usage: generate.py OUTDIR"""
import json, os, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
state = 7
def rand():
    global state
    state = (state * 1103515245 + 12345) % 2**31
    return state / 2**31
start = 1767225600  # 2026-01-01T00:00:00Z
data = []
for metric in range(10):
    data.append({"Namespace": "Bench", "MetricData": [
        {"MetricName": "M%d" % metric, "Timestamp": start + minute * 60, "Value": round((85 + 40 * rand()) if minute % 1440 > 1400 else (40 + 30 * rand()), 2)}
        for minute in range(30 * 1440)]})
with open(os.path.join(out, "metrics.json"), "w") as f: json.dump(data, f)
stats = ["Average", "Maximum", "Sum", "Minimum", "p90"]
alarms = []
for i in range(100):
    stat = stats[i % 5]
    a = {"AlarmName": "bench-%d" % i, "Namespace": "Bench", "MetricName": "M%d" % (i % 10), "Period": 60 * (1 + i % 5),
         "EvaluationPeriods": 3 + i % 3, "DatapointsToAlarm": 2 + i % 2, "Threshold": 80 + i % 7,
         "ComparisonOperator": "GreaterThanThreshold", "TreatMissingData": ["missing", "ignore", "breaching", "notBreaching"][i % 4]}
    a["ExtendedStatistic" if stat.startswith("p") else "Statistic"] = stat
    alarms.append(a)
with open(os.path.join(out, "alarms.json"), "w") as f: json.dump({"MetricAlarms": alarms, "CompositeAlarms": []}, f)
