//! Rostering: who works which shift on which day.
//!
//! [`solve`] rosters a [`RosterInstance`] (the Curtois & Qu benchmark model, see
//! [`crate::model::roster`]) in four steps:
//!
//! 1. **Feasibility per person** ([`diagnose`]): the hard rules only couple days of one person,
//!    so the instance is feasible iff each person alone has a roster. A tiny MIP per person
//!    checks that; when one has none, rules are switched off one at a time to name the rules
//!    that bind ([`crate::Error::Infeasible`]).
//! 2. **Full MIP** ([`mip`]): the whole model in HiGHS for a share of the time. It gives the
//!    start roster and the proven lower bound; if HiGHS proves optimality, that is the answer.
//! 3. **Column generation** ([`cg`], when only cover couples people): personal rosters priced
//!    per person by an exact labelling algorithm ([`price`]; a small HiGHS MIP where the
//!    labels would explode), a Lagrangian bound from the pricing optima, and the master MIP
//!    over the columns, started from the incumbent. Sizing instances use the aggregated form
//!    over candidate classes ([`size_cg`], called by [`rota::size`]).
//! 4. **Large-neighbourhood search** ([`lns`]): repeatedly frees a few people (all days), a
//!    window of days (all people), a block of people × days, the people around surplus and
//!    missing cover, or the cells where the incumbent disagrees with the LP optimum (the
//!    master LP's when there is one); keeps the rest of the incumbent fixed and re-solves
//!    that sub-MIP in HiGHS with the incumbent as start solution. A sub-MIP never returns
//!    worse than its start, so the incumbent never gets worse. One step in six (when the
//!    pricing converged) frees people in the master instead: they are priced against the
//!    master LP with everyone else fixed, and the master MIP picks their rosters
//!    (`cg::Pool::reoptimise`). When the search stalls, more columns are priced and the
//!    master MIP recombines the personal rosters of all incumbents.
//!
//! The status is `optimal` only when HiGHS proved it on the full model, or the incumbent
//! reaches the proven bound (the full model's, or the Lagrangian bound built from the bounds
//! HiGHS proved for the pricing MIPs); otherwise the limit that stopped the run.
//!
//! Determinism: the neighbourhoods come from a `ChaCha8Rng` seeded with the run's seed, HiGHS
//! runs on one thread with `random_seed` derived from it, and sub-MIPs stop on a node limit
//! ([`RosterParams::sub_mip_nodes`]). With an iteration limit (and
//! [`RosterParams::initial_nodes`], [`RosterParams::master_nodes`]) two runs are identical; with a wall-clock limit the
//! trajectory is the same but where it is cut depends on the machine.

/// `TILLIT_TRACE` set: the roster search reports its phases on stderr (for tuning).
pub(crate) static TRACE: std::sync::LazyLock<bool> =
    std::sync::LazyLock::new(|| std::env::var_os("TILLIT_TRACE").is_some());

macro_rules! trace {
    ($($t:tt)*) => {
        if *$crate::roster::TRACE {
            eprintln!($($t)*);
        }
    };
}
pub(crate) use trace;

pub mod cg;
pub mod diagnose;
pub mod lns;
pub mod mip;
pub(crate) mod price;
pub mod rota;
pub(crate) mod size_cg;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use serde::{Deserialize, Serialize};

pub use lns::{solve, solve_from};

use crate::model::roster::RosterInstance;

/// A roster by index: `grid[staff][day]` is the shift type worked, `None` a day off.
pub type Grid = Vec<Vec<Option<usize>>>;

