"""tillit vs PyVRP on the VRPTW benchmark sets, side by side in one run.

Protocol (the routing-core issue): same instances, same wall-clock limit per instance (Solomon
10 s, Gehring-Homberger 200 at 30 s, 400 at 60 s), several seeds, DIMACS convention (distances
truncated to one decimal, distance-only objective, gap to column bks_dimacs_distance of
../shared/data/vrptw/bks.csv). For every instance and seed the two solvers run one after the
other, never at the same time. PyVRP runs single-threaded (as it ships); tillit uses
--threads (default 2, this machine's cores). Both plans are judged by `tillit check`, the
independent checker; a run whose plan fails the checker or leaves a visit out counts as failed.

Usage (from the repository root; `make bench-vrptw` installs PyVRP and builds tillit):

    python benches/compare_vrptw.py [--sets solomon,gh200,gh400] [--seeds 3]
        [--per-set N] [--threads 2] [--limits solomon=10,gh200=30,gh400=60] [--out FILE]

--per-set N takes N instances per set spread evenly over the sorted file names (all by
default). TILLIT_BIN overrides the tillit binary (default target/release/tillit). Results go to stdout (one line per run, then a summary) and to --out as JSON.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TILLIT = Path(os.environ.get("TILLIT_BIN", ROOT / "target" / "release" / "tillit"))
DEFAULT_LIMITS = {"solomon": 10.0, "gh200": 30.0, "gh400": 60.0}


def shared_vrptw() -> Path:
    base = os.environ.get("TILLIT_SHARED_DATA")
    return (Path(base) if base else ROOT.parent / "shared" / "data") / "vrptw"


def read_bks(path: Path) -> dict[str, float]:
    with path.open() as f:
        return {r["instance"]: float(r["bks_dimacs_distance"]) for r in csv.DictReader(f)}


def pick(files: list[Path], n: int | None) -> list[Path]:
    if not n or n >= len(files):
        return files
    return [files[round(i * (len(files) - 1) / max(n - 1, 1))] for i in range(n)]


def check(instance: Path, plan: Path) -> dict:
    """Runs the independent checker; returns its JSON report."""
    out = subprocess.run(
        [str(TILLIT), "check", str(instance), str(plan)],
        capture_output=True,
        text=True,
    )
    if out.returncode not in (0, 3):
        raise RuntimeError(f"tillit check failed on {plan}: {out.stderr.strip()}")
    return json.loads(out.stdout)


def run_tillit(instance: Path, limit: float, seed: int, threads: int, tmp: Path) -> dict:
    plan = tmp / f"tillit-{instance.stem}-{seed}.json"
    t = time.perf_counter()
    out = subprocess.run(
        [
            str(TILLIT), "solve", str(instance), "--time-limit", str(limit),
            "--seed", str(seed), "--threads", str(threads), "--out", str(plan),
        ],
        capture_output=True,
        text=True,
    )
    secs = time.perf_counter() - t
    if out.returncode != 0:
        return {"ok": False, "seconds": secs, "error": out.stderr.strip()}
    return {"seconds": secs, **judge(instance, plan)}


def run_pyvrp(instance: Path, limit: float, seed: int, tmp: Path) -> dict:
    import pyvrp
    from pyvrp.stop import MaxRuntime

    data = pyvrp.read(str(instance), round_func="dimacs")
    t = time.perf_counter()
    res = pyvrp.solve(data, stop=MaxRuntime(limit), seed=seed, display=False)
    secs = time.perf_counter() - t
    routes = []
    for k, route in enumerate(res.best.routes()):
        stops = [
            {
                "visit": str(a.idx + data.num_depots),
                "start": a.start_time / 10,
                "end": a.end_time / 10,
            }
            for a in route
            if a.is_client()
        ]
        routes.append({"carer": str(k + 1), "stops": stops})
    plan = tmp / f"pyvrp-{instance.stem}-{seed}.json"
    plan.write_text(json.dumps({"routes": routes, "unassigned": []}))
    return {"seconds": secs, "iterations": res.num_iterations, **judge(instance, plan)}


def judge(instance: Path, plan: Path) -> dict:
    report = check(instance, plan)
    ev = report["evaluation"]
    ok = report["feasible"] and ev["unassigned"] == 0
    return {"ok": ok, "distance": ev["distance"], "routes": ev["routes_used"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="solomon,gh200,gh400")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--per-set", type=int, default=None)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limits", default="")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()

    limits = dict(DEFAULT_LIMITS)
    for item in filter(None, args.limits.split(",")):
        name, value = item.split("=")
        limits[name] = float(value)
    root = shared_vrptw()
    if not root.is_dir():
        print(f"SKIP: {root} not found (set TILLIT_SHARED_DATA)")
        return 0
    if not TILLIT.exists():
        print(f"{TILLIT} missing: run `cargo build --release` first", file=sys.stderr)
        return 1
    bks = read_bks(root / "bks.csv")
    runs = []
    print(f"{'set':<8} {'instance':<10} {'seed':>4} {'solver':<7} {'routes':>6} "
          f"{'distance':>10} {'bks':>10} {'gap%':>7} {'secs':>6} checker", flush=True)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for set_name in args.sets.split(","):
            files = pick(sorted((root / set_name).glob("*.vrp")), args.per_set)
            for inst in files:
                best = bks.get(inst.stem)
                for seed in range(args.seeds):
                    for solver in ("tillit", "pyvrp"):
                        if solver == "tillit":
                            r = run_tillit(inst, limits[set_name], seed, args.threads, tmp)
                        else:
                            r = run_pyvrp(inst, limits[set_name], seed, tmp)
                        gap = None
                        if r.get("ok") and best:
                            gap = (r["distance"] - best) / best * 100
                        row = {"set": set_name, "instance": inst.stem, "seed": seed,
                               "solver": solver, "bks": best, "gap": gap,
                               "limit": limits[set_name], **r}
                        runs.append(row)
                        print(f"{set_name:<8} {inst.stem:<10} {seed:>4} {solver:<7} "
                              f"{r.get('routes', '-'):>6} {r.get('distance', float('nan')):>10.1f} "
                              f"{best or float('nan'):>10.1f} "
                              f"{'-' if gap is None else f'{gap:.2f}':>7} {r['seconds']:>6.1f} "
                              f"{'OK' if r.get('ok') else 'FAIL'}", flush=True)
    summary = {}
    print("\nsummary (mean gap % to BKS over instances × seeds; failed runs listed apart)")
    for set_name in args.sets.split(","):
        for solver in ("tillit", "pyvrp"):
            rows = [r for r in runs if r["set"] == set_name and r["solver"] == solver]
            gaps = [r["gap"] for r in rows if r["gap"] is not None]
            failed = sum(1 for r in rows if r["gap"] is None)
            mean = statistics.fmean(gaps) if gaps else float("nan")
            summary[f"{set_name}/{solver}"] = {"mean_gap": mean, "runs": len(rows),
                                               "failed": failed}
            print(f"  {set_name:<8} {solver:<7} mean gap {mean:6.3f} %  "
                  f"({len(gaps)} runs, {failed} failed, {limits[set_name]:g} s each)")
    if args.out:
        args.out.write_text(json.dumps({"protocol": {"seeds": args.seeds,
                                                     "per_set": args.per_set,
                                                     "threads": args.threads,
                                                     "limits": limits},
                                        "summary": summary, "runs": runs}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
