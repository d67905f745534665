"""tillit.batch.plan_many on LocalClusters of worker processes."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tillit

distributed = pytest.importorskip("distributed")

from tillit.batch import kpis_table, plan_many, run_job  # noqa: E402

# Iterations alone: reproducible (no clock), as the determinism tests need.
FAST: dict[str, Any] = {"iterations": 50}


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def _jobs(tiny_path: Path, tiny_json: str, osm: Path) -> list[Any]:
    doc = json.loads(tiny_json)
    doc["name"] = "tiny-tuesday"
    doc["settings"]["start_weekday"] = "tue"
    return [
        (tiny_path, osm, {"seed": 1}),
        {"scenario": json.dumps(doc), "osm": osm, "seed": 2},
    ]


def _check(plans: list[tillit.Plan]) -> None:
    assert [p.scenario for p in plans] == ["tiny", "tiny-tuesday"]  # input order
    assert plans[0].data["weekdays"] == ["mon"]
    assert plans[1].data["weekdays"] == ["tue"]
    assert plans[0].data["seed"] == 1 and plans[1].data["seed"] == 2
    for p in plans:
        assert len(p.routes()) > 0
        assert len(p.rosters()) > 0


def test_run_job_locally(tiny_path: Path, osm: Path) -> None:
    p = run_job(str(tiny_path), osm, {"iterations": 50, "seed": 1, "threads": 1})
    assert isinstance(p, tillit.Plan)
    with pytest.raises(tillit.InputError):
        run_job(str(tiny_path), osm, {"speed": "fast"})


def test_plan_many_own_local_cluster(tiny_path: Path, tiny_json: str, osm: Path) -> None:
    """Without a scheduler, plan_many starts (and stops) a LocalCluster of 2 processes."""
    plans = plan_many(_jobs(tiny_path, tiny_json, osm), n_workers=2, **FAST)
    _check(plans)
    table = kpis_table(plans)
    assert list(table["scenario"]) == ["tiny", "tiny-tuesday"]
    assert "ata_share" in table.columns


def test_plan_many_on_a_running_cluster(
    client: Any, tiny_path: Path, tiny_json: str, osm: Path
) -> None:
    pids = client.run(os.getpid)
    assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()
    jobs = _jobs(tiny_path, tiny_json, osm)
    by_client = plan_many(jobs, scheduler=client, **FAST)
    by_address = plan_many(jobs, scheduler=client.scheduler.address, **FAST)
    _check(by_client)
    _check(by_address)
    # the same job with the same seed and iterations gives the same plan on any worker
    for a, b in zip(by_client, by_address, strict=True):
        assert {k: v for k, v in a.data.items() if k != "seconds"} == {
            k: v for k, v in b.data.items() if k != "seconds"
        }
    # the extension was imported in the worker processes
    assert all(client.run(lambda: "tillit._core" in __import__("sys").modules).values())


def test_plan_many_error_from_worker(client: Any, tiny_path: Path, osm: Path) -> None:
    with pytest.raises(tillit.InputError) as e:
        plan_many([(tiny_path, osm, {"model": "anarchy"})], scheduler=client, iterations=10)
    assert e.value.field == "model"


def test_plan_many_empty() -> None:
    assert plan_many([]) == []


def test_team_day_jobs(client: Any, tiny_path: Path, osm: Path) -> None:
    from tillit.batch import team_day_jobs, team_jobs

    s = tillit.Scenario.from_dir(tiny_path)
    assert [j["name"] for j in team_jobs(s, osm)] == ["kamppi", "kruununhaka"]
    jobs = team_day_jobs(s, osm, days=2, seed=4)
    names = [j["name"] for j in jobs]
    assert names == ["kamppi/d0", "kamppi/d1", "kruununhaka/d0", "kruununhaka/d1"]
    plans = plan_many(jobs, scheduler=client, **FAST)
    assert [p.data["weekdays"] for p in plans] == [["mon"], ["tue"], ["mon"], ["tue"]]
    assert [p.data["teams"][0]["id"] for p in plans] == ["kamppi", "kamppi", "kruununhaka", "kruununhaka"]
    table = kpis_table(plans, names)
    assert list(table["job"]) == names
