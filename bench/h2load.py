#!/usr/bin/env python3
"""The h2load side of bench/run's latency step: one h2load process whose connections start one after another.

  h2load.py plan RATE CONNECTIONS WARMUP_S DURATION_S
      prints the h2load settings as shell words: the per-connection rate (--rps), the gap between connection starts in
      whole milliseconds (--rate-period, with -r1), the total request count (-n) and the offset of the measured window
      from the first request (seconds).
  h2load.py uris FILE BASE_URL PATH_TEMPLATE CUSTOMERS SEED
      writes FILE: every warm customer once, in a random order.
  h2load.py summary REQUESTED_RATE WINDOW_OFFSET_S DURATION_S LOG
      prints one JSON object for the requests sent in the window: requested and achieved rates, answers by status,
      latency percentiles of the 2xx answers.

Why one process with staggered connections: h2load walks the same URI list from its start on every connection, and
with --rps every connection sends on the same clock. Started together, 64 connections would send 64 requests for the
same customer at the same instant, which queue behind each other on that customer's grain and arrive as one burst
(neither is what real traffic does). One process per connection avoids that but, at tens of thousands of requests a
second, 64 processes need a good share of a core themselves and fell behind even on the bare-Kestrel roof. So the
connections start one every ~100 ms (-r1 --rate-period): each is then hundreds of requests behind the one before it
in the list, so no two ask for the same customer at once, and the gap is chosen so that the connections' send times
are spread over the send period instead of lining up. The window is measured once the last connection has run its
warm-up; every connection runs until the window has ended.

h2load's --log-file has one row per request: start (µs since epoch), status (-1: failed stream), µs to the end of the
answer. h2load times a request from its actual send: with --rps, a request that is due while its connection still
waits for the previous answer is sent late, and that wait is not in its latency. So the rate achieved is reported
beside the rate requested: when it is lower, the system fell behind and the latency figures flatter it."""
import json
import math
import random
import sys


def plan(rate, connections, warmup_s, duration_s):
    per_connection = rate / connections
    period_ms = 1000 / per_connection
    # The start gap (whole ms, h2load's unit) near 100 ms that spreads the connections' phases (gap·k mod period) most
    # evenly over the send period: the smallest largest stretch without a send, then the largest smallest one.
    def unevenness(gap_ms):
        phases = sorted((gap_ms * k) % period_ms for k in range(connections))
        stretches = [b - a for a, b in zip(phases, phases[1:])] + [period_ms - phases[-1] + phases[0]]
        return round(max(stretches), 6), -min(stretches)
    gap_ms = min(range(80, 121), key=unevenness)
    ramp_s = (connections - 1) * gap_ms / 1000
    window_offset_s = ramp_s + warmup_s
    # Each connection runs from its start to the end of the window at least (the first one the longest).
    requests_per_connection = math.ceil((window_offset_s + duration_s + 0.5) * per_connection)
    print(f"{per_connection:.4f} {gap_ms}ms {requests_per_connection * connections} {window_offset_s:.3f}")


def uris(path, base_url, template, customers, seed):
    ids = [f"lt-{i:06d}" for i in range(customers)]
    random.Random(seed).shuffle(ids)
    with open(path, "w") as f:
        for customer in ids:
            f.write(base_url + template.replace("{id}", customer) + "\n")


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * p // 100))  # nearest rank, ceil(p·N/100)
    return sorted_values[int(rank) - 1]


def summary(requested_rate, window_offset_s, duration_s, log):
    with open(log) as f:
        rows = [parts for parts in (line.split("\t") for line in f) if len(parts) >= 3]
    first = min((int(parts[0]) for parts in rows), default=0)
    window_start = first + window_offset_s * 1e6
    window_end = window_start + duration_s * 1e6
    statuses = {}
    ok_latencies = []
    for start, status, micros in rows:
        if not window_start <= int(start) < window_end:
            continue
        statuses[status] = statuses.get(status, 0) + 1
        if status.startswith("2"):
            ok_latencies.append(int(micros))
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
    if command == "plan":
        plan(float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]))
    elif command == "uris":
        path, base, template, customers, seed = sys.argv[2:7]
        uris(path, base, template, int(customers), int(seed))
    elif command == "summary":
        print(json.dumps(summary(float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5])))
    else:
        sys.exit(f"h2load.py: unknown command {command}")
