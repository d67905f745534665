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
bin=target/x86_64-unknown-linux-gnu/release
# CPU seconds (user + system) of running TARGET on one INPUT.
cpu_seconds() {
    local TIMEFORMAT='%U %S'
    { time "$bin/$1" -runs=1 "$2" > /dev/null 2>&1; } 2>&1 | awk '{ print $1 + $2 }'
}
for t in "${targets[@]}"; do
    log=logs/$t.log
    : > "$log"
    execs=0
    speed=
    result=ok
    end=$((SECONDS + seconds))
    # libFuzzer's -timeout is wall-clock time: on a loaded machine an input can exceed it
    # without doing a second's work. A timeout counts only if the input alone takes more than
    # 1 s of CPU time; otherwise it is set aside (artifacts/<target>/load/) and fuzzing goes on.
    while [ $((end - SECONDS)) -gt 0 ]; do
        from=$(($(wc -l < "$log") + 1))
        cargo +nightly fuzz run "$t" -- -max_total_time=$((end - SECONDS)) -timeout=1 \
            -rss_limit_mb=2048 -malloc_limit_mb=2048 -print_final_stats=1 >> "$log" 2>&1
        rc=$?
        n=$(tail -n +"$from" "$log" | sed -n 's/^stat::number_of_executed_units: *//p' | tail -n 1)
        execs=$((execs + ${n:-0}))
        speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
        [ "$rc" = 0 ] && break
        slow=$(tail -n +"$from" "$log" | sed -n 's|.*Test unit written to \(.*/timeout-[0-9a-f]*\)$|\1|p' | tail -n 1)
        if [ -n "$slow" ] && [ -f "$slow" ]; then
            cpu=$(cpu_seconds "$t" "$slow")
            if awk -v c="$cpu" 'BEGIN { exit !(c < 1) }'; then
                mkdir -p "artifacts/$t/load"
                mv "$slow" "artifacts/$t/load/"
                echo "run.sh: $(basename "$slow") took ${cpu} s of CPU alone: machine load, not a hang" >> "$log"
                continue
            fi
            result="FAILED: timeout (${cpu} s of CPU), see fuzz/$log"
        else
            result="FAILED (exit $rc), see fuzz/$log"
        fi
        failed+=("$t")
        break
    done
    units=$(ls "corpus/$t" | wc -l)
    printf '%-16s %12s %10s %8s  %s\n' "$t" "$execs" "${speed:-?}" "$units" "$result"
    total=$((total + execs))
done
printf '%-16s %12s\n' total "$total"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found problems in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
