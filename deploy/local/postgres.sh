#!/usr/bin/env bash
# Throwaway PostgreSQL 15 on loopback for tests, benchmarks and development.
#   deploy/local/postgres.sh start DIR [PORT]   → initdb in DIR, start on PORT (free port when
#                                               omitted); prints "port=<n>" and the URL.
#   deploy/local/postgres.sh replica DIR PRIMARY_DIR [PORT] → streaming read replica of PRIMARY_DIR
#   deploy/local/postgres.sh stop DIR            → stops the server started in DIR (by its PID)
#   deploy/local/postgres.sh createdb DIR NAME   → creates a database
# initdb refuses to run as root, so as root everything runs as the `postgres` user.
# PG_FSYNC=off (the test suites set it) skips fsync: an OS crash could lose the throwaway
# cluster, a process kill (of the service or of PostgreSQL) loses nothing that was committed.
# PG_SHARED_BUFFERS (default 128MB, PostgreSQL's own) sizes the buffer cache; the load benchmark
# gives it 1GB, as a production instance would have about a quarter of its memory.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|replica|stop|createdb DIR ..." >&2; exit 2; }

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
wait_ready() {
  local port=$1
  for _ in $(seq 1 100); do
    if as_pg "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port"; then return 0; fi
    sleep 0.1
  done
  echo "postgres on port $port did not become ready" >&2
  return 1
}
conf_common() {
  local data=$1 port=$2
  cat >> "$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = ${PG_FSYNC:-on}
max_connections = 200
shared_buffers = ${PG_SHARED_BUFFERS:-128MB}
wal_level = replica
max_wal_senders = 5
hot_standby = on
logging_collector = off
CONF
}

case "$cmd" in
  start)
    port=${3:-$(free_port)}
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$(dirname "$dir")"; then
      echo "the postgres user cannot reach $(dirname "$dir"): make it world-traversable (chmod 755)" >&2
      exit 1
    fi
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    chmod 700 "$dir"
    as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
    conf_common "$dir/data" "$port"
    echo "host replication postgres 127.0.0.1/32 trust" >> "$dir/data/pg_hba.conf"
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w start >/dev/null
    wait_ready "$port"
    echo "port=$port"
    echo "url=postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  replica)
    primary=${3:?primary dir}
    pport=$(awk -F'= *' '/^port =/{print $2}' "$primary/data/postgresql.conf" | tail -1)
    port=${4:-$(free_port)}
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    chmod 700 "$dir"
    as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$pport" -U postgres -D "$dir/data" -R -X stream -c fast --no-sync >/dev/null
    sed -i '/^port =/d;/^unix_socket_directories =/d' "$dir/data/postgresql.conf"
    echo "port = $port" >> "$dir/data/postgresql.conf"
    echo "unix_socket_directories = '$dir'" >> "$dir/data/postgresql.conf"
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w start >/dev/null
    wait_ready "$port"
    echo "port=$port"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      pid=$(head -1 "$dir/data/postmaster.pid")
      as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    fi
    ;;
  createdb)
    name=${3:?name}
    port=$(awk -F'= *' '/^port =/{print $2}' "$dir/data/postgresql.conf" | tail -1)
    as_pg psql -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE \"$name\"" >/dev/null
    echo "url=postgresql://postgres@127.0.0.1:$port/$name"
    ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
