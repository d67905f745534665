"""Type stubs of the compiled core ``tillit._core`` (checked with ``mypy.stubtest``)."""

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, final

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["version", "plan", "_raise", "Graph", "Matrix", "Scenario", "PlanResult"]

def version() -> str:
    """The version of the tillit core the module was built from."""

@final
class Matrix:
    """The result of ``Graph.matrix``."""

    @property
    def durations(self) -> npt.NDArray[np.float64]:
        """Travel seconds, float64 (n, n); NaN where a point is unsnapped."""
    @property
    def distances(self) -> npt.NDArray[np.float64]:
        """Metres, float64 (n, n); NaN where a point is unsnapped."""
    @property
    def unsnapped(self) -> list[int]:
        """Indices of the points that did not snap onto the graph."""

@final
class Graph:
    """The road graph of one travel profile, prepared for queries."""

    @staticmethod
    def from_osm(
        path: str | os.PathLike[str], profile: str | Sequence[str] | None = None
    ) -> Graph:
        """Reads an OpenStreetMap PBF extract and builds the graph of ``profile`` (``car``
        when None), or of each profile of a list."""
    @property
    def profile(self) -> str:
        """Travel profile: ``car``, ``bike`` or ``foot`` (the first of several)."""
    @property
    def profiles(self) -> list[str]:
        """Every travel profile the graph was built for."""
    @property
    def nodes(self) -> int:
        """Nodes of the graph (its largest strongly connected component)."""
    @property
    def edges(self) -> int:
        """Directed edges of the graph."""
    @property
    def path(self) -> Path:
        """The OSM file the graph was built from."""
    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """Bounding box ``(min_lon, min_lat, max_lon, max_lat)`` of the graph's nodes."""
    def matrix(
        self,
        points: Sequence[tuple[float, float]] | Sequence[Sequence[float]] | npt.ArrayLike,
        snap_radius_m: float = 500.0,
        profile: str | None = None,
    ) -> Matrix:
        """Durations (s) and distances (m) between every pair of ``(lat, lon)`` points."""
    def __reduce__(self) -> tuple[Any, tuple[Path, list[str]]]: ...

@final
class Scenario:
    """A planning scenario: clients with their visits, staff, teams and settings."""

    @staticmethod
    def from_dir(path: str | os.PathLike[str]) -> Scenario:
        """Reads a scenario directory (CSV files or scenario.json) or a JSON file."""
    @staticmethod
    def from_json(text: str) -> Scenario:
        """Parses the JSON form of a scenario."""
    @staticmethod
    def from_frames(
        clients: pd.DataFrame,
        staff: pd.DataFrame,
        teams: pd.DataFrame,
        visits: pd.DataFrame | None = None,
        settings: Mapping[str, Any] | str | None = None,
        name: str = "scenario",
    ) -> Scenario:
        """Builds a scenario from DataFrames with the columns of the CSV files.

        clients: id, lat, lon, need[, team, preferred, forbidden]; visits: client, id, days,
        earliest, latest, duration[, max_duration, skills, carers, level]; staff: id, team,
        level[, contract_percent, profile, skills]; teams: id, lat, lon. Lists are ``a;b``
        strings or Python lists; empty cells take the defaults; other columns are ignored
        (as in the CSV files). Read by the same parser as ``from_json`` (errors name the
        record and field, with ``path="<frames>"``).
        """
    def to_dir(self, path: str | os.PathLike[str]) -> None:
        """Writes the scenario as a CSV directory."""
    @property
    def name(self) -> str:
        """Scenario name."""
    @property
    def n_clients(self) -> int:
        """Number of clients."""
    @property
    def n_staff(self) -> int:
        """Number of staff."""
    @property
    def n_teams(self) -> int:
        """Number of teams."""
    @property
    def client_ids(self) -> list[str]:
        """Client ids in input order."""
    @property
    def staff_ids(self) -> list[str]:
        """Staff ids in input order."""
    @property
    def team_ids(self) -> list[str]:
        """Team ids in input order."""
    @property
    def profiles(self) -> list[str]:
        """Travel profiles the staff use."""
    @property
    def start_weekday(self) -> str:
        """Weekday of plan day 0."""
    @property
    def visits_per_day(self) -> dict[str, int]:
        """Visits per weekday, Monday first."""
    def visits_in(self, days: int) -> int:
        """Visits over ``days`` days from the start weekday."""
    def to_json(self, indent: int | None = None) -> str:
        """The scenario in its JSON form (``from_json`` reads it back to an equal one)."""
    def split_by_team(self) -> dict[str, Scenario]:
        """One scenario per team: the team, its staff and the clients currently in it."""
    def with_start_weekday(self, weekday: str) -> Scenario:
        """The same scenario with plan day 0 on ``weekday``."""
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...

@final
class PlanResult:
    """A finished plan (the core's PlanOutput); ``tillit.Plan`` wraps it."""

    def to_json(self) -> str:
        """The plan as JSON text."""
    def routes_csv(self) -> str:
        """One row per stop (routes.csv)."""
    def rosters_csv(self) -> str:
        """One row per person and planned day (rosters.csv)."""
    def kpis_json(self) -> str:
        """The key figures as JSON text (kpis.json)."""
    def geojson(self) -> str:
        """The routes, visits and bases as GeoJSON text (routes.geojson)."""
    def report_html(self) -> str:
        """The self-contained HTML report (report.html, without the road layer)."""

def plan(
    scenario: Scenario,
    graph: Graph | str | os.PathLike[str],
    days: int = 1,
    seed: int = 0,
    time_limit: float | None = None,
    iterations: int | None = None,
    model: str = "trust",
    threads: int = 0,
) -> PlanResult:
    """Plans ``scenario`` on ``graph`` (see ``tillit.plan``)."""

def _raise(kind: str) -> None:
    """Raises the exception of an error kind (boundary tests)."""
