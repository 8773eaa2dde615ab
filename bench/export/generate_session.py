#!/usr/bin/env python3
"""Writes a session with N services (half Lambda, half ECS), each with log group, filters, alarms and a composite."""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
out = ["stack bench --suffix dev", "network existing", "key logs", "cluster core",
       "variable oncall_webhook_url --sensitive", "topic oncall --email oncall@example.com --webhook var:oncall_webhook_url --dlq --max-receive 3",
       "tracing --sampling 0.1", "flow-logs --key logs --retention 30"]
for i in range(n):
    s = f"svc{i:03d}"
    out.append(f"service {s} --lambda" if i % 2 == 0 else f"service {s} --ecs --cluster core")
    out.append(f"logs {s} --retention 30 --key logs --archive glacier")
    out.append(f"metric-filter {s}-errors on {s} --pattern '{{ $.level = \"ERROR\" }}' --namespace Bench/{s} --metric ErrorCount --default 0")
    out.append(f"metric-filter {s}-latency on {s} --pattern '{{ $.latency_ms = * }}' --namespace Bench/{s} --metric LatencyMs --value '$.latency_ms' --unit Milliseconds")
    out.append(f"alarm {s}-p99 --metric Bench/{s}/LatencyMs --stat p99 --when '> 800' --datapoints 3/5 --missing notBreaching")
    out.append(f"alarm {s}-errors --metric Bench/{s}/ErrorCount --stat Sum --when '>= 10' --datapoints 2/3 --missing notBreaching")
    out.append(f"composite {s}-degraded --rule 'ALARM({s}-p99) OR ALARM({s}-errors)' --notify oncall")
print("\n".join(out))
