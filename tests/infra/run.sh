#!/usr/bin/env bash
# Offline infrastructure checks (INFRA.md §4): node's test runner over tests/infra/*.test.mjs with
# @cdktf/hcl2json, plus `terraform fmt -check` when a terraform binary exists (C2).
# Runs from any working directory; installs Node.js (apt) and the npm dependencies when missing.
# Exit status is non-zero on any failure; the last line is "N passed, N failed".
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
TF_DIR="$REPO/deploy/terraform"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "run.sh: need root or sudo to run: $*" >&2; return 1; fi
}

# 1. Node.js and npm (Debian 12 packages) when missing.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "run.sh: installing nodejs and npm with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq || exit 1
  as_root apt-get install -y -qq --no-install-recommends nodejs npm || exit 1
fi

# 2. npm dependencies (pinned by package-lock.json).
if [ ! -f "$HERE/node_modules/@cdktf/hcl2json/package.json" ]; then
  echo "run.sh: installing npm dependencies in tests/infra"
  (cd "$HERE" && { npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error; }) || {
    echo "run.sh: npm install failed" >&2; echo "0 passed, 1 failed"; exit 1; }
fi

passed=0
failed=0
status=0

# 3. Node test runner (TAP output; its summary has "# pass N" / "# fail N").
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
(cd "$HERE" && node --test --test-reporter=tap ./*.test.mjs) 2>&1 | tee "$log"
node_status=${PIPESTATUS[0]}
np=$(sed -n 's/^# pass \([0-9][0-9]*\)$/\1/p' "$log" | tail -1)
nf=$(sed -n 's/^# fail \([0-9][0-9]*\)$/\1/p' "$log" | tail -1)
passed=$((passed + ${np:-0}))
failed=$((failed + ${nf:-0}))
if [ "$node_status" -ne 0 ]; then
  status=1
  if [ "${nf:-0}" -eq 0 ]; then failed=$((failed + 1)); fi
fi

# 4. C2: terraform fmt -check (only where a terraform binary exists).
if command -v terraform >/dev/null 2>&1; then
  # A configured but missing CLI config file only produces a warning; fmt needs no configuration.
  if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -f "$TF_CLI_CONFIG_FILE" ]; then export TF_CLI_CONFIG_FILE=/dev/null; fi
  if (cd "$REPO" && terraform fmt -check -recursive -diff deploy/terraform); then
    echo "ok - C2 terraform fmt -check -recursive deploy/terraform"
    passed=$((passed + 1))
  else
    echo "not ok - C2 terraform fmt -check -recursive deploy/terraform (run: terraform fmt -recursive deploy/terraform)"
    failed=$((failed + 1))
    status=1
  fi
else
  echo "SKIP - C2 terraform fmt -check: no terraform binary on PATH"
fi

[ -d "$TF_DIR" ] || { echo "run.sh: $TF_DIR missing"; status=1; }
echo "${passed} passed, ${failed} failed"
exit "$status"
