//! The roster search: full MIP for a start roster and a bound, then large-neighbourhood search
//! with HiGHS sub-MIPs (see the module docs of [`crate::roster`]).

use std::time::{Duration, Instant};

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::model::roster::RosterInstance;

use super::cg;
use super::mip::{self, Rule, SolveLimits, Spec};
use super::{Grid, RosterParams, RosterRun, RosterSolution, RosterStatus, diagnose, objective};

/// Pricing rounds per step of a dive.
const DIVE_ROUNDS: u64 = 3;

/// Dives after the first pricing phase (time permitting).
const DIVES: usize = 4;

/// One neighbourhood step in this many is over personal rosters (when the pricing converged).
const COLUMN_STEP_ODDS: u32 = 6;

/// Pricing rounds of a step over personal rosters.
const COLUMN_STEP_ROUNDS: u64 = 10;

/// Time cap of a step over personal rosters, in sub-MIP time caps.
const COLUMN_STEP_CAPS: u32 = 8;

/// One step of the neighbourhood search.
#[derive(Clone, Copy, Debug)]
enum Step {
    /// Over personal rosters (`Pool::reoptimise`).
    Columns,
    /// A compact sub-MIP over the cells of `hood`; `optimal`: HiGHS solved it to optimality.
    Compact { hood: Hood, optimal: bool },
}

impl Step {
    /// The kind of step, for the trace.
    fn kind(self) -> String {
        match self {
            Step::Columns => "columns".into(),
            Step::Compact { hood, .. } => format!("{hood:?}"),
        }
    }
}

/// The kinds of neighbourhood, drawn uniformly.
#[derive(Clone, Copy, Debug)]
enum Hood {
    /// A few people, every day.
    Staff,
    /// Every person, a window of consecutive days.
    Days,
    /// More people in a window of days.
    Block,
    /// Relaxation-induced: cells where the incumbent disagrees with the LP optimum of the full
    /// model (and their neighbouring days).
    Rins,
    /// The people on over-covered shifts (wasted work) and people off on days with missing
    /// cover, over the whole horizon: the moves that turn surplus into cover.
    Guided,
}

/// A cover slot: (day, shift type).
type Slot = (usize, usize);

/// Cover slots `(day, shift)` with too many and too few people in `grid`.
fn cover_gaps(inst: &RosterInstance, grid: &Grid) -> (Vec<Slot>, Vec<Slot>) {
    let mut over = Vec::new();
    let mut under = Vec::new();
    for c in &inst.cover {
        let n = grid
            .iter()
            .filter(|row| row[c.day] == Some(c.shift))
            .count();
        let req = c.requirement as usize;
        if n > req && c.weight_over > 0 {
            over.push((c.day, c.shift));
        } else if n < req && c.weight_under > 0 {
            under.push((c.day, c.shift));
        }
    }
    (over, under)
}

/// Time left before `run`'s deadline (`None`: no deadline); zero once `run` is cancelled.
fn remaining(run: &RosterRun) -> Option<Duration> {
    if run.cancelled() {
        return Some(Duration::ZERO);
    }
    run.deadline
        .map(|d| d.saturating_duration_since(Instant::now()))
}

fn validate(params: &RosterParams) -> Result<()> {
    let share = |name: &str, v: f64| {
        if v.is_finite() && (0.0..=1.0).contains(&v) {
            Ok(())
        } else {
            Err(Error::Param {
                name: name.into(),
                msg: format!("{v} is not between 0 and 1"),
            })
        }
    };
    share("initial_share", params.initial_share)?;
    share("initial_free_share", params.initial_free_share)?;
    share("min_free_share", params.min_free_share)?;
    share("max_free_share", params.max_free_share)?;
    share("column_share", params.column_share)?;
    share("master_share", params.master_share)?;
    if params.min_free_share > params.max_free_share {
        return Err(Error::Param {
            name: "min_free_share".into(),
            msg: "larger than max_free_share".into(),
        });
    }
    if !(params.pricing_gap.is_finite() && params.pricing_gap >= 0.0) {
        return Err(Error::Param {
            name: "pricing_gap".into(),
            msg: format!("{} is not a non-negative number", params.pricing_gap),
        });
    }
    if params.sub_mips_per_step == 0 {
        return Err(Error::Param {
            name: "sub_mips_per_step".into(),
            msg: "must be at least 1".into(),
        });
    }
    for (name, v) in [
        ("initial_seconds", params.initial_seconds),
        ("sub_mip_seconds", params.sub_mip_seconds),
    ] {
        if !(v.is_finite() && v >= 0.0) {
            return Err(Error::Param {
                name: name.into(),
                msg: format!("{v} is not a non-negative number of seconds"),
            });
        }
    }
    Ok(())
}

