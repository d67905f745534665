"""tillit.batch.plan_many on a LocalCluster of two worker processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tillit

pytest.importorskip("distributed")

from tillit.batch import kpis_table, plan_many, run_job  # noqa: E402


def test_run_job_locally(tiny_path: Path, osm: Path) -> None:
    p = run_job(str(tiny_path), osm, {"iterations": 50, "seed": 1, "threads": 1})
    assert isinstance(p, tillit.Plan)
    with pytest.raises(tillit.InputError):
        run_job(str(tiny_path), osm, {"speed": "fast"})


def test_plan_many_two_workers(tiny_path: Path, tiny_json: str, osm: Path) -> None:
    doc = json.loads(tiny_json)
    doc["name"] = "tiny-tuesday"
    doc["settings"]["start_weekday"] = "tue"
    jobs = [
        (tiny_path, osm, {"seed": 1}),
        {"scenario": json.dumps(doc), "osm": osm, "seed": 2},
    ]
    plans = plan_many(jobs, n_workers=2, iterations=50, time_limit=30.0)
    assert [p.scenario for p in plans] == ["tiny", "tiny-tuesday"]  # input order
    assert plans[0].data["weekdays"] == ["mon"]
    assert plans[1].data["weekdays"] == ["tue"]
    assert plans[0].data["seed"] == 1 and plans[1].data["seed"] == 2
    for p in plans:
        assert len(p.routes()) > 0
    table = kpis_table(plans)
    assert list(table["scenario"]) == ["tiny", "tiny-tuesday"]
    assert "ata_share" in table.columns


def test_plan_many_error_from_worker(tiny_path: Path, osm: Path) -> None:
    with pytest.raises(tillit.InputError) as e:
        plan_many([(tiny_path, osm, {"model": "anarchy"})], n_workers=1, iterations=10)
    assert e.value.field == "model"


def test_plan_many_empty() -> None:
    assert plan_many([]) == []
