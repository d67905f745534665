//! Python bindings for tillit (module `tillit._core`; `tillit/__init__.py` re-exports the
//! public names and adds the pandas layer).
//!
//! The boundary rules (`../shared/STYLE.md` § 6): every entry point calls only
//! `Result`-returning core functions inside [`std::panic::catch_unwind`], and every
//! [`tillit::Error`] becomes one Python exception class (`tillit._errors`) in [`to_py_err`];
//! long work (graph building, matrices, plans) runs with the GIL released; a plan runs on its
//! own thread while the calling thread polls for Ctrl-C and sets the core's cancel flag.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyDict};

use tillit::Error;
use tillit::matrix::MatrixParams;
use tillit::osm::{LatLon, Profile};
use tillit::pipeline::{CareModel, Graphs, PlanOutput, PlanParams, Quiet};

// ---------------------------------------------------------------------------------------------
// Errors

/// The Python exception of a core error: the kind picks the class (`tillit._errors._make`),
/// the file, record and field go into attributes when the error names them.
fn to_py_err(py: Python<'_>, e: &Error) -> PyErr {
    let p = |p: &Path| Some(p.display().to_string());
    let (kind, path, record, field): (&str, Option<String>, Option<String>, Option<String>) =
        match e {
            Error::Io { path, source } => {
                let kind = if source.kind() == std::io::ErrorKind::NotFound {
                    "not_found"
                } else {
                    "input"
                };
                (kind, p(path), None, None)
            }
            Error::Osm { path, record, .. } => ("osm", p(path), Some(record.clone()), None),
            Error::EmptyGraph { path, .. } => ("osm", p(path), None, Some("profile".into())),
            Error::Input {
                path,
                record,
                field,
                ..
            } => ("input", p(path), Some(record.clone()), Some(field.clone())),
            Error::Model { path, .. } => ("input", p(path), None, None),
            Error::Param { name, .. } => ("input", None, None, Some(name.clone())),
            Error::Infeasible { what, .. } => ("infeasible", None, Some(what.clone()), None),
            Error::NoSolution { what, .. } => ("no_solution", None, Some(what.clone()), None),
            Error::Internal(_) => ("internal", None, None, None),
            other if other.is_input() => ("input", None, None, None),
            _ => ("internal", None, None, None),
        };
    make_err(py, kind, &e.to_string(), path, record, field)
}

fn make_err(
    py: Python<'_>,
    kind: &str,
    message: &str,
    path: Option<String>,
    record: Option<String>,
    field: Option<String>,
) -> PyErr {
    let made = py
        .import("tillit._errors")
        .and_then(|m| m.call_method1("_make", (kind, message, path, record, field)));
    match made {
        Ok(exc) => PyErr::from_value(exc),
        // The package is not importable (only `_core` was loaded): plain built-ins.
        Err(_) if kind == "internal" => {
            pyo3::exceptions::PyRuntimeError::new_err(message.to_string())
        }
        Err(_) => pyo3::exceptions::PyValueError::new_err(message.to_string()),
    }
}

fn param_err(py: Python<'_>, name: &str, msg: impl Into<String>) -> PyErr {
    to_py_err(
        py,
        &Error::Param {
            name: name.into(),
            msg: msg.into(),
        },
    )
}

/// The text of a panic payload.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Runs `f` with the GIL released; a panic becomes an [`Error::Internal`].
fn detached<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce() -> tillit::Result<T> + Send,
{
    let r = py.detach(|| {
        catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| {
            Err(Error::Internal(format!(
                "panic in the core: {}",
                panic_text(p.as_ref())
            )))
        })
    });
    r.map_err(|e| to_py_err(py, &e))
}

fn parse_profile(py: Python<'_>, s: &str) -> PyResult<Profile> {
    s.parse::<Profile>()
        .map_err(|e| param_err(py, "profile", e.to_string()))
}

// ---------------------------------------------------------------------------------------------
// Graph and matrix

