#!/usr/bin/env python3
"""Writes the e-commerce metric sample (PutMetricData input shape), deterministically.

Day 2026-03-02, 08:00-10:00 UTC, one datapoint a minute per metric, as ECS and RDS publish them:
- AWS/ECS CPUUtilization of user-service on dev-ecommerce-cluster: 35-55 %, above 80 % during 08:50-09:14;
- AWS/ECS MemoryUtilization of the same service: 58-66 %, never near its 85 % alarm;
- AWS/RDS DatabaseConnections of dev-aurora-instance-1: 20-40, above 80 during 09:30-09:44 (a connection leak).
The dimensions are the template's, as written. Run: python3 samples/ecommerce/generate.py
"""
import json
import os
import random

random.seed(14)
START = 8 * 60
MINUTES = 120
ECS = [{"Name": "ServiceName", "Value": "user-service"}, {"Name": "ClusterName", "Value": "dev-ecommerce-cluster"}]
RDS = [{"Name": "DBInstanceIdentifier", "Value": "dev-aurora-instance-1"}]


def stamp(minute):
    return "2026-03-02T%02d:%02d:00Z" % (minute // 60, minute % 60)


def datum(name, dimensions, minute, value, unit):
    return {"MetricName": name, "Dimensions": dimensions, "Timestamp": stamp(minute), "Value": round(value, 1), "Unit": unit}


ecs, rds = [], []
for i in range(MINUTES):
    minute = START + i
    cpu = random.uniform(88, 97) if 8 * 60 + 50 <= minute < 9 * 60 + 15 else random.uniform(35, 55)
    ecs.append(datum("CPUUtilization", ECS, minute, cpu, "Percent"))
    ecs.append(datum("MemoryUtilization", ECS, minute, random.uniform(58, 66), "Percent"))
    connections = random.uniform(85, 110) if 9 * 60 + 30 <= minute < 9 * 60 + 45 else random.uniform(20, 40)
    rds.append(datum("DatabaseConnections", RDS, minute, round(connections), "Count"))

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "metrics.json"), "w") as f:
    json.dump([{"Namespace": "AWS/ECS", "MetricData": ecs}, {"Namespace": "AWS/RDS", "MetricData": rds}], f, indent=1)
    f.write("\n")
