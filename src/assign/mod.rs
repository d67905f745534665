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
//! Optionally (`coarse_share`), the MIP with half the candidate teams per client runs first
//! and its assignment starts the full MIP (see [`solve`]). [`judge`] has an assignment judged
//! by the independent checker [`crate::plan::assign_check`]; the CLI and the pipeline call it
//! before anything reaches a user.
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
use crate::roster::trace;

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
    /// Share of the time limit for an optional first phase, the MIP with half the candidate
    /// teams, whose assignment starts the full MIP (0, the default: the full MIP alone). More:
    /// a better start for the full MIP, less time for its bound; on the 2,000 × 30 benchmark
    /// 0.3 was no better on average (`benches/results/assign_synthetic.txt`).
    pub coarse_share: f64,
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
            coarse_share: 0.0,
        }
    }
}

impl From<&AssignParams> for crate::plan::assign_check::AssignRules {
    /// The weights and tolerance the independent checker judges an assignment by.
    fn from(p: &AssignParams) -> Self {
        crate::plan::assign_check::AssignRules {
            travel_weight: p.travel_weight,
            move_weight: p.move_weight,
            balance_weight: p.balance_weight,
            capacity_tolerance: p.capacity_tolerance,
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
/// With `coarse_share` > 0, two phases share the time limit (a decomposition by restriction):
/// first the same MIP with half the candidate teams per client (3 of 6; 6 when all teams are
/// candidates) for at most `coarse_share` of the time — a model half the size, whose best
/// assignment is feasible for the full one — then the full MIP started from it for the rest,
/// which gives the status, bound and gap. Without a coarse assignment (off, or too few
/// candidates to fit) the full MIP starts from today's teams when every client has one.
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
    if !(params.coarse_share.is_finite() && (0.0..=1.0).contains(&params.coarse_share)) {
        return Err(Error::Param {
            name: "coarse_share".into(),
            msg: format!("{} is not a share between 0 and 1", params.coarse_share),
        });
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

/// Has `a` judged by the independent checker ([`crate::plan::assign_check`]) under the rules
/// of `params`: an assignment it rejects, or one that costs more than the MIP claimed, is a
/// solver bug ([`Error::Internal`]). Returns the checker's report.
///
/// # Errors
/// [`Error::Internal`] as above.
pub fn judge(
    inst: &AssignInstance,
    params: &AssignParams,
    a: &Assignment,
) -> Result<crate::plan::assign_check::AssignReport> {
    use crate::plan::assign_check::{AssignPlan, check_assignment};
    let report = check_assignment(inst, &params.into(), &AssignPlan::of(inst, &a.team_of));
    if let Some(v) = report.violations.first() {
        return Err(Error::Internal(format!(
            "the assignment MIP produced an assignment the checker rejects ({} violation(s); first: {v})",
            report.violations.len()
        )));
    }
    // HiGHS accepts binaries within its integrality tolerance, so the rounded assignment may
    // cost a hair more than the MIP's value; more than 0.01 % means the two disagree.
    let claimed = a.objective;
    if report.evaluation.objective > claimed + 1e-4 * claimed.abs().max(1.0) {
        return Err(Error::Internal(format!(
            "the assignment MIP claims objective {claimed}, the checker finds {}",
            report.evaluation.objective
        )));
    }
    Ok(report)
}

/// The objective's fixed data: `share` = total hours / total capacity.
struct Costs<'a> {
    inst: &'a AssignInstance,
    p: &'a AssignParams,
    share: f64,
}

impl<'a> Costs<'a> {
    fn new(inst: &'a AssignInstance, p: &'a AssignParams) -> Self {
        let hours: f64 = inst.clients.iter().flat_map(|c| c.hours.iter()).sum();
        let capacity: f64 = inst.teams.iter().flat_map(|t| t.capacity.iter()).sum();
        let share = if capacity > 0.0 {
            hours / capacity
        } else {
            0.0
        };
        Costs { inst, p, share }
    }

    fn hours(&self, c: usize) -> f64 {
        self.inst.clients[c].hours.iter().sum()
    }

    /// Travel and move cost of client `c` in team `t`.
    fn client(&self, c: usize, t: usize) -> f64 {
        let mut cost = self.p.travel_weight * self.inst.travel[c][t] * self.hours(c);
        if self.inst.clients[c].current.is_some_and(|cur| cur != t) {
            cost += self.p.move_weight;
        }
        cost
    }

    /// Fair load of team `t`.
    fn fair(&self, t: usize) -> f64 {
        self.share * self.inst.teams[t].capacity.iter().sum::<f64>()
    }

    /// Weekly hours per team of a complete assignment.
    fn loads(&self, team_of: &[usize]) -> Vec<f64> {
        let mut loads = vec![0.0; self.inst.teams.len()];
        for (c, &t) in team_of.iter().enumerate() {
            loads[t] += self.hours(c);
        }
        loads
    }

    /// The objective of a complete assignment (the solver's own arithmetic, for its phases).
    fn of(&self, team_of: &[usize]) -> f64 {
        let clients: f64 = team_of
            .iter()
            .enumerate()
            .map(|(c, &t)| self.client(c, t))
            .sum();
        let balance: f64 = self
            .loads(team_of)
            .iter()
            .enumerate()
            .map(|(t, &l)| self.p.balance_weight * (l - self.fair(t)).abs())
            .sum();
        clients + balance
    }
}

/// What one MIP over a part of the model gave. Objective and bound are of the full model
/// (the fixed clients' and teams' constant terms included).
struct MipOutcome {
    team_of: Vec<usize>,
    objective: f64,
    bound: Option<f64>,
    gap: Option<f64>,
    status: HighsModelStatus,
}

/// Solves the model in which client `c` may go to the teams `allowed[c]` (one team: fixed).
/// `Ok(None)` when HiGHS proves it infeasible or a fixed part already breaks a capacity.
fn mip(
    costs: &Costs,
    allowed: &[Vec<usize>],
    start: Option<&[usize]>,
    seed: u64,
    time_limit: Duration,
    rel_gap: f64,
) -> Result<Option<MipOutcome>> {
    let (inst, p) = (costs.inst, costs.p);
    let (nt, nl) = (inst.teams.len(), inst.levels.len());
    let slack = 1.0 + p.capacity_tolerance;
    // Constant part: fixed clients' costs, their hours per team (cumulative per level).
    let mut constant = 0.0;
    let mut fixed_load = vec![vec![0.0f64; nl]; nt];
    let mut fixed_count = vec![0usize; nt];
    let mut active = vec![false; nt];
    for (c, teams) in allowed.iter().enumerate() {
        match teams.as_slice() {
            [t] => {
                constant += costs.client(c, *t);
                for (lvl, l) in fixed_load[*t].iter_mut().enumerate() {
                    *l += cumulative(&inst.clients[c].hours, lvl);
                }
                fixed_count[*t] += 1;
            }
            teams => teams.iter().for_each(|&t| active[t] = true),
        }
    }
    // A team without free clients: its rows are constants, to hold as they are.
    for (t, team) in inst.teams.iter().enumerate().filter(|&(t, _)| !active[t]) {
        let over = (0..nl)
            .any(|lvl| fixed_load[t][lvl] > cumulative(&team.capacity, lvl) * slack + 1e-9)
            || team.max_clients.is_some_and(|m| fixed_count[t] > m);
        if over {
            return Ok(None);
        }
        constant += p.balance_weight * (fixed_load[t][0] - costs.fair(t)).abs();
    }
    if !active.iter().any(|&a| a) {
        // Everything is fixed: nothing for HiGHS to decide.
        let team_of = allowed
            .iter()
            .map(|a| a.first().copied().unwrap_or_default())
            .collect();
        return Ok(Some(MipOutcome {
            team_of,
            objective: constant,
            bound: Some(constant),
            gap: Some(0.0),
            status: HighsModelStatus::Optimal,
        }));
    }

    let t0 = Instant::now();
    let mut vars = ProblemVariables::new();
    let mut objective = Expression::from(0.0);
    // y[c] = [(team, variable, column)] for the free clients.
    let mut y: Vec<Vec<(usize, good_lp::Variable, usize)>> = vec![Vec::new(); allowed.len()];
    let mut cols = 0usize;
    for (c, teams) in allowed.iter().enumerate() {
        if teams.len() < 2 {
            continue;
        }
        for &t in teams {
            let v = vars.add(variable().binary());
            objective += costs.client(c, t) * v;
            y[c].push((t, v, cols));
            cols += 1;
        }
    }
    let mut dev = vec![None; nt];
    for t in (0..nt).filter(|&t| active[t]) {
        let d = vars.add(variable().min(0.0));
        objective += p.balance_weight * d;
        dev[t] = Some((d, cols));
        cols += 1;
    }
    let mut rows = Vec::new();
    let mut load: Vec<Vec<Expression>> = fixed_load
        .iter()
        .map(|l| l.iter().map(|&h| Expression::from(h)).collect())
        .collect();
    let mut count: Vec<Expression> = fixed_count
        .iter()
        .map(|&n| Expression::from(n as f64))
        .collect();
    for (c, row) in y.iter().enumerate().filter(|(_, r)| !r.is_empty()) {
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
    for (t, team) in inst.teams.iter().enumerate() {
        let Some((d, _)) = dev[t] else { continue };
        for (lvl, l) in load[t].iter().enumerate() {
            let cap = cumulative(&team.capacity, lvl) * slack;
            rows.push(constraint!(l.clone() <= cap));
        }
        if let Some(m) = team.max_clients {
            rows.push(constraint!(count[t].clone() <= m as f64));
        }
        let fair = costs.fair(t);
        let all = load[t]
            .first()
            .cloned()
            .unwrap_or_else(|| Expression::from(0.0));
        rows.push(constraint!(d >= all.clone() - fair));
        rows.push(constraint!(d >= fair - all));
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
    if *crate::roster::TRACE && allowed.iter().all(|a| a.len() > 1) {
        opt(model.try_set_option("output_flag", true), "output_flag")?;
        opt(
            model.try_set_option("log_to_console", true),
            "log_to_console",
        )?;
    }
    // Building the model comes off HiGHS's share of the limit.
    opt(
        model.try_set_option(
            "time_limit",
            time_limit.saturating_sub(t0.elapsed()).as_secs_f64(),
        ),
        "time_limit",
    )?;
    opt(model.try_set_option("mip_rel_gap", rel_gap), "mip_rel_gap")?;
    if let Some(start) = start {
        let mut full = vec![0.0; cols];
        for (c, row) in y.iter().enumerate() {
            for &(t, _, col) in row {
                if start.get(c) == Some(&t) {
                    full[col] = 1.0;
                }
            }
        }
        let loads = costs.loads(start);
        for (t, slot) in dev.iter().enumerate() {
            if let Some((_, col)) = slot {
                full[*col] = (loads[t] - costs.fair(t)).abs();
            }
        }
        // A start HiGHS cannot use is only a missed hint.
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
    let team_of = allowed
        .iter()
        .zip(&y)
        .map(|(teams, row)| {
            let mut best = (
                f64::NEG_INFINITY,
                teams.first().copied().unwrap_or_default(),
            );
            for &(t, _, col) in row {
                let v = values.get(col).copied().unwrap_or(0.0);
                if v > best.0 {
                    best = (v, t);
                }
            }
            best.1
        })
        .collect();
    let objective = solved.objective_value() + constant;
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite())
        .map(|b| b + constant);
    // HiGHS's gap is of its own objective; with a constant part it is recomputed.
    let gap = if constant == 0.0 {
        Some(solved.mip_gap()).filter(|g| g.is_finite())
    } else {
        bound.map(|b| ((objective - b) / objective.abs().max(1e-9)).max(0.0))
    };
    Ok(Some(MipOutcome {
        team_of,
        objective,
        bound,
        gap,
        status,
    }))
}

/// One solve with `k` candidate teams per client; `Ok(None)` when HiGHS proves it infeasible.
fn solve_with(
    inst: &AssignInstance,
    p: &AssignParams,
    seed: u64,
    time_limit: Duration,
    k: usize,
) -> Result<Option<Assignment>> {
    let t0 = Instant::now();
    let (nc, nt) = (inst.clients.len(), inst.teams.len());
    let costs = Costs::new(inst, p);
    let cand: Vec<Vec<usize>> = (0..nc).map(|c| candidates(inst, c, k)).collect();

    // A start: the optimum (or the best found) with fewer candidates per client, which is
    // feasible here too; else today's teams.
    let mut start = None;
    let mut coarse_start = false;
    let coarse = if k == 0 { 6 } else { k.div_ceil(2) }.max(2);
    if p.coarse_share > 0.0 && coarse < cand.iter().map(Vec::len).max().unwrap_or(0) {
        let few: Vec<Vec<usize>> = (0..nc).map(|c| candidates(inst, c, coarse)).collect();
        let limit = time_limit.mul_f64(p.coarse_share);
        match mip(&costs, &few, None, seed, limit, p.mip_rel_gap) {
            Ok(Some(o)) => {
                trace!(
                    "assign: {coarse} candidates per client: {:.2} (bound {:?}) in {:.1} s",
                    o.objective,
                    o.bound,
                    t0.elapsed().as_secs_f64()
                );
                start = Some(o.team_of);
                coarse_start = true;
            }
            // Too few candidates to fit, or no solution in time: the full model decides.
            Ok(None) | Err(Error::NoSolution { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    if start.is_none() && inst.clients.iter().all(|c| c.current.is_some()) {
        start = Some(
            inst.clients
                .iter()
                .map(|c| c.current.unwrap_or_default())
                .collect(),
        );
    }
    let left = time_limit.saturating_sub(t0.elapsed());
    trace!(
        "assign: full MIP from {} after {:.1} s",
        start
            .as_deref()
            .map_or("no start".into(), |s| format!("{:.2}", costs.of(s))),
        t0.elapsed().as_secs_f64()
    );
    let outcome = match mip(&costs, &cand, start.as_deref(), seed, left, p.mip_rel_gap) {
        Ok(Some(o)) => o,
        Ok(None) => return Ok(None),
        // No time left for the full MIP: the coarse assignment stands, without a bound.
        Err(Error::NoSolution { .. }) if coarse_start => {
            let team_of = start.unwrap_or_default();
            MipOutcome {
                objective: costs.of(&team_of),
                team_of,
                bound: None,
                gap: None,
                status: HighsModelStatus::ReachedTimeLimit,
            }
        }
        Err(e) => return Err(e),
    };
    let team_of = outcome.team_of;
    let loads = costs.loads(&team_of);
    let moves = inst
        .clients
        .iter()
        .zip(&team_of)
        .filter(|(c, t)| c.current.is_some_and(|cur| cur != **t))
        .count();
    let restricted = k != 0 && k < nt;
    // HiGHS reports "optimal" once the gap tolerance is met; only a zero gap is a proof.
    let proven = outcome.gap.is_some_and(|g| g <= 1e-9);
    let status = match outcome.status {
        HighsModelStatus::Optimal if !proven => "gap_limit",
        HighsModelStatus::Optimal if restricted => "optimal_within_candidates",
        HighsModelStatus::Optimal => "optimal",
        _ => "time_limit",
    };
    Ok(Some(Assignment {
        team_of,
        status: status.into(),
        objective: outcome.objective,
        bound: outcome.bound,
        gap: outcome.gap,
        moves,
        loads,
        candidate_teams: if restricted { k } else { 0 },
        variables: cand.iter().filter(|t| t.len() > 1).map(Vec::len).sum(),
        seconds: t0.elapsed().as_secs_f64(),
    }))
}
