"""The exception classes of tillit, one per error kind of the Rust core.

``TillitError`` is the base; input problems are also ``ValueError`` (as pydantic-core's
``ValidationError``), a missing input file is also ``FileNotFoundError``. Each carries the
file (``path``), the record (``record``, e.g. ``client "c12"`` or ``line 7``) and the field
(``field``, e.g. ``need``) when the core knows them.

The compiled core builds its exceptions through :func:`_make` so that there is one place that
maps an error kind to a class.
"""

from __future__ import annotations

import errno
from typing import Any


class TillitError(Exception):
    """Base class of every error tillit raises."""

    message: str
    path: str | None
    record: str | None
    field: str | None

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        record: str | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.record = record
        self.field = field

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Picklable (Dask ships exceptions from workers) whatever the base's args are.
        return (_rebuild, (type(self), self.message, self.path, self.record, self.field))


class InputError(TillitError, ValueError):
    """Bad input: a file, record, field or parameter that cannot be used."""


class MissingFileError(InputError, FileNotFoundError):
    """An input file or directory does not exist (also a ``FileNotFoundError``)."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        record: str | None = None,
        field: str | None = None,
    ) -> None:
        FileNotFoundError.__init__(self, errno.ENOENT, message, path)
        self.message = message
        self.path = path
        self.record = record
        self.field = field


class OsmError(InputError):
    """An OpenStreetMap file is unreadable or has no road usable by the travel profile."""


class InfeasibleError(InputError):
    """The hard rules of the input admit no solution (the message names the binding rules)."""


class NoSolutionError(TillitError):
    """The solver found no solution within its limits (not proven infeasible): give more time."""


class InternalError(TillitError, RuntimeError):
    """A bug in tillit (an invariant did not hold, or a panic in the core)."""


_KINDS: dict[str, type[TillitError]] = {
    "input": InputError,
    "not_found": MissingFileError,
    "osm": OsmError,
    "infeasible": InfeasibleError,
    "no_solution": NoSolutionError,
    "internal": InternalError,
}


def _rebuild(
    cls: type[TillitError],
    message: str,
    path: str | None,
    record: str | None,
    field: str | None,
) -> TillitError:
    return cls(message, path=path, record=record, field=field)


def _make(
    kind: str,
    message: str,
    path: str | None,
    record: str | None,
    field: str | None,
) -> TillitError:
    """The exception for an error of ``kind`` (called by the compiled core)."""
    return _KINDS.get(kind, InternalError)(message, path=path, record=record, field=field)
