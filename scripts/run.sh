#!/usr/bin/env bash
# Installs what is missing, builds, and runs the service on its embedded defaults
# (SQLite file and local object store under ./data, in-process cache and rate limiter)
# on http://127.0.0.1:8000. Loads the BNCC catalog from ../shared when present.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
export EDU_DATA_DIR=${EDU_DATA_DIR:-$PWD/data}
export LOG_FORMAT=${LOG_FORMAT:-text}
if [ -z "${BNCC_DATA_PATH:-}" ] && [ -f ../shared/data/bncc/bncc.csv ]; then
  export BNCC_DATA_PATH="$(cd ../shared/data/bncc && pwd)/bncc.csv"
fi
if ./build/eduautismo --help 2>&1 | grep -q seed-demo; then
  ./build/eduautismo seed-demo || true
fi
echo "EduAutismo on http://127.0.0.1:${PORT:-8000} (docs: /docs) — Ctrl-C to stop"
exec ./build/eduautismo serve
