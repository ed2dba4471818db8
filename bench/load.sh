#!/usr/bin/env bash
# Seed-scale load benchmark (not a test; bench/README.md "Seed-scale load"). One command:
#   1. PostgreSQL (throwaway, deploy/local/postgres.sh) seeded by bench/seed.sh at --scale
#      (1.0 = 100 000 students, 1 000 000 activities, 2 000 000 assessments);
#   2. open-loop constant-rate teacher workload (build/bench/bench_load_gen) at the plan's load
#      (1 000 req/min ≈ 17 req/s), 10× and 100×, then a ramp (×1.5 per step) to the highest rate
#      with p95 < 50 ms and 0 errors;
#   3. the same on the SQLite default with the small profile (--sqlite-scale).
# Writes bench/results/load.json (override with --out) and, when matplotlib is available, the
# plot next to it (.png). Uses Redis when deploy/local/redis.sh exists (REDIS_URL).
# Usage: bench/load.sh [--scale 1.0] [--sqlite-scale 0.02] [--duration 10] [--warmup 20] [--virtual 100]
#                      [--ramp-max 6000] [--out bench/results/load.json] [--no-sqlite] [--no-postgres]
#        bench/load.sh --smoke    # tiny SQLite run (ctest): ~100 students, 2 s at 20 req/s, checks
#                                 # the JSON fields and 0 errors, writes nothing in the tree
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=1.0 SQLITE_SCALE=0.02 DURATION=10 WARMUP=20 VIRTUAL=100 RAMP_START=100 RAMP_MAX=6000 OUT=bench/results/load.json
SMOKE=0 DO_PG=1 DO_SQLITE=1
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE=$2; shift 2 ;;
    --sqlite-scale) SQLITE_SCALE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --virtual) VIRTUAL=$2; shift 2 ;;
    --ramp-start) RAMP_START=$2; shift 2 ;;
    --ramp-max) RAMP_MAX=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --no-sqlite) DO_SQLITE=0; shift ;;
    --no-postgres) DO_PG=0; shift ;;
    --smoke) SMOKE=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
BIN=${EDU_BINARY:-$PWD/build/eduautismo}
GEN=${EDU_LOAD_GEN:-$(dirname "$BIN")/bench/bench_load_gen}
[ -x "$GEN" ] || GEN=$PWD/build/bench/bench_load_gen
# The BNCC reference is read in place: ../shared next to the checkout (../../shared for a
# worktree kept one level deeper, as CMakeLists.txt does), or BNCC_DATA_PATH.
if [ -z "${BNCC_DATA_PATH:-}" ]; then
  BNCC_DATA_PATH=../shared/data/bncc
  [ -d "$BNCC_DATA_PATH" ] || [ ! -d ../../shared/data/bncc ] || BNCC_DATA_PATH=../../shared/data/bncc
fi
export BNCC_DATA_PATH
TMP=$(mktemp -d /tmp/edu-bench-load.XXXX)
chmod 755 "$TMP"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PID= REDIS=
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  bash deploy/local/postgres.sh stop "$TMP/pg" >/dev/null 2>&1 || true
  [ -n "$REDIS" ] && bash deploy/local/redis.sh stop "$TMP/redis" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
trap "exit 1" INT TERM  # so that cleanup runs when the benchmark is interrupted
log() { echo "[load] $*" >&2; }

