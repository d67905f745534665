"""tillit.plan on the tiny scenario: DataFrames consistent with the plan dict, pickling,
determinism, parameter errors, and Ctrl-C cancelling a long run."""

from __future__ import annotations

import json
import os
import pickle
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import tillit

# Iterations alone: reproducible (no clock), as the determinism tests need.
FAST: dict[str, Any] = {"iterations": 100, "seed": 3, "threads": 1}


@pytest.fixture(scope="module")
def tiny(tiny_path: Path) -> tillit.Scenario:
    return tillit.Scenario.from_dir(tiny_path)


@pytest.fixture(scope="module")
def plan(tiny: tillit.Scenario, car_graph: tillit.Graph) -> tillit.Plan:
    return tillit.plan(tiny, car_graph, days=2, **FAST)


def _stops(data: dict[str, Any]) -> int:
    return sum(len(r["stops"]) for t in data["teams"] for d in t["days"] for r in d["routes"])


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    d = dict(data)
    d.pop("seconds", None)  # wall-clock timings
    return d


def test_plan_dict(plan: tillit.Plan, tiny: tillit.Scenario) -> None:
    d = plan.data
    assert d["scenario"] == "tiny" == plan.scenario
    assert d["model"] == "trust" == plan.model
    assert d["days"] == 2 == plan.days
    assert d["weekdays"] == ["mon", "tue"]
    assert sorted(t["id"] for t in d["teams"]) == sorted(tiny.team_ids)
    assert set(d["assignment"]["clients"]) == set(tiny.client_ids)
    assert json.loads(plan.to_json()) == d
    assert len(plan.status) == 2 * len(d["teams"])
    assert "Plan(" in repr(plan)


def test_routes_frame(plan: tillit.Plan) -> None:
    r = plan.routes()
    assert isinstance(r, pd.DataFrame)
    assert len(r) == _stops(plan.data) > 0
    for col in ("carer", "visit", "client"):
        assert col in r.columns
    planned = plan.data["kpis"]["total"]["visits_planned"]
    # a two-carer visit is one planned visit but a stop on both carers' routes
    assert len(r) >= planned


def test_rosters_frame(plan: tillit.Plan) -> None:
    r = plan.rosters()
    assert isinstance(r, pd.DataFrame)
    own = sum(len(v) for t in plan.data["teams"] for v in t["roster"]["shifts"].values())
    temps = sum(
        1 for t in plan.data["teams"] for d in t["days"] for x in d["routes"] if x["temp"]
    )
    assert len(r) == own + temps > 0
    assert set(r.columns) >= {"team", "staff", "day", "shift"}
    assert set(r["day"]) == {0, 1}


def test_kpis_frame(plan: tillit.Plan) -> None:
    k = plan.kpis()
    assert len(k) == 1 + len(plan.data["teams"])
    assert k.iloc[0]["team"] == "all"
    for col in ("visits_planned", "visits_total", "ata_share", "travel_hours", "cost"):
        assert col in k.columns
    total = plan.data["kpis"]["total"]
    assert k.iloc[0]["visits_total"] == total["visits_total"]
    assert 0.0 <= total["ata_share"] <= 1.0
    assert isinstance(plan.equity(), pd.DataFrame)
    assert "total" in plan.budget
    assert isinstance(plan.kpis_json(), dict)
    assert plan.unassigned.shape[0] == sum(
        len(d["unassigned"]) for t in plan.data["teams"] for d in t["days"]
    )


def test_geojson(plan: tillit.Plan) -> None:
    g = plan.to_geojson()
    assert g["type"] == "FeatureCollection"
    assert len(g["features"]) > 0
    json.dumps(g)


def test_to_dir(plan: tillit.Plan, tmp_path: Path) -> None:
    out = plan.to_dir(tmp_path / "out")
    for f in ("plan.json", "routes.csv", "rosters.csv", "kpis.json", "routes.geojson", "report.html"):
        assert (out / f).is_file(), f
    assert json.loads((out / "plan.json").read_text()) == plan.data


def test_pickle(plan: tillit.Plan) -> None:
    back = pickle.loads(pickle.dumps(plan))
    assert back.data == plan.data
    pd.testing.assert_frame_equal(back.routes(), plan.routes())
    pd.testing.assert_frame_equal(back.rosters(), plan.rosters())
    assert back.to_geojson() == plan.to_geojson()


