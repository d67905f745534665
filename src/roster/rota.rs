//! Team rotas for Norwegian home care on top of the roster engine: the key figures of a rota
//! ([`RotaKpis`]: full-time share, temp hours, weekend load per person) and sizing
//! ([`size`]: the fewest positions, full-time first, that carry a demand profile, once per
//! weekend rule).
//!
//! The rota itself is solved by [`super::solve`]: the rota rules (11 h / 35 h rest, weekend
//! frequency, weekly hours, contract hours) are part of the same MIP (see [`super::mip`]).

use serde::Serialize;

use crate::error::Result;
use crate::model::roster::{RosterInstance, StaffRules};

use super::{Grid, RosterParams, RosterRun, RosterSolution, lns, size_cg, solve_from};

/// Key figures of a rota.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RotaKpis {
    /// Staff who work at least one shift.
    pub staff_used: usize,
    /// Of those, staff with a 100 % contract.
    pub full_time: usize,
    /// `full_time / staff_used` (0 when nobody works).
    pub full_time_share: f64,
    /// Carer-hours of demand left uncovered (to be bought as temp hours).
    pub temp_hours: f64,
    /// Their price.
    pub temp_cost: f64,
    /// Carer-hours planned beyond demand.
    pub over_cover_hours: f64,
    /// Shifts that lack a required competence (counted per missing person).
    pub missing_skill: u64,
    /// Per person, in input order.
    pub staff: Vec<StaffKpis>,
}

/// One person's load.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StaffKpis {
    /// Staff id.
    pub id: String,
    /// Contract percentage.
    pub contract_percent: f64,
    /// Hours worked over the horizon.
    pub hours: f64,
    /// Contract hours over the horizon.
    pub contract_hours: f64,
    /// Weekends with at least one shift.
    pub weekends_worked: usize,
    /// Shifts worked.
    pub shifts: usize,
}

/// Computes the key figures of `grid`. `contract_percent[e]` and `temp_per_hour` come from the
/// input; the instance's `target_minutes` give the contract hours.
pub fn kpis(
    inst: &RosterInstance,
    grid: &Grid,
    contract_percent: &[f64],
    temp_per_hour: f64,
) -> RotaKpis {
    let h = inst.horizon;
    let mut temp_minutes = 0u64;
    let mut over_minutes = 0u64;
    for c in &inst.cover {
        let n = grid
            .iter()
            .filter(|row| row[c.day] == Some(c.shift))
            .count() as u64;
        let req = u64::from(c.requirement);
        let m = u64::from(inst.shifts[c.shift].minutes);
        temp_minutes += req.saturating_sub(n) * m;
        over_minutes += n.saturating_sub(req) * m;
    }
    let mut missing_skill = 0u64;
    for c in &inst.rota.skill_cover {
        let n = grid
            .iter()
            .enumerate()
            .filter(|(e, row)| {
                row[c.day] == Some(c.shift)
                    && inst
                        .rota
                        .staff_skills
                        .get(*e)
                        .is_some_and(|m| (m >> c.skill) & 1 == 1)
            })
            .count() as u64;
        missing_skill += u64::from(c.requirement).saturating_sub(n);
    }
    let mut staff = Vec::new();
    for (e, (person, row)) in inst.staff.iter().zip(grid).enumerate() {
        let minutes: u64 = row
            .iter()
            .flatten()
            .map(|&s| u64::from(inst.shifts[s].minutes))
            .sum();
        let weekends_worked = (0..inst.weekends())
            .filter(|w| {
                let sat = 7 * w + 5;
                row[sat].is_some() || (sat + 1 < h && row[sat + 1].is_some())
            })
            .count();
        staff.push(StaffKpis {
            id: person.id.clone(),
            contract_percent: contract_percent.get(e).copied().unwrap_or(0.0),
            hours: minutes as f64 / 60.0,
            contract_hours: f64::from(inst.rota.target_minutes.get(e).copied().unwrap_or(0)) / 60.0,
            weekends_worked,
            shifts: row.iter().flatten().count(),
        });
    }
    let used: Vec<&StaffKpis> = staff.iter().filter(|s| s.shifts > 0).collect();
    let full_time = used
        .iter()
        .filter(|s| s.contract_percent >= 100.0 - 1e-9)
        .count();
    let temp_hours = temp_minutes as f64 / 60.0;
    RotaKpis {
        staff_used: used.len(),
        full_time,
        full_time_share: if used.is_empty() {
            0.0
        } else {
            full_time as f64 / used.len() as f64
        },
        temp_hours,
        temp_cost: temp_hours * temp_per_hour,
        over_cover_hours: over_minutes as f64 / 60.0,
        missing_skill,
        staff,
    }
}

