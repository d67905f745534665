"""Shared fixtures: the embedded Helsinki extract, the tiny scenario, a car graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import tillit

ROOT = Path(__file__).resolve().parents[2]
OSM = ROOT / "data" / "helsinki_centre.osm.pbf"
TINY = Path(__file__).resolve().parent / "data" / "tiny_scenario.json"


@pytest.fixture(scope="session")
def osm() -> Path:
    return OSM


@pytest.fixture(scope="session")
def tiny_path() -> Path:
    return TINY


@pytest.fixture(scope="session")
def tiny_json() -> str:
    return TINY.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def car_graph() -> tillit.Graph:
    return tillit.Graph.from_osm(OSM, "car")


def frames_of(doc: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """The tiny scenario's JSON as the DataFrames of the CSV form."""
    clients = pd.DataFrame(
        [
            {
                "id": c["id"],
                "lat": c["lat"],
                "lon": c["lon"],
                "need": c["need"],
                "team": c.get("team"),
                "preferred": ";".join(c.get("preferred", [])),
                "forbidden": ";".join(c.get("forbidden", [])),
            }
            for c in doc["clients"]
        ]
    )
    visits = pd.DataFrame(
        [
            {
                "client": c["id"],
                "id": v["id"],
                "days": v["days"] if isinstance(v["days"], str) else ";".join(v["days"]),
                "earliest": v["window"][0],
                "latest": v["window"][1],
                "duration": v["duration"],
                "max_duration": v.get("max_duration"),
                "skills": ";".join(v.get("skills", [])),
                "carers": v.get("carers", 1),
                "level": v.get("level"),
            }
            for c in doc["clients"]
            for v in c["visits"]
        ]
    )
    staff = pd.DataFrame(
        [
            {
                "id": s["id"],
                "team": s["team"],
                "level": s["level"],
                "contract_percent": s.get("contract_percent", 100),
                "profile": s.get("profile", "car"),
                "skills": ";".join(s.get("skills", [])),
            }
            for s in doc["staff"]
        ]
    )
    teams = pd.DataFrame(doc["teams"])
    return {"clients": clients, "visits": visits, "staff": staff, "teams": teams}


@pytest.fixture()
def tiny_frames(tiny_json: str) -> dict[str, pd.DataFrame]:
    return frames_of(json.loads(tiny_json))
