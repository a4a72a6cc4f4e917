#!/usr/bin/env python3
"""The h2load side of bench/run's latency step.

  h2load.py uris DIR PROCESSES BASE_URL PATH_TEMPLATE CUSTOMERS SEED
      writes DIR/uris-<i>.txt, one per h2load process: every warm customer once, each file in its own random order.
      One h2load process per connection because h2load walks the same URI list from its start on every client it
      runs: 64 clients in one process would ask for the same customer at the same moment, and a customer's grain
      answers one request at a time, which would queue them behind each other (a collision real traffic rarely has).
  h2load.py summary REQUESTED_RATE DURATION_S LOG...
      prints one JSON object: requested and achieved rates, answers by status, latency percentiles of the 2xx answers.

h2load's --log-file has one row per request: start (µs since epoch), status (-1: failed stream), µs to the end of the
answer. h2load times a request from its actual send: with --rps, a request that is due while its connection still
waits for the previous answer is sent late, and that wait is not in its latency. So the rate achieved is reported
beside the rate requested: when it is lower, the system fell behind and the latency figures flatter it."""
import json
import random
import sys


def uris(directory, processes, base_url, template, customers, seed):
    ids = [f"lt-{i:06d}" for i in range(customers)]
    for p in range(processes):
        order = ids[:]
        random.Random(seed * 1000 + p).shuffle(order)
        with open(f"{directory}/uris-{p}.txt", "w") as f:
            for customer in order:
                f.write(base_url + template.replace("{id}", customer) + "\n")


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * p // 100))  # nearest rank, ceil(p·N/100)
    return sorted_values[int(rank) - 1]


def summary(requested_rate, duration_s, logs):
    statuses = {}
    ok_latencies = []
    for path in logs:
        with open(path) as f:
            for line in f:
                parts = line.split("\t")
                if len(parts) < 3:
                    continue
                status, micros = parts[1], int(parts[2])
                statuses[status] = statuses.get(status, 0) + 1
                if status.startswith("2"):
                    ok_latencies.append(micros)
    ok_latencies.sort()
    total = sum(statuses.values())
    ok = len(ok_latencies)
    ms = lambda p: None if not ok_latencies else round(percentile(ok_latencies, p) / 1000, 3)
    return {
        "requested_rps": round(requested_rate, 1),
        "achieved_rps": round(total / duration_s, 1),
        "ok_rps": round(ok / duration_s, 1),
        "requests": total,
        "ok": ok,
        "non2xx": total - ok - statuses.get("-1", 0),
        "failed": statuses.get("-1", 0),
        "statuses": statuses,
        "fell_behind": total < 0.97 * requested_rate * duration_s,
        "latency_ms": {"p50": ms(50), "p90": ms(90), "p99": ms(99), "p999": ms(99.9),
                       "max": None if not ok_latencies else round(ok_latencies[-1] / 1000, 3)},
    }


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "uris":
        d, processes, base, template, customers, seed = sys.argv[2:8]
        uris(d, int(processes), base, template, int(customers), int(seed))
    elif command == "summary":
        print(json.dumps(summary(float(sys.argv[2]), float(sys.argv[3]), sys.argv[4:])))
    else:
        sys.exit(f"h2load.py: unknown command {command}")