/// The road graph of one travel profile, prepared for queries (snap index + contraction
/// hierarchy). Build it with `Graph.from_osm`.
#[pyclass(frozen, module = "tillit._core")]
struct Graph {
    graphs: Arc<Graphs>,
    profile: Profile,
    path: PathBuf,
}

impl Graph {
    fn router(&self) -> PyResult<&tillit::matrix::Router> {
        self.graphs.router(self.profile).ok_or_else(|| {
            pyo3::exceptions::PyRuntimeError::new_err("graph without a router for its profile")
        })
    }
}

#[pymethods]
impl Graph {
    /// Reads an OpenStreetMap PBF extract and builds the graph of `profile` (car, bike, foot),
    /// or of each profile of a list (the first is the default of `matrix`).
    #[staticmethod]
    #[pyo3(signature = (path, profile = None))]
    fn from_osm(
        py: Python<'_>,
        path: PathBuf,
        profile: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Graph> {
        let names: Vec<String> = match profile {
            None => vec!["car".into()],
            Some(p) => match p.extract::<String>() {
                Ok(one) => vec![one],
                Err(_) => p.extract::<Vec<String>>().map_err(|_| {
                    param_err(py, "profile", "must be car, bike, foot or a list of them")
                })?,
            },
        };
        let profiles = names
            .iter()
            .map(|n| parse_profile(py, n))
            .collect::<PyResult<Vec<_>>>()?;
        let Some(&first) = profiles.first() else {
            return Err(param_err(py, "profile", "the list of profiles is empty"));
        };
        let src = path.clone();
        let graphs = detached(py, move || Graphs::from_osm(&src, &profiles))?;
        Ok(Graph {
            graphs: Arc::new(graphs),
            profile: first,
            path,
        })
    }

    /// Travel profile (the first one when the graph was built for several).
    #[getter]
    fn profile(&self) -> &'static str {
        self.profile.name()
    }

