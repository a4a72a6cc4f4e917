#!/usr/bin/env python3
"""Turns the raw measurements of bench/run into bench/results/<stamp>.md and .json.

Every HTTP figure is printed with its ratio to the roof and to the alternative measured in the same run (the roof
answers the recommendation request with "hello"; the alternative runs the same workload), and the targets of
DESIGN.md are checked against this run's figures."""
import argparse
import glob
import json
import os

parser = argparse.ArgumentParser()
parser.add_argument("--results", required=True)
parser.add_argument("--memory")
parser.add_argument("--calls")
parser.add_argument("--micro", help="BenchmarkDotNet artifacts directory (JSON exporter)")
parser.add_argument("--out", required=True)
parser.add_argument("--meta", nargs="*", default=[])
args = parser.parse_args()

meta = dict(item.split("=", 1) for item in args.meta)
rows = [json.loads(line) for line in open(args.results) if line.strip()]


def load_json(path):
    return json.load(open(path)) if path and os.path.exists(path) and os.path.getsize(path) > 0 else None


memory = load_json(args.memory)
calls = load_json(args.calls)

micro = []
if args.micro and os.path.isdir(args.micro):
    for path in sorted(glob.glob(os.path.join(args.micro, "results", "*.json"))):
        for b in json.load(open(path)).get("Benchmarks", []):
            stats = b.get("Statistics") or {}
            micro.append({"name": f"{b.get('Type')}.{b.get('Method')}", "parameters": b.get("Parameters") or "",
                          "mean_ns": stats.get("Mean"), "median_ns": stats.get("Median"),
                          "allocated_bytes": (b.get("Memory") or {}).get("BytesAllocatedPerOperation")})

roof = next((r for r in rows if r["system"] == "roof"), None)
floor = next((r for r in rows if r["system"] == "orleans-floor"), None)
alternative = {r["workload"]: r for r in rows if r["system"] == "alternative-redis"}
LEVELS = [("at-50", "50% of own max"), ("at-80", "80% of own max"), ("common", f"{meta.get('common_rate')} req/s (all)")]
LABELS = {"recommendations": "POST …/recommendations (warm, 10 items)", "events": "POST …/events (1 view)"}


def ratio(value, base):
    return round(value / base, 2) if value is not None and base else None


def x(value):
    return "–" if value is None else f"{value:.2f}×"


def ms(value):
    return "–" if value is None else (f"{value:.2f}" if value < 10 else f"{value:.1f}")


def p99(row, level):
    return row["latency"][level]["latency_ms"]["p99"] if row else None


def allocated(round_row):
    value = (round_row or {}).get("allocated_bytes_per_request")
    return "–" if value is None else f"{value:,} B"


def workload_label(row, label):
    """The roof and the Orleans floor answer the same request without doing the workload's work."""
    return {"roof": "hello (same request)", "orleans-floor": "fixed answer from a grain (same request)"}.get(row["system"], label)


def verdict(ok):
    return "**met**" if ok else "**missed**"


for r in rows:
    alt = alternative.get(r["workload"])
    r["ratios"] = {
        "max_rps_vs_roof": ratio(r["max_rps"], roof["max_rps"] if roof else None),
        "max_rps_vs_floor": ratio(r["max_rps"], floor["max_rps"] if floor and r["workload"] == floor["workload"] else None),
        "max_rps_vs_alternative": ratio(r["max_rps"], alt["max_rps"] if alt else None),
        **{f"p99_{level}_vs_alternative": ratio(p99(r, level), p99(alt, level)) for level, _ in LEVELS},
        **{f"p99_{level}_vs_roof": ratio(p99(r, level), p99(roof, level)) for level, _ in LEVELS},
    }

lines = [f"# Benchmark results {meta.get('started', '')}", ""]
lines.append(f"Command: `{meta.get('command', 'bench/run').strip()}` ({meta.get('mode')} mode), "
             f"{meta.get('started')} → {meta.get('finished')} (UTC).")
lines.append(f"Machine: {meta.get('cpu')}, {meta.get('cores')} cores, {meta.get('memory_total')} RAM, Linux {meta.get('kernel')}, "
             f".NET SDK {meta.get('dotnet')}, wrk {meta.get('wrk_version')}, Redis {meta.get('redis')}.")
lines.append(f"Load average (1/5/15 min) at start: {meta.get('load_start')}; at end: {meta.get('load_end')} "
             "(per round and per latency step in the JSON file).")
lines.append(f"Workload: {meta.get('customers')} warm customers (`lt-000000`…; every consent granted, a context and "
             f"{meta.get('events_per_customer')} events each), synthetic catalog of {meta.get('catalog_size')} items. "
             "Roof, Orleans floor, embedded gateway and alternative run side by side, each its own process, measured in turn.")
