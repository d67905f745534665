"""``tillit.plan`` and the ``Plan`` it returns (pandas views on the core's ``PlanOutput``)."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from . import _core
from ._core import Graph, Scenario

GraphLike = Graph | str | os.PathLike[str]
ScenarioLike = Scenario | str | os.PathLike[str]

_STATE_KEYS = ("json", "routes_csv", "rosters_csv", "kpis_json", "geojson", "report_html")


class Plan:
    """A finished plan: the team assignment, each team's rota and daily routes, the KPIs.

    ``data`` (and ``to_json()``) is the whole plan as in ``plan.json``; ``routes()``,
    ``rosters()`` and ``kpis()`` are pandas views of it; ``to_geojson()`` the routes on a map.
    A Plan pickles (its tables are materialised as text), so it can come back from a Dask
    worker.
    """

    def __init__(self, core: _core.PlanResult | None = None) -> None:
        self._core = core
        self._state: dict[str, str | None] = {}
        self._data: dict[str, Any] | None = None

    # -- raw text from the core (or from the pickled state) ------------------------------

    def _text(self, key: str) -> str:
        if key not in self._state:
            if self._core is None or key not in _STATE_KEYS:
                raise ValueError(f"this Plan has no {key}")
            self._state[key] = getattr(self._core, "to_json" if key == "json" else key)()
        text = self._state[key]
        if text is None:
            raise ValueError(f"this Plan has no {key}")
        return text

    def __getstate__(self) -> dict[str, Any]:
        return {k: self._text(k) for k in _STATE_KEYS}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._core = None
        self._state = dict(state)
        self._data = None

    # -- the plan ---------------------------------------------------------------------------

    @property
    def data(self) -> dict[str, Any]:
        """The plan as a dict (the content of ``plan.json``)."""
        if self._data is None:
            self._data = json.loads(self._text("json"))
        return self._data

    def to_json(self, indent: int | None = None) -> str:
        """The plan as JSON text (``plan.json``)."""
        if indent is None:
            return self._text("json")
        return json.dumps(self.data, indent=indent, ensure_ascii=False)

    @property
    def scenario(self) -> str:
        """Scenario name."""
        return str(self.data["scenario"])

    @property
    def model(self) -> str:
        """Care model planned (``trust`` or ``purchaser_provider``)."""
        return str(self.data["model"])

    @property
    def days(self) -> int:
        """Days planned."""
        return int(self.data["days"])

    @property
    def status(self) -> dict[str, str]:
        """Planner status per team-day (``"<team>/d<day>"`` → ``time_limit``, ``cancelled``, …)."""
        return {
            f"{t['id']}/d{d['day']}": str(d["status"])
            for t in self.data["teams"]
            for d in t["days"]
        }

    @property
    def unassigned(self) -> pd.DataFrame:
        """Visits no route serves, with the reason (one row each)."""
        rows = [
            {"team": t["id"], "day": d["day"], "weekday": d["weekday"], **u}
            for t in self.data["teams"]
            for d in t["days"]
            for u in d["unassigned"]
        ]
        cols = ["team", "day", "weekday", "visit", "client", "reason", "detail"]
        return pd.DataFrame(rows, columns=cols)

    def routes(self) -> pd.DataFrame:
        """One row per stop, in route order (the columns of ``routes.csv``: team, day, weekday,
        carer, temp, shift, profile, seq, visit, client, need, lat, lon, arrival, start, end,
        minutes, allotted_minutes, travel_minutes, distance_km, two_carer)."""
        return pd.read_csv(
            io.StringIO(self._text("routes_csv")), dtype={"shift": str}, keep_default_na=False
        )

    def rosters(self) -> pd.DataFrame:
        """One row per person and planned day, temps included (the columns of
        ``rosters.csv``); ``shift`` is empty on a day off."""
        return pd.read_csv(
            io.StringIO(self._text("rosters_csv")), dtype={"shift": str}, keep_default_na=False
        )

    def kpis(self) -> pd.DataFrame:
        """Key figures, one row per team and a first row ``team = "all"`` for the total."""
        k = self.data["kpis"]
        return pd.DataFrame([k["total"], *k["teams"]])

    def equity(self) -> pd.DataFrame:
        """Face-to-face minutes per allotted hour by team and need level."""
        return pd.DataFrame(self.data["kpis"]["equity"])

    @property
    def budget(self) -> dict[str, Any]:
        """Cost against the budget frame."""
        return dict(self.data["kpis"]["budget"])

    def kpis_json(self) -> dict[str, Any]:
        """The key figures with the run's identity (the content of ``kpis.json``)."""
        return dict(json.loads(self._text("kpis_json")))

    def to_geojson(self) -> dict[str, Any]:
        """The routes, visits and team bases as a GeoJSON FeatureCollection."""
        return dict(json.loads(self._text("geojson")))

    def report_html(self) -> str:
        """A self-contained HTML report (maps, Gantt charts, KPIs, budget, equity)."""
        return self._text("report_html")

    def to_dir(self, path: str | os.PathLike[str]) -> Path:
        """Writes ``plan.json``, ``routes.csv``, ``rosters.csv``, ``kpis.json``,
        ``routes.geojson`` and ``report.html`` into ``path`` (created if missing)."""
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        files = {
            "plan.json": self._text("json"),
            "routes.csv": self._text("routes_csv"),
            "rosters.csv": self._text("rosters_csv"),
            "kpis.json": json.dumps(self.kpis_json(), indent=2, ensure_ascii=False),
            "routes.geojson": self._text("geojson"),
            "report.html": self._text("report_html"),
        }
        for name, text in files.items():
            (out / name).write_text(text, encoding="utf-8")
        return out

    def __repr__(self) -> str:
        try:
            k = self.data["kpis"]["total"]
            return (
                f"Plan(scenario={self.scenario!r}, model={self.model!r}, days={self.days}, "
                f"visits={k['visits_planned']}/{k['visits_total']}, "
                f"ata_share={k['ata_share']:.3f})"
            )
        except (KeyError, ValueError, TypeError):
            return "Plan()"