/// `k` of the `n` people, a uniform sample in random order.
fn pick_staff(rng: &mut ChaCha8Rng, n: usize, k: usize) -> Vec<usize> {
    let mut all: Vec<usize> = (0..n).collect();
    // Partial Fisher–Yates: the first k entries are a uniform sample.
    for i in 0..k.min(n) {
        let j = rng.random_range(i..n);
        all.swap(i, j);
    }
    all.truncate(k.min(n));
    all
}

/// `k` people for a guided neighbourhood: someone on an over-covered shift (wasted work),
/// someone off on a day with missing cover (preferably with room for one more shift),
/// someone with room for one more shift, and random people.
fn guided(inst: &RosterInstance, grid: &Grid, rng: &mut ChaCha8Rng, k: usize) -> Vec<usize> {
    let n = inst.staff.len();
    let (over, under) = cover_gaps(inst, grid);
    let mut chosen: Vec<usize> = Vec::new();
    // One surplus slot: someone working it; one missing slot: someone off that day.
    if !over.is_empty() {
        let (d, s) = over[rng.random_range(0..over.len())];
        let on: Vec<usize> = (0..n).filter(|&e| grid[e][d] == Some(s)).collect();
        if !on.is_empty() {
            chosen.push(on[rng.random_range(0..on.len())]);
        }
    }
    // Someone with room for another shift (below the maximum minutes).
    let longest = inst.shifts.iter().map(|s| s.minutes).max().unwrap_or(0);
    let has_room = |e: usize| {
        let m: u32 = grid[e]
            .iter()
            .flatten()
            .map(|&s| inst.shifts[s].minutes)
            .sum();
        m + longest <= inst.staff[e].max_total_minutes
    };
    if !under.is_empty() {
        let (d, _) = under[rng.random_range(0..under.len())];
        let off: Vec<usize> = (0..n)
            .filter(|&e| grid[e][d].is_none() && !chosen.contains(&e))
            .collect();
        // Preferably someone who could work one more shift: the missing cover
        // then need not be taken from elsewhere.
        let spare: Vec<usize> = off.iter().copied().filter(|&e| has_room(e)).collect();
        let pool = if spare.is_empty() { &off } else { &spare };
        if !pool.is_empty() {
            chosen.push(pool[rng.random_range(0..pool.len())]);
        }
    }
    let room: Vec<usize> = (0..n)
        .filter(|&e| has_room(e) && !chosen.contains(&e))
        .collect();
    if !room.is_empty() {
        chosen.push(room[rng.random_range(0..room.len())]);
    }
    let k = k.min(n);
    for e in pick_staff(rng, n, n) {
        if chosen.len() >= k {
            break;
        }
        if !chosen.contains(&e) {
            chosen.push(e);
        }
    }
    chosen
}

/// Draws the free cells of one neighbourhood with about `target` free cells.
/// LP values `lp[e][d][s]` of the full model's relaxation.
type Lp = Vec<Vec<Vec<f64>>>;

