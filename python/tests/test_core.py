"""The extension module builds, imports and reports the core crate's version."""

import re
from pathlib import Path

import tillit


def test_version_matches_cargo_toml() -> None:
    cargo = (Path(__file__).resolve().parents[2] / "Cargo.toml").read_text()
    m = re.search(r'^version = "([^"]+)"', cargo, re.MULTILINE)
    assert m is not None
    assert tillit.version() == m.group(1)


def test_private_core_module() -> None:
    assert tillit.version.__module__ in ("tillit._core", "builtins")
    assert "version" in tillit.__all__