# The benchmark server's environment as a command prefix (SERVER_ENV), for `serve` and the
# commands run on its database: server_env database_url (empty: SQLite in $TMP/data).
server_env() {
  SERVER_ENV=(env -i PATH="$PATH" ENVIRONMENT=test PORT="${PORT:-0}" METRICS_PORT="${MPORT:-0}"
    EDU_BIND_ADDRESS=127.0.0.1 EDU_DATA_DIR="$TMP/data" BNCC_DATA_PATH="$BNCC_DATA_PATH" DB_POOL_SIZE=10
    JWT_SECRET=bench-secret-0123456789-0123456789-abcdef LOG_LEVEL=WARN
    RATE_LIMIT_PER_MINUTE=0 RATE_LIMIT_USER_PER_MINUTE=0 RATE_LIMIT_AUTH_PER_MINUTE=0
    EDU_LOGIN_MAX_FAILURES_PER_IP=0 EDU_LOGIN_MAX_FAILURES_PER_ACCOUNT=0 SHUTDOWN_SETTLE_SECONDS=0)
  [ -n "$1" ] && SERVER_ENV+=("DATABASE_URL=$1")
  [ -n "$REDIS" ] && SERVER_ENV+=("REDIS_URL=$REDIS")
  return 0
}
start_server() {  # database_url (empty: SQLite in $TMP/data)
  PORT=$(free_port) MPORT=$(free_port)
  server_env "$1"
  # env execs the server: $! is the server's own PID (stopped by it).
  "${SERVER_ENV[@]}" "$BIN" serve >>"$TMP/server.log" 2>&1 &
  PID=$!
  BASE=http://127.0.0.1:$PORT
  for _ in $(seq 1 300); do curl -fs "$BASE/api/v1/health/ready" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "server did not start" >&2; tail -20 "$TMP/server.log" >&2; exit 1
}
stop_server() { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; PID=; }
# The template account: its argon2id hash (computed once by the server) is every teacher's.
register_template() {
  curl -fs -o /dev/null -X POST "$BASE/api/v1/auth/register" -H 'Content-Type: application/json' \
    -d '{"email":"template@bench.example","password":"benchpass123","full_name":"Template Teacher"}'
}

run_backend() {  # name, db_url_or_empty, scale, rates, ramp(1/0)
  local name=$1 url=$2 scale=$3 rates=$4 ramp=$5 hash seed db_parent=0
  start_server "$url"
  register_template
  if [ -n "$url" ]; then
    hash=$(psql "$url" -X -At -c "SELECT hashed_password FROM users WHERE email = 'template@bench.example'")
    log "$name: seeding at scale $scale"
    seed=$(bash bench/seed.sh --url "$url" --hash "$hash" --scale "$scale" --virtual "$VIRTUAL" --out "$TMP/teachers.tsv")
    db_parent=$(head -1 "$TMP/pg/data/postmaster.pid")
  else
    stop_server  # SQLite: seed the file while no server holds it
    hash=$(sqlite3 "$TMP/data/eduautismo.db" "SELECT hashed_password FROM users WHERE email = 'template@bench.example'")
    log "$name: seeding at scale $scale"
    seed=$(bash bench/seed.sh --sqlite "$TMP/data/eduautismo.db" --hash "$hash" --scale "$scale" --virtual "$VIRTUAL" --out "$TMP/teachers.tsv")
    start_server ""
  fi
  log "$name: $seed"
  # The seed writes the LGPD columns in clear (SQL cannot encrypt); seal them as the service
  # would have, so that every read pays its decryption as in production.
  local t0=$SECONDS
  server_env "$url"
  "${SERVER_ENV[@]}" "$BIN" reencrypt >"$TMP/$name-reencrypt.txt" 2>"$TMP/$name-reencrypt.err" \
    || { log "$name: reencrypt failed"; cat "$TMP/$name-reencrypt.txt" "$TMP/$name-reencrypt.err" >&2; exit 1; }
  local sealed_rows
  sealed_rows=$(awk '{ n += $4 } END { print n + 0 }' "$TMP/$name-reencrypt.txt")
  if [ -n "$url" ]; then
    # As at the end of the seed: the rewrite left a dead version of every row and ~2 GB of dirty
    # pages; without this, autovacuum and checkpoints would run inside the measured steps.
    psql "$url" -X -q -c "VACUUM (ANALYZE)" -c "CHECKPOINT"
  fi
  log "$name: LGPD columns of $sealed_rows rows encrypted in $((SECONDS - t0)) s${url:+ (with VACUUM + CHECKPOINT)}"
  seed=${seed%\}}", \"encrypted_rows\": $sealed_rows, \"encrypt_seconds\": $((SECONDS - t0))}"
  local common=(--port "$PORT" --teachers "$TMP/teachers.tsv" --duration "$DURATION" --server-pid "$PID"
                --metrics-port "$MPORT" --db-parent "$db_parent")
  if [ "$WARMUP" != 0 ]; then
    # Not recorded: brings the database buffers, the plans' stored review flags and the caches
    # of the virtual teachers to the steady state a running service is in.
    log "$name: warm-up, $WARMUP s at 300 req/s (not recorded)"
    "$GEN" "${common[@]}" --rates 300 --duration "$WARMUP" >"$TMP/$name-warmup.json" 2>"$TMP/$name-warmup.log" \
      || { log "$name: warm-up failed"; tail -20 "$TMP/$name-warmup.log" >&2; exit 1; }
  fi
  log "$name: fixed rates $rates"
  "$GEN" "${common[@]}" --rates "$rates" >"$TMP/$name-fixed.json"
  if [ "$ramp" = 1 ]; then
    log "$name: ramp from $RAMP_START req/s ×1.5 up to $RAMP_MAX"
    "$GEN" "${common[@]}" --ramp "$RAMP_START,1.5,$RAMP_MAX" >"$TMP/$name-ramp.json"
  else
    echo null >"$TMP/$name-ramp.json"
  fi
  echo "$seed" >"$TMP/$name-seed.json"
  stop_server
  [ -n "$url" ] && bash deploy/local/postgres.sh stop "$TMP/pg" >/dev/null
  return 0
}

