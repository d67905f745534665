"""``tillit.plan`` and the ``Plan`` it returns (pandas views on the core's ``PlanOutput``)."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from . import _core
from ._core import Graph, Scenario

GraphLike = Graph | str | os.PathLike[str]
ScenarioLike = Scenario | str | os.PathLike[str]

_STATE_KEYS = ("json", "routes_csv", "rosters_csv", "kpis_json", "geojson")


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}"


class Plan:
    """A finished plan: the team assignment, each team's rota and daily routes, the KPIs.

    ``data`` (and ``to_json()``) is the whole plan as in ``plan.json``; ``routes()``,
    ``rosters()`` and ``kpis()`` are pandas views of it; ``to_geojson()`` the routes on a map.
    A Plan pickles (its tables are materialised as text), so it can come back from a Dask
    worker.
    """

    def __init__(self, core: _core.PlanResult | None = None, **state: str | None) -> None:
        self._core = core
        self._state: dict[str, str | None] = dict(state)
        self._data: dict[str, Any] | None = None

    # -- raw text from the core (or from the pickled state) ------------------------------

    def _text(self, key: str) -> str | None:
        if key not in self._state:
            core = self._core
            if core is None:
                return None
            if key == "json":
                self._state[key] = core.to_json()
            elif key == "routes_csv":
                self._state[key] = core.routes_csv()
            elif key == "rosters_csv":
                self._state[key] = core.rosters_csv()
            elif key == "kpis_json":
                self._state[key] = core.kpis_json()
            elif key == "geojson":
                self._state[key] = core.geojson()
        return self._state.get(key)

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
            text = self._text("json")
            if text is None:
                raise ValueError("empty Plan")
            self._data = json.loads(text)
        return self._data

    def to_json(self, indent: int | None = None) -> str:
        """The plan as JSON text (``plan.json``)."""
        if indent is None:
            text = self._text("json")
            if text is not None:
                return text
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

    def _stops(self) -> Iterator[dict[str, Any]]:
        for t in self.data["teams"]:
            for d in t["days"]:
                for r in d["routes"]:
                    for i, s in enumerate(r["stops"]):
                        yield {
                            "team": t["id"],
                            "day": d["day"],
                            "weekday": d["weekday"],
                            "carer": r["carer"],
                            "temp": r["temp"],
                            "shift": r["shift"],
                            "profile": r["profile"],
                            "seq": i + 1,
                            "visit": s["visit"],
                            "client": s["client"],
                            "need": s["need"],
                            "lon": s["location"][0],
                            "lat": s["location"][1],
                            "arrival": _clock(s["arrival"]),
                            "start": _clock(s["start"]),
                            "end": _clock(s["end"]),
                            "window_start": _clock(s["window"][0]),
                            "window_end": _clock(s["window"][1]),
                            "minutes": (s["end"] - s["start"]) / 60.0,
                            "allotted_minutes": s["allotted_minutes"],
                            "travel_s": s["travel_s"],
                            "distance_m": s["distance_m"],
                            "two_carer": s["two_carer"],
                        }

    def routes(self) -> pd.DataFrame:
        """One row per stop of every route (team, day, carer, visit, times, travel)."""
        text = self._text("routes_csv")
        if text is not None:
            return pd.read_csv(io.StringIO(text))
        return pd.DataFrame(list(self._stops()))

    def rosters(self) -> pd.DataFrame:
        """One row per staff member and planned day: the shift (empty = off)."""
        text = self._text("rosters_csv")
        if text is not None:
            return pd.read_csv(io.StringIO(text), keep_default_na=False)
        rows = []
        weekdays = self.data["weekdays"]
        for t in self.data["teams"]:
            for staff, shifts in t["roster"]["shifts"].items():
                for day, shift in enumerate(shifts):
                    rows.append(
                        {
                            "team": t["id"],
                            "staff": staff,
                            "day": day,
                            "weekday": weekdays[day] if day < len(weekdays) else "",
                            "shift": shift,
                        }
                    )
        return pd.DataFrame(rows, columns=["team", "staff", "day", "weekday", "shift"])

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
        """The key figures as in ``kpis.json``."""
        text = self._text("kpis_json")
        if text is not None:
            return dict(json.loads(text))
        return dict(self.data["kpis"])

    def to_geojson(self) -> dict[str, Any]:
        """The routes (LineStrings) and stops (Points) as a GeoJSON FeatureCollection."""
        text = self._text("geojson")
        if text is not None:
            return dict(json.loads(text))
        features: list[dict[str, Any]] = []
        for t in self.data["teams"]:
            for d in t["days"]:
                for r in d["routes"]:
                    props = {"team": t["id"], "day": d["day"], "carer": r["carer"]}
                    features.append(
                        {
                            "type": "Feature",
                            "geometry": {"type": "LineString", "coordinates": r["path"]},
                            "properties": {**props, "kind": "route", "shift": r["shift"]},
                        }
                    )
                    for i, s in enumerate(r["stops"]):
                        features.append(
                            {
                                "type": "Feature",
                                "geometry": {"type": "Point", "coordinates": s["location"]},
                                "properties": {
                                    **props,
                                    "kind": "stop",
                                    "seq": i + 1,
                                    "visit": s["visit"],
                                    "client": s["client"],
                                },
                            }
                        )
        return {"type": "FeatureCollection", "features": features}

    def to_dir(self, path: str | os.PathLike[str]) -> Path:
        """Writes plan.json, routes.csv, rosters.csv, kpis.json and routes.geojson into ``path``."""
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        (out / "plan.json").write_text(self.to_json(indent=1), encoding="utf-8")
        routes = self._text("routes_csv")
        if routes is None:
            routes = self.routes().to_csv(index=False)
        (out / "routes.csv").write_text(routes, encoding="utf-8")
        rosters = self._text("rosters_csv")
        if rosters is None:
            rosters = self.rosters().to_csv(index=False)
        (out / "rosters.csv").write_text(rosters, encoding="utf-8")
        (out / "kpis.json").write_text(
            json.dumps(self.kpis_json(), indent=1, ensure_ascii=False), encoding="utf-8"
        )
        (out / "routes.geojson").write_text(json.dumps(self.to_geojson()), encoding="utf-8")
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
    time_limit: float = 60.0,
    iterations: int | None = None,
    model: str = "trust",
    threads: int = 0,
) -> Plan:
    """Plans ``scenario``: team assignment → rotas → daily routes per team → KPIs.

    ``scenario`` is a :class:`Scenario` or the path of a scenario directory / JSON file.
    ``graph`` is a :class:`Graph` (used as it is when every carer travels by its profile) or
    the path of an OSM PBF file (the graphs of every profile the staff use are built from
    it; a Graph whose profile does not cover all staff is treated the same way, from its
    file). ``days`` from the scenario's start weekday; ``seed`` of every random stream;
    ``time_limit`` wall-clock seconds for the whole run, or ``iterations`` routing iterations
    per team-day (reproducible on any machine); ``model`` is ``trust`` or
    ``purchaser_provider``; ``threads`` for teams in parallel (0 = all cores).

    The GIL is released while planning; Ctrl-C cancels the run and raises
    ``KeyboardInterrupt``.
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
