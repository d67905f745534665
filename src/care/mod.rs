//! The home-care planner: the routing core extended with the rules of Norwegian home care.
//!
//! [`solve`] plans one day for one team. Rules (each a field of [`crate::model`], each judged
//! again by the independent checker [`crate::plan::check`]):
//!
//! - qualifications: skills (all-of) and competence level (`Carer::level` ≥
//!   `Visit::min_level`: sykepleier 3 ≥ helsefagarbeider 2 ≥ assistent 1); forbidden carers;
//! - two-carer visits and ordered pairs (`Link`): two different carers, second start
//!   `min_gap..=max_gap` after the first (0/0 = together);
//! - shift start/end, priced overtime up to `Carer::overtime`, longest working time;
//! - a paid break inside its window when the shift is longer than `BreakRule::after_work`
//!   (arbeidsmiljøloven § 10-9), taken where the carer is;
//! - soft window ends with priced lateness (`Visit::late_allowed`), hard by default;
//! - priorities: mandatory visits, and optional ones that may be dropped at `drop_cost`;
//! - continuity: preferred carers (priced), at most `Continuity::max_carers` distinct carers
//!   per client over the horizon, counting earlier days (priced);
//! - elastic durations: the plan sets each visit's duration inside its band;
//! - per-carer travel profile (matrix) and per-stop overhead.
//!
//! # Objective (lexicographic through weights)
//!
//! 1. every mandatory visit planned: each one left out costs more than any plan's other costs
//!    together (`Model::big`);
//! 2. most face-to-face minutes: optional visits are planned whenever that costs less than
//!    their drop cost, and after the search every visit is stretched inside its elastic band
//!    into waiting time that would otherwise be lost (no start of a linked visit moves, no
//!    lateness grows, no return is later — see [`finalize`]);
//! 3. least travel (the instance's distance weight), lateness and overtime as priced;
//! 4. continuity (preferred carers, distinct carers per client) as priced.
//!
//! # Search
//!
//! Ruin and recreate (Schrimpf et al. 2000; Christiaens & Vanden Berghe 2020) under simulated
//! annealing: remove strings of neighbouring visits, visits close in time, the latest visits
//! or random ones (linked partners usually go along), and reinsert them greedily at the
//! cheapest feasible place. Every insertion is priced exactly: the schedule is the least
//! fixpoint of the route and link constraints, propagated incrementally from the insertion
//! point (see `state`). Determinism as in [`crate::route`]: ChaCha8 from the seed; same seed,
//! threads and iteration limit → same plan.

mod search;
mod state;
mod stretch;

use std::sync::atomic::Ordering;
use std::time::Instant;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::{CarerIdx, Instance, VisitIdx};
use crate::plan::{self, Plan, Stop, Unassigned};
use crate::route::{RunCtx, Solution};

use state::{Fail, Model, NONE, Scratch, State, UNSET};

/// Tuning of the care planner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CareParams {
    /// Mean number of visits removed per ruin (10), at most a third of the routed visits.
    pub mean_removed: f64,
    /// Longest string removed from one route (6).
    pub max_string_len: usize,
    /// Probability that a removed linked visit takes its partner along (0.7).
    pub pair_removal: f64,
    /// Probability of skipping an insertion position (0.01).
    pub blink_rate: f64,
    /// Start temperature as a share of the first plan's average cost per visit (2.0).
    pub t_start: f64,
    /// Final temperature, same scale (0.01).
    pub t_end: f64,
    /// Iterations when neither an iteration limit nor a deadline is set (5000).
    pub default_iterations: u64,
    /// Iterations between meetings of parallel chains (200).
    pub sync_interval: u64,
}

impl Default for CareParams {
    fn default() -> Self {
        CareParams {
            mean_removed: 10.0,
            max_string_len: 6,
            pair_removal: 0.7,
            blink_rate: 0.01,
            t_start: 2.0,
            t_end: 0.01,
            default_iterations: 5000,
            sync_interval: 200,
        }
    }
}

/// Whether `inst` uses a rule the plain VRPTW solver ([`crate::route::solve`]) does not
/// handle, so that [`solve`] is needed.
pub fn needs_care_planner(inst: &Instance) -> bool {
    !inst.links().is_empty()
        || inst.continuity().is_some()
        || inst.visits().iter().any(|v| {
            v.late_allowed
                || v.max_duration.is_some()
                || v.drop_cost.is_some()
                || v.min_level > 0
                || !v.forbidden.is_empty()
                || !v.preferred.is_empty()
        })
        || inst.carers().iter().any(|c| {
            c.break_rule.is_some() || c.max_work.is_some() || c.overtime > 0 || c.stop_overhead > 0
        })
}

