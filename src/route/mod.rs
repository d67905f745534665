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
//! The objective is total distance plus a penalty for every unserved visit (the largest matrix
//! distance × the larger of 1000 and visits plus carers plus one: more than any plan's total
//! distance), so visits are left out only when the search finds no feasible place for them;
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
mod local_search;
mod sisr;
mod solution;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::Error;
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
    /// Nearest visits considered as move partners by the local search (20). More finds more
    /// improving moves per pass but makes every pass slower.
    pub ls_neighbours: usize,
    /// Run the local search on the first solution and on every new best solution (true).
    pub local_search: bool,
    /// Sweeps over all visits per local-search call; 0 (the default) runs until no improving
    /// move is left. A small number bounds the time of one call at some loss of quality.
    pub ls_max_passes: usize,
    /// Probability that a recreate step opens a new route with the first removed visit that
    /// fits one (0.1). Greedy insertion alone rarely opens routes, even where more, shorter
    /// routes would be shorter in total (wide time windows); higher values explore more routes.
    /// 0.1 was best of 0 / 0.1 / 0.2 / 0.3 on Solomon and Gehring–Homberger samples.
    pub open_route_rate: f64,
    /// Minimise the number of routes first (false): a share of the run (`fleet_share`) looks
    /// for a plan serving every visit with fewer carers; the rest minimises distance without
    /// using more routes than found. Fewer carers out on the road, usually a longer distance.
    pub minimise_routes: bool,
    /// Share of the iteration limit or of the time limit spent on route minimisation (0.3).
    pub fleet_share: f64,
    /// Iterations each chain runs between meetings when `threads > 1` (500). Shorter shares
    /// good solutions sooner but makes the chains more alike and adds waiting.
    pub sync_interval: u64,
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
            ls_neighbours: 20,
            local_search: true,
            ls_max_passes: 0,
            open_route_rate: 0.1,
            minimise_routes: false,
            fleet_share: 0.3,
            sync_interval: 500,
        }
    }
}

/// What the solver returns.
#[derive(Clone, Debug)]
pub struct Solution {
    /// The plan (times in ticks).
    pub plan: Plan,
    /// Why it stopped: "time_limit", "iteration_limit", "cancelled", "no_visits", "no_carers".
    pub status: String,
    /// Main-loop iterations done.
    pub iterations: u64,
    /// Total distance of the plan, in the instance's distance units.
    pub distance: i64,
}