    /// Every travel profile the graph was built for.
    #[getter]
    fn profiles(&self) -> Vec<&'static str> {
        self.graphs.routers.iter().map(|(p, _)| p.name()).collect()
    }

    /// Nodes of the graph (its largest strongly connected component).
    #[getter]
    fn nodes(&self) -> PyResult<usize> {
        Ok(self.router()?.graph().num_nodes())
    }

    /// Directed edges of the graph.
    #[getter]
    fn edges(&self) -> PyResult<usize> {
        Ok(self.router()?.graph().edges.len())
    }

    /// The OSM file the graph was built from.
    #[getter]
    fn path(&self) -> PathBuf {
        self.path.clone()
    }

    /// Bounding box `(min_lon, min_lat, max_lon, max_lat)` of the graph's nodes.
    #[getter]
    fn bbox(&self) -> PyResult<(f64, f64, f64, f64)> {
        let b = self.router()?.graph().stats.bbox;
        Ok((b.min_lon, b.min_lat, b.max_lon, b.max_lat))
    }

    /// Travel durations (s) and distances (m) between every pair of `points` ((lat, lon)
    /// pairs or an (n, 2) array); NaN where a point does not snap within `snap_radius_m`.
    /// `profile` picks one of the graph's profiles (default: `self.profile`).
    #[pyo3(signature = (points, snap_radius_m = 500.0, profile = None))]
    fn matrix(
        &self,
        py: Python<'_>,
        points: &Bound<'_, PyAny>,
        snap_radius_m: f64,
        profile: Option<&str>,
    ) -> PyResult<Matrix> {
        let profile = match profile {
            None => self.profile,
            Some(name) => {
                let p = parse_profile(py, name)?;
                if self.graphs.router(p).is_none() {
                    return Err(param_err(
                        py,
                        "profile",
                        format!(
                            "the graph was built for {} only, not {name:?}",
                            self.profiles().join(", ")
                        ),
                    ));
                }
                p
            }
        };
        if !(snap_radius_m.is_finite() && snap_radius_m >= 0.0) {
            return Err(param_err(
                py,
                "snap_radius_m",
                format!("{snap_radius_m}: must be a non-negative number of metres"),
            ));
        }
        let pts = extract_points(py, points)?;
        let graphs = Arc::clone(&self.graphs);
        let osm = self.path.clone();
        let params = MatrixParams {
            snap_radius_m,
            ..MatrixParams::default()
        };
        let (n, durations, distances, unsnapped) = detached(py, move || {
            let router = graphs
                .router(profile)
                .ok_or_else(|| Error::Internal("graph without a router".into()))?;
            // As `tillit matrix`: no point on the roads is an input error naming the likely
            // cause (wrong extract, lat/lon swapped, snap radius), not an all-NaN matrix.
            let m = if pts.is_empty() {
                router.matrix(&pts, &params)
            } else {
                let (snaps, _) = router.snap_checked(&pts, &params, Path::new("points"), &osm)?;
                router.matrix_from_snaps(snaps, &params)
            };
            let n = m.n;
            let mut durations = Vec::with_capacity(n * n);
            let mut distances = Vec::with_capacity(n * n);
            for i in 0..n {
                for j in 0..n {
                    let (t, d) = m
                        .get(i, j)
                        .map_or((f64::NAN, f64::NAN), |c| (c.seconds(), c.metres()));
                    durations.push(t);
                    distances.push(d);
                }
            }
            let unsnapped: Vec<usize> = m
                .snaps
                .iter()
                .enumerate()
                .filter(|(_, s)| s.is_none())
                .map(|(i, _)| i)
                .collect();
            Ok((n, durations, distances, unsnapped))
        })?;
        Ok(Matrix {
            durations: square_array(py, &durations, n)?,
            distances: square_array(py, &distances, n)?,
            unsnapped,
        })
    }

    fn __repr__(&self) -> PyResult<String> {
        Ok(format!(
            "Graph(profile={:?}, nodes={}, edges={}, path={:?})",
            self.profiles().join(","),
            self.nodes()?,
            self.edges()?,
            self.path.display().to_string()
        ))
    }

    /// Pickles as "build again from the same file".
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<Reduce<'py, (PathBuf, Vec<&'static str>)>> {
        let g = slf.get();
        let ctor = slf.get_type().getattr("from_osm")?;
        Ok((ctor, (g.path.clone(), g.profiles())))
    }
}

/// What `__reduce__` returns: the constructor and its arguments.
type Reduce<'py, A> = (Bound<'py, PyAny>, A);

/// `(lat, lon)` pairs from a sequence of pairs or an (n, 2) array.
fn extract_points(py: Python<'_>, points: &Bound<'_, PyAny>) -> PyResult<Vec<LatLon>> {
    let bad = |msg: String| param_err(py, "points", msg);
    // numpy arrays (and anything with `tolist`) become nested lists first.
    let obj = if points.hasattr("tolist")? && !points.is_instance_of::<pyo3::types::PyList>() {
        points.call_method0("tolist")?
    } else {
        points.clone()
    };
    let rows: Vec<Bound<'_, PyAny>> = obj
        .try_iter()
        .map_err(|_| bad("must be a sequence of (lat, lon) pairs or an (n, 2) array".into()))?
        .collect::<PyResult<_>>()?;
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            let pair: Vec<f64> = r
                .extract()
                .map_err(|_| bad(format!("point {i} is not a (lat, lon) pair of numbers")))?;
            match pair.as_slice() {
                [lat, lon]
                    if lat.is_finite()
                        && lon.is_finite()
                        && (-90.0..=90.0).contains(lat)
                        && (-180.0..=180.0).contains(lon) =>
                {
                    Ok(LatLon {
                        lat: *lat,
                        lon: *lon,
                    })
                }
                [_, _] => Err(bad(format!(
                    "point {i} {pair:?} is not a (lat, lon) pair in degrees"
                ))),
                _ => Err(bad(format!(
                    "point {i} has {} values, expected 2 (lat, lon)",
                    pair.len()
                ))),
            }
        })
        .collect()
}