/// Plans `inst` (see the module documentation). Stops at `ctx.max_iterations`,
/// `ctx.deadline` or `ctx.cancel`; with none of them, after
/// [`CareParams::default_iterations`].
pub fn solve(inst: &Instance, params: &CareParams, ctx: &RunCtx) -> Solution {
    let m = Model::new(inst);
    let mut sc = Scratch::default();
    let mut rng = ChaCha8Rng::seed_from_u64(ctx.seed);
    let mut init = State::empty(&m);
    if inst.visits().is_empty() {
        return finish(&m, &init, "no_visits", 0);
    }
    if inst.carers().is_empty() {
        // Nothing to search (and no route to index): every visit is left out, `no_carers`.
        return finish(&m, &init, "no_carers", 0);
    }
    let todo = init.unassigned.clone();
    search::recreate(&mut init, &m, params, todo, &mut rng, &mut sc);
    let init_cost = init.cost(&m);
    let routed = (m.nv - init.unassigned.len()).max(1) as f64;
    let scale = (init_cost.total - m.big * init_cost.missing as f64).max(1e-9) / routed;
    let threads = ctx.threads.max(1);
    let max_iter = match (ctx.max_iterations, ctx.deadline) {
        (None, None) => Some(params.default_iterations),
        (it, _) => it,
    };
    let mut chains: Vec<Chain> = (0..threads)
        .map(|i| {
            let rng = if i == 0 {
                rng.clone()
            } else {
                let mut r = ChaCha8Rng::seed_from_u64(ctx.seed);
                r.set_stream(i as u64);
                r
            };
            Chain {
                rng,
                cur: init.clone(),
                cand: init.clone(),
                cur_cost: init_cost.total,
                best: init.clone(),
                best_cost: init_cost.total,
                it: 0,
                quota: max_iter
                    .map(|m| m / threads as u64 + u64::from((i as u64) < m % threads as u64)),
                stopped: None,
                sc: Scratch::default(),
            }
        })
        .collect();
    let sched = Sched {
        started: Instant::now(),
        deadline: ctx.deadline,
        cancel: &ctx.cancel,
        t0: params.t_start * scale,
        t1: params.t_end * scale,
    };
    let pool = (threads > 1)
        .then(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .ok()
        })
        .flatten();
    let epoch = params.sync_interval.max(1);
    loop {
        match &pool {
            Some(pool) => pool.install(|| {
                chains
                    .par_iter_mut()
                    .for_each(|c| c.run(&m, params, &sched, epoch))
            }),
            None => chains
                .iter_mut()
                .for_each(|c| c.run(&m, params, &sched, epoch)),
        }
        if chains.iter().all(|c| c.stopped.is_some()) {
            break;
        }
        if chains.len() > 1 {
            let lead = (0..chains.len())
                .min_by(|&a, &b| chains[a].cur_cost.total_cmp(&chains[b].cur_cost))
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
        .min_by(|&a, &b| chains[a].best_cost.total_cmp(&chains[b].best_cost))
        .unwrap_or(0);
    let iterations = chains.iter().map(|c| c.it).sum();
    let status = chains
        .iter()
        .filter_map(|c| c.stopped)
        .min_by_key(|s| match *s {
            "cancelled" => 0,
            "time_limit" => 1,
            _ => 2,
        })
        .unwrap_or("iteration_limit");
    let mut best = chains[winner].best.clone();
    // A blink or an early stop can leave a visit out that still fits: one more greedy pass
    // without blinks (it only inserts where that lowers the cost, so every mandatory visit that
    // fits anywhere; the checker calls the rest of them avoidable omissions).
    if !best.unassigned.is_empty() {
        let todo = best.unassigned.clone();
        let exact = CareParams {
            blink_rate: 0.0,
            ..params.clone()
        };
        search::recreate(&mut best, &m, &exact, todo, &mut rng, &mut sc);
    }
    drop_half_pairs(&mut best, &m, &mut sc);
    finish(&m, &best, status, iterations)
}

struct Sched<'a> {
    started: Instant,
    deadline: Option<Instant>,
    cancel: &'a std::sync::atomic::AtomicBool,
    t0: f64,
    t1: f64,
}

