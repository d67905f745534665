#!/usr/bin/env bash
# Team assignment at scale: the synthetic municipality of `tillit bench assign` (2,000 clients,
# 30 teams) with seeds 0-2, the full MIP alone (the default) and the two-phase solve
# (coarse_share 0.3), 60 s each, sequentially (HiGHS on one thread). Every assignment is judged
# by the independent checker inside `tillit bench assign` ("checker": "OK").
# Usage: benches/assign_synthetic.sh [TILLIT_BINARY] > results.txt
set -euo pipefail
BIN=${1:-target/release/tillit}
TWO=$(mktemp)
echo '{"coarse_share": 0.3}' > "$TWO"
printf '%-5s %-10s %-10s %14s %14s %9s %8s %s\n' seed mode status objective bound gap% seconds checker
for seed in 0 1 2; do
  for mode in two-phase full-mip; do
    args=()
    [ "$mode" = two-phase ] && args=(--params "$TWO")
    "$BIN" bench assign --clients 2000 --teams 30 --time-limit 60 --seed "$seed" "${args[@]}" |
      python3 -c '
import json, sys
d = json.load(sys.stdin)
gap = "-" if d["gap"] is None else "%.4f" % (d["gap"] * 100)
bound = "-" if d["bound"] is None else "%.2f" % d["bound"]
print("%-5s %-10s %-10s %14.2f %14s %9s %8.1f %s" % (sys.argv[1], sys.argv[2], d["status"], d["objective"], bound, gap, d["wall_seconds"], d["checker"]))
' "$seed" "$mode"
  done
done
rm -f "$TWO"