/// A float64 numpy array of shape (n, n) over a copy of `values` (row-major), written straight
/// into the buffer numpy then uses without a further copy.
fn square_array(py: Python<'_>, values: &[f64], n: usize) -> PyResult<Py<PyAny>> {
    let buf = PyByteArray::new_with(py, std::mem::size_of_val(values), |b| {
        for (chunk, v) in b.chunks_exact_mut(8).zip(values) {
            chunk.copy_from_slice(&v.to_ne_bytes());
        }
        Ok(())
    })?;
    let np = py.import("numpy")?;
    let arr = np.call_method1("frombuffer", (buf, "float64"))?;
    Ok(arr.call_method1("reshape", ((n, n),))?.unbind())
}

/// The result of `Graph.matrix`.
#[pyclass(frozen, module = "tillit._core")]
struct Matrix {
    durations: Py<PyAny>,
    distances: Py<PyAny>,
    unsnapped: Vec<usize>,
}

#[pymethods]
impl Matrix {
    /// Travel seconds, float64 (n, n); NaN where a point is unsnapped.
    #[getter]
    fn durations(&self, py: Python<'_>) -> Py<PyAny> {
        self.durations.clone_ref(py)
    }

    /// Metres, float64 (n, n); NaN where a point is unsnapped.
    #[getter]
    fn distances(&self, py: Python<'_>) -> Py<PyAny> {
        self.distances.clone_ref(py)
    }

    /// Indices of the points that did not snap onto the graph.
    #[getter]
    fn unsnapped(&self) -> Vec<usize> {
        self.unsnapped.clone()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let n = self.durations.bind(py).len()?;
        Ok(format!("Matrix(n={n}, unsnapped={:?})", self.unsnapped))
    }
}

// ---------------------------------------------------------------------------------------------
// Scenario

/// A planning scenario: clients with their visits, staff, teams and settings.
#[pyclass(frozen, module = "tillit._core")]
struct Scenario {
    inner: Arc<tillit::scenario::Scenario>,
}

/// Parses the JSON form; `origin` (`<json>`, `<frames>`) stands for the file in messages.
fn scenario_from_json(py: Python<'_>, text: String, origin: &'static str) -> PyResult<Scenario> {
    let mut s = detached(py, move || {
        tillit::scenario::parse_scenario_json(Path::new(origin), &text)
    })?;
    if s.name == origin {
        s.name = "scenario".into();
    }
    Ok(Scenario { inner: Arc::new(s) })
}

/// The JSON form of a scenario (what `parse_scenario_json` reads back to an equal scenario).
fn scenario_json(s: &tillit::scenario::Scenario) -> serde_json::Value {
    use serde_json::json;
    use tillit::scenario::{format_clock, format_days};
    let teams: Vec<_> = s
        .teams
        .iter()
        .map(|t| json!({"id": t.id, "lat": t.base.lat, "lon": t.base.lon}))
        .collect();
    let staff: Vec<_> = s
        .staff
        .iter()
        .map(|st| {
            json!({"id": st.id, "team": st.team, "level": st.level.name(),
                   "contract_percent": st.contract_percent, "profile": st.profile.name(),
                   "skills": st.skills})
        })
        .collect();
    let clients: Vec<_> = s
        .clients
        .iter()
        .map(|c| {
            let visits: Vec<_> = c
                .visits
                .iter()
                .map(|v| {
                    json!({"id": v.id, "days": format_days(&v.days),
                           "window": [format_clock(v.earliest), format_clock(v.latest)],
                           "duration": v.duration, "max_duration": v.max_duration,
                           "skills": v.skills, "carers": v.carers, "level": v.level.name()})
                })
                .collect();
            json!({"id": c.id, "lat": c.location.lat, "lon": c.location.lon,
                   "need": c.need.name(), "team": c.team, "preferred": c.preferred,
                   "forbidden": c.forbidden, "visits": visits})
        })
        .collect();
    json!({"name": s.name, "settings": s.settings, "teams": teams, "staff": staff,
           "clients": clients})
}

