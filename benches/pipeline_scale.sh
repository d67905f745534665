#!/usr/bin/env bash
# Scale target of the pipeline issue: a ~5,000-visit day (about 40 teams) on Liechtenstein
# planned end to end (generate → plan) on this machine, with the key figures it reached.
# Usage: benches/pipeline_scale.sh [TILLIT_BINARY] [CLIENTS] [LIMIT_S]
set -euo pipefail
BIN=${1:-target/release/tillit}
CLIENTS=${2:-2500}
LIMIT=${3:-480}
OSM=${TILLIT_SHARED_DATA:-../shared/data}/osm/liechtenstein.osm.pbf
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "# $(date -u +%FT%TZ) clients=$CLIENTS limit=${LIMIT}s commit=$(git rev-parse --short HEAD) load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BIN" generate --osm "$OSM" --clients "$CLIENTS" --seed 0 --out "$WORK/scenario"
start=$(date +%s.%N)
"$BIN" plan --scenario "$WORK/scenario" --osm "$OSM" --time-limit "$LIMIT" --threads 2 --out "$WORK/out"
end=$(date +%s.%N)
echo "wall_seconds $(echo "$end - $start" | bc)"
ls -l "$WORK/out"
