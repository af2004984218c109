#!/usr/bin/env bash
# Regenerates the EVM build outputs: compiles bridge/contracts/src with the
# pinned solc-js into <dest>/bridge/contracts/artifacts and generates abigen v2
# Go bindings into <dest>/bridge/bindings. <dest> defaults to the repository
# root (what `make contracts` does); contracts-check passes a temp dir.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dest=${1:-$root}
cd "$root"
./scripts/deps.sh >&2

art="$dest/bridge/contracts/artifacts"
bind="$dest/bridge/bindings"
mkdir -p "$art" "$bind"
rm -f "$art"/*.abi.json "$art"/*.bin "$bind"/*_gen.go
node bridge/contracts/build.js "$art"

gen() { # <Contract> <file stem>
  go tool abigen --v2 --pkg bindings --type "$1" \
    --abi "$art/$1.abi.json" --bin "$art/$1.bin" --out "$bind/$2_gen.go"
}
gen RoyaltyDistributor royalty_distributor
gen SaharaTestToken sahara_test_token