/// The part of `s` that team `team` serves: the team, its staff, the clients currently in it
/// (preferred/forbidden lists keep only the team's staff).
fn team_part(
    s: &tillit::scenario::Scenario,
    team: &tillit::scenario::Team,
) -> tillit::scenario::Scenario {
    let staff: Vec<_> = s
        .staff
        .iter()
        .filter(|st| st.team == team.id)
        .cloned()
        .collect();
    let ids: std::collections::HashSet<&str> = staff.iter().map(|st| st.id.as_str()).collect();
    let clients = s
        .clients
        .iter()
        .filter(|c| c.team.as_deref() == Some(team.id.as_str()))
        .map(|c| {
            let mut c = c.clone();
            c.preferred.retain(|x| ids.contains(x.as_str()));
            c.forbidden.retain(|x| ids.contains(x.as_str()));
            c
        })
        .collect();
    tillit::scenario::Scenario {
        name: format!("{}-{}", s.name, team.id),
        clients,
        staff,
        teams: vec![team.clone()],
        settings: s.settings.clone(),
    }
}

#[pymethods]
impl Scenario {
    /// Reads a scenario directory (CSV files + settings.json, or scenario.json) or a JSON file.
    #[staticmethod]
    fn from_dir(py: Python<'_>, path: PathBuf) -> PyResult<Scenario> {
        let p = path;
        let s = detached(py, move || tillit::scenario::read_scenario(&p))?;
        Ok(Scenario { inner: Arc::new(s) })
    }

