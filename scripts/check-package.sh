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
# The demo partner's story is data shipped with @specready/ingest (demo-partner/*.json): not ready.
"$bin" demo "$scratch/demo" --as-of 2025-09-10 --quiet && "$bin" check "$scratch/demo" --as-of 2025-09-10 >/dev/null 2>&1
demo=$?
set -e
if [ "$ready" -ne 0 ] || [ "$gaps" -ne 1 ] || [ "$bad" -ne 2 ] || [ "$demo" -ne 1 ]; then
  echo "installed package: exit codes ready=$ready gaps=$gaps bad-input=$bad demo=$demo, expected 0, 1, 2, 1" >&2
  exit 1
fi
echo "installed package: specready runs from the tarball (exit codes 0, 1, 2 as expected; the demo writes and checks)"

# The workspace from the tarball: an administrator, the server with its web app, a backup.
export SPECREADY_DATA_DIR="$scratch/data"
printf 'a-long-enough-password\n' |
  "$bin" admin create --email admin@example.com --name Admin --org "Packed Org" --password-stdin >/dev/null
port=$(node -e 'const s=require("net").createServer().listen(0,()=>{console.log(s.address().port);s.close()})')
SPECREADY_DEMO=0 PORT=$port "$bin" serve >"$scratch/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do curl -fsS "http://localhost:$port/api/health" >/dev/null 2>&1 && break; sleep 0.5; done
health=$(curl -fsS "http://localhost:$port/api/health" || true)
page=$(curl -fsS "http://localhost:$port/sign-in" || true)
kill "$server"
wait "$server" || true
if [ "$health" != '{"status":"ok"}' ] || ! grep -q 'id="root"' <<<"$page"; then
  echo "installed package: the workspace did not serve its health check and web app" >&2
  cat "$scratch/serve.log" >&2
  exit 1
fi
"$bin" backup "$scratch/backup.gz" >/dev/null
echo "installed package: specready serve answers /api/health and serves the web app; backup works"