def test_deterministic_and_osm_path(
    plan: tillit.Plan, tiny: tillit.Scenario, osm: Path
) -> None:
    """Same seed and iterations → same plan, whether given a Graph or the OSM path."""
    again = tillit.plan(tiny, str(osm), days=2, **FAST)
    assert _comparable(again.data) == _comparable(plan.data)


def test_scenario_path_and_model(tiny_path: Path, car_graph: tillit.Graph) -> None:
    p = tillit.plan(tiny_path, car_graph, model="purchaser_provider", **FAST)
    assert p.model == "purchaser_provider"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"model": "anarchy"}, "model"),
        ({"days": 0}, "days"),
        ({"time_limit": -1.0}, "time_limit"),
    ],
)
def test_bad_params(
    tiny: tillit.Scenario, car_graph: tillit.Graph, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(tillit.InputError) as e:
        tillit.plan(tiny, car_graph, **kwargs)
    assert e.value.field == field


def test_bad_graph_argument(tiny: tillit.Scenario) -> None:
    with pytest.raises(TypeError):
        tillit.plan(tiny, 42)  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        tillit.plan(tiny, "/nonexistent/city.osm.pbf", **FAST)


def test_ctrl_c_cancels(tiny: tillit.Scenario, car_graph: tillit.Graph) -> None:
    """SIGINT during a 60 s plan raises KeyboardInterrupt within a few seconds."""
    timer = threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT))
    start = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            tillit.plan(tiny, car_graph, days=7, time_limit=60.0, threads=1)
    finally:
        timer.cancel()
    elapsed = time.monotonic() - start
    assert elapsed < 8.0, elapsed


def test_mixed_profiles(tiny_json: str, osm: Path, car_graph: tillit.Graph) -> None:
    """A carer on foot: a car-only Graph is completed from its file, a car+foot Graph is
    used as it is; both give the same plan."""
    doc = json.loads(tiny_json)
    doc["staff"][5]["profile"] = "foot"
    s = tillit.Scenario.from_json(json.dumps(doc))
    assert s.profiles == ["car", "foot"]
    both = tillit.Graph.from_osm(osm, ["car", "foot"])
    a = tillit.plan(s, both, **FAST)
    b = tillit.plan(s, car_graph, **FAST)
    assert _comparable(a.data) == _comparable(b.data)
    walkers = {r["carer"]: r["profile"] for t in a.data["teams"] for d in t["days"] for r in d["routes"]}
    assert walkers.get("frode", "foot") == "foot"


def test_gil_released_during_plan(tiny: tillit.Scenario, car_graph: tillit.Graph) -> None:
    """Python threads keep running while a plan is being solved."""
    result: list[tillit.Plan] = []
    worker = threading.Thread(
        target=lambda: result.append(tillit.plan(tiny, car_graph, days=3, **FAST))
    )
    ticks = 0
    start = time.perf_counter()
    worker.start()
    while worker.is_alive():
        ticks += 1
        time.sleep(0.001)
    elapsed = time.perf_counter() - start
    worker.join()
    assert len(result) == 1
    # With the GIL held by the solve, the loop could not tick while the plan runs.
    assert elapsed < 0.2 or ticks >= 10 * elapsed, (ticks, elapsed)


def test_unsnapped_client_is_input_error(tiny_json: str, car_graph: tillit.Graph) -> None:
    doc = json.loads(tiny_json)
    doc["clients"][0]["lat"], doc["clients"][0]["lon"] = 59.9139, 10.7522  # Oslo
    s = tillit.Scenario.from_json(json.dumps(doc))
    with pytest.raises(tillit.InputError) as e:
        tillit.plan(s, car_graph, **FAST)
    assert e.value.record == 'client "c1"'
    assert "road" in str(e.value)


def test_impossible_rota_is_infeasible_error(tiny_json: str, car_graph: tillit.Graph) -> None:
    doc = json.loads(tiny_json)
    doc["settings"]["rules"] = {"max_consecutive_days": 0}
    s = tillit.Scenario.from_json(json.dumps(doc))
    with pytest.raises(tillit.InfeasibleError) as e:
        tillit.plan(s, car_graph, days=7, **{**FAST, "time_limit": 10.0})
    assert e.value.record is not None and "roster" in e.value.record
    assert isinstance(e.value, ValueError)
