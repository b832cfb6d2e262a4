#!/usr/bin/env bash
# Fuzz the readers for a bounded time: fuzz/run.sh SECONDS [extra libFuzzer options]
# Seeds come from fuzz/regressions (inputs that once crashed: keep adding them), tests/fixtures/ingest
# and examples/; new interesting inputs are kept in
# fuzz/corpus/; a failing input is written to fuzz/crash-<sha1> (or timeout-/oom-) and the
# script exits non-zero. Replay one: python fuzz/fuzz_readers.py fuzz/crash-<sha1>
set -euo pipefail
seconds="${1:-60}"
shift || true
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
mkdir -p "$here/corpus"
cd "$here"
exec python "$here/fuzz_readers.py" "$here/corpus" "$here/regressions" "$root/tests/fixtures/ingest" "$root/examples" \
    -max_total_time="$seconds" -max_len=200000 -timeout=20 -rss_limit_mb=4096 \
    -artifact_prefix="$here/" "$@"
