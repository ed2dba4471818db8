#!/usr/bin/env bash
# Redis benchmark (not a test): cached BNCC search `GET /api/v1/bncc/skills?q=...` served with
# the Redis cache, the in-process cache and no cache (CACHE_ENABLED=false), in one run on the
# same machine: req/s, p50/p99 (wrk) and the cache hit rate measured over the run (Prometheus
# counters eduautismo_cache_{hits,misses}_total{cache="bncc"} on METRICS_PORT).
# Also: a *fresh* second instance on the same Redis answers its first pass from the shared
# cache (hit rate of that pass), where a fresh in-process instance starts cold.
# Starts its own Redis (deploy/local/redis.sh) and servers in a temp dir; rate limits off.
# Usage: bench/redis.sh [seconds per scenario, default 3] [connections, default 16]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-3}
CONNS=${2:-16}
BIN=${EDU_BINARY:-$PWD/build/eduautismo}
DATA=${BNCC_DATA_PATH:-${EDU_SHARED_DIR:-$(cd .. && pwd)/shared}/data/bncc}
TMP=$(mktemp -d /tmp/edu-bench-redis.XXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  bash deploy/local/redis.sh stop "$TMP/redis" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
REDIS_URL=$(bash deploy/local/redis.sh start "$TMP/redis" | awk -F= '$1=="url"{print $2}')

declare -A BASE METRICS
start() {  # name, then extra VAR=value settings
  local name=$1 port mport
  shift
  port=$(free_port)
  mport=$(free_port)
  env -i PATH="$PATH" ENVIRONMENT=test PORT="$port" EDU_BIND_ADDRESS=127.0.0.1 \
    EDU_DATA_DIR="$TMP/$name" JWT_SECRET=bench-secret-0123456789-0123456789-abcdef LOG_LEVEL=WARN \
    BNCC_DATA_PATH="$DATA" METRICS_PORT="$mport" METRICS_SINK=none \
    RATE_LIMIT_PER_MINUTE=0 RATE_LIMIT_USER_PER_MINUTE=0 RATE_LIMIT_AUTH_PER_MINUTE=0 \
    SHUTDOWN_SETTLE_SECONDS=0 NOTIFICATION_SWEEP_INTERVAL_SECONDS=0 "$@" \
    "$BIN" serve >"$TMP/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/api/v1/health/ready" >/dev/null 2>&1 && break
    sleep 0.1
  done
  BASE[$name]="http://127.0.0.1:$port"
  METRICS[$name]="http://127.0.0.1:$mport/metrics"
}

# 24 distinct searches (accents, multi-word, codes), cycled: after the first pass every one is
# a cache hit where a cache exists.
QUERIES=(fracoes "fra%C3%A7%C3%B5es" leitura "texto%20argumentativo" "circunfer%C3%AAncia"
  geometria probabilidade "n%C3%BAmeros%20naturais" escrita oralidade "g%C3%AAneros%20textuais"
  "medidas%20de%20comprimento" estat%C3%ADstica "%C3%A1lgebra" "equa%C3%A7%C3%B5es" corpo
  "movimento" "brincadeiras" "arte" "m%C3%BAsica" "hist%C3%B3ria" "territ%C3%B3rio"
  EF07MA33 EF15LP01)
{
  echo "local paths = {"
  for q in "${QUERIES[@]}"; do echo "  \"/api/v1/bncc/skills?q=$q\","; done
  echo "}"
  cat <<'LUA'
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
LUA
} >"$TMP/search.lua"

counters() {  # name → "hits misses" for cache="bncc"
  curl -fs "${METRICS[$1]}" | awk '
    /^eduautismo_cache_hits_total\{.*cache="bncc"/ {h=$NF}
    /^eduautismo_cache_misses_total\{.*cache="bncc"/ {m=$NF}
    END {printf "%d %d\n", h+0, m+0}'
}
hit_rate() {  # before_hits before_misses after_hits after_misses
  awk -v a="$1" -v b="$2" -v c="$3" -v d="$4" 'BEGIN {
    h = c - a; m = d - b; if (h + m == 0) print "null"; else printf "%.1f", 100 * h / (h + m) }'
}
one_pass() {  # name: every query once
  for q in "${QUERIES[@]}"; do
    curl -fs -o /dev/null "${BASE[$1]}/api/v1/bncc/skills?q=$q"
  done
}

rps() { awk '/Requests\/sec/ {print $2}'; }
pct() { awk -v p="$1" '$1 == p {print $2}'; }
run() {  # name
  local out before after
  before=$(counters "$1")
  out=$(wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -s "$TMP/search.lua" "${BASE[$1]}/")
  after=$(counters "$1")
  echo "$out" >"$TMP/$1.txt"
  if grep -q 'Non-2xx\|Socket errors' "$TMP/$1.txt"; then
    echo "$1: errors" >&2
    cat "$TMP/$1.txt" >&2
    exit 1
  fi
  # shellcheck disable=SC2086
  printf '"%s": {"requests_per_sec": %s, "p50": "%s", "p99": "%s", "hit_rate_percent": %s}' \
    "$1" "$(echo "$out" | rps)" "$(echo "$out" | pct 50%)" "$(echo "$out" | pct 99%)" \
    "$(hit_rate $before $after)"
}
first_pass() {  # name → hit rate of one pass over the queries on a fresh instance
  local before after
  before=$(counters "$1")
  one_pass "$1"
  after=$(counters "$1")
  # shellcheck disable=SC2086
  hit_rate $before $after
}

start redis REDIS_URL="$REDIS_URL" CACHE_ENABLED=true
start memory CACHE_ENABLED=true
start none CACHE_ENABLED=false
curl -fs "${BASE[redis]}/api/v1/health/detailed" | grep -q '"redis": {"status": "up"' || {
  echo "the redis-backed server does not see Redis:" >&2
  curl -s "${BASE[redis]}/api/v1/health/detailed" >&2
  cat "$TMP/redis.log" >&2
  exit 1
}
# Warm-up: one pass fills the caches (what a long-running instance has).
for n in redis memory none; do one_pass "$n"; done

echo "{"
echo "  \"duration_seconds\": $DURATION, \"connections\": $CONNS, \"cores\": $(nproc), \"distinct_queries\": ${#QUERIES[@]},"
echo "  $(run redis),"
echo "  $(run memory),"
echo "  $(run none),"
start redis_fresh REDIS_URL="$REDIS_URL" CACHE_ENABLED=true
start memory_fresh CACHE_ENABLED=true
echo "  \"fresh_instance_first_pass_hit_rate_percent\": {\"redis\": $(first_pass redis_fresh), \"memory\": $(first_pass memory_fresh)}"
echo "}"
