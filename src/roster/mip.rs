//! The rostering MIP, modelled with `good_lp` and solved by HiGHS.
//!
//! Variables: `x[e][d][s]` binary (staff `e` works shift `s` on day `d`), created only for
//! cells that are free in this solve and allowed (not a day off, shift type not capped at 0);
//! every other cell is a constant taken from the base roster. `w[e][d] = Σ_s x[e][d][s]` is
//! an expression. Weekend indicators `k[e][w]` are binary, cover slacks `under`, `over`
//! continuous.
//!
//! Rows (the strong forms, each equivalent to the rule in [`crate::model::roster`]):
//! - one shift a day: `Σ_s x[e][d][s] ≤ 1`;
//! - succession: `x[e][d][s] + Σ_{t ∈ cannot_follow(s)} x[e][d+1][t] ≤ 1`;
//! - per-type cap and total minutes: plain sums;
//! - max consecutive `c`: every window of `c + 1` days has `Σ w ≤ c`;
//! - min consecutive `m`: a run starting at `t ≥ 1` lasts `m` days or to the horizon end,
//!   `w[t] − w[t−1] ≤ w[t+j]` for `1 ≤ j < m`, `t + j < h`;
//! - min days off `m`: `w[t−1] − w[t] + w[t+j] ≤ 1` for `1 ≤ j < m`, `t + j < h`;
//! - weekends: `k[e][w] ≥ w[sat]`, `k[e][w] ≥ w[sun]`, `Σ_w k[e][w] ≤ max`.
//!
//! The MIP goes through `good_lp` for modelling and is then handed to the `highs` crate's
//! [`highs::Model`] (via `HighsProblem::try_into_inner`) because good_lp's own `solve` does not
//! expose the MIP dual bound, which the roster file reports. The HiGHS options `random_seed`,
//! `threads`, `time_limit` and `mip_max_nodes` are set on that model.

use std::time::Duration;

use good_lp::{
    Expression, IntoAffineExpression, ProblemVariables, SolverModel, Variable, constraint,
    solvers::highs::highs as highs_solver, variable,
};
use highs::{HighsModelStatus, HighsSolutionStatus};

use crate::error::{Error, Result};
use crate::model::roster::RosterInstance;

use super::Grid;

/// Sets the HiGHS options every roster model shares: one thread, the seed, the time limit and,
/// for MIPs, the gaps and the node limit of `limits`.
pub(super) fn set_options(
    model: &mut highs::Model,
    limits: &SolveLimits,
    integer: bool,
) -> Result<()> {
    let opt = |r: std::result::Result<(), highs::TrySetOptionError>, name: &str| {
        r.map_err(|_| Error::Internal(format!("HiGHS option {name} rejected")))
    };
    opt(model.try_set_option("threads", 1), "threads")?;
    opt(
        model.try_set_option("random_seed", (limits.seed & 0x7fff_ffff) as i32),
        "random_seed",
    )?;
    opt(
        model.try_set_option("time_limit", limits.time.as_secs_f64().max(0.0)),
        "time_limit",
    )?;
    if integer {
        opt(model.try_set_option("mip_rel_gap", 0.0), "mip_rel_gap")?;
        opt(
            model.try_set_option("mip_abs_gap", limits.abs_gap),
            "mip_abs_gap",
        )?;
        if let Some(n) = limits.nodes {
            let n = i32::try_from(n).unwrap_or(i32::MAX);
            opt(model.try_set_option("mip_max_nodes", n), "mip_max_nodes")?;
        }
    }
    Ok(())
}

