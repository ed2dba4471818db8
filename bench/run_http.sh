#!/usr/bin/env bash
# HTTP foundation benchmark (bench/README.md, "HTTP foundation"): wrk against
# GET /api/v1/health of eduautismo and against the minimal Beast server of
# bench/hello_server.cpp, same machine, same run, alternating A/B rounds so that background
# load hits both alike. Prints one JSON object (req/s, p50, p99 per target and round, and the
# throughput ratio eduautismo/hello; goal ≥ 0.8). Takes about 4 × SECONDS + 5 s.
#   usage: bash bench/run_http.sh [SECONDS per round, default 5]
#   env:   CONNECTIONS (64), WRK_THREADS (2), IO_THREADS (2: both servers), ROUNDS (2)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_ROUND=${1:-5}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
IO_THREADS=${IO_THREADS:-2}
ROUNDS=${ROUNDS:-2}
export CONNECTIONS WRK_THREADS IO_THREADS SECONDS_PER_ROUND

command -v wrk >/dev/null || { echo "wrk is missing: bash scripts/install-deps.sh" >&2; exit 1; }
if [ ! -x build/eduautismo ] || [ ! -x build/bench/bench_hello_server ]; then
  bash scripts/build.sh >/dev/null
fi

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() {
  for _ in $(seq 1 200); do
    if curl -sf -o /dev/null "$1"; then return 0; fi
    sleep 0.05
  done
  echo "server at $1 did not start" >&2
  exit 1
}

edu_port=$(free_port)
ENVIRONMENT=local PORT=$edu_port EDU_BIND_ADDRESS=127.0.0.1 EDU_DATA_DIR="$tmp/data" \
  EDU_IO_THREADS=$IO_THREADS LOG_LEVEL=WARN SHUTDOWN_SETTLE_SECONDS=0 \
  JWT_SECRET=bench-secret-0123456789-0123456789-abcdef \
  ./build/eduautismo serve >"$tmp/edu.log" 2>&1 &
pids+=($!)
hello_port=$(free_port)
./build/bench/bench_hello_server "$hello_port" "$IO_THREADS" >"$tmp/hello.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$edu_port/api/v1/health/ready"
wait_http "http://127.0.0.1:$hello_port/"

run_wrk() {  # url seconds → "rps p50_ms p99_ms non2xx"
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${2}s" --latency "$1" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%s %.3f %.3f %d\n", rps, p50, p99, bad + 0 }'
}

# warm-up (connection setup, lazy initialisation, CPU frequency)
run_wrk "http://127.0.0.1:$edu_port/api/v1/health" 1 >/dev/null
run_wrk "http://127.0.0.1:$hello_port/" 1 >/dev/null

results=()
for r in $(seq 1 "$ROUNDS"); do
  read -r e_rps e_p50 e_p99 e_bad < <(run_wrk "http://127.0.0.1:$edu_port/api/v1/health" "$SECONDS_PER_ROUND")
  read -r h_rps h_p50 h_p99 h_bad < <(run_wrk "http://127.0.0.1:$hello_port/" "$SECONDS_PER_ROUND")
  if [ "$e_bad" != 0 ] || [ "$h_bad" != 0 ]; then echo "non-2xx responses: edu=$e_bad hello=$h_bad" >&2; exit 1; fi
  results+=("$r $e_rps $e_p50 $e_p99 $h_rps $h_p50 $h_p99")
done

printf '%s\n' "${results[@]}" | python3 -c '
import json, os, platform, sys
rounds = []
for line in sys.stdin:
    r, erps, ep50, ep99, hrps, hp50, hp99 = line.split()
    rounds.append({"round": int(r),
                   "eduautismo": {"rps": float(erps), "p50_ms": float(ep50), "p99_ms": float(ep99)},
                   "hello": {"rps": float(hrps), "p50_ms": float(hp50), "p99_ms": float(hp99)},
                   "ratio": round(float(erps) / float(hrps), 3)})
tot_e = sum(x["eduautismo"]["rps"] for x in rounds)
tot_h = sum(x["hello"]["rps"] for x in rounds)
out = {"benchmark": "http_foundation", "target": "GET /api/v1/health vs bench_hello_server",
       "connections": int(os.environ["CONNECTIONS"]), "wrk_threads": int(os.environ["WRK_THREADS"]),
       "io_threads": int(os.environ["IO_THREADS"]), "seconds_per_round": int(os.environ["SECONDS_PER_ROUND"]),
       "cpus": os.cpu_count(), "load_avg_1m": os.getloadavg()[0],
       "rounds": rounds, "ratio": round(tot_e / tot_h, 3), "goal": 0.8}
print(json.dumps(out, indent=2))
'