REDIS_NOTE="none (deploy/local/redis.sh not on this branch)"
if [ "$SMOKE" = 1 ]; then
  DURATION=2 VIRTUAL=4 WARMUP=0
  run_backend sqlite "" 0.001 20 0
  python3 - "$TMP" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/sqlite-fixed.json"))
seed = json.load(open(sys.argv[1] + "/sqlite-seed.json"))
assert seed["students"] >= 100 and seed["activities"] >= 1000, seed
assert seed["encrypted_rows"] >= seed["students"] + seed["activities"], seed
step = d["steps"][0]
for k in ("offered_rate", "achieved_rate", "errors", "all", "endpoints", "server", "cache"):
    assert k in step, k
for name, e in step["endpoints"].items():
    for k in ("count", "errors", "p50_ms", "p95_ms", "p99_ms", "max_ms"):
        assert k in e, (name, k)
assert step["errors"] == 0, step["error_kinds"]
assert step["completed"] == step["sent"] and step["completed"] >= 30, step
assert step["server"]["rss_mb"] > 0
print(json.dumps({"smoke": "ok", "seed": seed, "all": step["all"], "achieved_rate": step["achieved_rate"]}))
PY
  exit 0
fi

[ -x "$GEN" ] || { echo "build first: bash scripts/build.sh ($GEN missing)" >&2; exit 1; }
if [ -f deploy/local/redis.sh ]; then
  REDIS=$(bash deploy/local/redis.sh start "$TMP/redis" | sed -n 's/^url=//p')
  REDIS_NOTE=${REDIS:+redis (deploy/local/redis.sh)}
fi
START=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "$DO_PG" = 1 ]; then
  PG_SHARED_BUFFERS=1GB bash deploy/local/postgres.sh start "$TMP/pg" >/dev/null  # ~1/4 of a production host's memory
  URL=$(bash deploy/local/postgres.sh createdb "$TMP/pg" bench | sed 's/^url=//')
  run_backend postgres "$URL" "$SCALE" 17,170,1700 1
fi
[ "$DO_SQLITE" = 1 ] && run_backend sqlite "" "$SQLITE_SCALE" 17,170,1700 1
mkdir -p "$(dirname "$OUT")"
python3 - "$TMP" "$OUT" "$DO_PG" "$DO_SQLITE" "$REDIS_NOTE" "$LOAD_BEFORE" "$(( $(date +%s) - START ))" <<'PY'
import json, os, sys, platform, datetime
tmp, out, do_pg, do_sqlite, redis, load_before, total = sys.argv[1:8]
res = {"recorded": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
       "machine": {"cores": os.cpu_count(), "load_average_before": load_before,
                   "load_average_after": open("/proc/loadavg").read().split()[:3]},
       "cache_backend": redis, "total_seconds": int(total), "backends": {}}
for name, on in (("postgres", do_pg), ("sqlite", do_sqlite)):
    if on != "1": continue
    res["backends"][name] = {"seed": json.load(open(f"{tmp}/{name}-seed.json")),
                             "fixed": json.load(open(f"{tmp}/{name}-fixed.json")),
                             "ramp": json.load(open(f"{tmp}/{name}-ramp.json"))}
json.dump(res, open(out, "w"), indent=1)
print(out)
PY
/usr/bin/python3 bench/load_plot.py "$OUT" "${OUT%.json}.png" || log "plot skipped (python3-matplotlib missing?)"
log "done in $(( $(date +%s) - START )) s"
