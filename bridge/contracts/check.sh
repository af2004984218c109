#!/usr/bin/env bash
# Fails when the committed contract artifacts or Go bindings differ from what
# the pinned toolchain produces from the committed sources (CI runs it via
# `make contracts-check`, a prerequisite of `make test`).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$root/bridge/contracts/build.sh" "$tmp" 2>"$tmp/build.log" || { cat "$tmp/build.log" >&2; exit 1; }
status=0
for d in bridge/contracts/artifacts bridge/bindings; do
  # Only generated files are compared; hand-written files in bindings are not.
  for f in "$tmp/$d"/*; do
    rel="$d/$(basename "$f")"
    if ! cmp -s "$f" "$root/$rel"; then
      echo "contracts-check: $rel is stale or missing; run 'make contracts'" >&2
      status=1
    fi
  done
  for f in "$root/$d"/*.abi.json "$root/$d"/*.bin "$root/$d"/*_gen.go; do
    [ -e "$f" ] || continue
    if [ ! -e "$tmp/$d/$(basename "$f")" ]; then
      echo "contracts-check: $d/$(basename "$f") is not produced by the build; remove it or run 'make contracts'" >&2
      status=1
    fi
  done
done
[ $status -eq 0 ] && echo "contracts-check: artifacts and bindings are up to date"
exit $status
