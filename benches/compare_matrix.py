#!/usr/bin/env python3
"""Side-by-side car matrix benchmark: tillit vs scipy's Dijkstra vs OSRM's CH `table`.

One run, the same points for every tool. For each extract (helsinki always; liechtenstein and
the 4x4 grid when ../shared/data/osm has them):

1. draw N points (fixed seed) a few metres from nodes of tillit's car graph (largest SCC);
2. tillit: `tillit matrix ... --timings`, best of R runs for the query (`matrix`), CH
   preparation (`prepare`) reported separately; once more with RAYON_NUM_THREADS=1;
3. scipy: the same graph (`tillit graph --export`), each point mapped to the graph node nearest
   to tillit's snapped position; only `scipy.sparse.csgraph.dijkstra(indices=sources)` is timed;
4. OSRM (PyPI `osrm-bindings`, Python >= 3.12): osrm-extract + osrm-contract with the car
   profile as shipped and with nothing adding time at intersections; `table` timed in process;
5. agreement of tillit's durations with OSRM's (pairs with OSRM duration > 60 s).

Prints one table and writes it as JSON to benches/results/compare_matrix.json.
All intermediate files live in a temporary directory. Run: `make bench-compare`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import scipy
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

REPO = Path(__file__).resolve().parent.parent
EARTH_R = 6_371_008.8  # metres, mean radius
MIN_OSRM_S = 60.0  # agreement only over pairs whose OSRM duration exceeds this


# ----------------------------------------------------------------------------------------------
# small helpers


def log(msg: str) -> None:
    print(msg, flush=True)


def run(cmd: list[str], log_file: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Runs cmd (check=True), stdout+stderr captured; on failure shows the tail and re-raises."""
    try:
        proc = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
    except FileNotFoundError as e:
        raise SystemExit(f"error: cannot run {cmd[0]}: {e}") from e
    except subprocess.CalledProcessError as e:
        log_file.write_text(f"$ {' '.join(cmd)}\n--- stdout\n{e.stdout}\n--- stderr\n{e.stderr}\n")
        tail = "\n".join((e.stderr or e.stdout or "").strip().splitlines()[-15:])
        print(f"error: command failed (exit {e.returncode}): {' '.join(cmd)}\n{tail}", file=sys.stderr)
        raise
    log_file.write_text(f"$ {' '.join(cmd)}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}\n")
    return proc


