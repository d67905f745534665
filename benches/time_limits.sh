#!/usr/bin/env bash
# Does --time-limit bind? Runs every command that has one over a grid of (days, threads, rota
# weeks) on the example data and prints the overrun: wall time minus the limit, against the
# documented margin (10 % of the limit + 2 s; README "Time limits").
# Also times the iteration-limited runs whose cost the README documents.
# Usage: benches/time_limits.sh [TILLIT_BINARY] [LIMITS...]   (default limits: 2 10)
# Output lines: command, days, threads, weeks, limit, wall seconds, overrun, within margin.
set -uo pipefail
BIN=${1:-target/release/tillit}
shift || true
LIMITS=${*:-2 10}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=$ROOT/data
OSM=$DATA/helsinki_centre.osm.pbf
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Team rotas of 6, 26 and 52 weeks (the example rota with its horizon changed).
for w in 6 26 52; do
    python3 - "$DATA/example_rota.json" "$WORK/rota_$w.json" "$w" <<'EOF'
import json, sys
rota = json.load(open(sys.argv[1]))
rota["weeks"] = int(sys.argv[3])
json.dump(rota, open(sys.argv[2], "w"))
EOF
done

echo "# $(date -u +%FT%TZ) commit=$(git -C "$ROOT" rev-parse --short HEAD) cores=$(nproc) load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %5s %7s %5s %6s %8s %8s %s\n' command days threads weeks limit wall overrun margin
n=0
fails=0
# run NAME DAYS THREADS WEEKS LIMIT -- ARGS...: time one run (LIMIT "-" = iteration-limited).
run() {
    local name=$1 days=$2 threads=$3 weeks=$4 limit=$5
    shift 6
    rm -rf "$WORK/out" "$WORK/out.json" "$WORK/out.csv"
    local start end wall code
    start=$(date +%s.%N)
    "$BIN" "$@" >/dev/null 2>"$WORK/stderr"
    code=$?
    end=$(date +%s.%N)
    wall=$(echo "$end - $start" | bc -l)
    if [ "$limit" = "-" ]; then
        printf '%-8s %5s %7s %5s %6s %8.2f %8s %s\n' "$name" "$days" "$threads" "$weeks" "-" "$wall" "-" "cost (exit $code)"
        return
    fi
    local over ok
    over=$(echo "$wall - $limit" | bc -l)
    ok=$(echo "$over <= 0.1 * $limit + 2" | bc -l)
    n=$((n + 1))
    # Exit 4 (no solution within the limit: give more time) also ends in time.
    if [ "$ok" = 1 ] && { [ "$code" = 0 ] || [ "$code" = 4 ]; }; then
        ok="yes (exit $code)"
    else
        ok="NO (exit $code)"
        fails=$((fails + 1))
    fi
    printf '%-8s %5s %7s %5s %6s %8.2f %8.2f %s\n' "$name" "$days" "$threads" "$weeks" "$limit" "$wall" "$over" "$ok"
}

for L in $LIMITS; do
    for days in 1 7 30 366; do
        for threads in 1 2 100; do
            run plan "$days" "$threads" 6 "$L" -- plan --scenario "$DATA/example_scenario" --osm "$OSM" \
                --days "$days" --threads "$threads" --force-threads --time-limit "$L" --out "$WORK/out"
        done
    done
    # (compare: the limit applies to each of its two models, so the bound is 2 × L.)
    run compare 7 2 6 "$((2 * L))" -- compare --scenario "$DATA/example_scenario" --osm "$OSM" \
        --days 7 --time-limit "$L" --out "$WORK/out"
    run demo 1 2 6 "$L" -- demo --time-limit "$L" --out "$WORK/out"
    for w in 6 26 52; do
        run roster - 1 "$w" "$L" -- roster --format json "$WORK/rota_$w.json" --time-limit "$L" --out "$WORK/out.json"
        run sizing - 1 "$w" "$L" -- roster --format json --sizing "$WORK/rota_$w.json" --time-limit "$L" --out "$WORK/out.json"
    done
    for threads in 1 2 100; do
        run solve - "$threads" - "$L" -- solve "$DATA/example_homecare.json" --threads "$threads" \
            --force-threads --time-limit "$L" --out "$WORK/out.json"
    done
    run assign - 1 - "$L" -- assign "$DATA/example_assign.json" --time-limit "$L" --out "$WORK/out.json"
done

echo "# iteration-limited runs (no clock unless --time-limit is also given): their cost"
run plan 1 2 6 - -- plan --scenario "$DATA/example_scenario" --osm "$OSM" --iterations 0 --out "$WORK/out"
run plan 1 2 6 - -- plan --scenario "$DATA/example_scenario" --osm "$OSM" --iterations 1000 --out "$WORK/out"
run roster - 1 6 - -- roster --format json "$WORK/rota_6.json" --iterations 50 --out "$WORK/out.json"
echo "# with --time-limit 2 as well: the clock binds"
run plan 1 2 6 2 -- plan --scenario "$DATA/example_scenario" --osm "$OSM" --iterations 100000 --time-limit 2 --out "$WORK/out"
run roster - 1 6 2 -- roster --format json "$WORK/rota_6.json" --iterations 50 --time-limit 2 --out "$WORK/out.json"
echo "# $n timed runs, $fails beyond the margin"
