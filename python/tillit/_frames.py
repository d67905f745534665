"""pandas DataFrames → the scenario's JSON form (``Scenario.from_frames``).

The frames have the columns of the CSV files (``docs/scenario.md``); the JSON text is then
read by the same Rust parser as ``Scenario.from_json``, so that validation and error
messages are identical whichever way a scenario comes in. Empty cells (NaN, None, "") are
left out, so the parser's defaults apply.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd


def _empty(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    if isinstance(v, str) and not v.strip():
        return True
    try:
        return bool(pd.isna(v)) if not isinstance(v, (list, tuple, dict)) else False
    except (TypeError, ValueError):
        return False


def _plain(v: Any) -> Any:
    """numpy scalars → Python; whole floats → int (durations, carers are integers)."""
    if hasattr(v, "item") and not isinstance(v, (list, tuple, dict, str)):
        v = v.item()
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    return v


def _text(v: Any) -> Any:
    v = _plain(v)
    if hasattr(v, "strftime"):  # datetime.time / Timestamp in a window column
        return v.strftime("%H:%M")
    return str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v


def _list(v: Any) -> list[str]:
    """``a;b``, ``a,b``, ``a b`` or a list → ids."""
    if _empty(v):
        return []
    if isinstance(v, str):
        return [p for p in v.replace(",", ";").replace(" ", ";").split(";") if p.strip()]
    if isinstance(v, Iterable):
        return [str(_text(x)) for x in v]
    return [str(_text(v))]


def _records(df: pd.DataFrame | None, what: str) -> list[dict[str, Any]]:
    if df is None:
        return []
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, not {type(df).__name__}")
    return [
        {str(k): v for k, v in row.items() if not _empty(v)}
        for row in df.to_dict(orient="records")
    ]


_FLOAT = {"lat", "lon", "contract_percent"}
_INT = {"duration", "max_duration", "carers"}
_LIST = {"preferred", "forbidden", "skills"}

# The columns the CSV reader knows; others are ignored, as in the CSV files.
_TEAM = ("id", "lat", "lon")
_STAFF = ("id", "team", "level", "contract_percent", "profile", "skills")
_CLIENT = ("id", "lat", "lon", "need", "team", "preferred", "forbidden")
_VISIT = ("id", "days", "duration", "max_duration", "skills", "carers", "level")

_ORIGIN = "<frames>"


def _bad(record: str, field: str, msg: str) -> Exception:
    from ._errors import InputError

    return InputError(
        f"{_ORIGIN}: {record}, field `{field}`: {msg}", path=_ORIGIN, record=record, field=field
    )


def _fields(row: dict[str, Any], columns: Iterable[str], record: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k in columns:
        if k not in row:
            continue
        v = _plain(row[k])
        if k in _LIST:
            out[k] = _list(v)
        elif k in _FLOAT:
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise _bad(record, k, f"{v!r} is not a number")
            out[k] = v
        elif k in _INT:
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise _bad(record, k, f"{v!r} is not a whole number")
            out[k] = v
        else:
            out[k] = _text(v)
    return out


def _rec(kind: str, row: dict[str, Any]) -> str:
    return f"{kind} {json.dumps(str(_text(row.get('id', ''))))}"


def scenario_json(
    clients: pd.DataFrame,
    staff: pd.DataFrame,
    teams: pd.DataFrame,
    visits: pd.DataFrame | None = None,
    settings: Mapping[str, Any] | str | None = None,
    name: str = "scenario",
) -> str:
    """The JSON form of the scenario given as DataFrames."""
    team_rows = [_fields(r, _TEAM, _rec("team", r)) for r in _records(teams, "teams")]
    staff_rows = [_fields(r, _STAFF, _rec("staff", r)) for r in _records(staff, "staff")]
    client_rows: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    for r in _records(clients, "clients"):
        nested = r.pop("visits", None)
        c = _fields(r, _CLIENT, _rec("client", r))
        c["visits"] = list(nested) if isinstance(nested, (list, tuple)) else []
        client_rows.append(c)
        by_id.setdefault(str(c.get("id", "")), c)
    for i, r in enumerate(_records(visits, "visits")):
        owner = _text(r.pop("client", None))
        earliest = _text(r.pop("earliest", None))
        latest = _text(r.pop("latest", None))
        vrec = f"{_rec('client', {'id': owner})} visit {json.dumps(str(_text(r.get('id', ''))))}"
        v = _fields(r, _VISIT, vrec)
        if earliest is not None or latest is not None:
            v["window"] = [earliest or "", latest or ""]
        owner_row = by_id.get(str(owner))
        if owner_row is None:
            raise _bad(
                f"visits row {i}", "client", f"unknown client {owner!r} (not in the clients frame)"
            )
        owner_row["visits"].append(v)
    doc: dict[str, Any] = {"name": name}
    if isinstance(settings, str):
        doc["settings"] = json.loads(settings)
    elif settings is not None:
        doc["settings"] = dict(settings)
    doc.update(teams=team_rows, staff=staff_rows, clients=client_rows)
    return json.dumps(doc, ensure_ascii=False, indent=1)