def _scenario(s: ScenarioLike) -> Scenario:
    if isinstance(s, Scenario):
        return s
    if isinstance(s, (str, os.PathLike)):
        return Scenario.from_dir(s)
    raise TypeError(
        f"scenario must be a tillit.Scenario or a scenario path, not {type(s).__name__}"
    )


def plan(
    scenario: ScenarioLike,
    graph: GraphLike,
    days: int = 1,
    seed: int = 0,
    time_limit: float | None = None,
    iterations: int | None = None,
    model: str = "trust",
    threads: int = 0,
) -> Plan:
    """Plans ``scenario``: team assignment → rotas → daily routes per team → KPIs.

    ``scenario`` is a :class:`Scenario` or the path of a scenario directory / JSON file.
    ``graph`` is a :class:`Graph` (used as it is when it has every profile the staff travel
    by, e.g. ``Graph.from_osm(path, ["car", "foot"])``) or the path of an OSM PBF file (the
    graphs of every profile the staff use are built from it; a Graph lacking a profile is
    treated the same way, from its file). ``days`` from the scenario's start weekday; ``seed`` of every random stream;
    ``time_limit`` wall-clock seconds for the whole run (60 when neither it nor
    ``iterations`` is given), ``iterations`` routing iterations per team-day: given alone it
    makes the run reproducible on any machine (no clock); given with ``time_limit``, whichever
    comes first stops the run; ``model`` is ``trust`` or
    ``purchaser_provider``; ``threads`` for teams in parallel (0 = all cores).

    The GIL is released while planning. Ctrl-C (or interrupting a Jupyter kernel) cancels
    the run and raises ``KeyboardInterrupt`` within about two seconds; a run caught in a MIP
    phase (team assignment, rotas) finishes that phase in the background and then stops.

    Raises :class:`InputError` (bad scenario, parameter or a client off the road network),
    :class:`MissingFileError` / :class:`OsmError` (the OSM file), :class:`InfeasibleError`
    (no rota meets the working-time rules; the message names them), :class:`NoSolutionError`,
    :class:`InternalError`.
    """
    sc = _scenario(scenario)
    core = _core.plan(
        sc,
        graph,
        days=days,
        seed=seed,
        time_limit=time_limit,
        iterations=iterations,
        model=model,
        threads=threads,
    )
    return Plan(core)
