"""One Python exception class per error kind; no panic crosses the boundary."""

from __future__ import annotations

import pickle

import pytest

import tillit
from tillit import _core


def test_hierarchy() -> None:
    assert issubclass(tillit.InputError, tillit.TillitError)
    assert issubclass(tillit.InputError, ValueError)
    assert issubclass(tillit.OsmError, tillit.InputError)
    assert issubclass(tillit.InfeasibleError, tillit.InputError)
    assert issubclass(tillit.MissingFileError, tillit.InputError)
    assert issubclass(tillit.MissingFileError, FileNotFoundError)
    assert issubclass(tillit.NoSolutionError, tillit.TillitError)
    assert not issubclass(tillit.NoSolutionError, ValueError)
    assert issubclass(tillit.InternalError, tillit.TillitError)
    assert not issubclass(tillit.InternalError, ValueError)


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("infeasible", tillit.InfeasibleError),
        ("no_solution", tillit.NoSolutionError),
        ("internal", tillit.InternalError),
        ("panic", tillit.InternalError),
    ],
)
def test_kinds(kind: str, cls: type[tillit.TillitError]) -> None:
    with pytest.raises(cls) as e:
        _core._raise(kind)
    assert type(e.value) is cls
    assert e.value.message


def test_panic_is_an_exception() -> None:
    """A core panic is an ordinary Exception (not pyo3's BaseException PanicException)."""
    try:
        _core._raise("panic")
    except Exception as e:  # noqa: BLE001
        assert isinstance(e, tillit.InternalError)
        assert "deliberate panic" in str(e)
    else:
        pytest.fail("no exception")


def test_pickle_keeps_attributes() -> None:
    for cls in (tillit.InputError, tillit.MissingFileError, tillit.OsmError):
        e = cls("f.csv: line 2, field `x`: bad", path="f.csv", record="line 2", field="x")
        back = pickle.loads(pickle.dumps(e))
        assert type(back) is cls
        assert (back.message, back.path, back.record, back.field) == (
            e.message,
            "f.csv",
            "line 2",
            "x",
        )
        assert str(back) == str(e)
