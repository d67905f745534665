//! Team assignment: which team serves which client. A MIP (good_lp model, HiGHS).
//!
//! Variables `y[c][t]` binary for each client `c` and each of its candidate teams `t` (the
//! `candidate_teams` nearest bases plus the current team; all teams when 0), `dev[t] ≥ 0`.
//!
//! - every client has exactly one team: `Σ_t y[c][t] = 1`;
//! - capacity per competence level, cumulative from the top (a higher level may do lower-level
//!   care): for each level `k`, `Σ_c h≥k(c) y[c][t] ≤ (1 + tolerance) · cap≥k(t)`;
//! - `Σ_c y[c][t] ≤ max_clients(t)`;
//! - objective: `travel_weight · Σ travel(c, t) · hours(c) · y[c][t]` (compact areas: travel
//!   from the base weighted by the care hours, a proxy for trips) `+ move_weight · Σ moved
//!   clients + balance_weight · Σ_t dev[t]` with `dev[t] ≥ |load(t) − share · cap(t)|`, where
//!   `share` = total hours / total capacity (every team equally loaded relative to capacity).
//!
//! The status is HiGHS's: `optimal` when it proved optimality with all teams as candidates,
//! `optimal_within_candidates` when it proved optimality of the candidate-restricted model,
//! `time_limit` otherwise; the relative gap and bound are reported as HiGHS gives them.

pub mod synthetic;

use std::time::{Duration, Instant};

use good_lp::{
    Expression, ProblemVariables, SolverModel, constraint, solvers::highs::highs as highs_solver,
    variable,
};
use highs::{HighsModelStatus, HighsSolutionStatus};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::assign::AssignInstance;

/// Weights and limits of the assignment MIP.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AssignParams {
    /// Cost per travel minute × weekly care hour. Higher: more compact areas, at the price of
    /// balance and moves.
    pub travel_weight: f64,
    /// Cost of moving a client away from its current team (in the same units: 60 = one hour of
    /// weekly care one minute further away). Higher: fewer moves, less compact areas.
    pub move_weight: f64,
    /// Cost per hour of weekly load away from the team's fair share of the total. Higher:
    /// evener teams, longer trips.
    pub balance_weight: f64,
    /// A team's load may exceed its capacity by this share (0.05 = 5 %).
    pub capacity_tolerance: f64,
    /// Each client may go to its this-many nearest teams (and its current team); 0 = all teams.
    /// Smaller: a much smaller MIP, with optimality only within the candidates.
    pub candidate_teams: usize,
    /// HiGHS stops when the relative gap between solution and bound is below this (HiGHS's
    /// default 1e-4). Larger: faster, reported as `gap_limit` with the gap; 0: prove optimality.
    pub mip_rel_gap: f64,
}

impl Default for AssignParams {
    fn default() -> Self {
        AssignParams {
            travel_weight: 1.0,
            move_weight: 60.0,
            balance_weight: 5.0,
            capacity_tolerance: 0.05,
            candidate_teams: 6,
            mip_rel_gap: 1e-4,
        }
    }
}

/// The result of a team assignment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assignment {
    /// Team index per client.
    pub team_of: Vec<usize>,
    /// `optimal`, `optimal_within_candidates`, `gap_limit` or `time_limit`.
    pub status: String,
    /// Objective value.
    pub objective: f64,
    /// Best proven lower bound (of the model solved).
    pub bound: Option<f64>,
    /// Relative gap reported by HiGHS.
    pub gap: Option<f64>,
    /// Clients moved away from their current team.
    pub moves: usize,
    /// Weekly hours per team (all levels).
    pub loads: Vec<f64>,
    /// Candidate teams per client used in the model (0 = all).
    pub candidate_teams: usize,
    /// Binary variables in the model.
    pub variables: usize,
    /// Seconds spent.
    pub seconds: f64,
}

fn opt(r: std::result::Result<(), highs::TrySetOptionError>, name: &str) -> Result<()> {
    r.map_err(|_| Error::Internal(format!("HiGHS option {name} rejected")))
}

fn cumulative(v: &[f64], k: usize) -> f64 {
    v.iter().skip(k).sum()
}

/// Capacity checks that explain infeasibility in words before any MIP runs.
fn explain_capacity(inst: &AssignInstance, p: &AssignParams) -> Result<()> {
    let slack = 1.0 + p.capacity_tolerance;
    for (k, name) in inst.levels.iter().enumerate() {
        let demand: f64 = inst.clients.iter().map(|c| cumulative(&c.hours, k)).sum();
        let cap: f64 = inst
            .teams
            .iter()
            .map(|t| cumulative(&t.capacity, k))
            .sum::<f64>()
            * slack;
        if demand > cap + 1e-9 {
            return Err(Error::Infeasible {
                what: "team assignment".into(),
                explanation: format!(
                    "capacity of competence {name:?} and above binds: clients need {demand:.1} h/week, teams have {cap:.1} h/week including the {:.0} % tolerance",
                    p.capacity_tolerance * 100.0
                ),
            });
        }
    }
    for c in &inst.clients {
        let fits = inst.teams.iter().any(|t| {
            (0..inst.levels.len())
                .all(|k| cumulative(&c.hours, k) <= cumulative(&t.capacity, k) * slack + 1e-9)
        });
        if !fits {
            return Err(Error::Infeasible {
                what: "team assignment".into(),
                explanation: format!(
                    "client {:?} needs more care of some competence than any team's capacity",
                    c.id
                ),
            });
        }
    }
    let room: Option<usize> = inst
        .teams
        .iter()
        .map(|t| t.max_clients)
        .sum::<Option<usize>>();
    if let Some(room) = room
        && room < inst.clients.len()
    {
        return Err(Error::Infeasible {
            what: "team assignment".into(),
            explanation: format!(
                "max_clients binds: {} clients but the teams take at most {room}",
                inst.clients.len()
            ),
        });
    }
    Ok(())
}

