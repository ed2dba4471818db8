#!/usr/bin/env bash
# Throwaway Redis 7 on loopback for tests, benchmarks and development (the local stand-in for
# ElastiCache, INFRA.md §1.9). Everything lives in DIR; servers are stopped by their own PIDs.
#
#   deploy/local/redis.sh start DIR [PORT]     standalone on PORT (free port when omitted)
#   deploy/local/redis.sh start-tls DIR [PORT] standalone, TLS only: generates a CA and a server
#                                               certificate (CN/SAN localhost + 127.0.0.1) in DIR/tls
#   deploy/local/redis.sh cluster DIR [--tls]  3 masters + 3 replicas (cluster-node-timeout 1 s)
#   deploy/local/redis.sh stop DIR             stops every server started in DIR
#   deploy/local/redis.sh stop-node DIR PORT   stops one server (e.g. kill a cluster master)
#   deploy/local/redis.sh start-node DIR PORT  starts it again with the same configuration
#
# Output lines (key=value): port=, ports= (cluster, masters first), url=, ca= (TLS).
# REDIS_PASSWORD set → `requirepass` (and `masterauth`) = that value: the REDIS_AUTH_TOKEN.
# REDIS_TLS_SAN overrides the certificate's subjectAltName (tests of host-name verification).
set -euo pipefail

REDIS_SERVER=${REDIS_SERVER:-redis-server}
REDIS_CLI=${REDIS_CLI:-redis-cli}
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || {
  echo "usage: $0 start|start-tls|cluster|stop|stop-node|start-node DIR ..." >&2; exit 2; }

# A free port whose cluster bus port (+10000) is free too.
free_port() {
  python3 - <<'PY'
import socket
while True:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]
    if p > 55000:
        s.close(); continue
    b = socket.socket()
    try:
        b.bind(("127.0.0.1", p + 10000))
    except OSError:
        s.close(); b.close(); continue
    s.close(); b.close(); print(p); break
PY
}