/// Candidate positions for sizing.
#[derive(Clone, Debug, PartialEq)]
pub struct SizingPool {
    /// Candidate full-time positions.
    pub full_time: usize,
    /// (contract percent, candidates) for part-time positions.
    pub part_time: Vec<(f64, usize)>,
    /// Hours per week of a 100 % position.
    pub full_time_hours_per_week: f64,
    /// Allowed deviation from contract hours over the horizon, hours.
    pub tolerance_hours: f64,
    /// Cost of one paid hour.
    pub staff_cost_per_hour: f64,
    /// Extra cost of a part-time position, in paid hours.
    pub part_time_penalty_hours: f64,
    /// Skills every candidate has (bit mask).
    pub skills: u64,
}

/// One line of the sizing table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SizingRow {
    /// The weekend rule: work every n-th weekend.
    pub weekend_every: u32,
    /// Full-time positions used.
    pub full_time: usize,
    /// Part-time positions used, by contract percentage.
    pub part_time: Vec<(f64, usize)>,
    /// Full-time share of the positions used.
    pub full_time_share: f64,
    /// Demand left to temps, carer-hours.
    pub temp_hours: f64,
    /// Carer-hours beyond demand.
    pub over_cover_hours: f64,
    /// Objective (position costs + temp + over-cover prices).
    pub objective: i64,
    /// Solver status.
    pub status: String,
    /// Proven lower bound on the objective, if any.
    pub bound: Option<i64>,
}

/// The sizing instance: `base` with its staff replaced by the candidate positions, each
/// optional with cost = contract hours × `staff_cost_per_hour` (+ the part-time penalty), and
/// the weekend rule `weekend_every`. Returns the instance and each candidate's percentage.
pub fn sizing_instance(
    base: &RosterInstance,
    pool: &SizingPool,
    weeks: usize,
    weekend_every: u32,
) -> (RosterInstance, Vec<f64>) {
    let template = base.staff.first().cloned().unwrap_or(StaffRules {
        id: String::new(),
        max_shifts: vec![u32::try_from(base.horizon).unwrap_or(u32::MAX); base.shifts.len()],
        max_total_minutes: 0,
        min_total_minutes: 0,
        max_consecutive_shifts: 5,
        min_consecutive_shifts: 1,
        min_consecutive_days_off: 1,
        max_weekends: u32::try_from(base.horizon).unwrap_or(u32::MAX),
        days_off: vec![],
    });
    let mut inst = base.clone();
    inst.staff.clear();
    inst.on_requests.clear();
    inst.off_requests.clear();
    inst.rota.weekend_every = Some(weekend_every);
    inst.rota.staff_skills.clear();
    inst.rota.target_minutes.clear();
    inst.rota.optional_cost.clear();
    let mut percents = Vec::new();
    let classes = std::iter::once((100.0, pool.full_time)).chain(pool.part_time.iter().copied());
    inst.rota.used_order.clear();
    for (percent, count) in classes {
        for i in 0..count {
            if i > 0 {
                let e = inst.staff.len();
                inst.rota.used_order.push((e - 1, e));
            }
            let target =
                (percent / 100.0 * pool.full_time_hours_per_week * 60.0 * weeks as f64).round();
            let tol = (pool.tolerance_hours * 60.0).round();
            let penalty = if percent < 100.0 {
                pool.part_time_penalty_hours
            } else {
                0.0
            };
            let cost = ((target / 60.0 + penalty) * pool.staff_cost_per_hour).round();
            inst.staff.push(StaffRules {
                id: format!("{}%-{}", percent, i + 1),
                max_shifts: vec![
                    u32::try_from(base.horizon).unwrap_or(u32::MAX);
                    base.shifts.len()
                ],
                max_total_minutes: (target + tol) as u32,
                min_total_minutes: (target - tol).max(0.0) as u32,
                days_off: vec![],
                ..template.clone()
            });
            inst.rota.staff_skills.push(pool.skills);
            inst.rota.target_minutes.push(target as u32);
            inst.rota.optional_cost.push(Some(cost as u32));
            percents.push(percent);
        }
    }
    // Candidates of one class are interchangeable; deviation is priced inside the cost.
    inst.rota.deviation_weight = 0;
    (inst, percents)
}

