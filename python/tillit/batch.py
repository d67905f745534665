"""Many independent plans on a Dask distributed cluster (``pip install tillit[batch]``).

Each job is one scenario (a whole service, or one team or one team's day cut out as its own
scenario by :func:`team_jobs` / :func:`team_day_jobs`) with the OSM file to plan it on and
its parameters. Jobs run in worker
*processes* (each imports the compiled core), one plan per worker thread; results come back
in input order as :class:`tillit.Plan` objects (a Plan pickles as text).

>>> from tillit.batch import plan_many
>>> plans = plan_many([("a/", "city.osm.pbf", {"seed": 1}),
...                    ("b.json", "city.osm.pbf", {"seed": 2})], iterations=200)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Union

import pandas as pd

from ._core import Graph, Scenario
from ._plan import Plan, plan

__all__ = ["Job", "kpis_table", "plan_many", "run_job", "team_day_jobs", "team_jobs"]

#: A scenario given as a directory / JSON file path, JSON text, or a Scenario.
ScenarioSpec = Union[Scenario, str, "os.PathLike[str]"]

#: ``(scenario, osm, params)``, ``(scenario, osm)`` or a mapping with the keys
#: ``scenario``, ``osm``, optionally ``name`` (a label) and any parameter of
#: :func:`tillit.plan`.
Job = Union[
    tuple[ScenarioSpec, "str | os.PathLike[str]", Mapping[str, Any]],
    tuple[ScenarioSpec, "str | os.PathLike[str]"],
    Mapping[str, Any],
]

_PARAMS = {"days", "seed", "time_limit", "iterations", "model", "threads"}


def _load_scenario(spec: ScenarioSpec) -> Scenario:
    if isinstance(spec, Scenario):
        return spec
    if isinstance(spec, str) and spec.lstrip().startswith("{"):
        return Scenario.from_json(spec)
    return Scenario.from_dir(spec)


_GRAPHS: dict[tuple[str, str], Graph] = {}


def _graph(osm: str, profile: str) -> Graph:
    """One graph per file and profile per worker process, shared by the jobs it runs."""
    key = (osm, profile)
    if key not in _GRAPHS:
        _GRAPHS[key] = Graph.from_osm(osm, profile)
    return _GRAPHS[key]


def run_job(
    scenario: ScenarioSpec, osm: str | os.PathLike[str], params: Mapping[str, Any]
) -> Plan:
    """Runs one job where it is called (what each worker does)."""
    unknown = set(params) - _PARAMS
    if unknown:
        from ._errors import InputError

        name = sorted(unknown)[0]
        raise InputError(
            f"parameter `{name}`: unknown (expected one of {', '.join(sorted(_PARAMS))})",
            field=name,
        )
    sc = _load_scenario(scenario)
    osm_path = str(Path(osm).resolve())
    profiles = sc.profiles
    graph: Graph | str = _graph(osm_path, profiles[0]) if len(profiles) == 1 else osm_path
    plan_result = plan(sc, graph, **params)
    plan_result.__getstate__()  # materialise the text here, not on the client
    return plan_result


def _normalise(job: Job, defaults: Mapping[str, Any]) -> tuple[Any, str, dict[str, Any]]:
    if isinstance(job, Mapping):
        j = dict(job)
        j.pop("name", None)
        try:
            scenario, osm = j.pop("scenario"), j.pop("osm")
        except KeyError as e:
            raise TypeError(f"a job mapping needs the key {e.args[0]!r}") from None
        params = j
    else:
        if not isinstance(job, Sequence) or len(job) not in (2, 3):
            raise TypeError("a job is (scenario, osm[, params]) or a mapping")
        scenario, osm = job[0], job[1]
        params = dict(job[2]) if len(job) == 3 else {}  # type: ignore[misc]
    if isinstance(scenario, (os.PathLike, str)) and not str(scenario).lstrip().startswith("{"):
        scenario = str(Path(scenario).resolve())  # workers may run elsewhere
    return scenario, str(Path(osm).resolve()), {**defaults, **params}


def plan_many(
    jobs: Iterable[Job],
    scheduler: Any = None,
    n_workers: int = 2,
    threads_per_worker: int = 1,
    **defaults: Any,
) -> list[Plan]:
    """Plans every job on a Dask cluster and returns the plans in input order.

    ``scheduler`` is the address of a running scheduler (``"tcp://host:8786"``) or a
    ``distributed.Client``; without it a ``LocalCluster`` of ``n_workers`` worker processes
    with ``threads_per_worker`` threads each is started for the call and closed after it.
    ``defaults`` are parameters of :func:`tillit.plan` for every job (a job's own ``params``
    win); ``threads`` defaults to ``threads_per_worker`` so that plans do not oversubscribe
    the workers' cores.

    The first failing job's exception (e.g. :class:`tillit.InputError`) is raised here.
    """
    from distributed import Client, LocalCluster

    defaults = {"threads": threads_per_worker, **defaults}
    work = [_normalise(j, defaults) for j in jobs]
    if not work:
        return []
    cluster = None
    own_client = True
    if isinstance(scheduler, Client):
        client, own_client = scheduler, False
    elif scheduler is not None:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=n_workers,
            threads_per_worker=threads_per_worker,
            processes=True,
            dashboard_address=None,
        )
        client = Client(cluster)
    try:
        futures = [client.submit(run_job, s, o, p, pure=False) for s, o, p in work]
        results: list[Plan] = client.gather(futures)
        return list(results)
    finally:
        if own_client:
            client.close()
        if cluster is not None:
            cluster.close()


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def team_jobs(
    scenario: Scenario, osm: str | os.PathLike[str], **params: Any
) -> list[dict[str, Any]]:
    """One job per team (:meth:`Scenario.split_by_team`), named by the team id.

    The teams are planned independently, as they are (no re-assignment of clients between
    teams; clients without a team are left out).
    """
    return [
        {"name": team, "scenario": part.to_json(), "osm": osm, **params}
        for team, part in scenario.split_by_team().items()
    ]


def team_day_jobs(
    scenario: Scenario, osm: str | os.PathLike[str], days: int = 1, **params: Any
) -> list[dict[str, Any]]:
    """One job per team and day (``"<team>/d<day>"``) over ``days`` days from the scenario's
    start weekday; each plans that one day of that team.

    Team-days are independent: no continuity of care, rest periods or rota fairness across
    the days (plan the team over all days for those).
    """
    start = _WEEKDAYS.index(scenario.start_weekday[:3].lower())
    jobs: list[dict[str, Any]] = []
    for team, part in scenario.split_by_team().items():
        for d in range(days):
            day = part.with_start_weekday(_WEEKDAYS[(start + d) % 7])
            jobs.append(
                {"name": f"{team}/d{d}", "scenario": day.to_json(), "osm": osm, **params, "days": 1}
            )
    return jobs


def kpis_table(plans: Sequence[Plan], names: Sequence[str] | None = None) -> pd.DataFrame:
    """The total KPI row of each plan, one row per plan (column ``job`` = index or name,
    e.g. ``[j["name"] for j in team_day_jobs(...)]``)."""
    rows = []
    for i, p in enumerate(plans):
        row = dict(p.data["kpis"]["total"])
        row.pop("team", None)
        rows.append({"job": names[i] if names is not None else i, "scenario": p.scenario, **row})
    return pd.DataFrame(rows)