    /// Parses the JSON form of a scenario.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: String) -> PyResult<Scenario> {
        scenario_from_json(py, text, "<json>")
    }

    /// Builds a scenario from pandas DataFrames with the columns of the CSV files.
    #[staticmethod]
    #[pyo3(signature = (clients, staff, teams, visits = None, settings = None, name = "scenario"))]
    fn from_frames(
        py: Python<'_>,
        clients: &Bound<'_, PyAny>,
        staff: &Bound<'_, PyAny>,
        teams: &Bound<'_, PyAny>,
        visits: Option<&Bound<'_, PyAny>>,
        settings: Option<&Bound<'_, PyAny>>,
        name: &str,
    ) -> PyResult<Scenario> {
        let text: String = py
            .import("tillit._frames")?
            .call_method1(
                "scenario_json",
                (clients, staff, teams, visits, settings, name),
            )?
            .extract()?;
        scenario_from_json(py, text, "<frames>")
    }

    /// Writes the scenario as a CSV directory (teams, staff, clients, visits, settings.json).
    fn to_dir(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let s = Arc::clone(&self.inner);
        detached(py, move || tillit::scenario::write_scenario(&s, &path))
    }

    /// Scenario name.
    #[getter]
    fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// Number of clients.
    #[getter]
    fn n_clients(&self) -> usize {
        self.inner.clients.len()
    }

    /// Number of staff.
    #[getter]
    fn n_staff(&self) -> usize {
        self.inner.staff.len()
    }

    /// Number of teams.
    #[getter]
    fn n_teams(&self) -> usize {
        self.inner.teams.len()
    }

    /// Client ids in input order.
    #[getter]
    fn client_ids(&self) -> Vec<String> {
        self.inner.clients.iter().map(|c| c.id.clone()).collect()
    }

    /// Staff ids in input order.
    #[getter]
    fn staff_ids(&self) -> Vec<String> {
        self.inner.staff.iter().map(|s| s.id.clone()).collect()
    }

    /// Team ids in input order.
    #[getter]
    fn team_ids(&self) -> Vec<String> {
        self.inner.teams.iter().map(|t| t.id.clone()).collect()
    }

    /// Travel profiles the staff use (sorted, `car` when there is no staff).
    #[getter]
    fn profiles(&self) -> Vec<&'static str> {
        needed_profiles(&self.inner)
            .into_iter()
            .map(Profile::name)
            .collect()
    }

    /// Weekday of plan day 0 (`mon` … `sun`).
    #[getter]
    fn start_weekday(&self) -> String {
        self.inner.settings.start_weekday.clone()
    }

    /// Visits per weekday, Monday first (`{"mon": 12, "tue": 10, …}`; a two-carer visit
    /// counts once).
    #[getter]
    fn visits_per_day<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (i, wd) in tillit::scenario::WEEKDAYS.iter().enumerate() {
            let n = self
                .inner
                .clients
                .iter()
                .flat_map(|c| &c.visits)
                .filter(|v| v.days.iter().any(|&x| usize::from(x) == i))
                .count();
            d.set_item(*wd, n)?;
        }
        Ok(d)
    }

    /// Visits over `days` days from the start weekday.
    fn visits_in(&self, days: usize) -> usize {
        self.inner.visits_in(days)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .extract::<PyRef<'_, Scenario>>()
            .is_ok_and(|o| *o.inner == *self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Scenario(name={:?}, clients={}, staff={}, teams={})",
            self.inner.name,
            self.inner.clients.len(),
            self.inner.staff.len(),
            self.inner.teams.len()
        )
    }

    /// The scenario in its JSON form (`Scenario.from_json` reads it back to an equal one).
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, py: Python<'_>, indent: Option<usize>) -> PyResult<String> {
        let v = scenario_json(&self.inner);
        match indent {
            None => json_text(py, &v),
            Some(n) => {
                let pad = " ".repeat(n);
                let fmt = serde_json::ser::PrettyFormatter::with_indent(pad.as_bytes());
                let mut out = Vec::new();
                let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
                serde::Serialize::serialize(&v, &mut ser)
                    .map_err(|e| to_py_err(py, &Error::Internal(format!("scenario JSON: {e}"))))?;
                String::from_utf8(out)
                    .map_err(|e| to_py_err(py, &Error::Internal(format!("scenario JSON: {e}"))))
            }
        }
    }

    /// One scenario per team (`<name>-<team>`): the team, its staff and the clients currently
    /// in it. Clients without a team are in none of them.
    fn split_by_team<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for t in &self.inner.teams {
            let part = Scenario {
                inner: Arc::new(team_part(&self.inner, t)),
            };
            d.set_item(&t.id, part)?;
        }
        Ok(d)
    }

    /// The same scenario with plan day 0 on `weekday` (`mon` … `sun`).
    fn with_start_weekday(&self, py: Python<'_>, weekday: &str) -> PyResult<Scenario> {
        if tillit::scenario::weekday_index(weekday).is_none() {
            return Err(param_err(
                py,
                "start_weekday",
                format!("{weekday:?} is not a weekday (mon … sun)"),
            ));
        }
        let mut s = (*self.inner).clone();
        s.settings.start_weekday = weekday.trim().to_ascii_lowercase();
        Ok(Scenario { inner: Arc::new(s) })
    }

    /// Pickles as its JSON form.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String,)>> {
        let py = slf.py();
        let ty = slf.get_type();
        Ok((ty.getattr("from_json")?, (slf.get().to_json(py, None)?,)))
    }
}

fn needed_profiles(s: &tillit::scenario::Scenario) -> Vec<Profile> {
    let mut v: Vec<Profile> = s.staff.iter().map(|st| st.profile).collect();
    v.sort_unstable();
    v.dedup();
    if v.is_empty() {
        v.push(Profile::Car);
    }
    v
}

// ---------------------------------------------------------------------------------------------
// Plan

/// A finished plan (the core's `PlanOutput`); `tillit.Plan` wraps it with the pandas views.
#[pyclass(frozen, module = "tillit._core")]
struct PlanResult {
    inner: Arc<PlanOutput>,
    /// Road segments around the plan (the car graph's), drawn under the routes in the report.
    roads: Vec<Vec<[f64; 2]>>,
}

fn json_text(py: Python<'_>, v: &impl serde::Serialize) -> PyResult<String> {
    serde_json::to_string(v).map_err(|e| to_py_err(py, &Error::Internal(format!("plan JSON: {e}"))))
}

