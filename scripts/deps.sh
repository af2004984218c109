#!/usr/bin/env bash
# Installs what the build and tests need beyond Go: the pinned npm packages
# (solc-js, OpenZeppelin contracts, @openzeppelin/merkle-tree). Idempotent and
# quick when nothing changed, so every make target can call it.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.saharanet-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "deps: installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