/// The hard rules of the Curtois model, for switching them off one at a time when explaining
/// infeasibility.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    /// No shift on a day off.
    DaysOff,
    /// Forbidden shift successions.
    Succession,
    /// Per-type maximum number of shifts.
    MaxShifts,
    /// Maximum total minutes.
    MaxMinutes,
    /// Minimum total minutes.
    MinMinutes,
    /// Maximum consecutive working days.
    MaxConsecutive,
    /// Minimum consecutive working days.
    MinConsecutive,
    /// Minimum consecutive days off.
    MinDaysOff,
    /// Maximum worked weekends.
    MaxWeekends,
    /// At most one worked weekend in any `n` consecutive weekends (rota model).
    WeekendEvery,
    /// A weekly rest day in every calendar week (rota model).
    WeeklyRest,
    /// Maximum minutes per calendar week (rota model).
    WeeklyMinutes,
}

impl Rule {
    /// Every rule, in a fixed order.
    pub const ALL: [Rule; 12] = [
        Rule::DaysOff,
        Rule::Succession,
        Rule::MaxShifts,
        Rule::MaxMinutes,
        Rule::MinMinutes,
        Rule::MaxConsecutive,
        Rule::MinConsecutive,
        Rule::MinDaysOff,
        Rule::MaxWeekends,
        Rule::WeekendEvery,
        Rule::WeeklyRest,
        Rule::WeeklyMinutes,
    ];

    /// The rule's name as the instance file spells the field.
    pub fn name(self) -> &'static str {
        match self {
            Rule::DaysOff => "days off (SECTION_DAYS_OFF)",
            Rule::Succession => {
                "shifts which cannot follow (SECTION_SHIFTS; in rotas the 11 h daily rest, arbeidsmiljøloven § 10-8 (1))"
            }
            Rule::MaxShifts => "MaxShifts",
            Rule::MaxMinutes => "MaxTotalMinutes",
            Rule::MinMinutes => "MinTotalMinutes",
            Rule::MaxConsecutive => "MaxConsecutiveShifts",
            Rule::MinConsecutive => "MinConsecutiveShifts",
            Rule::MinDaysOff => "MinConsecutiveDaysOff",
            Rule::MaxWeekends => "MaxWeekends",
            Rule::WeekendEvery => "weekend_every (work at most every n-th weekend)",
            Rule::WeeklyRest => "35 h weekly rest (arbeidsmiljøloven § 10-8 (2))",
            Rule::WeeklyMinutes => "max_hours_per_week (arbeidsmiljøloven § 10-5)",
        }
    }
}

/// What one MIP solve looks at.
pub(crate) struct Spec<'a> {
    /// `free[e][d]`: the cell is decided by this solve; otherwise it keeps `base[e][d]`.
    pub free: &'a [Vec<bool>],
    /// Values of the cells that are not free (and the start solution for free cells).
    pub base: &'a Grid,
    /// Hard rules to enforce (all of them except when diagnosing).
    pub rules: &'a [Rule],
    /// Include the cover rows and the penalty objective (off: pure feasibility).
    pub objective: bool,
    /// Offer `base` to HiGHS as a start solution (it must be feasible for the free part).
    pub warm_start: bool,
    /// Solve the LP relaxation instead (all variables continuous in [0, 1]).
    pub relax: bool,
    /// Extra objective terms `prices[e][d][s] · x[e][d][s]` on the free cells (column
    /// generation prices a person's roster with them; usually with `objective: false`).
    pub prices: Option<&'a [Vec<Vec<f64>>]>,
}

/// Solver settings of one MIP solve.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SolveLimits {
    /// HiGHS `random_seed`.
    pub seed: u32,
    /// Wall-clock cap (HiGHS `time_limit`).
    pub time: Duration,
    /// HiGHS `mip_max_nodes` (branch-and-bound nodes), if any.
    pub nodes: Option<u64>,
    /// HiGHS `mip_abs_gap`: [`INTEGRAL_GAP`] when the objective is integral (a gap below 1
    /// proves optimality), smaller for fractional objectives (pricing).
    pub abs_gap: f64,
}

/// Absolute MIP gap that proves optimality when every objective coefficient is an integer.
pub(crate) const INTEGRAL_GAP: f64 = 0.999;

