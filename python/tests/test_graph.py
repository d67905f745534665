"""Graph and matrix: shapes, units, NaN for unsnapped points, numpy input, GIL release."""

from __future__ import annotations

import pickle
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import tillit

POINTS = [
    (60.1699, 24.9384),  # near the railway station
    (60.1675, 24.9520),  # near the market square
    (60.1720, 24.9440),
]
FAR = (59.9139, 10.7522)  # Oslo: far outside the Helsinki extract


def test_graph_properties(car_graph: tillit.Graph, osm: Path) -> None:
    g = car_graph
    assert g.profile == "car"
    assert g.nodes > 1000
    assert g.edges >= g.nodes
    assert g.path == osm
    min_lon, min_lat, max_lon, max_lat = g.bbox
    assert min_lon < 24.94 < max_lon and min_lat < 60.17 < max_lat
    assert "car" in repr(g)


@pytest.mark.parametrize("profile", ["bike", "foot"])
def test_other_profiles(osm: Path, profile: str) -> None:
    g = tillit.Graph.from_osm(osm, profile=profile)
    assert g.profile == profile
    assert g.nodes > 1000


def test_matrix_shapes_and_units(car_graph: tillit.Graph) -> None:
    m = car_graph.matrix(POINTS)
    for a in (m.durations, m.distances):
        assert isinstance(a, np.ndarray)
        assert a.dtype == np.float64
        assert a.shape == (3, 3)
        assert np.all(np.diag(a) == 0.0)
        assert np.all(np.isfinite(a))
    assert m.unsnapped == []
    # station → market square: a few minutes and somewhat more than the 760 m crow-fly
    assert 60.0 < m.durations[0, 1] < 900.0
    assert 700.0 < m.distances[0, 1] < 3000.0
    off = ~np.eye(3, dtype=bool)
    assert np.all(m.durations[off] > 0.0)


def test_matrix_numpy_input_and_unsnapped(car_graph: tillit.Graph) -> None:
    pts = np.array([*POINTS, FAR])
    m = car_graph.matrix(pts)
    assert m.durations.shape == (4, 4)
    assert m.unsnapped == [3]
    assert np.all(np.isnan(m.durations[3, :])) and np.all(np.isnan(m.durations[:, 3]))
    assert np.all(np.isnan(m.distances[3, :])) and np.all(np.isnan(m.distances[:, 3]))
    # the other points are unaffected
    np.testing.assert_array_equal(m.durations[:3, :3], car_graph.matrix(POINTS).durations)


def test_matrix_snap_radius(car_graph: tillit.Graph) -> None:
    # No point on the roads: an input error naming the likely cause (issue 18), as
    # `tillit matrix` exits 2, not a matrix of NaN.
    with pytest.raises(tillit.InputError) as e:
        car_graph.matrix(POINTS, snap_radius_m=0.0)
    assert "snap" in str(e.value)
    # One point off the roads among others still gives a matrix with it marked unsnapped.
    m = car_graph.matrix([*POINTS, FAR], snap_radius_m=500.0)
    assert m.unsnapped == [3]


def test_matrix_empty(car_graph: tillit.Graph) -> None:
    m = car_graph.matrix([])
    assert m.durations.shape == (0, 0)


def test_matrix_bad_points(car_graph: tillit.Graph) -> None:
    with pytest.raises(tillit.InputError) as e:
        car_graph.matrix([(60.17, 24.94, 3.0)])
    assert e.value.field == "points"
    with pytest.raises(tillit.InputError):
        car_graph.matrix([(600.0, 24.94)])
    with pytest.raises(ValueError):
        car_graph.matrix([("a", "b")])
    with pytest.raises(tillit.InputError) as e:
        car_graph.matrix(POINTS, snap_radius_m=-1.0)
    assert e.value.field == "snap_radius_m"


def test_bad_profile(osm: Path) -> None:
    with pytest.raises(tillit.InputError) as e:
        tillit.Graph.from_osm(osm, profile="boat")
    assert e.value.field == "profile"
    assert "boat" in str(e.value)


def test_missing_osm_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.osm.pbf"
    with pytest.raises(FileNotFoundError) as e:
        tillit.Graph.from_osm(missing)
    assert isinstance(e.value, tillit.MissingFileError)
    assert isinstance(e.value, tillit.InputError)
    assert e.value.path == str(missing)


def test_corrupt_osm_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.osm.pbf"
    bad.write_bytes(b"\x00\x00\x00\x0cnot a pbf file at all" * 4)
    with pytest.raises(tillit.OsmError) as e:
        tillit.Graph.from_osm(bad)
    assert isinstance(e.value, tillit.InputError)
    assert e.value.path == str(bad)


def test_pickle_rebuilds(car_graph: tillit.Graph) -> None:
    g2 = pickle.loads(pickle.dumps(car_graph))
    assert (g2.profile, g2.nodes, g2.edges) == (car_graph.profile, car_graph.nodes, car_graph.edges)


def test_gil_released_while_building(osm: Path) -> None:
    """Another Python thread keeps running while a graph is built."""
    done = threading.Event()

    def build() -> None:
        tillit.Graph.from_osm(osm, "foot")
        done.set()

    t = threading.Thread(target=build)
    ticks = 0
    t.start()
    start = time.perf_counter()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    elapsed = time.perf_counter() - start
    t.join()
    # With the GIL held for the whole build, this loop could not tick at all meanwhile.
    assert elapsed < 0.05 or ticks > 10


def test_several_profiles(osm: Path) -> None:
    g = tillit.Graph.from_osm(osm, profile=["car", "foot"])
    assert g.profiles == ["car", "foot"] and g.profile == "car"
    car = g.matrix(POINTS)
    foot = g.matrix(POINTS, profile="foot")
    assert np.all(foot.durations[0, 1:] > car.durations[0, 1:])  # walking is slower
    with pytest.raises(tillit.InputError) as e:
        g.matrix(POINTS, profile="bike")
    assert e.value.field == "profile"
    with pytest.raises(tillit.InputError):
        tillit.Graph.from_osm(osm, profile=[])
    assert pickle.loads(pickle.dumps(g)).profiles == ["car", "foot"]