/// How the search spends its effort. Every field has a default; a JSON/TOML file may set any
/// subset (unknown keys are an error).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RosterParams {
    /// Share of the wall-clock limit given to the first full MIP (0–1). More: a better bound
    /// and, on small instances, a proof of optimality; less: more time for the neighbourhood
    /// search, which improves large instances faster than the full MIP does.
    pub initial_share: f64,
    /// Cap in seconds on the first full MIP when the run has no wall-clock limit.
    pub initial_seconds: f64,
    /// Branch-and-bound node limit of the first full MIP (`None`: time only). Set it for
    /// reproducible runs; the time cap still applies.
    pub initial_nodes: Option<u64>,
    /// Node limit of each sub-MIP. Higher: each sub-MIP is solved more thoroughly (fewer,
    /// stronger steps); lower: more, cheaper steps. Keeps sub-MIPs deterministic.
    pub sub_mip_nodes: u64,
    /// Wall-clock cap in seconds of each sub-MIP (a safety valve; the node limit normally
    /// stops it first).
    pub sub_mip_seconds: f64,
    /// Compact sub-MIPs solved side by side in one neighbourhood step (each on its own
    /// neighbourhood and core; the best result is kept, and each counts as an iteration).
    /// More than 1 uses the cores one sub-MIP leaves idle (HiGHS runs on one thread); the
    /// result does not depend on how many cores there are. 1 by default: on Curtois
    /// instance 8, 2 was not better (docs/roster.md).
    pub sub_mips_per_step: usize,
    /// Free cells per neighbourhood at the start, as a share of all cells (0–1). The search
    /// grows it when sub-MIPs are solved to optimality without improving, and shrinks it when
    /// they hit their limits.
    pub initial_free_share: f64,
    /// Smallest neighbourhood, as a share of all cells.
    pub min_free_share: f64,
    /// Largest neighbourhood, as a share of all cells.
    pub max_free_share: f64,
    /// Also use relaxation-induced neighbourhoods: free the cells where the incumbent
    /// disagrees with the LP optimum of the full model. Strong where the LP bound is tight;
    /// costs one LP solve.
    pub rins: bool,
    /// Column generation between the full MIP and the neighbourhood search (Curtois-type
    /// instances only): personal rosters priced by small MIPs, a Lagrangian bound, and the
    /// master MIP over the generated columns (see [`cg`]).
    pub columns: bool,
    /// Share of the remaining wall-clock time given to the pricing rounds (0–1).
    pub column_share: f64,
    /// Absolute gap at which a pricing MIP stops (its proven bound still enters the
    /// Lagrangian bound). Larger: faster rounds, weaker columns and bound.
    pub pricing_gap: f64,
    /// Maximum pricing rounds (each prices every person once).
    pub column_rounds: u64,
    /// The pricing phase (and the master MIP after it) is skipped after its first round when
    /// its time would not allow this many rounds at that pace; columns then come one round
    /// at a time when the neighbourhood search stalls. 0 (the default): never skipped; only
    /// applies to runs with a wall-clock limit.
    pub column_min_rounds: u64,
    /// Dive on the master LP after the pricing rounds (fix people to their heaviest column
    /// one step at a time, re-pricing the others), for a roster near the LP optimum; it may
    /// use up to `column_share` of the remaining time.
    pub dive: bool,
    /// Share of the remaining wall-clock time given to the master MIP over the columns (0–1).
    pub master_share: f64,
    /// Branch-and-bound node limit of the master MIP (`None`: time only); set it for
    /// reproducible runs.
    pub master_nodes: Option<u64>,
    /// Neighbourhood iterations without improvement after which more columns are priced and
    /// the master MIP is solved again from the incumbent (0: never).
    pub master_stall: u64,
}

impl Default for RosterParams {
    fn default() -> Self {
        RosterParams {
            initial_share: 0.05,
            initial_seconds: 30.0,
            initial_nodes: None,
            sub_mip_nodes: 200,
            sub_mip_seconds: 1.5,
            sub_mips_per_step: 1,
            initial_free_share: 0.12,
            min_free_share: 0.03,
            max_free_share: 0.35,
            rins: true,
            columns: true,
            column_share: 0.3,
            pricing_gap: 1e-6,
            column_rounds: 200,
            column_min_rounds: 0,
            dive: true,
            master_share: 0.05,
            master_nodes: None,
            master_stall: 40,
        }
    }
}

/// Stopping rules and the seed of one run.
#[derive(Clone, Debug, Default)]
pub struct RosterRun {
    /// Seed of the neighbourhood choice and of HiGHS.
    pub seed: u64,
    /// Stop by this instant.
    pub deadline: Option<Instant>,
    /// Stop after this many neighbourhood iterations.
    pub max_iterations: Option<u64>,
    /// Set to true from another thread to stop searching: the run ends after the HiGHS solve
    /// under way (each is capped by its time share) and returns the best roster so far with
    /// status [`RosterStatus::Cancelled`].
    pub cancel: Arc<AtomicBool>,
}

