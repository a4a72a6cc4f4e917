#!/usr/bin/env bash
# What the operators' view costs per request: two embedded gateways side by side on free loopback ports, one with
# metrics and the dashboard (the defaults), one with both off, hit in alternating wrk rounds on recommendations for
# warm customers (same script and settings as bench/run). Prints req/s per round and the load average.
#
#   bench/metrics-overhead.sh [ROUNDS=3] [DURATION=8s]
# Build first: dotnet build Gateway -c Release
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=${1:-3}
DURATION=${2:-8s}
GATEWAY=$ROOT/Gateway/bin/Release/net10.0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/persoactors-ops-bench.XXXXXX")
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

start() { # NAME ON|OFF → prints the port
  local port; port=$(free_port)
  (cd "$GATEWAY" && exec dotnet PersoActors.Gateway.dll --Urls "http://127.0.0.1:$port" --Storage:SqlitePath "$WORK/$1.db" \
    --Metrics:Enabled "$2" --Dashboard:Enabled "$2" --Overload:Enabled false --Logging:LogLevel:Default Warning) > "$WORK/$1.log" 2>&1 &
  PIDS+=($!)
  echo "$port"
}

wait_ready() { for _ in $(seq 120); do curl -sf -o /dev/null "http://127.0.0.1:$1/health" && return 0; sleep 1; done; echo "gateway on $1 did not start" >&2; exit 1; }

hit() { # PORT DURATION → req/s
  BENCH_CUSTOMERS=1000 wrk -t2 -c64 -d"$2" -s "$ROOT/bench/wrk/recommendations.lua" "http://127.0.0.1:$1" \
    | sed -n 's/^Requests\/sec: *//p'
}

on=$(start on true); off=$(start off false)
wait_ready "$on"; wait_ready "$off"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
hit "$on" 5s > /dev/null; hit "$off" 5s > /dev/null   # warm-up: activations, JIT
for round in $(seq "$ROUNDS"); do
  a=$(hit "$on" "$DURATION"); b=$(hit "$off" "$DURATION")
  echo "round $round: metrics+dashboard on $a req/s, off $b req/s (load $(cut -d' ' -f1 /proc/loadavg))"
done