#[pymethods]
impl PlanResult {
    /// The plan as JSON text (`plan.json`).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        json_text(py, &*self.inner)
    }

    /// One row per stop (`routes.csv`).
    fn routes_csv(&self, py: Python<'_>) -> PyResult<String> {
        tillit::pipeline::tables::routes_csv(&self.inner).map_err(|e| to_py_err(py, &e))
    }

    /// One row per person and planned day, temps included (`rosters.csv`).
    fn rosters_csv(&self, py: Python<'_>) -> PyResult<String> {
        tillit::pipeline::tables::rosters_csv(&self.inner).map_err(|e| to_py_err(py, &e))
    }

    /// The key figures with the run's identity, as JSON text (`kpis.json`).
    fn kpis_json(&self, py: Python<'_>) -> PyResult<String> {
        json_text(py, &tillit::pipeline::tables::kpis_json(&self.inner))
    }

    /// The routes, visits and team bases as GeoJSON text (`routes.geojson`).
    fn geojson(&self, py: Python<'_>) -> PyResult<String> {
        json_text(py, &tillit::report::geojson(&self.inner))
    }

    /// The self-contained HTML report of the plan (`report.html`).
    fn report_html(&self, py: Python<'_>) -> String {
        let (plan, roads) = (Arc::clone(&self.inner), &self.roads);
        py.detach(|| tillit::report::html(&[("plan", &plan)], roads))
    }
}

/// How long a cancelled plan may take to wind down before Ctrl-C returns without it.
const CANCEL_GRACE: Duration = Duration::from_secs(2);

/// What a plan is planned on: a ready graph set, or an OSM file to build it from.
enum GraphSource {
    Ready(Arc<Graphs>),
    Osm(PathBuf),
}