/// Outcome of one MIP solve.
#[derive(Clone, Debug)]
pub(crate) struct MipOutcome {
    /// The roster found (free cells decided, others as in the base), if any.
    pub grid: Option<Grid>,
    /// HiGHS proved the (sub)problem optimal.
    pub optimal: bool,
    /// HiGHS proved the (sub)problem infeasible.
    pub infeasible: bool,
    /// Proven lower bound on the objective (including constants), if HiGHS has one.
    pub bound: Option<f64>,
    /// With [`Spec::relax`]: the LP value of every `x[e][d][s]` (0 where no variable).
    pub lp: Option<Vec<Vec<Vec<f64>>>>,
}

/// `x[e][d][s]`: the variable of a cell and its column index, if the cell is a variable.
type Cells = Vec<Vec<Vec<Option<(Variable, usize)>>>>;

struct Built {
    vars: ProblemVariables,
    rows: Vec<good_lp::Constraint>,
    objective: Expression,
    /// `x[e][d][s]` for free, allowed cells: the variable and its column index.
    x: Cells,
    /// Start values for every variable in creation order (when warm-starting).
    start: Vec<f64>,
}

fn has_vars(e: &Expression) -> bool {
    e.linear_coefficients().any(|(_, c)| c != 0.0)
}

/// Adds `c` unless it has no variables and holds anyway (a rule already met by the fixed
/// cells). A constant row that is broken is kept, so HiGHS reports the model infeasible (e.g.
/// minimum minutes for a person who may work no shift at all).
fn keep(rows: &mut Vec<good_lp::Constraint>, c: good_lp::Constraint) {
    // good_lp normalises every row to `expression ≤ 0` (or `= 0`).
    let k = c.expression().constant();
    let broken = if c.is_equality() {
        k.abs() > 1e-9
    } else {
        k > 1e-9
    };
    if broken || has_vars(c.expression()) {
        rows.push(c);
    }
}

