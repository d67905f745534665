#!/usr/bin/env python3
"""Mean gap per Mankowska family from benches/hhc_mankowska.sh output files.

Usage: benches/hhc_summary.py RESULTS.txt [MORE.txt ...]
Families by patient count: A=10 B=25 C=50 D=75 E=100 F=200 G=300. Prints per family the number
of runs, the mean gap to best_known_upper (%), how many runs beat brkga_mp_ipr_best, and checker
failures.
"""
import sys
from collections import defaultdict

FAM = {"10": "A", "25": "B", "50": "C", "75": "D", "100": "E", "200": "F", "300": "G"}
rows = defaultdict(list)
for path in sys.argv[1:]:
    for line in open(path):
        f = line.split()
        if not f or not f[0].startswith("Instanz"):
            continue
        n = f[0].split("_")[2]
        cost, best, gap, brkga, beat, checker = float(f[2]), float(f[3]), f[4], f[5], f[6], f[10]
        rows[FAM.get(n, n)].append((f[0], cost, best, gap, brkga, beat, checker))
allc = []
for fam in sorted(rows):
    r = rows[fam]
    gaps = [float(x[3]) for x in r if x[3] not in ("un",)]
    beat = sum(1 for x in r if x[5] == "yes")
    fails = sum(1 for x in r if x[6] != "OK")
    if fam in "CDEFG":
        allc += gaps
    print(f"{fam}: runs {len(r)}  mean gap {sum(gaps)/len(gaps):+.2f} %  max {max(gaps):+.2f} %  "
          f"beat brkga {beat}/{len(r)}  checker failures {fails}")
if allc:
    print(f"C-G: runs {len(allc)}  mean gap {sum(allc)/len(allc):+.2f} %")
