#!/usr/bin/env bash
# HTTP foundation benchmark (bench/README.md, "HTTP foundation"): wrk against
# GET /api/v1/health of eduautismo and against the minimal Beast server of
# bench/hello_server.cpp, same machine, same run, alternating A/B rounds so that background
# load hits both alike. Prints one JSON object: per target and round req/s, p50, p99 and the
# server's CPU time per request (from /proc/<pid>/stat, robust to a busy machine), then the
# throughput ratio eduautismo/hello (goal ≥ 0.8) and the CPU-efficiency ratio
# hello_cpu/eduautismo_cpu. Takes about 2 × ROUNDS × SECONDS + 5 s (30 s by default).
#   usage: bash bench/run_http.sh [SECONDS per round, default 4]
#   env:   CONNECTIONS (64), WRK_THREADS (2), IO_THREADS (2: both servers), ROUNDS (3)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_ROUND=${1:-4}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
IO_THREADS=${IO_THREADS:-2}
ROUNDS=${ROUNDS:-3}
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

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

run_wrk() {  # url seconds [server pid] → "rps p50_ms p99_ms non2xx requests cpu_ticks"
  local before=0 after=0
  [ -n "${3:-}" ] && before=$(cpu_ticks "$3")
  local out
  out=$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${2}s" --latency "$1")
  [ -n "${3:-}" ] && after=$(cpu_ticks "$3")
  echo "$out" | awk -v cpu=$((after - before)) '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rps = $2 }
    /requests in/ { reqs = $1 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%s %.3f %.3f %d %d %d\n", rps, p50, p99, bad + 0, reqs, cpu }'
}

# warm-up (connection setup, lazy initialisation, CPU frequency)
run_wrk "http://127.0.0.1:$edu_port/api/v1/health" 1 >/dev/null
run_wrk "http://127.0.0.1:$hello_port/" 1 >/dev/null

edu_pid=${pids[0]}
hello_pid=${pids[1]}
results=()
for r in $(seq 1 "$ROUNDS"); do
  read -r e_rps e_p50 e_p99 e_bad e_n e_cpu < <(run_wrk "http://127.0.0.1:$edu_port/api/v1/health" "$SECONDS_PER_ROUND" "$edu_pid")
  read -r h_rps h_p50 h_p99 h_bad h_n h_cpu < <(run_wrk "http://127.0.0.1:$hello_port/" "$SECONDS_PER_ROUND" "$hello_pid")
  if [ "$e_bad" != 0 ] || [ "$h_bad" != 0 ]; then echo "non-2xx responses: edu=$e_bad hello=$h_bad" >&2; exit 1; fi
  results+=("$r $e_rps $e_p50 $e_p99 $e_n $e_cpu $h_rps $h_p50 $h_p99 $h_n $h_cpu")
done

printf '%s\n' "${results[@]}" | python3 -c '
import json, os, sys
tick_us = 1e6 / os.sysconf("SC_CLK_TCK")
rounds = []
for line in sys.stdin:
    r, erps, ep50, ep99, en, ecpu, hrps, hp50, hp99, hn, hcpu = line.split()
    def side(rps, p50, p99, n, cpu):
        return {"rps": float(rps), "p50_ms": float(p50), "p99_ms": float(p99),
                "cpu_us_per_request": round(int(cpu) * tick_us / max(int(n), 1), 2)}
    e, h = side(erps, ep50, ep99, en, ecpu), side(hrps, hp50, hp99, hn, hcpu)
    rounds.append({"round": int(r), "eduautismo": e, "hello": h, "ratio": round(e["rps"] / h["rps"], 3)})
def total(key, side):
    return sum(x[side][key] for x in rounds)
out = {"benchmark": "http_foundation", "target": "GET /api/v1/health vs bench_hello_server",
       "connections": int(os.environ["CONNECTIONS"]), "wrk_threads": int(os.environ["WRK_THREADS"]),
       "io_threads": int(os.environ["IO_THREADS"]), "seconds_per_round": int(os.environ["SECONDS_PER_ROUND"]),
       "cpus": os.cpu_count(), "load_avg_1m": round(os.getloadavg()[0], 2),
       "rounds": rounds,
       "ratio": round(total("rps", "eduautismo") / total("rps", "hello"), 3),
       "cpu_ratio": round(total("cpu_us_per_request", "hello") / total("cpu_us_per_request", "eduautismo"), 3),
       "goal": 0.8}
print(json.dumps(out, indent=2))
'