lines.append(f"Max throughput: {meta.get('wrk')}; answers ≥ 400 (wrk's non-2xx, e.g. 503 shed by queue-wait "
             "shedding) are left out of the rate and counted.")
lines.append(f"Latency: {meta.get('h2load')}; latency of the 2xx answers, from h2load's send. h2load sends a request "
             "due while its connection still waits late, so a rate achieved below the requested one means the system "
             "fell behind and its percentiles flatter it.")
lines.append("")

lines.append("## Max throughput (best of the rounds, 2xx answers only)")
lines.append("")
round_names = sorted({rd["round"] for r in rows for rd in r["rounds"]})
lines.append("| system | workload | " + " | ".join(round_names) + " | max req/s | × roof | × Orleans floor | × alternative | non-2xx (best round) | non-2xx (all rounds) | allocated / request (best round) |")
lines.append("|---|---|" + "---:|" * len(round_names) + "---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    by_round = {rd["round"]: rd for rd in r["rounds"]}
    cells = [f"{by_round[n]['ok_rps']:,.0f}" if n in by_round else "–" for n in round_names]
    workload = workload_label(r, LABELS.get(r["workload"], r["workload"]))
    lines.append(f"| {r['system']} | {workload} | " + " | ".join(cells) +
                 f" | **{r['max_rps']:,.0f}** | {x(r['ratios']['max_rps_vs_roof'])} | {x(r['ratios']['max_rps_vs_floor'])} | {x(r['ratios']['max_rps_vs_alternative'])} | "
                 f"{r['best_non2xx']} | {sum(rd['non2xx'] for rd in r['rounds'])} | {allocated(by_round.get(r.get('best_round')))} |")
lines.append("")

lines.append("## Latency at a constant rate (h2load)")
lines.append("")
lines.append("| system | workload | rate | requested req/s | achieved req/s | p50 ms | p99 ms | p99.9 ms | max ms | p99 × roof | p99 × alt. | non-2xx | failed | load avg |")
lines.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for level, level_label in LEVELS:
    for r in rows:
        d = r["latency"][level]
        lat = d["latency_ms"]
        behind = " ⚠ fell behind" if d["fell_behind"] else ""
        workload = workload_label(r, r["workload"])
        lines.append(f"| {r['system']} | {workload} | {level_label} | {d['requested_rps']:,.0f} | {d['achieved_rps']:,.0f}{behind} | "
                     f"{ms(lat['p50'])} | {ms(lat['p99'])} | {ms(lat['p999'])} | {ms(lat['max'])} | "
                     f"{x(r['ratios'][f'p99_{level}_vs_roof'])} | {x(r['ratios'][f'p99_{level}_vs_alternative'])} | "
                     f"{d['non2xx']} | {d['failed']} | {d['load_before'].split()[0]} |")
lines.append("")
notes = [f"- {r['system']}: {r['note']}" for r in rows if r.get("note") and r["workload"] == "recommendations"]
if notes:
    lines.append("Systems:")
    lines.extend(notes)
    lines.append(f"- cluster: {meta.get('cluster')}")
    lines.append("")

if memory:
    gib = memory["workingSetBytes"] / 2**30
    lines.append("## Memory")
    lines.append("")
    lines.append("| active customers | events each | GC heap | GC heap / customer | working set | working set / customer | time |")
    lines.append("|---:|---:|---:|---:|---:|---:|---:|")
    lines.append(f"| {memory['customers']:,} | {memory['eventsPerCustomer']} | {memory['gcHeapBytes'] / 2**20:,.0f} MiB | "
                 f"{memory['gcHeapBytesPerCustomer']:,.0f} B | {memory['workingSetBytes'] / 2**20:,.0f} MiB | "
                 f"{memory['workingSetBytesPerCustomer']:,.0f} B | {memory['seconds']:.0f} s |")
    lines.append("")
    lines.append(f"One silo, {memory['gc']} GC, storage {memory['storage']}. Target: 1M customers within 2 GB "
                 f"(working set here {gib:.2f} GiB for {memory['customers']:,}).")
    lines.append("")

if calls:
    lines.append("## Grain calls through Orleans")
    lines.append("")
    lines.append("| measurement | ops/s | p50 µs | p99 µs |")
    lines.append("|---|---:|---:|---:|")
    for c in calls["results"]:
        lines.append(f"| {c['name']} | {c['opsPerSecond']:,.0f} | {c['p50Micros']:,.2f} | {c['p99Micros']:,.2f} |")
    lines.append("")
    lines.append(f"One silo in the process, {calls['workers']} workers, {calls['seconds']} s per row. "
                 f"SQLite group commit / one commit per write: {calls['groupCommitRatio']}× ({calls['writesPerCommit']:,.0f} writes/commit; target ≥ 40×).")
    lines.append("")

if micro:
    lines.append("## Micro benchmarks (BenchmarkDotNet)")
    lines.append("")
    lines.append("| benchmark | parameters | mean | median | allocated / op |")
    lines.append("|---|---|---:|---:|---:|")
    for m in micro:
        def ns(v):
            return "–" if v is None else (f"{v:,.1f} ns" if v < 10_000 else f"{v / 1000:,.1f} µs")
        alloc = "–" if m["allocated_bytes"] is None else f"{m['allocated_bytes']:,} B"
        lines.append(f"| {m['name']} | {m['parameters']} | {ns(m['mean_ns'])} | {ns(m['median_ns'])} | {alloc} |")
    lines.append("")

# Targets (DESIGN.md), from this run's figures.
primary = next((r for r in rows if r["system"] == "persoactors-embedded" and r["workload"] == "recommendations"), None)
if primary:
    lines.append("## Targets (DESIGN.md, issue 12)")
    lines.append("")
    lines.append("| target | this run | verdict |")
    lines.append("|---|---|---|")
    rx = primary["ratios"]
    if rx["max_rps_vs_roof"] is not None:
        shed = f", {primary['best_non2xx']} non-2xx left out" if primary["best_non2xx"] else ""
        lines.append(f"| recommendations ≥ 0.5× the roof (best of rounds) | {primary['max_rps']:,.0f} vs {roof['max_rps']:,.0f} req/s = "
                     f"{rx['max_rps_vs_roof']:.2f}×{shed} | {verdict(rx['max_rps_vs_roof'] >= 0.5)} |")
        if floor:
            lines.append(f"| (what limits it) the Orleans floor: Kestrel + one grain call, no work | {floor['max_rps']:,.0f} req/s = "
                         f"{floor['ratios']['max_rps_vs_roof']:.2f}× the roof; PersoActors {rx['max_rps_vs_floor']:.2f}× the floor | – |")
    alt = alternative.get("recommendations")
    if alt:
        lines.append(f"| recommendations ≥ 3× the Redis alternative | {primary['max_rps']:,.0f} vs {alt['max_rps']:,.0f} req/s = "
                     f"{rx['max_rps_vs_alternative']:.2f}× | {verdict(rx['max_rps_vs_alternative'] >= 3)} |")
    at80 = primary["latency"]["at-80"]
    fell = at80["fell_behind"]
    note = (f"; achieved {at80['achieved_rps']:,.0f} of {at80['requested_rps']:,.0f} req/s: fell behind, so the p99 flatters it"
            if fell else f" at {at80['achieved_rps']:,.0f} req/s")
    ok80 = p99(primary, "at-80") is not None and p99(primary, "at-80") <= 5 and not fell and at80["non2xx"] == 0
    shed80 = f", {at80['non2xx']} non-2xx" if at80["non2xx"] else ""
    lines.append(f"| recommendations p99 ≤ 5 ms at 80% of the max | {ms(p99(primary, 'at-80'))} ms{note}{shed80} | {verdict(ok80)} |")
    if floor:
        floor80 = floor["latency"]["at-80"]
        lines.append(f"| (what limits it) the Orleans floor's p99 at 80% of its max | {ms(p99(floor, 'at-80'))} ms at "
                     f"{floor80['achieved_rps']:,.0f} of {floor80['requested_rps']:,.0f} req/s | – |")
    if alt:
        for level, level_label in LEVELS[1:]:
            mine, theirs = p99(primary, level), p99(alt, level)
            if mine is not None and theirs is not None:
                lines.append(f"| lower p99 than the alternative ({level_label}) | {ms(mine)} vs {ms(theirs)} ms "
                             f"({x(ratio(mine, theirs))}) | {verdict(mine < theirs)} |")
    if memory:
        projected = memory["workingSetBytes"] if memory["customers"] >= 1_000_000 else memory["workingSetBytesPerCustomer"] * 1_000_000
        label = "measured" if memory["customers"] >= 1_000_000 else f"projected from {memory['customers']:,}"
        lines.append(f"| 1M customers within 2 GB | {projected / 2**30:.2f} GiB working set ({label}) | {verdict(projected <= 2 * 2**30)} |")
    if calls:
        lines.append(f"| SQLite group commit ≥ 40× one commit per write | {calls['groupCommitRatio']}× | {verdict(calls['groupCommitRatio'] >= 40)} |")
    lines.append("")
    lines.append("Ingestion (≥ 100k events/s in 10-event batches, ≥ 20k single events/s), cold activation and failover: "
                 "see their sections below, each prints its target.")
    lines.append("")

lines.append(f"Raw outputs (wrk, h2load logs, BenchmarkDotNet artifacts, logs) were in `{meta.get('work_dir')}`.")
markdown = "\n".join(lines) + "\n"
open(args.out + ".md", "w").write(markdown)
json.dump({"meta": meta, "rows": rows, "memory": memory, "calls": calls, "micro": micro}, open(args.out + ".json", "w"), indent=2)
