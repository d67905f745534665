"""Scenarios from a file, JSON text and DataFrames; error classes naming the field."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pandas as pd
import pytest

import tillit


def test_from_dir_json_file(tiny_path: Path) -> None:
    s = tillit.Scenario.from_dir(tiny_path)
    assert s.name == "tiny"
    assert (s.n_clients, s.n_staff, s.n_teams) == (8, 6, 2)
    assert s.team_ids == ["kamppi", "kruununhaka"]
    assert s.client_ids[0] == "c1" and s.staff_ids[-1] == "frode"
    assert s.profiles == ["car"]
    assert s.start_weekday == "mon"
    v = s.visits_per_day
    assert list(v) == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    # Monday: c1 ×2, c2, c3 ×3, c4, c5 ×2, c6, c7 ×3, c8
    assert v["mon"] == 14
    assert v["sun"] == 10
    assert s.visits_in(1) == 14
    assert s.visits_in(7) == sum(v.values())


def test_from_json_equals_from_dir(tiny_path: Path, tiny_json: str) -> None:
    assert tillit.Scenario.from_json(tiny_json) == tillit.Scenario.from_dir(tiny_path)


def test_from_frames_equals_from_json(
    tiny_json: str, tiny_frames: dict[str, pd.DataFrame]
) -> None:
    s = tillit.Scenario.from_frames(**tiny_frames, name="tiny")
    assert s == tillit.Scenario.from_json(tiny_json)
    assert s != tillit.Scenario.from_frames(**tiny_frames, name="other")


def test_from_frames_settings_and_defaults(tiny_frames: dict[str, pd.DataFrame]) -> None:
    staff = tiny_frames["staff"].drop(columns=["profile", "contract_percent", "skills"])
    s = tillit.Scenario.from_frames(
        tiny_frames["clients"],
        staff,
        tiny_frames["teams"],
        tiny_frames["visits"],
        settings={"start_weekday": "sat"},
    )
    assert s.start_weekday == "sat"
    assert s.visits_in(1) == s.visits_per_day["sat"]
    assert s.profiles == ["car"]


def test_from_frames_bad_field_names_it(tiny_frames: dict[str, pd.DataFrame]) -> None:
    clients = tiny_frames["clients"].copy()
    clients.loc[2, "need"] = "huge"
    with pytest.raises(tillit.InputError) as e:
        tillit.Scenario.from_frames(clients, tiny_frames["staff"], tiny_frames["teams"])
    assert e.value.field == "need"
    assert e.value.record == 'client "c3"'
    assert e.value.path == "<frames>"
    assert "huge" in str(e.value)
    assert isinstance(e.value, ValueError)


def test_from_frames_unknown_visit_client(tiny_frames: dict[str, pd.DataFrame]) -> None:
    visits = tiny_frames["visits"].copy()
    visits.loc[0, "client"] = "nobody"
    with pytest.raises(tillit.InputError) as e:
        tillit.Scenario.from_frames(
            tiny_frames["clients"], tiny_frames["staff"], tiny_frames["teams"], visits
        )
    assert e.value.field == "client"


def test_from_frames_not_a_frame(tiny_frames: dict[str, pd.DataFrame]) -> None:
    with pytest.raises(TypeError):
        tillit.Scenario.from_frames([], tiny_frames["staff"], tiny_frames["teams"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("edit", "record", "field"),
    [
        (lambda d: d["clients"][0].update(need="x"), 'client "c1"', "need"),
        (lambda d: d["staff"][1].update(level="boss"), 'staff "bjorn"', "level"),
        (lambda d: d["staff"][1].update(profile="boat"), 'staff "bjorn"', "profile"),
        (lambda d: d["staff"][0].update(team="nowhere"), 'staff "anna"', "team"),
        (
            lambda d: d["clients"][0]["visits"][0].update(window=["10:00", "09:00"]),
            'client "c1" visit "morning"',
            "latest",
        ),
        (
            lambda d: d["clients"][1]["visits"][0].update(days="someday"),
            'client "c2" visit "shower"',
            "days",
        ),
        (lambda d: d["teams"][0].update(lat=123.0), 'team "kamppi"', "lat"),
    ],
)
def test_bad_json_field(tiny_json: str, edit, record: str, field: str) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(tiny_json)
    edit(doc)
    with pytest.raises(tillit.InputError) as e:
        tillit.Scenario.from_json(json.dumps(doc))
    assert (e.value.record, e.value.field) == (record, field)
    assert e.value.path == "<json>"


def test_json_syntax_error() -> None:
    with pytest.raises(tillit.InputError) as e:
        tillit.Scenario.from_json('{"teams": [}')
    # The field is the path of the value in the document.
    assert e.value.field == "teams[0]"
    assert e.value.record is not None and e.value.record.startswith("line 1")


def test_missing_dir(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as e:
        tillit.Scenario.from_dir(tmp_path / "nothing")
    assert isinstance(e.value, tillit.MissingFileError)


def test_missing_csv_in_dir(tmp_path: Path) -> None:
    (tmp_path / "teams.csv").write_text("id,lat,lon\nt,60.17,24.94\n")
    with pytest.raises(FileNotFoundError) as e:
        tillit.Scenario.from_dir(tmp_path)
    assert e.value.path is not None and e.value.path.endswith(".csv")


def test_to_dir_round_trip(tiny_path: Path, tmp_path: Path) -> None:
    s = tillit.Scenario.from_dir(tiny_path)
    s.to_dir(tmp_path / "tiny")
    back = tillit.Scenario.from_dir(tmp_path / "tiny")
    assert back.name == "tiny"
    assert (back.n_clients, back.n_staff, back.n_teams) == (8, 6, 2)
    assert back.visits_per_day == s.visits_per_day


def test_pickle(tiny_path: Path, tiny_json: str) -> None:
    for s in (tillit.Scenario.from_dir(tiny_path), tillit.Scenario.from_json(tiny_json)):
        assert pickle.loads(pickle.dumps(s)) == s


def test_to_json_round_trip(tiny_path: Path, tiny_frames: dict[str, pd.DataFrame]) -> None:
    s = tillit.Scenario.from_dir(tiny_path)
    assert tillit.Scenario.from_json(s.to_json()) == s
    assert tillit.Scenario.from_json(s.to_json(indent=2)) == s
    f = tillit.Scenario.from_frames(**tiny_frames)
    assert tillit.Scenario.from_json(f.to_json()) == f
    assert json.loads(s.to_json())["name"] == "tiny"


def test_split_by_team(tiny_path: Path) -> None:
    s = tillit.Scenario.from_dir(tiny_path)
    parts = s.split_by_team()
    assert list(parts) == ["kamppi", "kruununhaka"]
    k = parts["kamppi"]
    assert k.name == "tiny-kamppi"
    assert k.team_ids == ["kamppi"]
    assert k.staff_ids == ["anna", "bjorn", "cecilie"]
    assert k.client_ids == ["c1", "c2", "c3", "c4"]  # c8 has no team
    # still a valid scenario when read back (preferred/forbidden only name the team's staff)
    assert tillit.Scenario.from_json(k.to_json()) == k
    assert sum(p.n_clients for p in parts.values()) == s.n_clients - 1


def test_with_start_weekday(tiny_path: Path) -> None:
    s = tillit.Scenario.from_dir(tiny_path)
    sat = s.with_start_weekday("sat")
    assert sat.start_weekday == "sat" and s.start_weekday == "mon"
    assert sat.visits_in(1) == s.visits_per_day["sat"]
    with pytest.raises(tillit.InputError) as e:
        s.with_start_weekday("caturday")
    assert e.value.field == "start_weekday"


def test_from_frames_extra_columns_and_types(tiny_frames: dict[str, pd.DataFrame]) -> None:
    import datetime as dt

    f = dict(tiny_frames)
    f["clients"] = f["clients"].assign(address="Mannerheimintie 1")  # ignored, as in CSV files
    v = f["visits"].copy()
    v["earliest"] = [dt.time(int(x[:2]), int(x[3:])) for x in v["earliest"]]
    f["visits"] = v
    assert tillit.Scenario.from_frames(**f, name="tiny") == tillit.Scenario.from_frames(
        **tiny_frames, name="tiny"
    )
    bad = tiny_frames["visits"].copy()
    bad["duration"] = bad["duration"].astype(float)
    bad.loc[1, "duration"] = 12.5
    with pytest.raises(tillit.InputError) as e:
        tillit.Scenario.from_frames(
            tiny_frames["clients"], tiny_frames["staff"], tiny_frames["teams"], bad
        )
    assert (e.value.record, e.value.field) == ('client "c1" visit "evening"', "duration")
    teams = tiny_frames["teams"].copy()
    teams["lat"] = teams["lat"].astype(object)
    teams.loc[0, "lat"] = "north"
    with pytest.raises(tillit.InputError) as e:
        tillit.Scenario.from_frames(tiny_frames["clients"], tiny_frames["staff"], teams)
    assert (e.value.record, e.value.field) == ('team "kamppi"', "lat")
