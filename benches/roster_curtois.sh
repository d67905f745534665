#!/usr/bin/env bash
# Curtois & Qu (2014) roster benchmark: instances 1, 2, 4, 5 at 120 s and 7, 8, 10, 11 at
# 300 s, seed 0, one run each, sequentially (HiGHS on one thread). Every roster is judged by
# `tillit roster-check`. Usage: benches/roster_curtois.sh [TILLIT_BINARY] > results.txt
set -euo pipefail
BIN=${1:-target/release/tillit}
DATA=${ROSTER_DATA:-../shared/data/roster/curtois2014}
REF=${ROSTER_REF:-$DATA/../curtois2014_reference_values.csv}
OUT=$(mktemp -d)
printf '%-11s %6s %8s %8s %12s %8s %8s %8s %s\n' instance limit objective best status bound gap% seconds checker
for spec in 1:120 2:120 4:120 5:120 7:300 8:300 10:300 11:300; do
  i=${spec%%:*}; limit=${spec##*:}
  f="$DATA/Instance$i.txt"
  best=$(awk -F, -v n="Instance$i" '$1==n {print $6}' "$REF")
  start=$(date +%s.%N)
  "$BIN" roster --format curtois "$f" --time-limit "$limit" --seed 0 --out "$OUT/r$i.json" 2> "$OUT/log$i.txt" || { echo "Instance$i FAILED: $(cat "$OUT/log$i.txt")"; continue; }
  end=$(date +%s.%N)
  if "$BIN" roster-check "$f" "$OUT/r$i.json" > "$OUT/check$i.json"; then checker=OK; else checker=FAIL; fi
  python3 - "$OUT/r$i.json" "$OUT/check$i.json" "$i" "$limit" "$best" "$start" "$end" "$checker" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); c = json.load(open(sys.argv[2]))
i, limit, best, start, end, checker = sys.argv[3:9]
obj = r["objective"]; assert obj == c["objective"], (obj, c["objective"])
gap = (obj - float(best)) / float(best) * 100 if best else float("nan")
bound = "-" if r["bound"] is None else str(r["bound"])
print(f"Instance{i:<3} {limit:>6} {obj:>8} {best:>8} {r['status']:>12} {bound:>8} {gap:>8.2f} {float(end)-float(start):>8.1f} {checker}")
PY
done
