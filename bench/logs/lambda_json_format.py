#!/usr/bin/env python3
"""Rewrites a Lambda log in the text format as the same invocations in Lambda's JSON log format.

Usage: python3 bench/logs/lambda_json_format.py IN.log OUT.jsonl FROM UNTIL
(FROM/UNTIL: ISO-8601 times, UNTIL excluded). Same input, same bytes out.

What Lambda writes when a function's LoggingConfig.LogFormat is JSON
(https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html), with the record shapes of
https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html:
- START  -> {"time":…,"type":"platform.start","record":{"requestId":…,"version":"$LATEST"}}
- REPORT -> {"time":…,"type":"platform.report","record":{"requestId":…,"metrics":{"durationMs":…,
            "billedDurationMs":…,"memorySizeMB":…,"maxMemoryUsedMB":…[,"initDurationMs":…]},"status":…}}
- END    -> nothing (the JSON format has no END record)
- console lines `time<TAB>requestId<TAB>LEVEL<TAB>message` -> {"timestamp":…,"level":…,"requestId":…,"message":…};
  an `Invoke Error` line's error object becomes its errorType and errorMessage members.
"""
import json
import re
import sys

REPORT = re.compile(r"^(\S+) REPORT RequestId: (\S+)\t(.*)$")
START = re.compile(r"^(\S+) START RequestId: (\S+) Version: (\S+)$")
END = re.compile(r"^(\S+) END RequestId: (\S+)$")
FIELDS = {"Duration": "durationMs", "Billed Duration": "billedDurationMs", "Memory Size": "memorySizeMB",
          "Max Memory Used": "maxMemoryUsedMB", "Init Duration": "initDurationMs"}


def number(text):
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def dump(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def convert(lines, start, until):
    failed = set()
    out = []
    for line in lines:
        line = line.rstrip("\n")
        if not line or not (start <= line[:24] < until):
            continue
        if m := START.match(line):
            out.append(dump({"time": m[1], "type": "platform.start", "record": {"requestId": m[2], "version": m[3]}}))
        elif m := REPORT.match(line):
            metrics = {}
            for part in m[3].split("\t"):
                if ": " in part:
                    name, value = part.split(": ", 1)
                    if name in FIELDS:
                        metrics[FIELDS[name]] = number(value.split(" ")[0])
            record = {"requestId": m[2], "metrics": metrics, "status": "error" if m[2] in failed else "success"}
            out.append(dump({"time": m[1], "type": "platform.report", "record": record}))
        elif END.match(line):
            continue
        else:
            parts = line.split("\t")
            time, request, level, message = parts[0], parts[1], parts[2], parts[3].rstrip(" ")
            event = {"timestamp": time, "level": level, "requestId": request, "message": message}
            if len(parts) > 4:
                error = json.loads(parts[4])
                event.update(errorType=error["errorType"], errorMessage=error["errorMessage"])
            if level == "ERROR":
                failed.add(request)
            out.append(dump(event))
    return out


if __name__ == "__main__":
    source, target, start, until = sys.argv[1:5]
    with open(source, encoding="utf-8") as f:
        records = convert(f, start, until)
    with open(target, "w", encoding="utf-8") as f:
        f.write("\n".join(records) + "\n")
