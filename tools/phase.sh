#!/usr/bin/env bash
# Run one phase of `make test`, print its duration and append it to _build/bench/test-phases.jsonl
# (read by `make bench`). Usage: tools/phase.sh NAME COMMAND...
set -uo pipefail
name=$1; shift
mkdir -p _build/bench
echo "=== make test: $name ==="
start=$EPOCHREALTIME
"$@"; rc=$?
secs=$(awk "BEGIN {print $EPOCHREALTIME - $start}")
printf '{"phase": "%s", "seconds": %.1f, "exit": %d}\n' "$name" "$secs" "$rc" >> _build/bench/test-phases.jsonl
printf '=== %s: %.1f s, exit %d ===\n' "$name" "$secs" "$rc"
exit $rc
