#!/usr/bin/env python3
"""Writes the payment-incident metric sample (PutMetricData input shape) and its alarms, deterministically.

Day 2026-03-02, 09:00-11:00 UTC, one request per minute per metric:
- payment-api p99 latency spike 10:15-10:30 (1500-2500 ms instead of 120-300 ms), 20 raw latencies a minute;
- error burst 10:20-10:27 (minutes 10:20..10:26) on payment-api and payment-authorizer;
- ECS CPU of payment-api above 80% during 10:16-10:29; memory and fraud-scorer stay normal;
- Lambda payment-authorizer Duration and ConcurrentExecutions.
Run: python3 samples/metrics/generate.py  (rewrites samples/metrics/*.json and samples/alarms/describe-alarms.json)
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
state = 20260302
def rand():  # a fixed LCG so the output never changes
    global state
    state = (state * 1103515245 + 12345) % 2**31
    return state / 2**31

def ts(minute):  # minute 0 = 09:00
    return "2026-03-02T%02d:%02d:00Z" % (9 + minute // 60, minute % 60)

def in_window(minute, start, end):  # [start, end) as "HH:MM"
    m = lambda s: (int(s[:2]) - 9) * 60 + int(s[3:])
    return m(start) <= minute < m(end)

app = {"Namespace": "Payments", "MetricData": []}
ecs = {"Namespace": "AWS/ECS", "MetricData": []}
lam = {"Namespace": "AWS/Lambda", "MetricData": []}
# Container Insights, derived from the same CPU and memory samples (no extra random draws, so the
# other files keep their bytes): CPU units used of the task's 512/1024 and MiB used of its memory.
insights = {"Namespace": "ECS/ContainerInsights", "MetricData": []}
task_size = {"payment-api": (512, 1024), "fraud-scorer": (1024, 2048)}
for minute in range(120):
    spike = in_window(minute, "10:15", "10:30")
    latencies = [round(1500 + rand() * 1000) if spike else round(120 + rand() * 180) for _ in range(20)]
    app["MetricData"].append({"MetricName": "Latency", "Dimensions": [{"Name": "Service", "Value": "payment-api"}],
                              "Timestamp": ts(minute), "Values": sorted(set(latencies)),
                              "Counts": [latencies.count(v) for v in sorted(set(latencies))], "Unit": "Milliseconds"})
    for service in ("payment-api", "payment-authorizer"):
        errors = 15 + int(rand() * 15) if in_window(minute, "10:20", "10:27") else 0
        app["MetricData"].append({"MetricName": "Errors", "Dimensions": [{"Name": "Service", "Value": service}],
                                  "Timestamp": ts(minute), "Value": errors, "Unit": "Count"})
    for service in ("payment-api", "fraud-scorer"):
        hot = service == "payment-api" and in_window(minute, "10:16", "10:30")
        cpu = [round((88 + rand() * 8) if hot else (30 + rand() * 25), 1) for _ in range(3)]
        mem = [round(55 + rand() * 15, 1) for _ in range(3)]
        dims = [{"Name": "ClusterName", "Value": "payments-cluster-dev"}, {"Name": "ServiceName", "Value": service + "-dev"}]
        for name, values in (("CPUUtilization", cpu), ("MemoryUtilization", mem)):
            ecs["MetricData"].append({"MetricName": name, "Dimensions": dims, "Timestamp": ts(minute), "Unit": "Percent",
                                      "StatisticValues": {"SampleCount": 3, "Sum": round(sum(values), 1),
                                                          "Minimum": min(values), "Maximum": max(values)}})
        cpu_units, memory_mib = task_size[service]
        insights["MetricData"].append({"MetricName": "CpuUtilized", "Dimensions": dims, "Timestamp": ts(minute), "Unit": "None",
                                       "Value": round(sum(cpu) / len(cpu) / 100 * cpu_units, 1)})
        insights["MetricData"].append({"MetricName": "MemoryUtilized", "Dimensions": dims, "Timestamp": ts(minute), "Unit": "Megabytes",
                                       "Value": round(sum(mem) / len(mem) / 100 * memory_mib, 1)})
    durations = [round((900 if spike else 180) + rand() * 300, 1) for _ in range(10)]
    fn = [{"Name": "FunctionName", "Value": "payment-authorizer-dev"}]
    lam["MetricData"].append({"MetricName": "Duration", "Dimensions": fn, "Timestamp": ts(minute), "Values": durations, "Unit": "Milliseconds"})
    lam["MetricData"].append({"MetricName": "ConcurrentExecutions", "Dimensions": fn, "Timestamp": ts(minute),
                              "Value": (14 if spike else 4) + int(rand() * 4), "Unit": "Count"})

def write(path, value):
    with open(path, "w") as f:
        json.dump(value, f, indent=1, sort_keys=True)
        f.write("\n")

write(os.path.join(HERE, "payment-app.json"), app)
write(os.path.join(HERE, "payment-container-insights.json"), insights)
write(os.path.join(HERE, "payment-ecs.json"), ecs)
write(os.path.join(HERE, "payment-lambda.json"), lam)

ONCALL = "arn:aws:sns:eu-west-1:123456789012:payments-oncall"
PAGER = "arn:aws:sns:eu-west-1:123456789012:payments-pager"
def alarm(name, namespace, metric, dims, stat, op, threshold, n, m, unit=None, tmd="missing"):
    a = {"AlarmName": name, "AlarmArn": "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:" + name,
         "Namespace": namespace, "MetricName": metric, "Dimensions": [{"Name": k, "Value": v} for k, v in dims],
         "Period": 60, "EvaluationPeriods": n, "DatapointsToAlarm": m, "Threshold": threshold, "ComparisonOperator": op,
         "TreatMissingData": tmd, "ActionsEnabled": True, "AlarmActions": [ONCALL], "OKActions": [], "InsufficientDataActions": []}
    a["ExtendedStatistic" if stat.startswith("p") else "Statistic"] = stat
    if unit: a["Unit"] = unit
    return a

ecs_dims = lambda s: [("ClusterName", "payments-cluster-dev"), ("ServiceName", s + "-dev")]
metric_alarms = [
    alarm("payment-api-p99-latency", "Payments", "Latency", [("Service", "payment-api")], "p99", "GreaterThanThreshold", 800, 5, 3, "Milliseconds"),
    alarm("payment-api-errors", "Payments", "Errors", [("Service", "payment-api")], "Sum", "GreaterThanThreshold", 5, 2, 2, tmd="notBreaching"),
    alarm("payment-authorizer-errors", "Payments", "Errors", [("Service", "payment-authorizer")], "Sum", "GreaterThanThreshold", 5, 2, 2, tmd="notBreaching"),
    alarm("payment-api-cpu-high", "AWS/ECS", "CPUUtilization", ecs_dims("payment-api"), "Average", "GreaterThanThreshold", 80, 3, 3),
    alarm("payment-api-memory-high", "AWS/ECS", "MemoryUtilization", ecs_dims("payment-api"), "Average", "GreaterThanThreshold", 80, 3, 3),
    alarm("fraud-scorer-cpu-high", "AWS/ECS", "CPUUtilization", ecs_dims("fraud-scorer"), "Average", "GreaterThanThreshold", 80, 3, 3),
    alarm("payment-authorizer-duration", "AWS/Lambda", "Duration", [("FunctionName", "payment-authorizer-dev")], "Average", "GreaterThanOrEqualToThreshold", 1000, 3, 2),
]
composite = {"AlarmName": "payments-degraded", "AlarmArn": "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:payments-degraded",
             "AlarmRule": "(ALARM(\"payment-api-p99-latency\") OR ALARM(\"payment-api-errors\")) AND NOT ALARM(\"payment-api-memory-high\")",
             "ActionsEnabled": True, "AlarmActions": [PAGER], "OKActions": [PAGER], "InsufficientDataActions": []}
write(os.path.join(HERE, "..", "alarms", "describe-alarms.json"), {"MetricAlarms": metric_alarms, "CompositeAlarms": [composite]})
