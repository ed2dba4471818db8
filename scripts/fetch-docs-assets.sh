#!/usr/bin/env bash
# Build step (run by CMake): fetches the Swagger UI and ReDoc bundles with `npm ci` from the
# committed package-lock.json in assets/api-docs, and copies the few files the server embeds
# into <out>/files. It never fails the build: without npm (or with EDU_SKIP_NPM=1, or when
# the registry is unreachable) it leaves <out>/files empty and writes the reason to
# <out>/status.txt; the server then answers /docs and /redoc with a page saying so.
#   usage: fetch-docs-assets.sh <package dir> <out dir>
set -u
pkg=$1
out=$2
mkdir -p "$out"
rm -rf "$out/files"
mkdir -p "$out/files"
status="$out/status.txt"

if [ "${EDU_SKIP_NPM:-0}" = "1" ]; then
  echo "skipped (EDU_SKIP_NPM=1 at build time)" >"$status"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm was not available at build time" >"$status"
  echo "fetch-docs-assets: npm not found; /docs and /redoc will say their assets are missing" >&2
  exit 0
fi
work="$out/npm"
mkdir -p "$work"
cp "$pkg/package.json" "$pkg/package-lock.json" "$work/"
if ! (cd "$work" && timeout 300 npm ci --ignore-scripts --omit=peer --no-audit --no-fund \
        --loglevel=error >"$out/npm.log" 2>&1); then
  echo "npm ci failed at build time (see build/docs-assets/npm.log)" >"$status"
  echo "fetch-docs-assets: npm ci failed; /docs and /redoc will say their assets are missing" >&2
  exit 0
fi
nm="$work/node_modules"
for f in swagger-ui-dist/swagger-ui-bundle.js swagger-ui-dist/swagger-ui.css \
         swagger-ui-dist/favicon-32x32.png redoc/bundles/redoc.standalone.js; do
  if [ ! -f "$nm/$f" ]; then
    rm -f "$out"/files/*
    echo "npm package layout changed: $f missing" >"$status"
    exit 0
  fi
  cp "$nm/$f" "$out/files/"
done
swagger=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$nm/swagger-ui-dist/package.json" | head -1)
redoc=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$nm/redoc/package.json" | head -1)
echo "ok (swagger-ui-dist $swagger, redoc $redoc)" >"$status"