/// Candidate teams of client `c`: the `k` nearest (ties by index) and the current team.
fn candidates(inst: &AssignInstance, c: usize, k: usize) -> Vec<usize> {
    let nt = inst.teams.len();
    let mut order: Vec<usize> = (0..nt).collect();
    if k == 0 || k >= nt {
        return order;
    }
    order.sort_by(|&a, &b| {
        inst.travel[c][a]
            .total_cmp(&inst.travel[c][b])
            .then(a.cmp(&b))
    });
    order.truncate(k);
    if let Some(cur) = inst.clients[c].current
        && !order.contains(&cur)
    {
        order.push(cur);
    }
    order.sort_unstable();
    order
}

/// Assigns every client to a team.
///
/// # Errors
/// [`Error::Infeasible`] naming the capacity that binds; [`Error::Param`] for out-of-range
/// parameters; [`Error::Internal`] on HiGHS failures or no solution within the time.
pub fn solve(
    inst: &AssignInstance,
    params: &AssignParams,
    seed: u64,
    time_limit: Duration,
) -> Result<Assignment> {
    for (name, v) in [
        ("travel_weight", params.travel_weight),
        ("move_weight", params.move_weight),
        ("balance_weight", params.balance_weight),
        ("capacity_tolerance", params.capacity_tolerance),
        ("mip_rel_gap", params.mip_rel_gap),
    ] {
        if !(v.is_finite() && v >= 0.0) {
            return Err(Error::Param {
                name: name.into(),
                msg: format!("{v} is not a non-negative number"),
            });
        }
    }
    explain_capacity(inst, params)?;
    let t0 = Instant::now();
    let first = solve_with(inst, params, seed, time_limit, params.candidate_teams)?;
    match first {
        Some(a) => Ok(a),
        // The candidate restriction made it infeasible: all teams, with the time left.
        None if params.candidate_teams != 0 && params.candidate_teams < inst.teams.len() => {
            let left = time_limit.saturating_sub(t0.elapsed());
            solve_with(inst, params, seed, left, 0)?.ok_or_else(|| Error::Infeasible {
                what: "team assignment".into(),
                explanation: "the clients cannot be packed into the teams: per-level capacity with tolerance and max_clients bind together (totals fit, the split does not)".into(),
            })
        }
        None => Err(Error::Infeasible {
            what: "team assignment".into(),
            explanation: "the clients cannot be packed into the teams: per-level capacity with tolerance and max_clients bind together (totals fit, the split does not)".into(),
        }),
    }
}

