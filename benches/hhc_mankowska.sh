#!/usr/bin/env bash
# Quality runner for the care planner on Mankowska et al. (2014) instances.
# Usage: benches/hhc_mankowska.sh LIMIT_SECONDS [INSTANCE_TAGS...]   (tags like 10_1 25_1 300_1)
# Runs one instance at a time (one process), prints the bench hhc rows and the load.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${TILLIT:-$here/target/release/tillit}"
data="${HHC_DATA:-$here/../shared/data/hhc/mankowska2014}"
limit="${1:-10}"; shift || true
tags=("$@")
if [ ${#tags[@]} -eq 0 ]; then tags=(10_1 25_1 50_1 75_1 100_1 200_1 300_1); fi
echo "# $(date -u +%FT%TZ) limit=${limit}s threads=${THREADS:-1} seeds=${SEEDS:-1} commit=$(git -C "$here" rev-parse --short HEAD) load: $(cut -d' ' -f1-3 /proc/loadavg)"
for t in "${tags[@]}"; do
  "$bin" bench hhc "$data" --only "_${t}.txt" --time-limit "$limit" \
    --threads "${THREADS:-1}" --seeds "${SEEDS:-1}" ${EXTRA:-} | grep -v '^instance\|^mean gap' \
    | sed "s/\$/  load $(cut -d' ' -f1 /proc/loadavg)/"
done
