#!/usr/bin/env bash
# Face-to-face share on the Italian real-city instances (home-care issue): the published plans
# of Ceschia et al. (shares and lateness recomputed by the checker, via the hhc test) beside
# tillit's plans with every visit allowed to stretch to 1.5x its duration.
# Usage: benches/hhc_face_to_face.sh [TILLIT_BINARY] [LIMIT_S] [OBJECTIVE_JSON]
set -euo pipefail
BIN=${1:-target/release/tillit}
LIMIT=${2:-60}
OBJ=${3:-'{"face_to_face":0.3,"lateness":50,"max_lateness":50}'}
DATA=${HHC_DATA:-../shared/data/hhc}
echo "# $(date -u +%FT%TZ) limit=${LIMIT}s elastic=1.5 objective=$OBJ commit=$(git rev-parse --short HEAD) load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "## published plans (checker): face-to-face / travel / waiting share of route time, lateness"
cargo test --quiet -p tillit --test hhc italian_published -- --nocapture 2>&1 | grep -E '^instance_|^pooled' || true
echo "## tillit --elastic 1.5 (cost = the published objective)"
"$BIN" bench hhc "$DATA/italian_ceschia/instances" --time-limit "$LIMIT" --threads 2 --elastic 1.5 --objective "$OBJ"
