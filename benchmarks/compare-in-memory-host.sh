#!/usr/bin/env bash
# The in-memory session host before and after the durable host (issue 10), on the same workload: HostBenchmarks at
# commit 2261b74 (sessions addressed by the host's own SessionId) and here (sessions addressed by the application's
# long keys, no store attached). Both are built, then run alternately, twice each, so that both see the same machine.
# Usage: bash benchmarks/compare-in-memory-host.sh
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(mktemp -d)
trap 'git worktree remove --force "$before/repo" >/dev/null 2>&1 || true; rm -rf "$before"' EXIT
git worktree add --detach "$before/repo" 2261b74 >/dev/null 2>&1
dotnet build -c Release "$before/repo/benchmarks" >/dev/null
dotnet build -c Release benchmarks >/dev/null
for round in 1 2; do
  for side in before after; do
    if [ "$side" = before ]; then dir="$before/repo/benchmarks"; else dir=benchmarks; fi
    printf '%-7s' "$side"
    (cd "$dir" && dotnet run -c Release --no-build -- --filter '*.HostBenchmarks*' --job short 2>&1 | grep -E "^\| 'SessionHost")
  done
done
