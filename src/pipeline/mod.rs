//! The planning pipeline: scenario + road graphs → travel matrices → team assignment →
//! rotas → daily routes per team (teams in parallel) → key figures ([`PlanOutput`]).
//!
//! Two care models can be planned from the same client book ([`CareModel`]):
//! - **trust** (*tillitsmodellen*): clients assigned to self-governing teams (MIP), elastic
//!   visit durations (the team may stay up to `max_duration`), full-time rotas, continuity;
//! - **purchaser-provider** (*bestiller-utfører-modellen*): fixed allotted (*vedtak*)
//!   minutes, one central pool without teams, part-time positions and temps for the gaps.
//!
//! Deterministic: same scenario, parameters and seed → the same plan when the run stops on
//! iterations (`PlanParams::iterations`); a time limit makes the search length depend on the
//! machine.

mod kpis;
pub mod output;
mod routing;
mod run;
mod staffing;
pub mod tables;
pub mod write;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::error::{Error, Result};
use crate::graph::RoadGraph;
use crate::matrix::Router;
use crate::osm::Profile;
use crate::scenario::Scenario;

pub use output::{
    AssignmentOut, Budget, DayOut, EquityRow, KpiRow, Kpis, PlanOutput, RosterOut, RouteOut,
    StopOut, TeamOut, UnassignedOut,
};

/// Which organisation of care to plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CareModel {
    /// Teams, elastic durations, full-time rotas (the default).
    Trust,
    /// Fixed allotted minutes, central allocation without teams, part-time staff + temps.
    PurchaserProvider,
}

impl CareModel {
    /// `trust` or `purchaser_provider`.
    pub const fn name(self) -> &'static str {
        match self {
            CareModel::Trust => "trust",
            CareModel::PurchaserProvider => "purchaser_provider",
        }
    }
}

/// Run parameters.
#[derive(Clone, Debug)]
pub struct PlanParams {
    /// Days to plan from the scenario's start weekday (1).
    pub days: usize,
    /// Seed of every random stream (0).
    pub seed: u64,
    /// Wall-clock budget of the whole run in seconds (60); split between assignment, rotas and
    /// routes.
    pub time_limit: f64,
    /// Routing iterations per team-day instead of a time limit (reproducible on any machine).
    pub iterations: Option<u64>,
    /// Worker threads for teams in parallel (0 = all cores).
    pub threads: usize,
    /// Care model.
    pub model: CareModel,
    /// Set to true from another thread to stop as soon as possible (the plan so far is
    /// finished quickly and returned with status `cancelled`).
    pub cancel: Arc<AtomicBool>,
}

impl Default for PlanParams {
    fn default() -> Self {
        PlanParams {
            days: 1,
            seed: 0,
            time_limit: 60.0,
            iterations: None,
            threads: 0,
            model: CareModel::Trust,
            cancel: Arc::new(AtomicBool::new(false)),
        }
    }
}

/// Progress reports (the CLI shows bars on a terminal; Python and tests ignore them).
pub trait Progress: Sync {
    /// A phase starts with `total` steps (`assign`, `roster`, `route`, …).
    fn phase(&self, _name: &str, _total: u64) {}
    /// One step of the current phase is done.
    fn step(&self) {}
}

/// Progress that reports nothing.
pub struct Quiet;

impl Progress for Quiet {}

/// The road graph (with its router) per travel profile.
pub struct Graphs {
    /// One router per profile in use.
    pub routers: Vec<(Profile, Router)>,
    /// Where the graphs came from (file name), for reports.
    pub source: String,
}

impl Graphs {
    /// Builds the graphs of `profiles` from an OSM PBF file.
    ///
    /// # Errors
    /// As [`RoadGraph::from_osm`].
    pub fn from_osm(path: &std::path::Path, profiles: &[Profile]) -> Result<Graphs> {
        let osm = crate::osm::read_pbf(path)?;
        Graphs::from_osm_data(&osm, path, profiles)
    }

    /// Builds the graphs of `profiles` from parsed OSM data (`path` names it in errors).
    ///
    /// # Errors
    /// As [`RoadGraph::build`].
    pub fn from_osm_data(
        osm: &crate::osm::OsmData,
        path: &std::path::Path,
        profiles: &[Profile],
    ) -> Result<Graphs> {
        let mut routers = Vec::new();
        for &p in profiles {
            if routers.iter().any(|(q, _)| *q == p) {
                continue;
            }
            routers.push((p, Router::new(RoadGraph::build(osm, p, path)?)));
        }
        Ok(Graphs {
            routers,
            source: path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default(),
        })
    }

    /// The router of `profile`.
    pub fn router(&self, profile: Profile) -> Option<&Router> {
        self.routers
            .iter()
            .find(|(p, _)| *p == profile)
            .map(|(_, r)| r)
    }
}

/// Plans `scenario` on `graphs` (see the module documentation).
///
/// # Errors
/// [`Error::Input`]/[`Error::Param`] for a scenario or parameter that cannot be planned
/// (e.g. a client that does not snap onto any road, a travel profile without a graph);
/// [`Error::Infeasible`] when a rota cannot meet the working-time rules (naming the rule);
/// [`Error::Internal`] if a plan fails the independent checker (a bug).
pub fn plan(
    scenario: &Scenario,
    graphs: &Graphs,
    params: &PlanParams,
    progress: &dyn Progress,
) -> Result<PlanOutput> {
    let threads = if params.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        params.threads
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Internal(format!("thread pool: {e}")))?;
    pool.install(|| run::plan(scenario, graphs, params, progress, threads))
}
