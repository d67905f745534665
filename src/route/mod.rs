//! Daily routes: the VRPTW solver.
//!
//! [`solve`] runs Slack Induction by String Removals (SISR; J. Christiaens and G. Vanden Berghe,
//! "Slack induction by string removals for vehicle routing problems", *Transportation Science*
//! 54(2):417–433, 2020):
//!
//! 1. the initial solution is the recreate step applied to an empty solution;
//! 2. every iteration copies the current solution, *ruins* it by removing strings (or split
//!    strings) of consecutive visits from routes close to a random seed visit, and *recreates*
//!    it by greedy cheapest insertion with blinks, in random / demand / far / close /
//!    time-window-length order;
//! 3. the candidate replaces the current solution under simulated-annealing acceptance with a
//!    temperature falling geometrically from [`RouteParams::t_start`] to
//!    [`RouteParams::t_end`] over the run; the best solution seen is returned.
//!
//! The objective is total distance plus a penalty (1000 × the largest matrix distance) for every
//! unserved visit, so visits are left out only when the search finds no feasible place for them;
//! they are listed in [`Plan::unassigned`] with a reason. Insertion feasibility is checked in
//! O(1) from per-route earliest and latest start times (see `feasibility`). Visits may have
//! several time windows; a stop starts at the earliest feasible point.
//!
//! Not yet implemented: the paper's fleet-minimisation phase (so the number of routes is only
//! minimised as a side effect of distance), and parallel runs: the solver is single-threaded
//! and ignores [`RunCtx::threads`].
//!
//! Determinism: one `ChaCha8Rng` seeded from [`RunCtx::seed`]; with an iteration limit and no
//! deadline the plan depends only on the instance, the parameters and the seed.

mod feasibility;
mod sisr;
mod solution;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::model::Instance;
use crate::plan::Plan;

use solution::{Data, Sol};

/// Cross-cutting run settings: seed, limits, cancellation.
#[derive(Clone, Debug, Default)]
pub struct RunCtx {
    /// Seed of the solver's random stream (ChaCha8).
    pub seed: u64,
    /// Stop at this instant (wall clock).
    pub deadline: Option<Instant>,
    /// Stop after this many iterations of the main loop.
    pub max_iterations: Option<u64>,
    /// Set to true from another thread to stop as soon as possible.
    pub cancel: Arc<AtomicBool>,
    /// Worker threads (1 = sequential). Same seed + same threads → same plan.
    /// The current solver is single-threaded and ignores it.
    pub threads: usize,
}

/// Solver tuning. The defaults are the paper's values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RouteParams {
    /// Mean number of visits removed per ruin (the paper's c̄ = 10). Larger values move further
    /// per iteration but make each iteration slower and less often accepted.
    pub mean_removed: f64,
    /// Longest string removed from one route (L_max = 10).
    pub max_string_len: usize,
    /// Probability of a split string (keeping a substring in the middle) instead of a plain
    /// string (0.5).
    pub split_rate: f64,
    /// Stop probability when growing the kept substring of a split string (β = 0.01): smaller
    /// values keep longer substrings.
    pub split_depth: f64,
    /// Probability of skipping an insertion position (γ = 0.01). Adds diversity at a small
    /// cost in insertion quality.
    pub blink_rate: f64,
    /// Start temperature, in distance units of the source (100), multiplied by
    /// `Units::distance_per_unit`. Higher accepts worse solutions more often early on.
    pub t_start: f64,
    /// Final temperature (1), same units.
    pub t_end: f64,
    /// Iterations when the run context sets neither an iteration limit nor a deadline.
    pub default_iterations: u64,
}

impl Default for RouteParams {
    fn default() -> Self {
        RouteParams {
            mean_removed: 10.0,
            max_string_len: 10,
            split_rate: 0.5,
            split_depth: 0.01,
            blink_rate: 0.01,
            t_start: 100.0,
            t_end: 1.0,
            default_iterations: 10_000,
        }
    }
}

/// What the solver returns.
#[derive(Clone, Debug)]
pub struct Solution {
    /// The plan (times in ticks).
    pub plan: Plan,
    /// Why it stopped: "time_limit", "iteration_limit", "cancelled", "no_visits".
    pub status: String,
    /// Main-loop iterations done.
    pub iterations: u64,
    /// Total distance of the plan, in the instance's distance units.
    pub distance: i64,
}

/// Solves `inst` with SISR (see the module documentation). Stops at `ctx.max_iterations`,
/// `ctx.deadline` or `ctx.cancel`, whichever comes first; with none of them set, after
/// [`RouteParams::default_iterations`].
pub fn solve(inst: &Instance, params: &RouteParams, ctx: &RunCtx) -> Solution {
    let data = Data::new(inst);
    let mut rng = ChaCha8Rng::seed_from_u64(ctx.seed);
    let mut cur = Sol::empty(&data);
    if inst.visits().is_empty() {
        return finish(&data, &cur, "no_visits", 0);
    }
    let todo = std::mem::take(&mut cur.unassigned);
    sisr::recreate(&mut cur, &data, params, todo, &mut rng);
    let mut cur_cost = cur.cost(&data);
    let mut best = cur.clone();
    let mut best_cost = cur_cost;

    let started = Instant::now();
    let max_iter = match (ctx.max_iterations, ctx.deadline) {
        (None, None) => Some(params.default_iterations),
        (m, _) => m,
    };
    let scale = inst.units().distance_per_unit as f64;
    let (t0, t1) = (params.t_start * scale, params.t_end * scale);
    let mut it: u64 = 0;
    let status = loop {
        if ctx.cancel.load(Ordering::Relaxed) {
            break "cancelled";
        }
        if max_iter.is_some_and(|m| it >= m) {
            break "iteration_limit";
        }
        let now = Instant::now();
        let mut progress: f64 = max_iter.map_or(0.0, |m| it as f64 / m.max(1) as f64);
        if let Some(d) = ctx.deadline {
            if now >= d {
                break "time_limit";
            }
            let total = d.duration_since(started).as_secs_f64();
            let done = now.duration_since(started).as_secs_f64();
            if total > 0.0 {
                progress = progress.max(done / total);
            }
        }
        let temp = t0 * (t1 / t0).powf(progress.clamp(0.0, 1.0));
        let mut cand = cur.clone();
        let removed = sisr::ruin(&mut cand, &data, params, &mut rng);
        sisr::recreate(&mut cand, &data, params, removed, &mut rng);
        let cand_cost = cand.cost(&data);
        let u: f64 = rng.random();
        let threshold = cur_cost as f64 - temp * u.max(f64::MIN_POSITIVE).ln();
        if (cand_cost as f64) < threshold {
            cur = cand;
            cur_cost = cand_cost;
            if cur_cost < best_cost {
                best = cur.clone();
                best_cost = cur_cost;
            }
        }
        it += 1;
    };
    finish(&data, &best, status, it)
}

fn finish(data: &Data, sol: &Sol, status: &str, iterations: u64) -> Solution {
    Solution {
        plan: sol.to_plan(data),
        status: status.into(),
        iterations,
        distance: sol.distance(),
    }
}
