#!/usr/bin/env bash
# Installs every Debian package the build, the tests and local runs need.
# Idempotent: only missing packages are installed. apt-get as root, sudo otherwise.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # libraries (Boost 1.81 throughout: it conflicts with libboost-dev 1.74)
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libpq-dev libsqlite3-dev libhiredis-dev libsodium-dev libssl-dev libcrypt-dev
  libcurl4-openssl-dev zlib1g-dev libcpp-jwt-dev libexpat1-dev
  libxlsxwriter-dev libhpdf-dev fonts-dejavu-core
  libmodsecurity-dev modsecurity-crs libmaxminddb-dev prometheus-cpp-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-pytest python3-requests python3-aiosmtpd python3-openpyxl python3-matplotlib
  postgresql-15 redis-server openssl wrk procps
  # headless browser: the /docs and /redoc render check (tests/functional/test_docs.py)
  chromium
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Node.js + npm (API docs assets, infra tests): any existing install is fine.
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