/// Sizes the positions for `base`'s demand under each weekend rule, each run with `run`'s
/// limits (the deadline is shared out evenly).
///
/// # Errors
/// As [`solve`].
pub fn size(
    base: &RosterInstance,
    pool: &SizingPool,
    weeks: usize,
    weekend_rules: &[u32],
    params: &RosterParams,
    run: &RosterRun,
) -> Result<Vec<(SizingRow, RosterInstance, RosterSolution)>> {
    let mut out = Vec::new();
    for (i, &every) in weekend_rules.iter().enumerate() {
        let (inst, percents) = sizing_instance(base, pool, weeks, every);
        let left = weekend_rules.len() - i;
        let sub_run = RosterRun {
            seed: run.seed,
            deadline: run.deadline.map(|d| {
                let now = std::time::Instant::now();
                now + d.saturating_duration_since(now) / left as u32
            }),
            max_iterations: run.max_iterations,
            cancel: run.cancel.clone(),
        };
        // Column generation over the candidate classes (see `size_cg`): a start roster and a
        // bound; then the full MIP and the neighbourhood search from the better start.
        let seed32 = (run.seed ^ (run.seed >> 32)) as u32;
        let now = std::time::Instant::now();
        let budget = sub_run.deadline.map(|d| d.saturating_duration_since(now));
        let share = |s: f64| {
            budget.map_or(crate::limits::duration(params.initial_seconds), |b| {
                b.mul_f64(s)
            })
        };
        let cg = match size_cg::classes(&inst) {
            Some(classes) if params.columns => Some(size_cg::solve(
                &inst,
                &classes,
                seed32,
                params.column_rounds,
                crate::limits::after(now, share(params.column_share.max(0.3))),
                // (Sizing's master MIP decides the positions: at least a fifth of the time.)
                share(params.master_share.max(0.2)),
                params.master_nodes,
            )?),
            _ => None,
        };
        let sized_params = RosterParams {
            // Without column generation the full MIP (with the symmetry breaking between
            // candidates) does most of the work.
            initial_share: if cg.is_some() {
                params.initial_share.max(0.2)
            } else {
                params.initial_share.max(0.5)
            },
            ..params.clone()
        };
        let mut sol = solve_from(
            &inst,
            &sized_params,
            &sub_run,
            cg.as_ref().and_then(|c| c.grid.clone()),
        )?;
        if let Some(c) = &cg {
            sol.column_rounds += c.rounds;
            sol.columns += c.columns;
            sol.column_bound = c.bound;
            super::trace!(
                "sizing every {every}: {} rounds, {} columns, converged {}, bound {:?}",
                c.rounds,
                c.columns,
                c.converged,
                c.bound
            );
        }
        if let Some(b) = cg.as_ref().and_then(|c| c.bound).map(lns::lagrange_bound) {
            sol.bound = Some(sol.bound.map_or(b, |old| old.max(b)));
            if sol.bound.is_some_and(|b| sol.objective <= b) {
                sol.status = super::RosterStatus::Optimal;
            }
        }
        let k = kpis(&inst, &sol.grid, &percents, 0.0);
        let mut part: Vec<(f64, usize)> = pool.part_time.iter().map(|&(p, _)| (p, 0)).collect();
        for s in k.staff.iter().filter(|s| s.shifts > 0) {
            if let Some(slot) = part
                .iter_mut()
                .find(|(p, _)| (*p - s.contract_percent).abs() < 1e-9 && *p < 100.0)
            {
                slot.1 += 1;
            }
        }
        out.push((
            SizingRow {
                weekend_every: every,
                full_time: k.full_time,
                part_time: part,
                full_time_share: k.full_time_share,
                temp_hours: k.temp_hours,
                over_cover_hours: k.over_cover_hours,
                objective: sol.objective,
                status: sol.status.as_str().to_string(),
                bound: sol.bound,
            },
            inst,
            sol,
        ));
    }
    Ok(out)
}