/// Plans `scenario` (see `tillit.plan`).
#[pyfunction]
#[pyo3(signature = (scenario, graph, days = 1, seed = 0, time_limit = None, iterations = None, model = "trust", threads = 0))]
#[allow(clippy::too_many_arguments)]
fn plan(
    py: Python<'_>,
    scenario: PyRef<'_, Scenario>,
    graph: &Bound<'_, PyAny>,
    days: usize,
    seed: u64,
    time_limit: Option<f64>,
    iterations: Option<u64>,
    model: &str,
    threads: usize,
) -> PyResult<PlanResult> {
    // As on the command line: `iterations` alone is reproducible (no clock); given together,
    // whichever comes first; neither: 60 s.
    let time_limit = match (time_limit, iterations) {
        (Some(t), _) => t,
        (None, Some(_)) => tillit::limits::MAX_TIME_LIMIT_S,
        (None, None) => 60.0,
    };
    let model = match model.trim().to_ascii_lowercase().replace('-', "_").as_str() {
        "trust" => CareModel::Trust,
        "purchaser_provider" => CareModel::PurchaserProvider,
        _ => {
            return Err(param_err(
                py,
                "model",
                format!("{model:?} is not a care model (trust, purchaser_provider)"),
            ));
        }
    };
    if days == 0 {
        return Err(param_err(py, "days", "must be at least 1"));
    }
    if !(time_limit.is_finite() && time_limit > 0.0) {
        return Err(param_err(
            py,
            "time_limit",
            format!("{time_limit}: must be a positive number of seconds"),
        ));
    }
    let sc = Arc::clone(&scenario.inner);
    let profiles = needed_profiles(&sc);
    let source = if let Ok(g) = graph.extract::<PyRef<'_, Graph>>() {
        if profiles.iter().all(|p| g.graphs.router(*p).is_some()) {
            GraphSource::Ready(Arc::clone(&g.graphs))
        } else {
            // The staff travel by other profiles too: build them all from the same file.
            GraphSource::Osm(g.path.clone())
        }
    } else if let Ok(p) = graph.extract::<PathBuf>() {
        GraphSource::Osm(p)
    } else {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "graph must be a tillit.Graph or the path of an OSM PBF file",
        ));
    };
    let cancel = Arc::new(AtomicBool::new(false));
    let params = PlanParams {
        days,
        seed,
        time_limit,
        iterations,
        threads,
        model,
        cancel: Arc::clone(&cancel),
    };
    type Solved = (PlanOutput, Vec<Vec<[f64; 2]>>);
    let (tx, rx) = mpsc::channel::<tillit::Result<Solved>>();
    let worker = std::thread::Builder::new()
        .name("tillit-plan".into())
        .spawn(move || {
            let r = catch_unwind(AssertUnwindSafe(|| {
                let graphs = match source {
                    GraphSource::Ready(g) => g,
                    GraphSource::Osm(p) => Arc::new(Graphs::from_osm(&p, &profiles)?),
                };
                let out = tillit::pipeline::plan(&sc, &graphs, &params, &Quiet)?;
                // The road layer of the report, as the CLI draws it (car roads when there are).
                let router = graphs
                    .router(Profile::Car)
                    .or_else(|| graphs.routers.first().map(|(_, r)| r));
                let roads = router.map_or(Vec::new(), |r| {
                    tillit::report::road_lines(r.graph(), out.bbox)
                });
                Ok((out, roads))
            }))
            .unwrap_or_else(|p| {
                Err(Error::Internal(format!(
                    "panic in the core: {}",
                    panic_text(p.as_ref())
                )))
            });
            let _ = tx.send(r);
        })
        .map_err(|e| to_py_err(py, &Error::Internal(format!("cannot start a thread: {e}"))))?;
    // `Receiver` is not `Sync`; the mutex lets the detached closure borrow it.
    let rx = std::sync::Mutex::new(rx);
    loop {
        let polled = py.detach(|| match rx.lock() {
            Ok(r) => r.recv_timeout(Duration::from_millis(100)),
            Err(_) => Err(mpsc::RecvTimeoutError::Disconnected),
        });
        match polled {
            Ok(r) => {
                let _ = py.detach(|| worker.join());
                return r
                    .map(|(out, roads)| PlanResult {
                        inner: Arc::new(out),
                        roads,
                    })
                    .map_err(|e| to_py_err(py, &e));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Err(interrupt) = py.check_signals() {
                    cancel.store(true, Ordering::Relaxed);
                    // The routing phase stops at once; the MIP phases (team assignment, rotas)
                    // run to their own time limits. Wait a moment, then leave the thread to
                    // finish in the background so that Ctrl-C answers promptly.
                    let ended = py.detach(|| match rx.lock() {
                        Ok(r) => r.recv_timeout(CANCEL_GRACE).is_ok(),
                        Err(_) => false,
                    });
                    if ended {
                        let _ = py.detach(|| worker.join());
                    }
                    return Err(interrupt);
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let _ = py.detach(|| worker.join());
                return Err(to_py_err(
                    py,
                    &Error::Internal("the planning thread ended without a result".into()),
                ));
            }
        }
    }
}

/// Raises the exception of an error kind (for the tests of the error mapping).
#[pyfunction]
#[pyo3(signature = (kind))]
fn _raise(py: Python<'_>, kind: &str) -> PyResult<()> {
    let e = match kind {
        "panic" => {
            return detached(py, || -> tillit::Result<()> {
                #[allow(clippy::panic)]
                {
                    panic!("deliberate panic for the boundary test")
                }
            });
        }
        "infeasible" => Error::Infeasible {
            what: "roster t1".into(),
            explanation: "test".into(),
        },
        "no_solution" => Error::NoSolution {
            what: "roster t1".into(),
            msg: "test".into(),
        },
        "internal" => Error::Internal("test".into()),
        _ => return Err(param_err(py, "kind", format!("unknown kind {kind:?}"))),
    };
    Err(to_py_err(py, &e))
}

/// The version of the tillit core the module was built from.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// The private extension module; `tillit/__init__.py` re-exports its public names.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(plan, m)?)?;
    m.add_function(wrap_pyfunction!(_raise, m)?)?;
    m.add_class::<Graph>()?;
    m.add_class::<Matrix>()?;
    m.add_class::<Scenario>()?;
    m.add_class::<PlanResult>()?;
    Ok(())
}
