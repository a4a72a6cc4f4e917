#!/usr/bin/env bash
# Overload shedding by waiting time: floods the gateway (embedded silo, SQLite) with wrk -c1000 on recommendation
# calls, while one sampling client measures the latency of answered requests. Reports wrk's totals (answers, 503s,
# errors, p50/p99 of all answers), the sampled p50/p99 of 200 answers against the budget (Overload:MaxQueueWait),
# the gateway's peak memory (VmHWM) and the load average before and after.
#
#   bench/overload.sh                      1000 connections, 20 s, budget 100 ms
#   CONNECTIONS=2000 DURATION=30s BUDGET_MS=50 bench/overload.sh
#   BUDGET_MS=0 bench/overload.sh          queue-wait shedding off (count limit only), for comparison
#
# The gateway is a real process bound to 127.0.0.1 on a free port, stopped by its PID. Needs wrk and python3.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONNECTIONS=${CONNECTIONS:-1000}
DURATION=${DURATION:-20s}
BUDGET_MS=${BUDGET_MS:-100}
THREADS=${THREADS:-2}
KEY=dev-site-key
WORK=$(mktemp -d "${TMPDIR:-/tmp}/persoactors-overload.XXXXXX")
GATEWAY_PID=""

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
cleanup() {
  if [[ -n $GATEWAY_PID ]] && kill -0 "$GATEWAY_PID" 2>/dev/null; then
    kill "$GATEWAY_PID"; wait "$GATEWAY_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "bench/overload.sh: wrk not found (apt-get install wrk)" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || true

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  log "building the gateway (Release; SKIP_BUILD=1 to reuse the last build)"
  dotnet build "$ROOT/Gateway/PersoActors.Gateway.csproj" -c Release -v quiet -clp:ErrorsOnly >&2
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BUDGET=$(python3 -c "import datetime; print(str(datetime.timedelta(milliseconds=$BUDGET_MS)))")

(cd "$ROOT/Gateway" && exec dotnet bin/Release/net10.0/PersoActors.Gateway.dll \
  --urls "http://127.0.0.1:$PORT" --Storage:SqlitePath="$WORK/gateway.db" \
  --Overload:MaxQueueWait="$BUDGET" --RateLimits:Enabled=false \
  --Logging:LogLevel:Default=Warning >"$WORK/gateway.log" 2>&1) &
GATEWAY_PID=$!
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 "$GATEWAY_PID" 2>/dev/null || { cat "$WORK/gateway.log" >&2; exit 1; }
  sleep 0.2
done
# The dotnet host is the child of the subshell's exec: the PID is the gateway's.

log "warm-up: 5 s at 64 connections"
wrk -t"$THREADS" -c64 -d5s -s "$ROOT/bench/wrk/overload.lua" "http://127.0.0.1:$PORT" >/dev/null

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "flood: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, budget ${BUDGET_MS} ms (load average $LOAD_BEFORE)"
SECONDS_RUN=$(python3 -c "import re; d='$DURATION'; m=re.fullmatch(r'(\d+)([smh]?)', d); print(int(m.group(1))*{'':1,'s':1,'m':60,'h':3600}[m.group(2)])")
python3 "$ROOT/bench/overload_sampler.py" 127.0.0.1 "$PORT" "$((SECONDS_RUN - 2))" 0.02 "$KEY" >"$WORK/sampler.out" &
SAMPLER_PID=$!
sleep 1
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s "$ROOT/bench/wrk/overload.lua" "http://127.0.0.1:$PORT" >"$WORK/wrk.out"
wait "$SAMPLER_PID"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
PEAK_KB=$(awk '/VmHWM/ {print $2}' "/proc/$GATEWAY_PID/status")
RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$GATEWAY_PID/status")

WRK_JSON=$(sed -n 's/^WRK_JSON //p' "$WORK/wrk.out")
SAMPLER_JSON=$(sed -n 's/^SAMPLER_JSON //p' "$WORK/sampler.out")
python3 - "$WRK_JSON" "$SAMPLER_JSON" "$BUDGET_MS" "$CONNECTIONS" "$DURATION" "$PEAK_KB" "$RSS_KB" "$LOAD_BEFORE" "$LOAD_AFTER" <<'PY'
import json, sys
wrk, sampler = json.loads(sys.argv[1]), json.loads(sys.argv[2])
budget, connections, duration, peak_kb, rss_kb, before, after = sys.argv[3:10]
seconds = wrk["duration_us"] / 1e6
print(f"overload: {connections} connections, {duration}, budget {budget} ms; load average {before} before, {after} after")
print(f"  wrk: {wrk['requests']} answers in {seconds:.1f} s ({wrk['requests']/seconds:.0f}/s): {wrk['ok']} ok, {wrk['shed_503']} shed (503), "
      f"{wrk['other_status']} other statuses; errors connect {wrk['connect_errors']} read {wrk['read_errors']} write {wrk['write_errors']} timeouts {wrk['timeouts']}")
print(f"  wrk latency of all answers: p50 {wrk['p50_us']/1000:.1f} ms, p99 {wrk['p99_us']/1000:.1f} ms, max {wrk['max_us']/1000:.1f} ms")
print(f"  sampled client ({sampler['samples']} requests, 1 every 20 ms): {sampler['ok']} ok, p50 {sampler['ok_p50_ms']} ms, p99 {sampler['ok_p99_ms']} ms, "
      f"max {sampler['ok_max_ms']} ms; {sampler['shed_503']} shed (p50 {sampler['shed_p50_ms']} ms); {sampler['errors']} errors")
print(f"  gateway memory: peak {int(peak_kb)/1024:.0f} MiB, at the end {int(rss_kb)/1024:.0f} MiB")
print("RESULT_JSON " + json.dumps({"budget_ms": int(budget), "connections": int(connections), "wrk": wrk, "sampler": sampler,
      "peak_rss_mib": round(int(peak_kb)/1024), "load_before": before, "load_after": after}))
PY