/// One MIP; `Ok(None)` when HiGHS proves it infeasible.
fn solve_with(
    inst: &AssignInstance,
    p: &AssignParams,
    seed: u64,
    time_limit: Duration,
    k: usize,
) -> Result<Option<Assignment>> {
    let t0 = Instant::now();
    let (nc, nt, nl) = (inst.clients.len(), inst.teams.len(), inst.levels.len());
    let total_hours: f64 = inst
        .clients
        .iter()
        .map(|c| c.hours.iter().sum::<f64>())
        .sum();
    let total_cap: f64 = inst
        .teams
        .iter()
        .map(|t| t.capacity.iter().sum::<f64>())
        .sum();
    let share = if total_cap > 0.0 {
        total_hours / total_cap
    } else {
        0.0
    };

    let mut vars = ProblemVariables::new();
    let mut cols = 0usize;
    // y[c] = [(team, variable, column)]
    let mut y: Vec<Vec<(usize, good_lp::Variable, usize)>> = Vec::with_capacity(nc);
    let mut objective = Expression::from(0.0);
    let mut start = Vec::new();
    for c in 0..nc {
        let client = &inst.clients[c];
        let hours: f64 = client.hours.iter().sum();
        let mut row = Vec::new();
        for t in candidates(inst, c, k) {
            let v = vars.add(variable().binary());
            let mut cost = p.travel_weight * inst.travel[c][t] * hours;
            if client.current.is_some_and(|cur| cur != t) {
                cost += p.move_weight;
            }
            objective += cost * v;
            start.push(if client.current == Some(t) { 1.0 } else { 0.0 });
            row.push((t, v, cols));
            cols += 1;
        }
        y.push(row);
    }
    let mut dev = Vec::with_capacity(nt);
    for _ in 0..nt {
        let d = vars.add(variable().min(0.0));
        objective += p.balance_weight * d;
        dev.push(d);
        cols += 1;
    }
    let n_binaries = cols - nt;
    let mut rows = Vec::new();
    let mut load: Vec<Vec<Expression>> = vec![vec![Expression::from(0.0); nl]; nt];
    let mut count: Vec<Expression> = vec![Expression::from(0.0); nt];
    for (c, row) in y.iter().enumerate() {
        let mut one = Expression::from(0.0);
        for &(t, v, _) in row {
            one += v;
            count[t] += v;
            for (lvl, l) in load[t].iter_mut().enumerate() {
                let h = cumulative(&inst.clients[c].hours, lvl);
                if h > 0.0 {
                    *l += h * v;
                }
            }
        }
        rows.push(constraint!(one == 1));
    }
    let slack = 1.0 + p.capacity_tolerance;
    for (t, team) in inst.teams.iter().enumerate() {
        for (lvl, l) in load[t].iter().enumerate() {
            let cap = cumulative(&team.capacity, lvl) * slack;
            rows.push(constraint!(l.clone() <= cap));
        }
        if let Some(m) = team.max_clients {
            rows.push(constraint!(count[t].clone() <= m as f64));
        }
        let fair = share * team.capacity.iter().sum::<f64>();
        let all = load[t]
            .first()
            .cloned()
            .unwrap_or_else(|| Expression::from(0.0));
        rows.push(constraint!(dev[t] >= all.clone() - fair));
        rows.push(constraint!(dev[t] >= fair - all));
    }
    let mut problem = vars.minimise(objective).using(highs_solver);
    for r in rows {
        problem.add_constraint(r);
    }
    let mut model = problem
        .try_into_inner()
        .map_err(|e| Error::Internal(format!("HiGHS rejected the assignment model: {e}")))?;
    opt(model.try_set_option("threads", 1), "threads")?;
    opt(
        model.try_set_option("random_seed", (seed & 0x7fff_ffff) as i32),
        "random_seed",
    )?;
    opt(
        model.try_set_option("time_limit", time_limit.as_secs_f64()),
        "time_limit",
    )?;
    opt(
        model.try_set_option("mip_rel_gap", p.mip_rel_gap),
        "mip_rel_gap",
    )?;
    // A start solution when every client has a current team among its candidates.
    if inst.clients.iter().all(|c| c.current.is_some()) {
        let mut full = start.clone();
        full.resize(cols, 0.0);
        // dev values: computed from the current loads.
        for (t, team) in inst.teams.iter().enumerate() {
            let cur: f64 = inst
                .clients
                .iter()
                .filter(|c| c.current == Some(t))
                .map(|c| c.hours.iter().sum::<f64>())
                .sum();
            let fair = share * team.capacity.iter().sum::<f64>();
            if let Some(slot) = full.get_mut(n_binaries + t) {
                *slot = (cur - fair).abs();
            }
        }
        let _ = model.try_set_solution(Some(&full), None, None, None);
    }
    let solved = model
        .try_solve()
        .map_err(|e| Error::Internal(format!("HiGHS failed on the assignment model: {e:?}")))?;
    let status = solved.status();
    if matches!(
        status,
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible
    ) {
        return Ok(None);
    }
    if solved.primal_solution_status() != HighsSolutionStatus::Feasible {
        return Err(Error::NoSolution {
            what: "team assignment".into(),
            msg: format!(
                "{:.1} s; give more time or fewer candidate teams",
                time_limit.as_secs_f64()
            ),
        });
    }
    let sol = solved.get_solution();
    let values = sol.columns();
    let mut team_of = vec![0usize; nc];
    for (c, row) in y.iter().enumerate() {
        let mut best = (f64::NEG_INFINITY, 0);
        for &(t, _, col) in row {
            let v = values.get(col).copied().unwrap_or(0.0);
            if v > best.0 {
                best = (v, t);
            }
        }
        team_of[c] = best.1;
    }
    let mut loads = vec![0.0; nt];
    for (c, &t) in team_of.iter().enumerate() {
        loads[t] += inst.clients[c].hours.iter().sum::<f64>();
    }
    let moves = inst
        .clients
        .iter()
        .zip(&team_of)
        .filter(|(c, t)| c.current.is_some_and(|cur| cur != **t))
        .count();
    let restricted = k != 0 && k < nt;
    let gap = solved.mip_gap();
    // HiGHS reports "optimal" once the gap tolerance is met; only a zero gap is a proof.
    let proven = gap.is_finite() && gap <= 1e-9;
    let status = match status {
        HighsModelStatus::Optimal if !proven => "gap_limit",
        HighsModelStatus::Optimal if restricted => "optimal_within_candidates",
        HighsModelStatus::Optimal => "optimal",
        _ => "time_limit",
    };
    Ok(Some(Assignment {
        team_of,
        status: status.into(),
        objective: solved.objective_value(),
        bound: solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite()),
        gap: gap.is_finite().then_some(gap),
        moves,
        loads,
        candidate_teams: if restricted { k } else { 0 },
        variables: n_binaries,
        seconds: t0.elapsed().as_secs_f64(),
    }))
}