def fmt(x: float | None, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{x:.{digits}f}"


def rnd(x, digits: int = 4):
    """Rounds floats (also inside lists/dicts) for a small JSON file."""
    if isinstance(x, float):
        return None if math.isnan(x) else round(x, digits)
    if isinstance(x, dict):
        return {k: rnd(v, digits) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [rnd(v, digits) for v in x]
    return x


def local_xy(lat: np.ndarray, lon: np.ndarray, lat0: float) -> np.ndarray:
    """Equirectangular metres around lat0: fine for nearest-node look-ups in a city or country."""
    k = math.pi / 180.0 * EARTH_R
    return np.column_stack((lon * k * math.cos(math.radians(lat0)), lat * k))


def rel_stats(ours: np.ndarray, ref: np.ndarray, mask: np.ndarray) -> dict:
    """Median and 95th percentile of |ours - ref| / ref over mask, and the signed median."""
    ok = mask & np.isfinite(ours) & np.isfinite(ref) & (ref > MIN_OSRM_S)
    if not ok.any():
        return {"pairs": 0, "median": None, "p95": None, "signed_median": None}
    rel = (ours[ok] - ref[ok]) / ref[ok]
    return {
        "pairs": int(ok.sum()),
        "median": float(np.median(np.abs(rel))),
        "p95": float(np.percentile(np.abs(rel), 95)),
        "signed_median": float(np.median(rel)),
    }


# ----------------------------------------------------------------------------------------------
# tillit


def tillit_graph(tillit: Path, osm: Path, work: Path) -> tuple[dict, np.ndarray, np.ndarray]:
    """`tillit graph --export`: report JSON, node coordinates (lat, lon) and edges."""
    out = work / "graph"
    proc = run([str(tillit), "graph", "--osm", str(osm), "--profile", "car", "--export", str(out)], work / "graph.log")
    report = json.loads(proc.stdout)
    for f in ("nodes.csv", "edges.csv"):
        if not (out / f).is_file():
            raise SystemExit(f"error: `tillit graph --export` wrote no {out / f}")
    with open(out / "nodes.csv") as fh:
        header = fh.readline().strip()
    if header != "node,osm_id,lat,lon":
        raise SystemExit(f"error: {out / 'nodes.csv'}: header {header!r}, expected node,osm_id,lat,lon")
    nodes = np.loadtxt(out / "nodes.csv", delimiter=",", skiprows=1, usecols=(0, 2, 3), ndmin=2)
    if not np.array_equal(nodes[:, 0], np.arange(len(nodes))):
        raise SystemExit(f"error: {out / 'nodes.csv'}: node column is not 0..n-1 in order")
    with open(out / "edges.csv") as fh:
        header = fh.readline().strip()
    if header != "from,to,duration_s,distance_m":
        raise SystemExit(f"error: {out / 'edges.csv'}: header {header!r}, expected from,to,duration_s,distance_m")
    edges = np.loadtxt(out / "edges.csv", delimiter=",", skiprows=1, ndmin=2)
    return report, nodes[:, 1:3], edges


def draw_points(coords: np.ndarray, n: int, seed: int, jitter_m: float) -> np.ndarray:
    """n points (lat, lon), each within jitter_m of a distinct random graph node."""
    rng = np.random.default_rng(seed)
    idx = rng.choice(len(coords), size=n, replace=len(coords) < n)
    r = jitter_m * np.sqrt(rng.random(n))  # uniform over the disc
    a = rng.random(n) * 2.0 * math.pi
    lat = coords[idx, 0] + np.degrees(r * np.cos(a) / EARTH_R)
    lon = coords[idx, 1] + np.degrees(r * np.sin(a) / (EARTH_R * np.cos(np.radians(coords[idx, 0]))))
    return np.column_stack((lat, lon))


def write_points(path: Path, pts: np.ndarray) -> list[str]:
    ids = [f"p{i:04d}" for i in range(len(pts))]
    with open(path, "w") as fh:
        fh.write("id,lat,lon\n")
        fh.writelines(f"{pid},{lat:.7f},{lon:.7f}\n" for pid, (lat, lon) in zip(ids, pts))
    return ids


def tillit_matrix(tillit: Path, osm: Path, points: Path, out: Path, log_file: Path, threads: int | None) -> dict:
    env = dict(os.environ)
    if threads is not None:
        env["RAYON_NUM_THREADS"] = str(threads)
    cmd = [str(tillit), "matrix", "--osm", str(osm), "--points", str(points), "--profile", "car"]
    cmd += ["--out", str(out), "--timings"]
    proc = run(cmd, log_file, env=env)
    lines = [ln for ln in proc.stderr.strip().splitlines() if ln.startswith("{")]
    if not lines:
        raise SystemExit(f"error: `tillit matrix --timings` printed no JSON on stderr:\n{proc.stderr}")
    t = json.loads(lines[-1])
    for k in ("prepare", "snap", "matrix"):
        if k not in t:
            raise SystemExit(f"error: `tillit matrix --timings` has no {k!r}: {lines[-1]}")
    return t


def read_tillit_out(path: Path, ids: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Durations (s, NaN where null), snapped (lat, lon) per point (NaN if unsnapped), snapped mask."""
    with open(path) as fh:
        m = json.load(fh)
    if m["ids"] != ids:
        raise SystemExit(f"error: {path}: ids differ from the points file")
    dur = np.array([[np.nan if x is None else x for x in row] for row in m["durations"]], dtype=float)
    pos = {s["id"]: (s["lat"], s["lon"]) for s in m["snapped"]}
    snapped = np.array([pos.get(i, (np.nan, np.nan)) for i in ids], dtype=float)
    return dur, snapped, np.isfinite(snapped[:, 0])


# ----------------------------------------------------------------------------------------------
# scipy


def scipy_matrix(coords: np.ndarray, edges: np.ndarray, snapped: np.ndarray, ok: np.ndarray) -> dict:
    n = len(coords)
    u = edges[:, 0].astype(np.int64)
    v = edges[:, 1].astype(np.int64)
    w = edges[:, 2].astype(float)
    # parallel edges: keep the fastest (csr_matrix would add them up)
    order = np.lexsort((w, v, u))
    u, v, w = u[order], v[order], w[order]
    first = np.ones(len(u), dtype=bool)
    first[1:] = (u[1:] != u[:-1]) | (v[1:] != v[:-1])
    u, v, w = u[first], v[first], w[first]
    w = np.maximum(w, 1e-6)  # an explicit zero could be read as "no edge"
    graph = csr_matrix((w, (u, v)), shape=(n, n))

    lat0 = float(np.mean(coords[:, 0]))
    tree = cKDTree(local_xy(coords[:, 0], coords[:, 1], lat0))
    node_of = np.full(len(snapped), -1, dtype=np.int64)
    gap_m = np.full(len(snapped), np.nan)
    gap_m[ok], node_of[ok] = tree.query(local_xy(snapped[ok, 0], snapped[ok, 1], lat0))
    sources, inv = np.unique(node_of[ok], return_inverse=True)

    t0 = time.perf_counter()
    dist = dijkstra(graph, directed=True, indices=sources)
    seconds = time.perf_counter() - t0

    k = int(ok.sum())
    sub = dist[:, sources]  # node-to-node, unique sources x unique targets
    full = np.full((len(snapped), len(snapped)), np.nan)
    idx = np.flatnonzero(ok)
    full[np.ix_(idx, idx)] = sub[np.ix_(inv.reshape(-1), inv.reshape(-1))]
    full[~np.isfinite(full)] = np.nan
    del dist
    return {
        "seconds": seconds,
        "sources": len(sources),
        "points": k,
        "edges": len(u),
        "node_gap_m_median": float(np.nanmedian(gap_m)),
        "durations": full,
    }


# ----------------------------------------------------------------------------------------------
# OSRM (PyPI osrm-bindings: the C++ engine in process, plus osrm-extract / osrm-contract)

NOPENALTY_LUA = """
-- ---- appended by tillit benches/compare_matrix.py: nothing adds time at intersections ----
local shipped_setup = setup
function setup()
  local profile = shipped_setup()
  profile.turn_penalty = 0
  profile.turn_bias = 1
  profile.oncoming_turn_penalty = 0
  profile.properties.u_turn_penalty = 0
  profile.properties.traffic_signal_penalty = 0
  profile.properties.weight_name = '%(weight_name)s'
  for k, _ in pairs(profile.barrier_penalties) do profile.barrier_penalties[k] = 0 end
  return profile
end

-- no turn, u-turn, traffic-signal, stop, give-way or gate time; only the shipped ban on
-- entering access-restricted roads from open ones stays in the routing weight
function process_turn(profile, turn)
  turn.duration = 0
  turn.weight = 0
  if profile.properties.weight_name == 'routability'
     and not turn.source_restricted and turn.target_restricted then
    turn.weight = constants.max_turn_weight
  end
end

"""


def osrm_setup():
    """Imports osrm-bindings and finds its executables and profiles; (module, bin dir, profiles) or a reason."""
    try:
        import osrm
    except ImportError as e:
        why = f"osrm-bindings is not importable here ({e})."
        if sys.version_info < (3, 12):
            why += (
                f" This is Python {platform.python_version()}; PyPI ships osrm-bindings only as"
                " cp312-abi3 wheels (Python >= 3.12), older Pythons would build OSRM from source."
            )
        return None, why
    base = Path(osrm.__file__).parent
    bins = base / "bin"
    profiles = base / "share" / "profiles"
    for exe in ("osrm-extract", "osrm-contract"):
        if not (bins / exe).is_file():
            found = shutil.which(exe)
            if not found:
                return None, f"{exe} is neither in {bins} nor on PATH"
            bins = Path(found).parent
    if not (profiles / "car.lua").is_file():
        return None, f"no car.lua in {profiles}"
    return (osrm, bins, profiles), None


def nopenalty_profiles(shipped: Path, dest: Path, weight_name: str) -> Path:
    """A copy of OSRM's profiles whose car.lua adds no time at intersections."""
    shutil.copytree(shipped, dest)
    car = dest / "car.lua"
    src = car.read_text()
    ends = [m.start() for m in re.finditer(r"^return \{", src, flags=re.MULTILINE)]
    if len(ends) != 1:
        raise RuntimeError(f"{shipped / 'car.lua'}: expected one top-level `return {{`, found {len(ends)}")
    car.write_text(src[: ends[0]] + NOPENALTY_LUA % {"weight_name": weight_name} + src[ends[0] :])
    return car


def osrm_prepare(osrm_env, osm: Path, profile: Path, work: Path) -> tuple[Path, dict]:
    _, bins, _ = osrm_env
    work.mkdir(parents=True)
    pbf = work / osm.name
    pbf.symlink_to(osm.resolve())
    threads = str(os.cpu_count() or 1)
    t0 = time.perf_counter()
    run([str(bins / "osrm-extract"), "-p", str(profile), "-t", threads, str(pbf)], work / "extract.log")
    t1 = time.perf_counter()
    base = work / (osm.name.removesuffix(".osm.pbf").removesuffix(".pbf") + ".osrm")
    run([str(bins / "osrm-contract"), "-t", threads, str(base)], work / "contract.log")
    t2 = time.perf_counter()
    return base, {"extract": t1 - t0, "contract": t2 - t1}


def osrm_table(osrm_env, base: Path, coords_lonlat: list[tuple[float, float]], repeats: int) -> dict:
    osrm = osrm_env[0]
    engine = osrm.OSRM(storage_config=str(base), algorithm="CH", use_shared_memory=False)
    runs = []
    res = None
    for _ in range(repeats):
        params = osrm.TableParameters(coordinates=coords_lonlat, annotations=["duration", "distance"])
        t0 = time.perf_counter()
        res = engine.Table(params)
        runs.append(time.perf_counter() - t0)
    if res["code"] != "Ok":
        raise RuntimeError(f"OSRM table answered {res['code']}")
    dur = np.array([[np.nan if x is None else float(x) for x in row] for row in res["durations"]], dtype=float)
    snap = np.array([float(w["distance"]) for w in res["sources"]])
    return {"seconds": min(runs), "runs": runs, "durations": dur, "snap_m_median": float(np.median(snap))}


# ----------------------------------------------------------------------------------------------
# one extract


def bench_extract(name: str, osm: Path, args, tillit: Path, osrm_env, work: Path) -> dict:
    log(f"\n== {name}: {osm}")
    work.mkdir(parents=True)
    rec: dict = {"extract": name, "file": str(osm), "file_bytes": osm.stat().st_size}

    report, coords, edges = tillit_graph(tillit, osm, work)
    rec["graph"] = {k: v for k, v in report.items() if k != "file"}
    rec["nodes"] = len(coords)
    rec["edges"] = len(edges)
    log(f"   tillit graph: {len(coords)} nodes, {len(edges)} edges (largest SCC)")

    pts = draw_points(coords, args.n, args.seed, args.jitter_m)
    points_csv = work / "points.csv"
    ids = write_points(points_csv, pts)

    runs = []
    for r in range(args.repeats):
        runs.append(tillit_matrix(tillit, osm, points_csv, work / "tillit.json", work / f"tillit{r}.log", None))
        log(f"   tillit run {r + 1}/{args.repeats}: {json.dumps(runs[-1])}")
    runs1 = []
    for r in range(args.repeats):
        runs1.append(tillit_matrix(tillit, osm, points_csv, work / "tillit1.json", work / f"tillit1t{r}.log", 1))
    log(f"   tillit 1 thread: matrix {[round(t['matrix'], 4) for t in runs1]}")
    best = min(runs, key=lambda t: t["matrix"])
    rec["tillit"] = {
        "runs": runs,
        "runs_1_thread": runs1,
        "prepare_s": float(np.median([t["prepare"] for t in runs])),
        "matrix_s": best["matrix"],
        "snap_s": best["snap"],
        "query_s": min(t["snap"] + t["matrix"] for t in runs),
        "matrix_1_thread_s": min(t["matrix"] for t in runs1),
    }
    dur, snapped, ok = read_tillit_out(work / "tillit.json", ids)
    rec["points"] = {"n": args.n, "seed": args.seed, "jitter_m": args.jitter_m, "snapped": int(ok.sum())}
    if not ok.all():
        log(f"   note: {int((~ok).sum())} points unsnapped by tillit; left out of all comparisons")
    pair = np.outer(ok, ok)
    np.fill_diagonal(pair, False)

    # scipy on the same graph
    sp = scipy_matrix(coords, edges, snapped, ok)
    diff = np.abs(dur - sp["durations"])[pair & np.isfinite(dur) & np.isfinite(sp["durations"])]
    rec["scipy"] = {
        "seconds": sp["seconds"],
        "sources": sp["sources"],
        "node_gap_m_median": sp["node_gap_m_median"],
        "abs_diff_s_median": float(np.median(diff)) if diff.size else None,
        "abs_diff_s_p95": float(np.percentile(diff, 95)) if diff.size else None,
        "pairs": int(diff.size),
    }
    log(
        f"   scipy dijkstra: {sp['seconds']:.3f} s for {sp['sources']} sources; vs tillit |diff| "
        f"median {fmt(rec['scipy']['abs_diff_s_median'], 1)} s, p95 {fmt(rec['scipy']['abs_diff_s_p95'], 1)} s"
    )
    del sp

    # OSRM
    rec["osrm"] = None
    if osrm_env is None:
        rec["osrm_skipped"] = args.osrm_why
    else:
        coords_ll = [(float(lon), float(lat)) for lat, lon in snapped[ok]]
        sub = np.ix_(ok, ok)
        osrm_rec: dict = {"points_from": "tillit's snapped positions"}
        try:
            variants = [
                ("shipped", osrm_env[2] / "car.lua"),
                ("no_penalties", nopenalty_profiles(osrm_env[2], work / "profiles_nopen", args.nopen_weight)),
            ]
            for vname, profile in variants:
                base, prep = osrm_prepare(osrm_env, osm, profile, work / f"osrm_{vname}")
                tab = osrm_table(osrm_env, base, coords_ll, args.repeats)
                od = np.full_like(dur, np.nan)
                od[sub] = tab["durations"]
                agree = rel_stats(dur, od, pair)
                osrm_rec[vname] = {
                    "prepare_s": prep,
                    "table_s": tab["seconds"],
                    "table_runs": tab["runs"],
                    "snap_m_median": tab["snap_m_median"],
                    "agreement": agree,
                    "durations": od,
                }
                log(
                    f"   OSRM {vname}: extract {prep['extract']:.1f} s, contract {prep['contract']:.1f} s, "
                    f"table {tab['seconds']:.3f} s (best of {args.repeats}); tillit vs OSRM rel. diff "
                    f"median {fmt(agree['median'], 4)}, p95 {fmt(agree['p95'], 4)} over {agree['pairs']} pairs"
                )
            on, off = osrm_rec["shipped"]["durations"], osrm_rec["no_penalties"]["durations"]
            both = pair & np.isfinite(on) & np.isfinite(off) & (off > MIN_OSRM_S)
            ratio = on[both] / off[both]
            # how much time the shipped profile adds at intersections (sanity check of the variant)
            osrm_rec["shipped_over_no_penalties_median"] = float(np.median(ratio)) if ratio.size else None
            for v in ("shipped", "no_penalties"):
                del osrm_rec[v]["durations"]
            rec["osrm"] = osrm_rec
        except (subprocess.CalledProcessError, RuntimeError, OSError) as e:
            print(f"   OSRM failed on {name}: {e}; carrying on without OSRM for this extract", file=sys.stderr)
            rec["osrm_skipped"] = f"failed: {e}"

    t = rec["tillit"]
    rec["speedup_vs_scipy"] = rec["scipy"]["seconds"] / t["matrix_s"]
    rec["speedup_vs_osrm"] = rec["osrm"]["shipped"]["table_s"] / t["query_s"] if rec["osrm"] else None
    return rec


# ----------------------------------------------------------------------------------------------


def print_table(rows: list[dict]) -> None:
    head = [
        "extract",
        "nodes",
        "prepare s",
        "matrix s",
        "1-thr s",
        "scipy s",
        "OSRM s",
        "x scipy",
        "x OSRM",
        "agree off med/p95",
        "agree on med/p95",
        "scipy |d| s",
    ]
    body = []
    for r in rows:
        t, o = r["tillit"], r["osrm"]

        def agree(v, o=o):
            if not o:
                return "-"
            a = o[v]["agreement"]
            return f"{fmt(a['median'] and 100 * a['median'], 2)}% / {fmt(a['p95'] and 100 * a['p95'], 1)}%"

        body.append(
            [
                r["extract"],
                str(r["nodes"]),
                fmt(t["prepare_s"], 2),
                fmt(t["matrix_s"], 3),
                fmt(t["matrix_1_thread_s"], 3),
                fmt(r["scipy"]["seconds"], 2),
                fmt(o and o["shipped"]["table_s"], 3),
                fmt(r["speedup_vs_scipy"], 1),
                fmt(r["speedup_vs_osrm"], 2),
                agree("no_penalties"),
                agree("shipped"),
                fmt(r["scipy"]["abs_diff_s_median"], 1),
            ]
        )
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(head)]
    line = lambda cells: "| " + " | ".join(c.rjust(w) for c, w in zip(cells, widths)) + " |"
    print()
    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for b in body:
        print(line(b))
    print(
        "\nmatrix s: tillit's many-to-many query, best of the runs (all threads); 1-thr s: same with"
        " RAYON_NUM_THREADS=1;\nprepare s: CH preparation (median); x scipy = scipy s / matrix s;"
        " x OSRM = OSRM table s / (tillit snap + matrix s),\nOSRM table as shipped (its table snaps too);"
        f" agree = |tillit - OSRM| / OSRM over pairs with OSRM > {MIN_OSRM_S:.0f} s,\n'off' = OSRM"
        " without time at intersections, 'on' = OSRM's car profile as shipped; scipy |d| s = median"
        " |tillit - scipy node-to-node| (partial edges)."
    )


def machine_info() -> dict:
    cpu = ""
    try:
        for ln in Path("/proc/cpuinfo").read_text().splitlines():
            if ln.startswith("model name"):
                cpu = ln.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "os": platform.platform()}


def versions(tillit: Path, osrm_env) -> dict:
    v = {"numpy": np.__version__, "scipy": scipy.__version__}
    v["tillit"] = subprocess.run([str(tillit), "--version"], check=True, capture_output=True, text=True).stdout.strip()
    git = subprocess.run(
        ["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True, text=True, check=False
    )
    if git.returncode == 0:
        v["tillit_git"] = git.stdout.strip()
    if osrm_env is not None:
        v["osrm-bindings"] = importlib.metadata.version("osrm-bindings")
    return v


def main() -> int:
    default_bin = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / "release" / "tillit"
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tillit", type=Path, default=default_bin, help=f"tillit binary (default {default_bin})")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data" / "osm", help="shared OSM folder")
    ap.add_argument("--extracts", default="helsinki,liechtenstein,grid", help="comma-separated subset")
    ap.add_argument("--n", type=int, default=1000, help="points per extract (default 1000)")
    ap.add_argument("--seed", type=int, default=20240611, help="random seed for the points")
    ap.add_argument("--jitter-m", type=float, default=15.0, help="points lie within this of a graph node")
    ap.add_argument("--repeats", type=int, default=3, help="runs per timing, best (or median prepare) kept")
    ap.add_argument(
        "--nopen-weight",
        default="duration",
        choices=["duration", "routability"],
        help="OSRM weight of the no-penalty profile (default duration: fastest path, like a plain graph)",
    )
    ap.add_argument("--no-osrm", action="store_true", help="leave OSRM out")
    ap.add_argument("--out", type=Path, default=REPO / "benches" / "results" / "compare_matrix.json")
    ap.add_argument("--keep-tmp", action="store_true", help="keep the temporary folder (path printed)")
    args = ap.parse_args()

    tillit = args.tillit.resolve()
    if not tillit.is_file():
        raise SystemExit(f"error: no tillit binary at {tillit}; build it with `cargo build --release --bin tillit`")
    help_out = subprocess.run([str(tillit), "graph", "--help"], check=True, capture_output=True, text=True).stdout
    if "--export" not in help_out:
        raise SystemExit(f"error: {tillit} has no `graph --export`; rebuild it from the current sources")

    available = {
        "helsinki": REPO / "data" / "helsinki_centre.osm.pbf",
        "liechtenstein": args.shared / "liechtenstein.osm.pbf",
        "grid": args.shared / "grid_liechtenstein_4x4.osm.pbf",
    }
    wanted = [e.strip() for e in args.extracts.split(",") if e.strip()]
    for e in wanted:
        if e not in available:
            raise SystemExit(f"error: unknown extract {e!r}; choose from {', '.join(available)}")

    if args.no_osrm:
        osrm_env, args.osrm_why = None, "left out (--no-osrm)"
    else:
        osrm_env, args.osrm_why = osrm_setup()
    if osrm_env is None:
        log(f"OSRM: SKIP, {args.osrm_why}")

    tmp = Path(tempfile.mkdtemp(prefix="tillit-compare-"))
    log(f"work folder: {tmp}")
    rows = []
    skipped = {}
    try:
        for name in wanted:
            osm = available[name]
            if not osm.is_file():
                log(f"SKIP {name}: {osm} not found")
                skipped[name] = f"{osm} not found"
                continue
            rows.append(bench_extract(name, osm, args, tillit, osrm_env, tmp / name))
    finally:
        if args.keep_tmp:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    if not rows:
        raise SystemExit("error: no extract was benchmarked")
    print_table(rows)

    result = {
        "what": "car matrix, N points per extract: tillit vs scipy dijkstra vs OSRM CH table (benches/README.md)",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "versions": versions(tillit, osrm_env),
        "protocol": {
            "n": args.n,
            "seed": args.seed,
            "jitter_m": args.jitter_m,
            "repeats": args.repeats,
            "osrm_no_penalty_weight": args.nopen_weight,
            "agreement_min_osrm_s": MIN_OSRM_S,
        },
        "osrm_skipped": None if osrm_env else args.osrm_why,
        "skipped": skipped,
        "results": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rnd(result), indent=1) + "\n")
    log(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError:
        sys.exit(1)  # the failing command and its output were printed by run()
