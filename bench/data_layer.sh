#!/usr/bin/env bash
# Data-layer benchmark (not a test): read one row by id through the whole HTTP stack
# (GET /api/v1/professionals/{id}: Beast, pipeline, JWT + session check, pool, prepared SELECT,
# JSON) against a bare libpq loop issuing the same prepared SELECT on the same PostgreSQL, in
# the same run, at concurrency 1 and 10 (= DB_POOL_SIZE). Starts its own throwaway PostgreSQL
# and server in a temporary directory; prints one JSON object.
# Usage: bench/data_layer.sh [seconds per scenario, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-5}
BIN=${EDU_BINARY:-$PWD/build/eduautismo}
LOOP=${EDU_BENCH_LOOP:-$PWD/build/bench/bench_pg_read_loop}
TMP=$(mktemp -d /tmp/edu-bench-db.XXXX)
chmod 755 "$TMP"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
cleanup() {
  [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  bash deploy/local/postgres.sh stop "$TMP/pg" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT

bash deploy/local/postgres.sh start "$TMP/pg" >/dev/null
URL=$(bash deploy/local/postgres.sh createdb "$TMP/pg" bench | sed 's/^url=//')
PORT=$(free_port)
env -i PATH="$PATH" ENVIRONMENT=test PORT="$PORT" EDU_BIND_ADDRESS=127.0.0.1 EDU_DATA_DIR="$TMP/data" \
  DATABASE_URL="$URL" DB_POOL_SIZE=10 JWT_SECRET=bench-secret-0123456789-0123456789-abcdef LOG_LEVEL=WARN \
  RATE_LIMIT_PER_MINUTE=0 RATE_LIMIT_USER_PER_MINUTE=0 RATE_LIMIT_AUTH_PER_MINUTE=0 SHUTDOWN_SETTLE_SECONDS=0 \
  "$BIN" serve >"$TMP/server.log" 2>&1 &
PID=$!
BASE=http://127.0.0.1:$PORT
for _ in $(seq 1 100); do curl -fs "$BASE/api/v1/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done

curl -fs -o /dev/null -X POST "$BASE/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","password":"benchpass123","full_name":"Bench User"}'
TOKEN=$(curl -fs -X POST "$BASE/api/v1/auth/login" -d 'username=bench@example.com&password=benchpass123' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
ID=$(curl -fs -X POST "$BASE/api/v1/professionals" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"Ana Bench","email":"ana.bench@example.com","role":"psychologist","organization":"Escola Bench"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
SQL='SELECT id, name, email, role, specialization, license_number, organization, phone, is_active, created_at, updated_at FROM professionals WHERE id = $1'

cat >"$TMP/get.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA

# wrk prints latencies as 812.00us / 1.23ms / 1.01s: convert to ms.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }
http() {  # connections threads [path]
  local out path=${3:-/api/v1/professionals/$ID}
  out=$(wrk -t"$2" -c"$1" -d"${DURATION}s" --latency -s "$TMP/get.lua" "$BASE$path")
  echo "$out" >"$TMP/http_$1.txt"
  grep -q 'Non-2xx\|Socket errors' "$TMP/http_$1.txt" && { echo "http c=$1 $path: errors" >&2; cat "$TMP/http_$1.txt" >&2; exit 1; }
  printf '{"connections": %s, "requests_per_sec": %s, "p50_ms": %s, "p99_ms": %s}' "$1" \
    "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(to_ms "$(echo "$out" | awk '/ 50%/ {print $2}')")" "$(to_ms "$(echo "$out" | awk '/ 99%/ {print $2}')")"
}
libpq() { "$LOOP" "$URL" "$DURATION" "$1" "$SQL" "$ID" "${2:-libpq}"; }

# The floor of the HTTP stack without the database: readiness runs on the worker pool like
# the route above, and answers from its ≤ 5 s cache.
# The data layer alone (edu::db pool, same statement) separates its cost from HTTP's.
F1=$(http 1 1 /api/v1/health/ready); H1=$(http 1 1); L1=$(libpq 1); P1=$(libpq 1 pool)
F10=$(http 10 2 /api/v1/health/ready); H10=$(http 10 2); L10=$(libpq 10); P10=$(libpq 10 pool)
python3 - "$DURATION" "$H1" "$L1" "$F1" "$P1" "$H10" "$L10" "$F10" "$P10" "$(nproc)" <<'PY'
import json, sys
d = int(sys.argv[1])
h1, l1, f1, p1, h10, l10, f10, p10 = map(json.loads, sys.argv[2:10])
cores = int(sys.argv[10])
def scenario(h, l, f, p):
    return {"http": h, "libpq": l, "http_no_db": f, "edu_db_pool": p,
            "throughput_http_over_libpq": round(h["requests_per_sec"] / l["requests_per_sec"], 3),
            "p50_http_minus_libpq_ms": round(h["p50_ms"] - l["p50_ms"], 3)}
print(json.dumps({"duration_seconds": d, "cores": cores, "database": "postgresql 15 (loopback)",
                  "http_route": "GET /api/v1/professionals/{id} (Bearer)",
                  "libpq_statement": "the same prepared SELECT by primary key",
                  "concurrency_1": scenario(h1, l1, f1, p1),
                  "concurrency_10": scenario(h10, l10, f10, p10)}, indent=2))
PY