gen_tls() {
  local t="$dir/tls"
  [ -f "$t/server.crt" ] && return 0
  mkdir -p "$t"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=EduAutismo test CA" \
    -keyout "$t/ca.key" -out "$t/ca.crt" >/dev/null 2>&1
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
    -keyout "$t/server.key" -out "$t/server.csr" >/dev/null 2>&1
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' \
    "${REDIS_TLS_SAN:-DNS:localhost,IP:127.0.0.1}" > "$t/ext.cnf"
  openssl x509 -req -in "$t/server.csr" -CA "$t/ca.crt" -CAkey "$t/ca.key" -CAcreateserial \
    -days 2 -extfile "$t/ext.cnf" -out "$t/server.crt" >/dev/null 2>&1
  chmod 644 "$t"/*
}

cli() {  # cli NODE_DIR args...
  local nd=$1; shift
  local port; port=$(cat "$nd/port")
  local args=(-h 127.0.0.1 -p "$port")
  [ -f "$nd/tls" ] && args+=(--tls --cacert "$dir/tls/ca.crt")
  [ -n "${REDIS_PASSWORD:-}" ] && args+=(--no-auth-warning -a "$REDIS_PASSWORD")
  "$REDIS_CLI" "${args[@]}" "$@"
}

write_conf() {  # write_conf NODE_DIR PORT TLS(0/1) CLUSTER(0/1)
  local nd=$1 port=$2 tls=$3 cluster=$4
  mkdir -p "$nd"
  echo "$port" > "$nd/port"
  {
    echo "bind 127.0.0.1"
    echo "dir $nd"
    echo "daemonize yes"
    echo "pidfile $nd/redis.pid"
    echo "logfile $nd/redis.log"
    echo 'save ""'
    echo "appendonly no"
    echo "protected-mode no"
    echo "maxmemory 256mb"
    echo "maxmemory-policy volatile-lru"
    if [ "$tls" = 1 ]; then
      touch "$nd/tls"
      echo "port 0"
      echo "tls-port $port"
      echo "tls-cert-file $dir/tls/server.crt"
      echo "tls-key-file $dir/tls/server.key"
      echo "tls-ca-cert-file $dir/tls/ca.crt"
      echo "tls-auth-clients no"
      [ "$cluster" = 1 ] && { echo "tls-cluster yes"; echo "tls-replication yes"; }
    else
      echo "port $port"
    fi
    if [ "$cluster" = 1 ]; then
      echo "cluster-enabled yes"
      echo "cluster-config-file $nd/nodes.conf"
      echo "cluster-node-timeout 1000"
    fi
    if [ -n "${REDIS_PASSWORD:-}" ]; then
      echo "requirepass \"$REDIS_PASSWORD\""
      echo "masterauth \"$REDIS_PASSWORD\""
    fi
  } > "$nd/redis.conf"
  chmod 600 "$nd/redis.conf"
}

start_node() {  # start_node NODE_DIR
  local nd=$1
  rm -f "$nd/redis.pid"
  "$REDIS_SERVER" "$nd/redis.conf" >/dev/null
  for _ in $(seq 1 100); do
    if cli "$nd" ping 2>/dev/null | grep -q PONG; then return 0; fi
    sleep 0.05
  done
  echo "redis in $nd did not start:" >&2
  tail -20 "$nd/redis.log" >&2 || true
  return 1
}

stop_node() {  # stop_node NODE_DIR — by the PID the server wrote
  local nd=$1
  [ -f "$nd/redis.pid" ] || return 0
  local pid; pid=$(cat "$nd/redis.pid")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$nd/redis.pid"
}

node_dir_of() { echo "$dir/node-$1"; }

case "$cmd" in
  start|start-tls)
    port=${3:-$(free_port)}
    tls=0; [ "$cmd" = start-tls ] && { tls=1; mkdir -p "$dir"; gen_tls; }
    nd=$(node_dir_of "$port")
    write_conf "$nd" "$port" "$tls" 0
    start_node "$nd"
    echo "port=$port"
    if [ "$tls" = 1 ]; then
      echo "url=rediss://localhost:$port"
      echo "ca=$dir/tls/ca.crt"
    else
      echo "url=redis://127.0.0.1:$port"
    fi
    ;;
  cluster)
    tls=0; [ "${3:-}" = "--tls" ] && { tls=1; mkdir -p "$dir"; gen_tls; }
    ports=()
    for _ in 1 2 3 4 5 6; do
      p=$(free_port)
      while printf '%s\n' "${ports[@]:-}" | grep -qx "$p"; do p=$(free_port); done
      ports+=("$p")
      write_conf "$(node_dir_of "$p")" "$p" "$tls" 1
    done
    for p in "${ports[@]}"; do start_node "$(node_dir_of "$p")"; done
    args=()
    for p in "${ports[@]}"; do args+=("127.0.0.1:$p"); done
    extra=()
    [ "$tls" = 1 ] && extra+=(--tls --cacert "$dir/tls/ca.crt")
    [ -n "${REDIS_PASSWORD:-}" ] && extra+=(--no-auth-warning -a "$REDIS_PASSWORD")
    # The first three become masters, the last three their replicas.
    "$REDIS_CLI" "${extra[@]}" --cluster create "${args[@]}" --cluster-replicas 1 --cluster-yes \
      > "$dir/cluster-create.log" 2>&1 || { cat "$dir/cluster-create.log" >&2; exit 1; }
    for _ in $(seq 1 200); do
      ok=1
      for p in "${ports[@]}"; do
        cli "$(node_dir_of "$p")" cluster info 2>/dev/null | grep -q 'cluster_state:ok' || ok=0
      done
      [ "$ok" = 1 ] && break
      sleep 0.1
    done
    [ "$ok" = 1 ] || { echo "cluster did not reach cluster_state:ok" >&2; exit 1; }
    # Replicas must have finished their first sync before a failover can promote them.
    for _ in $(seq 1 200); do
      synced=0
      for p in "${ports[@]}"; do
        cli "$(node_dir_of "$p")" info replication 2>/dev/null | grep -q 'master_link_status:up' \
          && synced=$((synced + 1))
      done
      [ "$synced" -ge 3 ] && break
      sleep 0.1
    done
    echo "${ports[*]}" > "$dir/cluster-ports"
    echo "ports=$(IFS=,; echo "${ports[*]}")"
    echo "port=${ports[0]}"
    if [ "$tls" = 1 ]; then
      echo "url=rediss://127.0.0.1:${ports[0]}"
      echo "ca=$dir/tls/ca.crt"
    else
      echo "url=redis://127.0.0.1:${ports[0]}"
    fi
    ;;
  stop)
    for nd in "$dir"/node-*; do
      [ -d "$nd" ] && stop_node "$nd"
    done
    ;;
  stop-node)
    stop_node "$(node_dir_of "${3:?port}")"
    ;;
  start-node)
    start_node "$(node_dir_of "${3:?port}")"
    echo "port=$3"
    ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