fn build(inst: &RosterInstance, spec: &Spec<'_>) -> Built {
    let bin = || {
        if spec.relax {
            variable().min(0.0).max(1.0)
        } else {
            variable().binary()
        }
    };
    let h = inst.horizon;
    let ns = inst.shifts.len();
    let rule = |r: Rule| spec.rules.contains(&r);
    let mut vars = ProblemVariables::new();
    let mut start: Vec<f64> = Vec::new();
    let mut x: Cells = vec![vec![vec![None; ns]; h]; inst.staff.len()];
    for (e, (person, x_e)) in inst.staff.iter().zip(x.iter_mut()).enumerate() {
        for (d, x_ed) in x_e.iter_mut().enumerate() {
            if !spec.free[e][d] {
                continue;
            }
            if rule(Rule::DaysOff) && person.days_off.binary_search(&d).is_ok() {
                continue;
            }
            for (s, slot) in x_ed.iter_mut().enumerate() {
                if rule(Rule::MaxShifts) && person.max_shifts[s] == 0 {
                    continue;
                }
                *slot = Some((vars.add(bin()), start.len()));
                start.push(if spec.base[e][d] == Some(s) { 1.0 } else { 0.0 });
            }
        }
    }
    // Cell and day-worked expressions.
    let cell = |e: usize, d: usize, s: usize| -> Expression {
        match x[e][d][s] {
            Some((v, _)) => v.into_expression(),
            None if !spec.free[e][d] && spec.base[e][d] == Some(s) => Expression::from(1.0),
            None => Expression::from(0.0),
        }
    };
    let work = |e: usize, d: usize| -> Expression {
        let mut sum = Expression::from(0.0);
        for s in 0..ns {
            sum += cell(e, d, s);
        }
        sum
    };

    let mut rows = Vec::new();
    let push = keep;
    let mut staff_objective = Expression::from(0.0);
    // Whether each position is used: constants from the base, variables where decided here.
    let mut used_of: Vec<Expression> = spec
        .base
        .iter()
        .map(|row| {
            Expression::from(if row.iter().any(Option::is_some) {
                1.0
            } else {
                0.0
            })
        })
        .collect();
    for (e, person) in inst.staff.iter().enumerate() {
        if !spec.free[e].iter().any(|&f| f) {
            continue;
        }
        let w: Vec<Expression> = (0..h).map(|d| work(e, d)).collect();
        for (wd, _) in w.iter().zip(&spec.free[e]).filter(|(_, f)| **f) {
            push(&mut rows, constraint!(wd.clone() <= 1));
        }
        if rule(Rule::Succession) {
            for d in 0..h.saturating_sub(1) {
                if !(spec.free[e][d] || spec.free[e][d + 1]) {
                    continue;
                }
                for (s, shift) in inst.shifts.iter().enumerate() {
                    if shift.cannot_follow.is_empty() {
                        continue;
                    }
                    let mut lhs = cell(e, d, s);
                    for &t in &shift.cannot_follow {
                        lhs += cell(e, d + 1, t);
                    }
                    push(&mut rows, constraint!(lhs <= 1));
                }
            }
        }
        if rule(Rule::MaxShifts) {
            for s in 0..ns {
                let cap = person.max_shifts[s] as usize;
                if cap == 0 || cap >= h {
                    continue;
                }
                let mut sum = Expression::from(0.0);
                for d in 0..h {
                    sum += cell(e, d, s);
                }
                push(&mut rows, constraint!(sum <= cap as f64));
            }
        }
        // Position in use: 1, or a variable for positions that may stay empty (sizing).
        let base_used = spec.base[e].iter().any(Option::is_some);
        let used: Expression = match inst.rota.optional_cost.get(e).copied().flatten() {
            None => Expression::from(1.0),
            Some(cost) => {
                let u = vars.add(bin());
                start.push(if base_used { 1.0 } else { 0.0 });
                for wd in &w {
                    if has_vars(wd) || wd.constant() > 0.5 {
                        push(&mut rows, constraint!(wd.clone() <= u));
                    }
                }
                if spec.objective {
                    staff_objective += f64::from(cost) * u;
                }
                u.into_expression()
            }
        };
        if let Some(slot) = used_of.get_mut(e) {
            *slot = used.clone();
        }
        let mut minutes = Expression::from(0.0);
        for d in 0..h {
            for (s, shift) in inst.shifts.iter().enumerate() {
                minutes += f64::from(shift.minutes) * cell(e, d, s);
            }
        }
        if rule(Rule::MaxMinutes) {
            push(
                &mut rows,
                constraint!(minutes.clone() <= f64::from(person.max_total_minutes)),
            );
        }
        if rule(Rule::MinMinutes) {
            let min = f64::from(person.min_total_minutes);
            push(
                &mut rows,
                constraint!(minutes.clone() >= min * used.clone()),
            );
        }
        if spec.objective
            && inst.rota.deviation_weight > 0
            && let Some(&target) = inst.rota.target_minutes.get(e)
        {
            let dev = vars.add(variable().min(0.0));
            let base_minutes: f64 = spec.base[e]
                .iter()
                .flatten()
                .map(|&s| f64::from(inst.shifts[s].minutes))
                .sum();
            let base_target =
                if base_used || inst.rota.optional_cost.get(e).copied().flatten().is_none() {
                    f64::from(target)
                } else {
                    0.0
                };
            start.push((base_minutes - base_target).abs());
            let t = f64::from(target);
            push(
                &mut rows,
                constraint!(dev >= minutes.clone() - t * used.clone()),
            );
            push(
                &mut rows,
                constraint!(dev >= t * used.clone() - minutes.clone()),
            );
            staff_objective += f64::from(inst.rota.deviation_weight) * dev;
        }
        if rule(Rule::WeeklyMinutes)
            && let Some(limit) = inst.rota.max_minutes_per_week
        {
            for wk in 0..h / 7 {
                let mut sum = Expression::from(0.0);
                for d in 7 * wk..7 * wk + 7 {
                    for (s, shift) in inst.shifts.iter().enumerate() {
                        sum += f64::from(shift.minutes) * cell(e, d, s);
                    }
                }
                push(&mut rows, constraint!(sum <= f64::from(limit)));
            }
        }
        if rule(Rule::WeeklyRest)
            && let Some(bad) = &inst.rota.weekly_rest
        {
            for wk in 0..h / 7 {
                let days = 7 * wk..7 * wk + 7;
                let touched = (7 * wk).saturating_sub(1)..(7 * wk + 8).min(h);
                if !touched.clone().any(|d| spec.free[e][d]) {
                    continue;
                }
                let mut any = Expression::from(0.0);
                for d in days {
                    let off = spec.base[e][d].is_none();
                    let ok_before_after = |a: Option<usize>, b: Option<usize>| match (a, b) {
                        (Some(a), Some(b)) => !bad.contains(&(a, b)),
                        _ => true,
                    };
                    let prev = if d > 0 { spec.base[e][d - 1] } else { None };
                    let next = if d + 1 < h { spec.base[e][d + 1] } else { None };
                    let r = vars.add(bin());
                    start.push(if off && ok_before_after(prev, next) {
                        1.0
                    } else {
                        0.0
                    });
                    push(&mut rows, constraint!(r + w[d].clone() <= 1));
                    if d > 0 && d + 1 < h {
                        for &(a, b) in bad {
                            let lhs = r + cell(e, d - 1, a) + cell(e, d + 1, b);
                            push(&mut rows, constraint!(lhs <= 2));
                        }
                    }
                    any += r;
                }
                push(&mut rows, constraint!(any >= 1));
            }
        }
        if rule(Rule::MaxConsecutive) {
            let c = person.max_consecutive_shifts as usize;
            if c < h {
                for d0 in 0..h - c {
                    let mut sum = Expression::from(0.0);
                    for wd in &w[d0..=d0 + c] {
                        sum += wd.clone();
                    }
                    push(&mut rows, constraint!(sum <= c as f64));
                }
            }
        }
        if rule(Rule::MinConsecutive) {
            let m = person.min_consecutive_shifts as usize;
            for t in 1..h {
                for j in 1..m {
                    if t + j >= h {
                        break;
                    }
                    let lhs = w[t].clone() - w[t - 1].clone() - w[t + j].clone();
                    push(&mut rows, constraint!(lhs <= 0));
                }
            }
        }
        if rule(Rule::MinDaysOff) {
            let m = person.min_consecutive_days_off as usize;
            for t in 1..h {
                for j in 1..m {
                    if t + j >= h {
                        break;
                    }
                    let lhs = w[t - 1].clone() - w[t].clone() + w[t + j].clone();
                    push(&mut rows, constraint!(lhs <= 1));
                }
            }
        }
        let nw = inst.weekends();
        let every = inst
            .rota
            .weekend_every
            .filter(|_| rule(Rule::WeekendEvery))
            .map(|n| n.max(1) as usize);
        let cap_binds = rule(Rule::MaxWeekends) && (person.max_weekends as usize) < nw;
        if cap_binds || every.is_some_and(|n| n > 1) {
            // k[wk]: weekend wk worked (a variable, or a constant when its days are fixed).
            let mut k: Vec<Expression> = Vec::with_capacity(nw);
            for wk in 0..nw {
                let sat = 7 * wk + 5;
                let days: Vec<usize> = [sat, sat + 1].into_iter().filter(|&d| d < h).collect();
                if days.iter().all(|&d| !has_vars(&w[d])) {
                    let worked = days.iter().any(|&d| w[d].constant() > 0.5);
                    k.push(Expression::from(if worked { 1.0 } else { 0.0 }));
                    continue;
                }
                let worked = days.iter().any(|&d| spec.base[e][d].is_some());
                let kv = vars.add(bin());
                start.push(if worked { 1.0 } else { 0.0 });
                for &d in &days {
                    push(&mut rows, constraint!(kv >= w[d].clone()));
                }
                k.push(kv.into_expression());
            }
            if cap_binds {
                let mut count = Expression::from(0.0);
                for kw in &k {
                    count += kw.clone();
                }
                push(
                    &mut rows,
                    constraint!(count <= f64::from(person.max_weekends)),
                );
            }
            if let Some(n) = every {
                for w0 in 0..nw.saturating_sub(n - 1).max(1) {
                    let mut count = Expression::from(0.0);
                    for kw in k.iter().skip(w0).take(n) {
                        count += kw.clone();
                    }
                    push(&mut rows, constraint!(count <= 1));
                }
            }
        }
    }

    if spec.objective {
        for &(a, b) in &inst.rota.used_order {
            if let (Some(ua), Some(ub)) = (used_of.get(a), used_of.get(b)) {
                push(&mut rows, constraint!(ua.clone() >= ub.clone()));
            }
        }
    }
    let mut objective = staff_objective;
    if let Some(prices) = spec.prices {
        for (e, x_e) in x.iter().enumerate() {
            for (d, x_ed) in x_e.iter().enumerate() {
                for (s, v) in x_ed.iter().enumerate() {
                    if let Some((v, _)) = v {
                        let p = prices[e][d][s];
                        if p != 0.0 {
                            objective += p * *v;
                        }
                    }
                }
            }
        }
    }
    if spec.objective {
        for r in &inst.on_requests {
            objective += f64::from(r.weight) * (1.0 - cell(r.staff, r.day, r.shift));
        }
        for r in &inst.off_requests {
            objective += f64::from(r.weight) * cell(r.staff, r.day, r.shift);
        }
        for c in &inst.cover {
            let mut n = Expression::from(0.0);
            for e in 0..inst.staff.len() {
                n += cell(e, c.day, c.shift);
            }
            let req = f64::from(c.requirement);
            if !has_vars(&n) {
                let k = n.constant();
                objective += if k < req {
                    (req - k) * f64::from(c.weight_under)
                } else {
                    (k - req) * f64::from(c.weight_over)
                };
                continue;
            }
            let under = vars.add(variable().min(0.0));
            let over = vars.add(variable().min(0.0));
            let now = {
                let mut k = 0usize;
                for row in spec.base {
                    if row[c.day] == Some(c.shift) {
                        k += 1;
                    }
                }
                k as f64
            };
            start.push((req - now).max(0.0));
            start.push((now - req).max(0.0));
            rows.push(constraint!(n + under - over == req));
            objective += f64::from(c.weight_under) * under + f64::from(c.weight_over) * over;
        }
        for c in &inst.rota.skill_cover {
            let bit = 1u64 << c.skill;
            let mut n = Expression::from(0.0);
            let mut now = 0.0;
            for e in 0..inst.staff.len() {
                if inst.rota.staff_skills.get(e).is_some_and(|m| m & bit != 0) {
                    n += cell(e, c.day, c.shift);
                    if spec.base[e][c.day] == Some(c.shift) {
                        now += 1.0;
                    }
                }
            }
            let req = f64::from(c.requirement);
            if !has_vars(&n) {
                objective += (req - n.constant()).max(0.0) * f64::from(c.weight_under);
                continue;
            }
            let under = vars.add(variable().min(0.0));
            start.push((req - now).max(0.0));
            rows.push(constraint!(n + under >= req));
            objective += f64::from(c.weight_under) * under;
        }
    }
    Built {
        vars,
        rows,
        objective,
        x,
        start,
    }
}

