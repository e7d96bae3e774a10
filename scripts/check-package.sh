#!/usr/bin/env bash
# Packs specready as npm would publish it, installs the tarball into a scratch prefix and runs the
# installed `specready` on the contract examples: the bin must work outside the checkout too.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
tarball=$(npm pack --silent --pack-destination "$scratch" | tail -n 1)
(cd "$scratch" && npm install --silent --no-audit --no-fund "./$tarball" >/dev/null)
bin="$scratch/node_modules/.bin/specready"
"$bin" --version
set +e
"$bin" check examples/contract-examples/ready/data --as-of 2025-09-10 --format json >"$scratch/ready.json" 2>/dev/null
ready=$?
"$bin" check examples/contract-examples/gaps/data --as-of 2025-09-10 >/dev/null 2>&1
gaps=$?
"$bin" check examples/contract-examples/bad-input/data --as-of 2025-09-10 >/dev/null 2>&1
bad=$?
set -e
if [ "$ready" -ne 0 ] || [ "$gaps" -ne 1 ] || [ "$bad" -ne 2 ]; then
  echo "installed package: exit codes ready=$ready gaps=$gaps bad-input=$bad, expected 0, 1, 2" >&2
  exit 1
fi
echo "installed package: specready runs from the tarball (exit codes 0, 1, 2 as expected)"