fn draw(
    inst: &RosterInstance,
    grid: &Grid,
    lp: Option<&Lp>,
    rng: &mut ChaCha8Rng,
    target: usize,
) -> (Vec<Vec<bool>>, Hood) {
    let (n, h) = (inst.staff.len(), inst.horizon);
    let mut free = vec![vec![false; h]; n];
    let kinds = if lp.is_some() { 5 } else { 4 };
    let mut hood = match rng.random_range(0..kinds) {
        0 => Hood::Staff,
        1 => Hood::Days,
        2 => Hood::Block,
        3 => Hood::Guided,
        _ => Hood::Rins,
    };
    let mut disagree: Vec<(usize, usize)> = Vec::new();
    if let (Hood::Rins, Some(lp)) = (hood, lp) {
        for (e, row) in grid.iter().enumerate() {
            for (d, x) in row.iter().enumerate() {
                let differs = lp[e][d]
                    .iter()
                    .enumerate()
                    .any(|(s, v)| (v - if *x == Some(s) { 1.0 } else { 0.0 }).abs() > 0.3);
                if differs {
                    disagree.push((e, d));
                }
            }
        }
        if disagree.is_empty() {
            hood = Hood::Staff;
        }
    }
    match hood {
        Hood::Staff => {
            let k = target.div_ceil(h).clamp(1, n);
            for e in pick_staff(rng, n, k) {
                free[e].iter_mut().for_each(|c| *c = true);
            }
        }
        Hood::Days => {
            let len = target.div_ceil(n).clamp(1, h);
            // Half the time around a missing cover (the costly gaps a plateau holds on to).
            let (_, under) = cover_gaps(inst, grid);
            let start = if !under.is_empty() && rng.random_bool(0.5) {
                let (d, _) = under[rng.random_range(0..under.len())];
                d.saturating_sub(len / 2).min(h - len)
            } else {
                rng.random_range(0..=h - len)
            };
            for row in free.iter_mut() {
                row[start..start + len].iter_mut().for_each(|c| *c = true);
            }
        }
        Hood::Rins => {
            // A random share of the disagreeing cells, each with its neighbouring days.
            let take = target.div_ceil(3).max(1).min(disagree.len());
            for i in 0..take {
                let j = rng.random_range(i..disagree.len());
                disagree.swap(i, j);
                let (e, d) = disagree[i];
                let days = d.saturating_sub(1)..(d + 2).min(h);
                free[e][days].iter_mut().for_each(|c| *c = true);
            }
        }
        Hood::Guided => {
            let k = target.div_ceil(h).clamp(1, n);
            for e in guided(inst, grid, rng, k + 1) {
                free[e].iter_mut().for_each(|c| *c = true);
            }
        }
        Hood::Block => {
            // Twice the people of a staff neighbourhood on about half the days.
            let k = (2 * target.div_ceil(h)).clamp(1, n);
            let len = target.div_ceil(k).clamp(1, h);
            let start = rng.random_range(0..=h - len);
            for e in pick_staff(rng, n, k) {
                free[e][start..start + len]
                    .iter_mut()
                    .for_each(|c| *c = true);
            }
        }
    }
    (free, hood)
}

/// The integer bound implied by a Lagrangian bound (weak duality with HiGHS's pricing
/// bounds): rounded up, with a small margin for HiGHS's tolerances.
pub(crate) fn lagrange_bound(b: f64) -> i64 {
    (b - 1e-3).ceil() as i64
}

/// Rosters `inst`: per-person feasibility check, full MIP, then LNS until `run`'s limits.
///
/// # Errors
/// [`Error::Infeasible`] naming the rules that bind when no roster exists;
/// [`Error::Param`] for parameters out of range; [`Error::NoSolution`] when no roster was found
/// within the limits; [`Error::Internal`] on HiGHS failures.
pub fn solve(
    inst: &RosterInstance,
    params: &RosterParams,
    run: &RosterRun,
) -> Result<RosterSolution> {
    solve_from(inst, params, run, None)
}

