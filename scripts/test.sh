#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, functional on SQLite and
# PostgreSQL, infrastructure checks) through ctest. Ends with ctest's summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
cd build
ctest --output-on-failure --timeout 1800 "$@"
