#!/usr/bin/env bash
# What the operators' view costs per request: three embedded gateways side by side on free loopback ports — the
# defaults (metrics and dashboard on), without Orleans' meter, metrics and dashboard off — hit in alternating wrk rounds on recommendations for
# warm customers (same script and settings as bench/run). Prints req/s and the gateway's CPU time per request (user +
# system, from /proc: less sensitive to a busy machine than req/s) per round, and the load average.
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

start() { # NAME [SETTING VALUE]… → sets PORT and PID
  local name=$1; shift
  PORT=$(free_port)
  (cd "$GATEWAY" && exec dotnet PersoActors.Gateway.dll --Urls "http://127.0.0.1:$PORT" --Storage:SqlitePath "$WORK/$name.db" \
    --Overload:Enabled false --Logging:LogLevel:Default Warning "$@") > "$WORK/$name.log" 2>&1 &
  PID=$!
  PIDS+=("$PID")
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

wait_ready() { for _ in $(seq 120); do curl -sf -o /dev/null "http://127.0.0.1:$1/health" && return 0; sleep 1; done; echo "gateway on $1 did not start" >&2; exit 1; }

hit() { # PORT PID DURATION → "req/s cpu-us-per-request"
  local before after out requests
  before=$(cpu_ticks "$2")
  out=$(BENCH_WRK_DIR=$ROOT/bench/wrk BENCH_CUSTOMERS=1000 wrk -t2 -c64 -d"$3" -s "$ROOT/bench/wrk/recommendations.lua" "http://127.0.0.1:$1")
  after=$(cpu_ticks "$2")
  requests=$(echo "$out" | sed -n 's/^ *\([0-9]*\) requests in.*/\1/p')
  if echo "$out" | grep -q "Non-2xx"; then echo "$out" | grep "Non-2xx" >&2; fi
  echo "$(echo "$out" | sed -n 's/^Requests\/sec: *//p') $(( (after - before) * 1000000 / $(getconf CLK_TCK) / (requests > 0 ? requests : 1) ))"
}

NAMES=(defaults no-orleans-meter none)
declare -A PORTS PIDS_BY
start defaults; PORTS[defaults]=$PORT; PIDS_BY[defaults]=$PID
start no-orleans-meter --Metrics:Orleans false; PORTS[no-orleans-meter]=$PORT; PIDS_BY[no-orleans-meter]=$PID
start none --Metrics:Enabled false --Dashboard:Enabled false; PORTS[none]=$PORT; PIDS_BY[none]=$PID
for name in "${NAMES[@]}"; do wait_ready "${PORTS[$name]}"; done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for name in "${NAMES[@]}"; do hit "${PORTS[$name]}" "${PIDS_BY[$name]}" 10s > /dev/null; done   # warm-up: activations, JIT tiers
for round in $(seq "$ROUNDS"); do
  line="round $round:"
  for name in "${NAMES[@]}"; do
    read -r rate cpu < <(hit "${PORTS[$name]}" "${PIDS_BY[$name]}" "$DURATION")
    line+=" $name ${rate} req/s ${cpu} us CPU/req |"
  done
  echo "$line load $(cut -d' ' -f1 /proc/loadavg)"
done