/// Prices person `e` alone: every hard rule, no cover, objective `Σ prices[e][d][s] ·
/// x[e][d][s]` (column generation's pricing problem; every other person is left empty).
pub(crate) fn price_person(
    inst: &RosterInstance,
    e: usize,
    prices: &[Vec<Vec<f64>>],
    limits: SolveLimits,
) -> Result<MipOutcome> {
    let (n, h) = (inst.staff.len(), inst.horizon);
    let mut free = vec![vec![false; h]; n];
    free[e] = vec![true; h];
    let spec = Spec {
        free: &free,
        base: &vec![vec![None; h]; n],
        rules: &Rule::ALL,
        objective: false,
        warm_start: false,
        relax: false,
        prices: Some(prices),
    };
    solve(inst, &spec, limits)
}

/// Builds and solves one MIP. Never fails on infeasibility (that is an outcome); fails only
/// when HiGHS reports an error.
pub(crate) fn solve(
    inst: &RosterInstance,
    spec: &Spec<'_>,
    limits: SolveLimits,
) -> Result<MipOutcome> {
    let Built {
        vars,
        rows,
        objective,
        x,
        start,
    } = build(inst, spec);
    let n_vars = vars.len();
    let offset = objective.constant();
    if n_vars == 0 && !rows.is_empty() {
        // Nothing to decide, and the fixed cells break a rule (only broken constant rows are
        // kept).
        return Ok(MipOutcome {
            grid: None,
            optimal: false,
            infeasible: true,
            bound: None,
            lp: None,
        });
    }
    if n_vars == 0 {
        // Nothing to decide: the base is the answer.
        return Ok(MipOutcome {
            grid: Some(spec.base.clone()),
            optimal: true,
            infeasible: false,
            bound: Some(offset),
            lp: None,
        });
    }
    let mut problem = vars.minimise(objective).using(highs_solver);
    for r in rows {
        problem.add_constraint(r);
    }
    let mut model = problem
        .try_into_inner()
        .map_err(|e| Error::Internal(format!("HiGHS rejected the roster model: {e}")))?;
    // The objective is integral (integer weights): a gap below 1 is a proof of optimality.
    set_options(&mut model, &limits, true)?;
    if spec.warm_start && start.len() == n_vars {
        model
            .try_set_solution(Some(&start), None, None, None)
            .map_err(|e| Error::Internal(format!("HiGHS start solution: {e:?}")))?;
    }
    let solved = model
        .try_solve()
        .map_err(|e| Error::Internal(format!("HiGHS failed on the roster model: {e:?}")))?;
    let status = solved.status();
    let infeasible = matches!(
        status,
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible
    );
    let has_solution = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let optimal = status == HighsModelStatus::Optimal && has_solution;
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite())
        .map(|b| b + offset);
    let lp = if spec.relax && has_solution {
        let sol = solved.get_solution();
        let cols = sol.columns();
        Some(
            x.iter()
                .map(|row| {
                    row.iter()
                        .map(|cell| {
                            cell.iter()
                                .map(|v| {
                                    v.map_or(0.0, |(_, c)| cols.get(c).copied().unwrap_or(0.0))
                                })
                                .collect()
                        })
                        .collect()
                })
                .collect(),
        )
    } else {
        None
    };
    let grid = if has_solution && !spec.relax {
        let sol = solved.get_solution();
        let cols = sol.columns();
        let mut grid = spec.base.clone();
        for (e, row) in grid.iter_mut().enumerate() {
            for (d, slot) in row.iter_mut().enumerate() {
                if !spec.free[e][d] {
                    continue;
                }
                *slot = None;
                for (s, var) in x[e][d].iter().enumerate() {
                    if let Some((_, col)) = var
                        && cols.get(*col).copied().unwrap_or(0.0) > 0.5
                    {
                        *slot = Some(s);
                    }
                }
            }
        }
        Some(grid)
    } else {
        None
    };
    Ok(MipOutcome {
        grid,
        optimal,
        infeasible,
        bound: if optimal && bound.is_none() {
            Some(solved.objective_value() + offset)
        } else {
            bound
        },
        lp,
    })
}
