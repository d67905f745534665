#!/usr/bin/env bash
# Runs every fuzz target (or those named after the seconds) for SECONDS each, one after
# another on one core, after seeding the corpora (seed.sh). A crash, a panic, an input taking
# more than 1 s (-timeout=1) or memory beyond 2 GB (-rss_limit_mb, -malloc_limit_mb) stops
# that target and leaves the input in fuzz/artifacts/<target>/. Prints executions per target;
# exits 1 if any target failed.
#
#   fuzz/run.sh SECONDS [TARGET...]
#
# Needs `cargo +nightly fuzz` (make fuzz installs cargo-fuzz) and the build done by
# `cargo +nightly fuzz build` in fuzz/.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
cd "$here"
./seed.sh > /dev/null
if [ $# -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo +nightly fuzz list)
fi
mkdir -p logs
failed=()
total=0
printf '%-16s %12s %10s %8s  %s\n' target executions exec/s corpus result
for t in "${targets[@]}"; do
    log=logs/$t.log
    cargo +nightly fuzz run "$t" -- -max_total_time="$seconds" -timeout=1 \
        -rss_limit_mb=2048 -malloc_limit_mb=2048 -print_final_stats=1 > "$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    units=$(ls "corpus/$t" | wc -l)
    if [ "$rc" = 0 ]; then
        result=ok
    else
        result="FAILED (exit $rc, see fuzz/$log)"
        failed+=("$t")
    fi
    printf '%-16s %12s %10s %8s  %s\n' "$t" "${execs:-?}" "${speed:-?}" "$units" "$result"
    total=$((total + ${execs:-0}))
done
printf '%-16s %12s\n' total "$total"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found problems in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