/// Solves `inst` with SISR (see the module documentation). Stops at `ctx.max_iterations`,
/// `ctx.deadline` or `ctx.cancel`, whichever comes first; with none of them set, after
/// [`RouteParams::default_iterations`].
///
/// With `ctx.threads = T > 1`, T search chains run in parallel, each with its own random
/// stream (stream `i` of the ChaCha8 generator seeded with `ctx.seed`), and the iteration
/// limit is shared between them. Every [`RouteParams::sync_interval`] iterations the chains
/// meet and each continues from the best current solution among them (ties → lowest chain).
/// The meeting points depend on iteration counts only, so under an iteration limit the plan
/// depends on the instance, the parameters, the seed and T, never on thread scheduling.
pub fn solve(inst: &Instance, params: &RouteParams, ctx: &RunCtx) -> Solution {
    let data = Data::new(inst);
    let mut rng = ChaCha8Rng::seed_from_u64(ctx.seed);
    let mut init = Sol::empty(&data);
    if inst.visits().is_empty() {
        return finish(&data, &init, "no_visits", 0);
    }
    if inst.carers().is_empty() {
        return finish(&data, &init, "no_carers", 0);
    }
    let todo = std::mem::take(&mut init.unassigned);
    sisr::recreate(&mut init, &data, params, todo, &mut rng);
    if params.local_search {
        local_search::improve(&mut init, &data, params);
    }
    let threads = ctx.threads.max(1);
    let mut max_iter = match (ctx.max_iterations, ctx.deadline) {
        (None, None) => Some(params.default_iterations),
        (m, _) => m,
    };
    let mut fleet_iterations = 0;
    if params.minimise_routes {
        let share = params.fleet_share.clamp(0.0, 1.0);
        let budget = max_iter.map(|m| (m as f64 * share) as u64);
        let now = Instant::now();
        let until = ctx
            .deadline
            .map(|d| now + d.saturating_duration_since(now).mul_f64(share));
        let mut fleet_rng = ChaCha8Rng::seed_from_u64(ctx.seed);
        fleet_rng.set_stream(u64::MAX);
        let (fewer, done) = sisr::minimise_routes(&init, &data, params, &mut fleet_rng, |it| {
            !ctx.cancel.load(Ordering::Relaxed)
                && budget.is_none_or(|b| it < b)
                && until.is_none_or(|u| Instant::now() < u)
        });
        init = fewer;
        fleet_iterations = done;
        max_iter = max_iter.map(|m| m.saturating_sub(done));
        if params.local_search {
            local_search::improve(&mut init, &data, params);
        }
    }
    let init_cost = init.cost(&data);

    let mut chains: Vec<Chain> = (0..threads)
        .map(|i| {
            let rng = if i == 0 {
                rng.clone()
            } else {
                let mut r = ChaCha8Rng::seed_from_u64(ctx.seed);
                r.set_stream(i as u64);
                r
            };
            let quota =
                max_iter.map(|m| m / threads as u64 + u64::from((i as u64) < m % threads as u64));
            Chain {
                rng,
                cur: init.clone(),
                cand: init.clone(),
                touched: Vec::new(),
                cur_cost: init_cost,
                best: init.clone(),
                best_cost: init_cost,
                it: 0,
                quota,
                stopped: None,
            }
        })
        .collect();
    let schedule = Schedule {
        started: Instant::now(),
        deadline: ctx.deadline,
        cancel: &ctx.cancel,
        t0: params.t_start * inst.units().distance_per_unit as f64,
        t1: params.t_end * inst.units().distance_per_unit as f64,
    };
    let pool = if threads > 1 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .ok()
    } else {
        None
    };
    let epoch = params.sync_interval.max(1);
    loop {
        match &pool {
            Some(pool) => pool.install(|| {
                chains
                    .par_iter_mut()
                    .for_each(|c| c.run(&data, params, &schedule, epoch))
            }),
            None => chains
                .iter_mut()
                .for_each(|c| c.run(&data, params, &schedule, epoch)),
        }
        if chains.iter().all(|c| c.stopped.is_some()) {
            break;
        }
        if chains.len() > 1 {
            let lead = (0..chains.len())
                .min_by_key(|&i| (chains[i].cur_cost, i))
                .unwrap_or(0);
            let (cur, cost) = (chains[lead].cur.clone(), chains[lead].cur_cost);
            for c in chains.iter_mut() {
                if c.cur_cost > cost {
                    c.cur.clone_from(&cur);
                    c.cur_cost = cost;
                }
            }
        }
    }
    let winner = (0..chains.len())
        .min_by_key(|&i| (chains[i].best_cost, i))
        .unwrap_or(0);
    let iterations = fleet_iterations + chains.iter().map(|c| c.it).sum::<u64>();
    let status = chains
        .iter()
        .filter_map(|c| c.stopped)
        .min_by_key(|s| match *s {
            "cancelled" => 0,
            "time_limit" => 1,
            _ => 2,
        })
        .unwrap_or("iteration_limit");
    finish(&data, &chains[winner].best, status, iterations)
}

/// Shared stopping and temperature rules of the chains.
struct Schedule<'a> {
    started: Instant,
    deadline: Option<Instant>,
    cancel: &'a AtomicBool,
    t0: f64,
    t1: f64,
}

/// One search chain: its random stream, current and best solutions, and iteration quota.
struct Chain {
    rng: ChaCha8Rng,
    cur: Sol,
    /// Scratch copy of `cur` that each iteration ruins and recreates (allocations reused).
    cand: Sol,
    /// Routes the last ruin and recreate changed (local search starts from their visits).
    touched: Vec<bool>,
    cur_cost: i64,
    best: Sol,
    best_cost: i64,
    it: u64,
    quota: Option<u64>,
    stopped: Option<&'static str>,
}