struct Chain {
    rng: ChaCha8Rng,
    cur: State,
    cand: State,
    cur_cost: f64,
    best: State,
    best_cost: f64,
    it: u64,
    quota: Option<u64>,
    stopped: Option<&'static str>,
    sc: Scratch,
}

impl Chain {
    fn run(&mut self, m: &Model, p: &CareParams, s: &Sched, epoch: u64) {
        if self.stopped.is_some() {
            return;
        }
        for _ in 0..epoch {
            if s.cancel.load(Ordering::Relaxed) {
                self.stopped = Some("cancelled");
                return;
            }
            if self.quota.is_some_and(|q| self.it >= q) {
                self.stopped = Some("iteration_limit");
                return;
            }
            let mut progress = self.quota.map_or(0.0, |q| self.it as f64 / q.max(1) as f64);
            if let Some(d) = s.deadline {
                let now = Instant::now();
                if now >= d {
                    self.stopped = Some("time_limit");
                    return;
                }
                let total = d.duration_since(s.started).as_secs_f64();
                if total > 0.0 {
                    progress = progress.max(now.duration_since(s.started).as_secs_f64() / total);
                }
            }
            let temp = s.t0 * (s.t1 / s.t0).powf(progress.clamp(0.0, 1.0));
            self.cand.clone_from(&self.cur);
            search::ruin(&mut self.cand, m, p, &mut self.rng);
            self.it += 1;
            if self.cand.schedule_all(m, &mut self.sc).is_err() {
                continue;
            }
            let todo = self.cand.unassigned.clone();
            search::recreate(&mut self.cand, m, p, todo, &mut self.rng, &mut self.sc);
            let cost = self.cand.cost(m).total;
            let u: f64 = self.rng.random();
            if cost < self.cur_cost - temp * u.max(f64::MIN_POSITIVE).ln() {
                std::mem::swap(&mut self.cur, &mut self.cand);
                self.cur_cost = cost;
                if cost < self.best_cost - 1e-9 {
                    self.best.clone_from(&self.cur);
                    self.best_cost = cost;
                }
            }
        }
    }
}

/// Links are all or nothing: takes out routed visits whose partner is left out.
fn drop_half_pairs(st: &mut State, m: &Model, sc: &mut Scratch) {
    loop {
        let half: Vec<u32> = (0..m.nv as u32)
            .filter(|&v| {
                st.route_of[v as usize] != NONE
                    && m.partners[v as usize]
                        .iter()
                        .any(|q| st.route_of[q.other as usize] == NONE)
            })
            .collect();
        if half.is_empty() {
            break;
        }
        for v in half {
            st.remove(m, v);
        }
    }
    // Removing visits never makes a schedule infeasible (see `state`).
    let _ = st.schedule_all(m, sc);
}

fn finish(m: &Model, st: &State, status: &str, iterations: u64) -> Solution {
    let plan = finalize(m, st);
    let distance = st.cost(m).distance;
    Solution {
        plan,
        status: status.into(),
        iterations,
        distance,
    }
}

/// The plan of a scheduled state, after the face-to-face post-pass (`stretch`).
pub(crate) fn finalize(m: &Model, st: &State) -> Plan {
    let inst = m.inst;
    let mut routes = Vec::new();
    for (r, seq) in st.routes.iter().enumerate() {
        if seq.is_empty() {
            continue;
        }
        let carer = &inst.carers()[r];
        let (start, planned) = stretch::route(m, st, r);
        let brk = st.brk[r];
        let brk_len = carer.break_rule.map_or(0, |b| b.duration);
        let stops = seq
            .iter()
            .enumerate()
            .map(|(k, &v)| Stop {
                visit: inst.visits()[v as usize].id.clone(),
                start: start[k],
                end: start[k] + planned[k],
            })
            .collect();
        let breaks = if brk != UNSET {
            vec![plan::Break {
                start: brk,
                end: brk + brk_len,
            }]
        } else {
            Vec::new()
        };
        routes.push(plan::Route {
            carer: carer.id.clone(),
            stops,
            breaks,
        });
    }
    let mut out = st.unassigned.clone();
    out.sort_unstable();
    let unassigned = out.into_iter().map(|v| why_unplanned(m, st, v)).collect();
    Plan { routes, unassigned }
}

