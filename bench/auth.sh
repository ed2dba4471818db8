#!/usr/bin/env bash
# Auth benchmark (not a test): /api/v1/auth/me req/s against /api/v1/health on the same server,
# and logins/s with the argon2id parameters of API.md §2.4. Starts its own server on the
# embedded SQLite default in a temporary directory, runs wrk for a short duration per
# scenario and prints one JSON object. Usage: bench/auth.sh [seconds per scenario, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-5}
BIN=${EDU_BINARY:-$PWD/build/eduautismo}
TMP=$(mktemp -d /tmp/edu-bench-auth.XXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

env -i PATH="$PATH" ENVIRONMENT=test PORT="$PORT" EDU_BIND_ADDRESS=127.0.0.1 EDU_DATA_DIR="$TMP/data" \
  JWT_SECRET=bench-secret-0123456789-0123456789-abcdef LOG_LEVEL=WARN \
  RATE_LIMIT_PER_MINUTE=0 RATE_LIMIT_USER_PER_MINUTE=0 RATE_LIMIT_AUTH_PER_MINUTE=0 \
  EDU_LOGIN_MAX_FAILURES_PER_IP=0 EDU_LOGIN_MAX_FAILURES_PER_ACCOUNT=0 SHUTDOWN_SETTLE_SECONDS=0 \
  "$BIN" serve >"$TMP/server.log" 2>&1 &
PID=$!
BASE=http://127.0.0.1:$PORT
for _ in $(seq 1 100); do curl -fs "$BASE/api/v1/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done

curl -fs -o /dev/null -X POST "$BASE/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","password":"benchpass123","full_name":"Bench User"}'
TOKEN=$(curl -fs -X POST "$BASE/api/v1/auth/login" -d 'username=bench@example.com&password=benchpass123' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

cat >"$TMP/me.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA
cat >"$TMP/login.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "username=bench@example.com&password=benchpass123"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA

rps() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '/ 99%/ {print $2}'; }
run() {  # name, connections, url, [script]
  local out
  if [ -n "${4:-}" ]; then out=$(wrk -t2 -c"$2" -d"${DURATION}s" --latency -s "$4" "$3"); else out=$(wrk -t2 -c"$2" -d"${DURATION}s" --latency "$3"); fi
  echo "$out" >"$TMP/$1.txt"
  grep -q 'Non-2xx' "$TMP/$1.txt" && { echo "$1: non-2xx responses" >&2; cat "$TMP/$1.txt" >&2; exit 1; }
  printf '"%s": {"connections": %s, "requests_per_sec": %s, "p99": "%s"}' "$1" "$2" "$(echo "$out" | rps)" "$(echo "$out" | p99)"
}

echo "{"
echo "  \"duration_seconds\": $DURATION, \"cores\": $(nproc), \"database\": \"sqlite\","
echo "  $(run health 32 "$BASE/api/v1/health"),"
echo "  $(run auth_me 32 "$BASE/api/v1/auth/me" "$TMP/me.lua"),"
echo "  $(run login 4 "$BASE/api/v1/auth/login" "$TMP/login.lua")"
echo "}"