impl Chain {
    /// Runs up to `epoch` iterations, or until a stopping rule fires (recorded in `stopped`).
    fn run(&mut self, data: &Data, params: &RouteParams, s: &Schedule, epoch: u64) {
        if self.stopped.is_some() {
            return;
        }
        for _ in 0..epoch {
            if s.cancel.load(Ordering::Relaxed) {
                self.stopped = Some("cancelled");
                return;
            }
            if self.quota.is_some_and(|m| self.it >= m) {
                self.stopped = Some("iteration_limit");
                return;
            }
            let mut progress: f64 = self.quota.map_or(0.0, |m| self.it as f64 / m.max(1) as f64);
            if let Some(d) = s.deadline {
                let now = Instant::now();
                if now >= d {
                    self.stopped = Some("time_limit");
                    return;
                }
                let total = d.duration_since(s.started).as_secs_f64();
                let done = now.duration_since(s.started).as_secs_f64();
                if total > 0.0 {
                    progress = progress.max(done / total);
                }
            }
            let temp = s.t0 * (s.t1 / s.t0).powf(progress.clamp(0.0, 1.0));
            self.cand.clone_from(&self.cur);
            let cand = &mut self.cand;
            let removed = sisr::ruin(cand, data, params, &mut self.rng);
            sisr::recreate(cand, data, params, removed, &mut self.rng);
            let mut cand_cost = cand.cost(data);
            if params.local_search && cand_cost < self.best_cost {
                self.touched.clear();
                self.touched.extend(
                    cand.routes
                        .iter()
                        .zip(&self.cur.routes)
                        .map(|(a, b)| a.visits != b.visits),
                );
                local_search::improve_touched(cand, data, params, &mut self.touched);
                cand_cost = cand.cost(data);
            }
            let u: f64 = self.rng.random();
            let threshold = self.cur_cost as f64 - temp * u.max(f64::MIN_POSITIVE).ln();
            if (cand_cost as f64) < threshold {
                std::mem::swap(&mut self.cur, &mut self.cand);
                self.cur_cost = cand_cost;
                if self.cur_cost < self.best_cost {
                    self.best.clone_from(&self.cur);
                    self.best_cost = self.cur_cost;
                }
            }
            self.it += 1;
        }
    }
}

/// Improves a feasible plan with the local search alone (relocate, swap, 2-opt*, or-opt; see
/// `local_search`) until no improving move is left, and returns it with its stops rescheduled
/// at their earliest starts. Visits the plan leaves unassigned stay unassigned unless they fit
/// somewhere afterwards (serving a visit comes before distance: then the plan may get longer);
/// a result that serves the same visits is never longer than the start.
///
/// # Errors
/// [`Error::StartPlan`] if the plan names an unknown carer or visit, uses a carer or a visit
/// twice, routes a linked visit, or has a route that breaks a time window, the shift, the
/// capacity or a skill.
pub fn improve(inst: &Instance, plan: &Plan, params: &RouteParams) -> Result<Solution, Error> {
    let data = Data::new(inst);
    let mut sol = Sol::empty(&data);
    for route in &plan.routes {
        let carer = inst
            .carer_by_id(&route.carer)
            .ok_or_else(|| Error::StartPlan(format!("unknown carer \"{}\"", route.carer)))?;
        let r = carer.0 as usize;
        if !sol.routes[r].visits.is_empty() {
            return Err(Error::StartPlan(format!(
                "carer \"{}\" has two routes",
                route.carer
            )));
        }
        let mut visits = Vec::with_capacity(route.stops.len());
        for stop in &route.stops {
            let v = inst
                .visit_by_id(&stop.visit)
                .ok_or_else(|| Error::StartPlan(format!("unknown visit \"{}\"", stop.visit)))?;
            if sol.route_of[v.0 as usize].is_some() {
                return Err(Error::StartPlan(format!(
                    "visit \"{}\" is served twice",
                    stop.visit
                )));
            }
            if data.excluded[v.0 as usize] {
                return Err(Error::StartPlan(format!(
                    "visit \"{}\" is linked to another visit; the local search does not move \
                     linked visits yet",
                    stop.visit
                )));
            }
            if !inst.carers()[r].skills.covers(inst.visit(v).skills) {
                return Err(Error::StartPlan(format!(
                    "carer \"{}\" lacks a skill of visit \"{}\"",
                    route.carer, stop.visit
                )));
            }
            sol.route_of[v.0 as usize] = Some(carer.0);
            visits.push(v.0);
        }
        let rt = &mut sol.routes[r];
        rt.visits = visits;
        rt.update(&data);
        if !rt.feasible(&data) {
            return Err(Error::StartPlan(format!(
                "the route of carer \"{}\" breaks a time window, its shift or its capacity",
                route.carer
            )));
        }
    }
    sol.unassigned = (0..inst.visits().len() as u32)
        .filter(|&v| sol.route_of[v as usize].is_none())
        .collect();
    local_search::improve(&mut sol, &data, params);
    Ok(finish(&data, &sol, "local_optimum", 0))
}

fn finish(data: &Data, sol: &Sol, status: &str, iterations: u64) -> Solution {
    // A blink or an early stop can leave a visit out that still fits: serve it.
    let mut sol = sol.clone();
    if !sol.unassigned.is_empty() {
        sisr::fill(&mut sol, data);
    }
    Solution {
        plan: sol.to_plan(data),
        status: status.into(),
        iterations,
        distance: sol.distance(),
    }
}