/// The reason a visit is left out, as a code and a sentence (see `docs/care.md`).
fn why_unplanned(m: &Model, st: &State, v: u32) -> Unassigned {
    let inst = m.inst;
    let visit = inst.visit(VisitIdx(v));
    let carers = inst.carers();
    let skilled: Vec<usize> = (0..m.nc)
        .filter(|&c| carers[c].skills.covers(visit.skills))
        .collect();
    let levelled: Vec<usize> = skilled
        .iter()
        .copied()
        .filter(|&c| carers[c].level >= visit.min_level)
        .collect();
    let allowed: Vec<usize> = levelled
        .iter()
        .copied()
        .filter(|&c| !visit.forbidden.contains(&CarerIdx(c as u32)))
        .collect();
    let roomy: Vec<usize> = allowed
        .iter()
        .copied()
        .filter(|&c| carers[c].capacity.is_none_or(|q| visit.demand <= q))
        .collect();
    let mut sc = Scratch::default();
    // Alone on an otherwise empty route of each suitable carer: what fails?
    let mut alone_fail: Option<Fail> = None;
    let mut alone_ok = false;
    for &c in &roomy {
        let mut e = State::empty(m);
        if e.schedule_all(m, &mut sc).is_err() {
            continue;
        }
        match try_alone(&mut e, m, v, c, &mut sc) {
            Ok(()) => alone_ok = true,
            Err(f) => alone_fail = alone_fail.or(Some(f)),
        }
    }
    let partner_out = m.partners[v as usize]
        .iter()
        .map(|q| q.other)
        .find(|&o| st.route_of[o as usize] == NONE && o != v);
    let fits_now = roomy.iter().any(|&c| {
        let mut s2 = st.clone();
        s2.admits(m, v, c)
            && (0..=s2.routes[c].len()).any(|p| {
                let lm = s2.late_max(m);
                s2.try_insert(m, v, c, p, lm, f64::INFINITY, &mut sc)
                    .is_some()
            })
    });
    let (reason, detail) = if m.nc == 0 {
        (
            "no_carers",
            "The instance has no carers at all, so nobody can make the visit.".to_string(),
        )
    } else if skilled.is_empty() {
        (
            "skill",
            "No carer has all the skills this visit requires.".to_string(),
        )
    } else if levelled.is_empty() {
        (
            "competence",
            format!(
                "The visit needs competence level {} and no carer with the skills has it.",
                visit.min_level
            ),
        )
    } else if allowed.is_empty() {
        (
            "forbidden_carer",
            "Every carer qualified for this visit is on its forbidden list.".to_string(),
        )
    } else if roomy.is_empty() {
        (
            "capacity",
            format!(
                "The visit's demand of {} exceeds the capacity of every qualified carer.",
                visit.demand
            ),
        )
    } else if !alone_ok {
        match alone_fail {
            Some(Fail::Break) => (
                "break",
                "No qualified carer can do the visit and still take the break inside its \
                 window."
                    .to_string(),
            ),
            Some(Fail::Shift) => (
                "shift",
                "No qualified carer can do the visit and be back within the shift (plus \
                 allowed overtime) or the longest working day, even with no other visits."
                    .to_string(),
            ),
            _ => (
                "time_window",
                "No qualified carer can reach the visit within its time window, even with no \
                 other visits."
                    .to_string(),
            ),
        }
    } else if let Some(o) = partner_out {
        (
            "missing_sync_partner",
            format!(
                "The visit is linked to visit \"{}\" (two carers together, or in a set order), \
                 and no second qualified carer could be scheduled for the pair.",
                inst.visit(VisitIdx(o)).id
            ),
        )
    } else if !visit.mandatory() && fits_now {
        (
            "dropped_optional",
            format!(
                "The visit is optional and was dropped: fitting it in would cost more than its \
                 drop cost of {}.",
                visit.drop_cost.unwrap_or(0.0)
            ),
        )
    } else {
        (
            "shift_capacity",
            "The visit fits into an empty route, but no qualified carer has room for it \
             among the other visits of the day."
                .to_string(),
        )
    };
    Unassigned {
        visit: visit.id.clone(),
        reason: reason.into(),
        detail,
    }
}

fn try_alone(e: &mut State, m: &Model, v: u32, c: usize, sc: &mut Scratch) -> Result<(), Fail> {
    e.probe_insert(m, v, c, 0, sc)
}
