#!/usr/bin/env python3
"""Samples the latency a single client sees while bench/overload.sh floods the gateway: one keep-alive connection,
one request every INTERVAL seconds, status and latency of each. wrk reports one histogram for every answer (its 503s
take microseconds and pull the percentiles down), so the answered (200) requests' latency comes from here."""
import http.client
import json
import sys
import time

host, port, seconds, interval, key = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
samples = []
deadline = time.monotonic() + seconds
connection = None
n = 0
while time.monotonic() < deadline:
    n += 1
    started = time.monotonic()
    try:
        if connection is None:
            connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.request("POST", f"/v1/customers/sampler-{n % 500:04d}/recommendations", body=b'{"count":10}',
                           headers={"X-Api-Key": key, "Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        samples.append((response.status, (time.monotonic() - started) * 1000))
    except Exception:  # a reset connection counts as an error and is reopened
        samples.append((0, (time.monotonic() - started) * 1000))
        connection = None
    time.sleep(max(0.0, interval - (time.monotonic() - started)))


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(p / 100 * len(values)))], 1)


ok = [ms for status, ms in samples if status == 200]
shed = [ms for status, ms in samples if status == 503]
print("SAMPLER_JSON " + json.dumps({
    "samples": len(samples), "ok": len(ok), "shed_503": len(shed), "errors": len(samples) - len(ok) - len(shed),
    "ok_p50_ms": percentile(ok, 50), "ok_p99_ms": percentile(ok, 99), "ok_max_ms": round(max(ok), 1) if ok else None,
    "shed_p50_ms": percentile(shed, 50), "shed_p99_ms": percentile(shed, 99)}))