/// As [`solve`], with a roster that meets every hard rule (e.g. from sizing's column
/// generation) as a further candidate start: the search starts from the better of it and
/// the full MIP's roster.
///
/// # Errors
/// As [`solve`].
pub fn solve_from(
    inst: &RosterInstance,
    params: &RosterParams,
    run: &RosterRun,
    start: Option<Grid>,
) -> Result<RosterSolution> {
    validate(params)?;
    if run.deadline.is_none() && run.max_iterations.is_none() {
        return Err(Error::Param {
            name: "time limit".into(),
            msg: "a roster run needs a wall-clock or an iteration limit".into(),
        });
    }
    let t0 = Instant::now();
    let seed32 = (run.seed ^ (run.seed >> 32)) as u32;
    let own_rows = diagnose::check_feasible_by(inst, seed32, run.deadline)?;

    let (n, h) = (inst.staff.len(), inst.horizon);
    let all_free = vec![vec![true; h]; n];
    let empty: Grid = vec![vec![None; h]; n];
    // Every person's own roster together is a roster, as no hard rule couples people (cover
    // and skills are soft, in the Curtois and the rota model alike): the search falls back on
    // it when the full MIP finds none. (It is not
    // offered to the full MIP as a start: HiGHS then found worse rosters in the same time.)
    let columns = cg::applies(inst);

    // Phase 1: the full model.
    let init_time = match remaining(run) {
        Some(left) => left.mul_f64(params.initial_share),
        None => crate::limits::duration(params.initial_seconds),
    };
    let spec = Spec {
        free: &all_free,
        base: &empty,
        rules: &Rule::ALL,
        objective: true,
        warm_start: false,
        relax: false,
        prices: None,
    };
    let full = mip::solve(
        inst,
        &spec,
        SolveLimits {
            seed: seed32,
            time: init_time,
            nodes: params.initial_nodes,
            abs_gap: mip::INTEGRAL_GAP,
        },
    )?;
    let initial_seconds = t0.elapsed().as_secs_f64();
    if full.infeasible {
        // The per-person check passed, so this cannot happen for the Curtois model.
        return Err(Error::Internal(
            "HiGHS reports the full roster model infeasible although every person has a roster"
                .into(),
        ));
    }
    let bound = full.bound.map(|b| (b - 1e-6).ceil() as i64);
    let mut grid = match full.grid {
        Some(g) => g,
        // (With no time left at all the run reports that it found none, as before.)
        // (Cancelled: the quickest valid roster.)
        None if run.cancelled() || remaining(run).is_none_or(|l| !l.is_zero()) => own_rows,
        None => {
            // No roster yet: give the full model the rest of the time.
            let again = mip::solve(
                inst,
                &spec,
                SolveLimits {
                    seed: seed32,
                    time: remaining(run).unwrap_or(crate::limits::duration(params.initial_seconds)),
                    nodes: None,
                    abs_gap: mip::INTEGRAL_GAP,
                },
            )?;
            again.grid.ok_or_else(|| Error::NoSolution {
                what: format!("roster {}", inst.name),
                msg: format!("{:.1} s; give more time", t0.elapsed().as_secs_f64()),
            })?
        }
    };
    let mut best = objective(inst, &grid);
    if let Some(s) = start.filter(|s| s.len() == n && s.iter().all(|r| r.len() == h)) {
        let obj = objective(inst, &s);
        if obj < best {
            best = obj;
            grid = s;
        }
    }
    let initial_objective = best;
    super::trace!(
        "full mip {best} bound {bound:?} t {:.1}",
        t0.elapsed().as_secs_f64()
    );
    let time_share = |share: f64| match remaining(run) {
        Some(left) => left.mul_f64(share),
        None => crate::limits::duration(params.initial_seconds),
    };
    let master_limits = |seed: u32, time: Duration| SolveLimits {
        seed,
        time,
        nodes: params.master_nodes,
        abs_gap: mip::INTEGRAL_GAP,
    };
    let mut master_improvements = 0u64;
    // Column generation: a stronger bound, the master LP for relaxation-induced
    // neighbourhoods, and the master MIP over personal rosters.
    let mut pool = (params.columns && columns && !full.optimal).then(|| {
        let mut pool = cg::Pool::new(inst);
        pool.pricing_gap = params.pricing_gap;
        pool.cancel = Some(run.cancel.clone());
        pool.add_grid(inst, &grid);
        pool
    });
    let mut lp: Option<Lp> = None;
    // Whether the pricing converged in its time: then neighbourhood steps over columns pay.
    let mut column_steps = false;
    if let Some(pool) = pool.as_mut() {
        let cg_end = crate::limits::after(Instant::now(), time_share(params.column_share));
        let affordable = pool.generate(
            inst,
            seed32,
            params.column_rounds,
            // The pace rule reads the clock: only for runs that stop on one.
            if run.deadline.is_some() {
                params.column_min_rounds
            } else {
                0
            },
            cg_end,
        )?;
        lp = pool.lp_cells(inst);
        column_steps = affordable && pool.converged;
        // Diving on the master LP, re-pricing at every step: a roster near the LP optimum,
        // and columns the integer optimum may need.
        // The first dive follows the LP, the others pick at random among the heaviest
        // columns; the master MIP below recombines all their columns.
        let dive_end = crate::limits::after(Instant::now(), time_share(params.column_share / 2.0));
        let mut dive_rng = ChaCha8Rng::seed_from_u64(run.seed ^ 0xd17e);
        // (The pace rule reads the clock: only for runs that stop on one.)
        let fits =
            |pool: &cg::Pool, end: Instant| run.deadline.is_none() || pool.dive_fits(inst, end);
        let dives = if params.dive && affordable && fits(pool, dive_end) {
            DIVES
        } else {
            0
        };
        let column_bound = pool.bound.map(lagrange_bound);
        for k in 0..dives {
            // (No more dives once the incumbent meets the bound: it is optimal.)
            if Instant::now() >= dive_end || column_bound.is_some_and(|b| best <= b) {
                break;
            }
            let Some(g) = pool.dive(
                inst,
                seed32,
                DIVE_ROUNDS,
                dive_end,
                (k > 0).then_some(&mut dive_rng),
            )?
            else {
                break;
            };
            let obj = objective(inst, &g);
            super::trace!("dive {obj} t {:.1}", t0.elapsed().as_secs_f64());
            if obj < best {
                master_improvements += 1;
                best = obj;
                grid = g;
                pool.add_grid(inst, &grid);
            }
        }
        if !affordable {
            // Too slow to converge here: the columns come one round at a time when the
            // search stalls.
        } else if column_bound.is_some_and(|b| best <= b) {
            // Optimal already.
        } else if let Some((g, _)) = pool.best_roster(
            inst,
            &grid,
            master_limits(seed32, time_share(params.master_share)),
        )? {
            let obj = objective(inst, &g);
            super::trace!("master mip {obj} t {:.1}", t0.elapsed().as_secs_f64());
            if obj <= best {
                if obj < best {
                    master_improvements += 1;
                }
                best = obj;
                grid = g;
            }
        }
    }
    let mut bound = match (
        bound,
        pool.as_ref().and_then(|p| p.bound).map(lagrange_bound),
    ) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    // The LP relaxation of the full model, for relaxation-induced neighbourhoods.
    if lp.is_none() && params.rins {
        let relaxed = Spec {
            free: &all_free,
            base: &empty,
            rules: &Rule::ALL,
            objective: true,
            warm_start: false,
            relax: true,
            prices: None,
        };
        let cap = remaining(run).map_or(Duration::from_secs(30), |l| l.mul_f64(0.05));
        lp = mip::solve(
            inst,
            &relaxed,
            SolveLimits {
                seed: seed32,
                time: cap,
                nodes: None,
                abs_gap: mip::INTEGRAL_GAP,
            },
        )?
        .lp;
    }
    if !params.rins {
        lp = None;
    }
    let proven = |obj: i64, bound: Option<i64>| full.optimal || bound.is_some_and(|b| obj <= b);

    let mut rng = ChaCha8Rng::seed_from_u64(run.seed);
    let cells = (n * h).max(1);
    let share_cells = |s: f64| ((s * cells as f64).round() as usize).max(1);
    let (min_free, max_free) = (
        share_cells(params.min_free_share),
        share_cells(params.max_free_share),
    );
    let mut target = share_cells(params.initial_free_share).clamp(min_free, max_free);
    let mut iterations = 0u64;
    let mut improvements = 0u64;
    let mut stall = 0u64;
    let mut stopped_by_time = false;
    while !proven(best, bound) {
        if run.cancelled() {
            break;
        }
        if run.max_iterations.is_some_and(|m| iterations >= m) {
            break;
        }
        let left = remaining(run);
        if left.is_some_and(|l| l < Duration::from_millis(50)) {
            stopped_by_time = true;
            break;
        }
        // The search is stuck: more columns (priced against the pool, which holds every
        // incumbent), then the master MIP from the incumbent.
        if let Some(pool) = pool.as_mut()
            && params.master_stall > 0
            && stall >= params.master_stall
        {
            stall = 0;
            let cg_end =
                crate::limits::after(Instant::now(), time_share(params.column_share / 4.0));
            pool.generate(
                inst,
                seed32 ^ iterations as u32,
                params.column_rounds,
                0,
                cg_end,
            )?;
            if let Some(x) = pool.lp_cells(inst).filter(|_| params.rins) {
                lp = Some(x);
            }
            let dive_end =
                crate::limits::after(Instant::now(), time_share(params.column_share / 4.0));
            if params.dive
                && (run.deadline.is_none() || pool.dive_fits(inst, dive_end))
                && let Some(g) = pool.dive(
                    inst,
                    seed32 ^ iterations as u32,
                    DIVE_ROUNDS,
                    dive_end,
                    Some(&mut rng),
                )?
            {
                let obj = objective(inst, &g);
                super::trace!("stall dive {obj} t {:.1}", t0.elapsed().as_secs_f64());
                if obj < best {
                    improvements += 1;
                    master_improvements += 1;
                    best = obj;
                    grid = g;
                }
            }
            let time = time_share((2.0 * params.master_share).min(1.0));
            if let Some((g, optimal)) =
                pool.best_roster(inst, &grid, master_limits(rng.random(), time))?
            {
                let obj = objective(inst, &g);
                super::trace!(
                    "stall master mip {obj} (optimal over {} columns: {optimal}) t {:.1}",
                    pool.len(),
                    t0.elapsed().as_secs_f64()
                );
                if obj <= best {
                    if obj < best {
                        improvements += 1;
                        master_improvements += 1;
                    }
                    best = obj;
                    grid = g;
                }
            }
            if let Some(b) = pool.bound.map(lagrange_bound) {
                bound = Some(bound.map_or(b, |old| old.max(b)));
            }
            continue;
        }
        let cap = crate::limits::duration(params.sub_mip_seconds);
        // Now and then a step over personal rosters (see `Pool::reoptimise`) for twice the
        // people of a guided neighbourhood; else compact sub-MIPs. `others`: the sub-MIPs of
        // the step whose result was not picked (they adapt the neighbourhood size all the
        // same).
        let (candidate, step, others) = if let Some(pool) = pool.as_mut().filter(|_| column_steps)
            && rng.random_range(0..COLUMN_STEP_ODDS) == 0
        {
            let k = (2 * target.div_ceil(h) + 1).clamp(1, n);
            let mut free_people = vec![false; n];
            for e in guided(inst, &grid, &mut rng, k) {
                free_people[e] = true;
            }
            let time = cap * COLUMN_STEP_CAPS;
            let time = left.map_or(time, |l| l.min(time));
            let seed: u32 = rng.random();
            let t1 = Instant::now();
            let out = pool.reoptimise(
                inst,
                &free_people,
                &grid,
                COLUMN_STEP_ROUNDS,
                t1 + time,
                master_limits(seed, time),
            )?;
            super::trace!(
                "column step {k} people: {:?} in {:.1} s (best {best}) t {:.1}",
                out.as_ref().map(|g| objective(inst, g)),
                t1.elapsed().as_secs_f64(),
                t0.elapsed().as_secs_f64()
            );
            (out, Step::Columns, Vec::new())
        } else {
            // `sub_mips_per_step` neighbourhoods, drawn in turn, solved side by side; the
            // first of the best results is the step's (ties in draw order: deterministic
            // whatever the number of cores).
            let width = run.max_iterations.map_or(params.sub_mips_per_step, |m| {
                params
                    .sub_mips_per_step
                    .min(m.saturating_sub(iterations).max(1) as usize)
            });
            let draws: Vec<(Vec<Vec<bool>>, Hood, u32)> = (0..width)
                .map(|_| {
                    let (free, hood) = draw(inst, &grid, lp.as_ref(), &mut rng, target);
                    (free, hood, rng.random())
                })
                .collect();
            let limits = |seed: u32| SolveLimits {
                seed,
                time: left.map_or(cap, |l| l.min(cap)),
                nodes: Some(params.sub_mip_nodes),
                abs_gap: mip::INTEGRAL_GAP,
            };
            let outs: Vec<Result<mip::MipOutcome>> = draws
                .par_iter()
                .map(|(free, _, seed)| {
                    let spec = Spec {
                        free,
                        base: &grid,
                        rules: &Rule::ALL,
                        objective: true,
                        warm_start: true,
                        relax: false,
                        prices: None,
                    };
                    mip::solve(inst, &spec, limits(*seed))
                })
                .collect();
            let mut steps = Vec::with_capacity(outs.len());
            for (out, (_, hood, _)) in outs.into_iter().zip(&draws) {
                let out = out?;
                let obj = out.grid.as_ref().map(|g| objective(inst, g));
                steps.push((
                    obj,
                    out.grid,
                    Step::Compact {
                        hood: *hood,
                        optimal: out.optimal,
                    },
                ));
            }
            // The first best result (ties: in draw order) is the step's.
            let pick = (0..steps.len())
                .min_by_key(|&i| (steps[i].0.unwrap_or(i64::MAX), i))
                .unwrap_or(0);
            let (_, g, step) = steps.remove(pick);
            (g, step, steps.into_iter().map(|(_, _, s)| s).collect())
        };
        // Every sub-MIP counts as an iteration.
        let done = 1 + others.len() as u64;
        iterations += done;
        stall += done;
        let mut improved = false;
        if let Some(g) = candidate {
            let obj = objective(inst, &g);
            if obj <= best {
                improved = obj < best;
                best = obj;
                grid = g;
                if let Some(pool) = pool.as_mut() {
                    pool.add_grid(inst, &grid);
                }
            }
        }
        if improved {
            super::trace!(
                "lns {iterations} {best} {} t {:.1}",
                step.kind(),
                t0.elapsed().as_secs_f64()
            );
            improvements += 1;
            stall = 0;
            if let Step::Columns = step {
                master_improvements += 1;
            }
        } else {
            // No gain: a sub-MIP solved to optimality widens the neighbourhoods, one that hit
            // its limits narrows them.
            for step in others.into_iter().chain([step]) {
                if let Step::Compact { optimal, .. } = step {
                    target = if optimal {
                        // Solved to optimality without gain: look wider.
                        (target + target / 4 + 1).min(max_free)
                    } else {
                        // Too hard for the node limit: look narrower.
                        (target - target / 5).max(min_free)
                    };
                }
            }
        }
    }
    let status = if proven(best, bound) {
        RosterStatus::Optimal
    } else if run.cancelled() {
        RosterStatus::Cancelled
    } else if stopped_by_time || run.deadline.is_some_and(|d| Instant::now() >= d) {
        RosterStatus::TimeLimit
    } else {
        RosterStatus::IterationLimit
    };
    Ok(RosterSolution {
        grid,
        objective: best,
        status,
        bound,
        iterations,
        improvements,
        initial_objective,
        initial_seconds,
        column_rounds: pool.as_ref().map_or(0, |p| p.rounds),
        columns: pool.as_ref().map_or(0, cg::Pool::len),
        column_bound: pool.as_ref().and_then(|p| p.bound),
        master_improvements,
    })
}
