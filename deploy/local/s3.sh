#!/usr/bin/env bash
# Throwaway S3-protocol server (npm s3rver, no SigV4 check) on loopback for tests and
# development. s3rver is installed with `npm ci` into deploy/local/s3rver/node_modules
# (git-ignored) from the committed package.json + package-lock.json on first use.
#   deploy/local/s3.sh start DIR [PORT] [BUCKET...]
#       → serves the data directory DIR/data on 127.0.0.1:PORT (a free port when omitted or 0),
#         creates the buckets, prints "port=<n>" and "url=http://127.0.0.1:<n>"; the server's
#         PID is in DIR/s3rver.pid and its log in DIR/s3rver.log.
#   deploy/local/s3.sh stop DIR          → stops the server started in DIR (by its PID)
# Credentials for clients: AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER with
# S3_ENDPOINT_URL=<url> (the server only accepts static keys for a loopback endpoint).
# Exit status 3: s3rver could not be installed (npm registry unreachable) — tests skip on it.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PKG="$HERE/s3rver"
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start DIR [PORT] [BUCKET...] | stop DIR" >&2; exit 2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

install_s3rver() {
  [ -f "$PKG/node_modules/s3rver/bin/s3rver.js" ] && return 0
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "s3.sh: node and npm are required (scripts/install-deps.sh installs them)" >&2
    exit 3
  fi
  echo "s3.sh: installing s3rver (npm ci in deploy/local/s3rver)" >&2
  # A lock directory serialises concurrent first uses (parallel test runs).
  local lock="$PKG/.install.lock"
  for _ in $(seq 1 600); do mkdir "$lock" 2>/dev/null && break; sleep 0.2; done
  if [ ! -f "$PKG/node_modules/s3rver/bin/s3rver.js" ]; then
    if ! (cd "$PKG" && npm ci --no-audit --no-fund --loglevel=error >&2); then
      rmdir "$lock" 2>/dev/null || true
      echo "s3.sh: cannot install s3rver: npm ci failed (is the npm registry reachable?)" >&2
      exit 3
    fi
  fi
  rmdir "$lock" 2>/dev/null || true
}

case "$cmd" in
  start)
    port=${3:-0}
    [ "$port" = "0" ] && port=$(free_port)
    buckets=("${@:4}")
    install_s3rver
    mkdir -p "$dir/data"
    # setsid: its own process group, so that stop can end node and nothing else.
    # --openssl-legacy-provider: s3rver 3.7 encrypts continuation tokens with DES, which
    # OpenSSL 3 (Node >= 17) only offers through the legacy provider (else: 500 on paged lists).
    legacy=()
    if node --openssl-legacy-provider -e '' 2>/dev/null; then legacy=(--openssl-legacy-provider); fi
    setsid node "${legacy[@]}" "$PKG/node_modules/s3rver/bin/s3rver.js" -d "$dir/data" -a 127.0.0.1 -p "$port" \
      --silent --no-vhost-buckets >"$dir/s3rver.log" 2>&1 < /dev/null &
    echo $! > "$dir/s3rver.pid"
    url="http://127.0.0.1:$port"
    for _ in $(seq 1 100); do
      if python3 - "$url" <<'PY' 2>/dev/null
import sys, urllib.request
urllib.request.urlopen(sys.argv[1] + "/", timeout=1).read()
PY
      then ready=1; break; fi
      if ! kill -0 "$(cat "$dir/s3rver.pid")" 2>/dev/null; then break; fi
      sleep 0.1
    done
    if [ -z "${ready:-}" ]; then
      echo "s3.sh: s3rver did not start on port $port:" >&2
      cat "$dir/s3rver.log" >&2
      exit 1
    fi
    for b in "${buckets[@]}"; do
      python3 - "$url/$b" <<'PY'
import sys, urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1], method="PUT"), timeout=5).read()
PY
    done
    echo "port=$port"
    echo "url=$url"
    ;;
  stop)
    pidfile="$dir/s3rver.pid"
    [ -f "$pidfile" ] || exit 0
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
    ;;
  *)
    echo "usage: $0 start DIR [PORT] [BUCKET...] | stop DIR" >&2
    exit 2
    ;;
esac
