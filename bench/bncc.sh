#!/usr/bin/env bash
# BNCC catalog benchmark (not a test): GET /api/v1/bncc/* req/s and p50/p99 with wrk, against
# a server started here on the reference dataset (../shared/data/bncc, read in place).
# Scenarios: health baseline; a mix of 8 catalog queries served from the cache (cached); the
# same mix with CACHE_ENABLED=false (cold: every request runs the search); unique queries that
# always miss the cache (miss: search + cache insert); one skill by code; If-None-Match → 304.
# Database: the embedded SQLite default, or PostgreSQL with BENCH_DATABASE_URL=postgresql://...
# Usage: bench/bncc.sh [seconds per scenario, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-3}
BIN=${EDU_BINARY:-$PWD/build/eduautismo}
DATA=${BNCC_DATA_PATH:-$(cd .. && pwd)/shared/data/bncc}
TMP=$(mktemp -d /tmp/edu-bench-bncc.XXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done; rm -rf "$TMP"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
start() {  # name, cache_enabled → prints base URL
  local port dbenv=()
  port=$(free_port)
  if [ -n "${BENCH_DATABASE_URL:-}" ]; then dbenv=(DATABASE_URL="$BENCH_DATABASE_URL"); fi
  env -i PATH="$PATH" ENVIRONMENT=test PORT="$port" EDU_BIND_ADDRESS=127.0.0.1 EDU_DATA_DIR="$TMP/$1" \
    JWT_SECRET=bench-secret-0123456789-0123456789-abcdef LOG_LEVEL=WARN BNCC_DATA_PATH="$DATA" \
    CACHE_ENABLED="$2" RATE_LIMIT_PER_MINUTE=0 RATE_LIMIT_USER_PER_MINUTE=0 RATE_LIMIT_AUTH_PER_MINUTE=0 \
    SHUTDOWN_SETTLE_SECONDS=0 NOTIFICATION_SWEEP_INTERVAL_SECONDS=0 "${dbenv[@]}" \
    "$BIN" serve >"$TMP/$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/api/v1/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fs "http://127.0.0.1:$port/api/v1/bncc/components" >/dev/null
  echo "http://127.0.0.1:$port"
}

cat >"$TMP/mix.lua" <<'LUA'
local paths = {
  "/api/v1/bncc/skills?q=fracoes",
  "/api/v1/bncc/skills?stage=EF&year=6",
  "/api/v1/bncc/skills?q=leitura&stage=EF&component=LP&limit=50",
  "/api/v1/bncc/skills?area=Linguagens&skip=100",
  "/api/v1/bncc/skills?q=circunfer%C3%AAncia",
  "/api/v1/bncc/skills?q=EF07MA33",
  "/api/v1/bncc/skills?thematic_unit=numeros&year=3",
  "/api/v1/bncc/skills?q=texto%20argumentativo&limit=100",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
LUA
cat >"$TMP/miss.lua" <<'LUA'
local i = 0
local id = tostring(math.random(1, 1000000000))
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/bncc/skills?q=a&limit=20&skip=" .. id .. i)
end
LUA

rps() { awk '/Requests\/sec/ {print $2}'; }
pct() { awk -v p="$1" '$1 == p {print $2}'; }
run() {  # name, connections, url, [script], [extra header]
  local out args=(-t2 -c"$2" -d"${DURATION}s" --latency)
  [ -n "${4:-}" ] && args+=(-s "$4")
  [ -n "${5:-}" ] && args+=(-H "$5")
  out=$(wrk "${args[@]}" "$3")
  echo "$out" >"$TMP/$1.txt"
  if grep -q 'Non-2xx' "$TMP/$1.txt" && [ "$1" != "not_modified_304" ]; then
    echo "$1: non-2xx responses" >&2; cat "$TMP/$1.txt" >&2; exit 1
  fi
  printf '"%s": {"connections": %s, "requests_per_sec": %s, "p50": "%s", "p99": "%s"}' "$1" "$2" \
    "$(echo "$out" | rps)" "$(echo "$out" | pct 50%)" "$(echo "$out" | pct 99%)"
}

CACHED=$(start cached true)
COLD=$(start cold false)
ETAG=$(curl -fsi "$CACHED/api/v1/bncc/skills?q=fracoes" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')

echo "{"
echo "  \"duration_seconds\": $DURATION, \"cores\": $(nproc), \"database\": \"$([ -n "${BENCH_DATABASE_URL:-}" ] && echo postgresql || echo sqlite)\","
echo "  $(run health 32 "$CACHED/api/v1/health"),"
echo "  $(run search_mix_cached 32 "$CACHED/" "$TMP/mix.lua"),"
echo "  $(run search_mix_cold 32 "$COLD/" "$TMP/mix.lua"),"
echo "  $(run search_unique_miss 32 "$CACHED/" "$TMP/miss.lua"),"
echo "  $(run skill_by_code 32 "$CACHED/api/v1/bncc/skills/EF07MA33"),"
echo "  $(run not_modified_304 32 "$CACHED/api/v1/bncc/skills?q=fracoes" "" "If-None-Match: $ETAG")"
echo "}"