impl RosterRun {
    /// Whether [`RosterRun::cancel`] is set.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// Why the run stopped and what is proven.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RosterStatus {
    /// HiGHS proved the roster optimal on the full model (or the roster meets its proven
    /// bound).
    Optimal,
    /// The wall-clock limit stopped the search; not proven optimal.
    TimeLimit,
    /// The iteration limit stopped the search; not proven optimal.
    IterationLimit,
    /// The run was cancelled ([`RosterRun::cancel`]); the best roster so far, not proven
    /// optimal.
    Cancelled,
}

impl RosterStatus {
    /// The status as the roster file spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            RosterStatus::Optimal => "optimal",
            RosterStatus::TimeLimit => "time_limit",
            RosterStatus::IterationLimit => "iteration_limit",
            RosterStatus::Cancelled => "cancelled",
        }
    }
}

/// A roster and what the solver knows about it.
#[derive(Clone, Debug)]
pub struct RosterSolution {
    /// The roster.
    pub grid: Grid,
    /// Its penalty (the benchmark objective), computed by [`objective`].
    pub objective: i64,
    /// Why the run stopped.
    pub status: RosterStatus,
    /// Best lower bound proven by HiGHS on the full model, rounded up to an integer (the
    /// objective is integral); `None` when HiGHS proved none.
    pub bound: Option<i64>,
    /// Neighbourhood iterations done.
    pub iterations: u64,
    /// Iterations that improved the incumbent.
    pub improvements: u64,
    /// Objective after the first full MIP.
    pub initial_objective: i64,
    /// Seconds spent in the first full MIP.
    pub initial_seconds: f64,
    /// Column-generation pricing rounds done (0: no column generation).
    pub column_rounds: u64,
    /// Columns (personal rosters) in the pool at the end.
    pub columns: usize,
    /// Lagrangian lower bound of the column generation, unrounded (`None`: none proven).
    pub column_bound: Option<f64>,
    /// Master MIPs over the columns that improved the incumbent.
    pub master_improvements: u64,
}

/// The penalty of `grid` (solver side; the independent evaluator is
/// [`crate::plan::roster_check::check_roster`]).
pub fn objective(inst: &RosterInstance, grid: &Grid) -> i64 {
    let mut total = 0i64;
    for r in &inst.on_requests {
        if grid[r.staff][r.day] != Some(r.shift) {
            total += i64::from(r.weight);
        }
    }
    for r in &inst.off_requests {
        if grid[r.staff][r.day] == Some(r.shift) {
            total += i64::from(r.weight);
        }
    }
    for c in &inst.cover {
        let n = grid
            .iter()
            .filter(|row| row[c.day] == Some(c.shift))
            .count() as i64;
        let req = i64::from(c.requirement);
        total += if n < req {
            (req - n) * i64::from(c.weight_under)
        } else {
            (n - req) * i64::from(c.weight_over)
        };
    }
    let rota = &inst.rota;
    for c in &rota.skill_cover {
        let bit = 1u64 << c.skill;
        let n = grid
            .iter()
            .enumerate()
            .filter(|(e, row)| {
                row[c.day] == Some(c.shift)
                    && rota.staff_skills.get(*e).is_some_and(|m| m & bit != 0)
            })
            .count() as i64;
        total += (i64::from(c.requirement) - n).max(0) * i64::from(c.weight_under);
    }
    for (e, row) in grid.iter().enumerate() {
        let used = row.iter().any(Option::is_some);
        let optional = rota.optional_cost.get(e).copied().flatten();
        if let (true, Some(cost)) = (used, optional) {
            total += i64::from(cost);
        }
        if rota.deviation_weight > 0
            && let Some(&target) = rota.target_minutes.get(e)
        {
            let target = if used || optional.is_none() {
                i64::from(target)
            } else {
                0
            };
            let minutes: i64 = row
                .iter()
                .flatten()
                .map(|&s| i64::from(inst.shifts[s].minutes))
                .sum();
            total += (minutes - target).abs() * i64::from(rota.deviation_weight);
        }
    }
    total
}
