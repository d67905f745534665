//! Sizing by column generation over *position classes* (price-and-branch, aggregated).
//!
//! The sizing instance ([`super::rota::sizing_instance`]) lists interchangeable candidate
//! positions: every candidate of one contract class has the same rules, skills and cost, and
//! any one may stay empty. So the master problem need not say *which* candidate works a
//! personal roster, only how many do:
//!
//! ```text
//! min  Σ_p cost_c(p) λ_p + Σ_c (w_under u_c + w_over o_c) + Σ_k w_k v_k
//!      Σ_{p ∈ class c} λ_p ≤ K_c                      (candidates of class c; dual μ_c ≤ 0)
//!      Σ_p a_p(c) λ_p + u_c − o_c = req_c             (cover slot c; dual π_c)
//!      Σ_p a_p(k) λ_p + v_k ≥ req_k                   (skilled cover k; dual σ_k ≥ 0)
//!      λ_p ∈ {0, 1, …, K_c}
//! ```
//!
//! `λ_p` counts the positions of the class that work personal roster `p`. There is no symmetry
//! between candidates left, which is what made the compact model slow. Columns come from one
//! HiGHS pricing MIP per class (every hard rule of the rota: rest, weekend frequency, weekly
//! hours, contract band) with cell prices `−π − Σ σ`; a roster enters when
//! `cost_c − μ_c + Σ prices` is negative. Every round gives the Lagrangian bound
//! `Σ π req + Σ σ req + Σ_c K_c · min(0, cost_c + LB_c)` (π clipped to `[−w_over, w_under]`,
//! σ to `[0, w_k]`, `LB_c` the bound HiGHS proved for the class's pricing MIP), valid for
//! every roster by weak duality. The master MIP over the columns then fills positions in
//! candidate order (which also meets the order of [`RotaRules::used_order`]).
//!
//! [`RotaRules::used_order`]: crate::model::roster::RotaRules::used_order

use std::collections::HashSet;
use std::ops::Range;
use std::time::{Duration, Instant};

use highs::{ColProblem, HighsSolutionStatus, Row, Sense};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::model::roster::{RosterInstance, RotaRules};

use super::Grid;
use super::mip::{self, SolveLimits};
use super::{cg, price};

/// The candidate classes of a sizing instance: consecutive candidates linked by
/// `used_order` with equal rules, skills and cost. `None` when the instance is not a sizing
/// instance (a position that must be filled, requests, deviation costs).
pub(crate) fn classes(inst: &RosterInstance) -> Option<Vec<Range<usize>>> {
    let r = &inst.rota;
    let n = inst.staff.len();
    if n == 0
        || !inst.on_requests.is_empty()
        || !inst.off_requests.is_empty()
        || r.deviation_weight != 0
        || r.optional_cost.len() != n
        || r.optional_cost.iter().any(Option::is_none)
    {
        return None;
    }
    let linked: HashSet<(usize, usize)> = r.used_order.iter().copied().collect();
    let same = |a: usize, b: usize| {
        let (x, y) = (&inst.staff[a], &inst.staff[b]);
        x.max_shifts == y.max_shifts
            && x.max_total_minutes == y.max_total_minutes
            && x.min_total_minutes == y.min_total_minutes
            && x.max_consecutive_shifts == y.max_consecutive_shifts
            && x.min_consecutive_shifts == y.min_consecutive_shifts
            && x.min_consecutive_days_off == y.min_consecutive_days_off
            && x.max_weekends == y.max_weekends
            && x.days_off == y.days_off
            && r.staff_skills.get(a) == r.staff_skills.get(b)
            && r.optional_cost[a] == r.optional_cost[b]
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for e in 1..=n {
        if e == n || !linked.contains(&(e - 1, e)) {
            if !(start..e).all(|x| same(start, x)) {
                return None;
            }
            out.push(start..e);
            start = e;
        }
    }
    Some(out)
}

/// Pricing MIPs (the fallback of the labelling) stop at this gap, relative to the position's
/// cost.
const PRICING_GAP: f64 = 1e-3;

/// Rosters the labelling may add per class and round (its cheapest).
const COLUMNS_PER_CLASS: usize = 5;

/// One person's row of a roster (`None` = day off).
type PersonalRow = Vec<Option<usize>>;

/// One personal roster of a class.
struct Column {
    class: usize,
    row: Vec<Option<usize>>,
}

/// What the sizing column generation found.
pub(crate) struct SizingCg {
    /// The best roster of the master MIP (positions filled in candidate order), if any.
    pub grid: Option<Grid>,
    /// Best Lagrangian bound (unrounded), if one was proven.
    pub bound: Option<f64>,
    /// Pricing rounds done.
    pub rounds: u64,
    /// Columns generated.
    pub columns: usize,
    /// The master LP is optimal over all personal rosters (no column priced out).
    pub converged: bool,
}

/// The pricing instance of one class: its first candidate alone, a position that must be
/// filled (the empty roster is the master's slack), no cover.
fn class_instance(inst: &RosterInstance, first: usize) -> RosterInstance {
    RosterInstance {
        name: inst.name.clone(),
        horizon: inst.horizon,
        shifts: inst.shifts.clone(),
        staff: vec![inst.staff[first].clone()],
        on_requests: Vec::new(),
        off_requests: Vec::new(),
        cover: Vec::new(),
        rota: RotaRules {
            weekend_every: inst.rota.weekend_every,
            weekly_rest: inst.rota.weekly_rest.clone(),
            max_minutes_per_week: inst.rota.max_minutes_per_week,
            skill_names: inst.rota.skill_names.clone(),
            staff_skills: inst
                .rota
                .staff_skills
                .get(first)
                .into_iter()
                .copied()
                .collect(),
            ..RotaRules::default()
        },
    }
}

/// Solution of the master (LP or MIP).
struct MasterOut {
    lambda: Vec<f64>,
    /// Duals: classes, cover rows, skill rows.
    mu: Vec<f64>,
    pi: Vec<f64>,
    sigma: Vec<f64>,
    value: f64,
}

struct Master<'a> {
    inst: &'a RosterInstance,
    classes: &'a [Range<usize>],
    cost: Vec<f64>,
    /// `cover_at[d][s]`, `skill_at[d][s]`: the cover and skilled-cover rows of slot (d, s).
    cover_at: Vec<Vec<Vec<usize>>>,
    skill_at: Vec<Vec<Vec<usize>>>,
    cols: Vec<Column>,
    seen: HashSet<(usize, Vec<Option<usize>>)>,
}

impl Master<'_> {
    fn has_skill(&self, class: usize, k: usize) -> bool {
        let first = self.classes[class].start;
        let skill = self.inst.rota.skill_cover[k].skill;
        self.inst
            .rota
            .staff_skills
            .get(first)
            .is_some_and(|m| m & (1u64 << skill) != 0)
    }

    fn add(&mut self, class: usize, row: Vec<Option<usize>>) -> bool {
        if !self.seen.insert((class, row.clone())) {
            return false;
        }
        self.cols.push(Column { class, row });
        true
    }

    fn solve(&self, integer: bool, limits: SolveLimits) -> Result<Option<MasterOut>> {
        let inst = self.inst;
        let mut pb = ColProblem::default();
        let class_rows: Vec<Row> = self
            .classes
            .iter()
            .map(|c| pb.add_row(..=c.len() as f64))
            .collect();
        let cov = cg::cover_rows(&mut pb, inst);
        let sk: Vec<Row> = inst
            .rota
            .skill_cover
            .iter()
            .map(|c| pb.add_row(f64::from(c.requirement)..))
            .collect();
        for col in &self.cols {
            let mut factors: Vec<(Row, f64)> = vec![(class_rows[col.class], 1.0)];
            for (d, x) in col.row.iter().enumerate() {
                if let Some(s) = *x {
                    for &i in &self.cover_at[d][s] {
                        factors.push((cov[i], 1.0));
                    }
                    for &k in &self.skill_at[d][s] {
                        if self.has_skill(col.class, k) {
                            factors.push((sk[k], 1.0));
                        }
                    }
                }
            }
            let cap = self.classes[col.class].len() as f64;
            pb.add_column_with_integrality(self.cost[col.class], 0.0..=cap, &factors, integer);
        }
        cg::cover_slacks(&mut pb, inst, &cov);
        for (k, c) in inst.rota.skill_cover.iter().enumerate() {
            pb.add_column(f64::from(c.weight_under), 0.0.., [(sk[k], 1.0)]);
        }
        let mut model = pb
            .try_optimise(Sense::Minimise)
            .map_err(|e| Error::Internal(format!("HiGHS rejected the sizing master: {e:?}")))?;
        model.make_quiet();
        mip::set_options(&mut model, &limits, integer)?;
        let solved = model
            .try_solve()
            .map_err(|e| Error::Internal(format!("HiGHS failed on the sizing master: {e:?}")))?;
        if solved.primal_solution_status() != HighsSolutionStatus::Feasible {
            return Ok(None);
        }
        let sol = solved.get_solution();
        let lambda = sol.columns()[..self.cols.len()].to_vec();
        let duals = sol.dual_rows();
        let (nc, ncov, nsk) = (self.classes.len(), inst.cover.len(), sk.len());
        let (mu, pi, sigma) = if integer || duals.len() < nc + ncov + nsk {
            (Vec::new(), Vec::new(), Vec::new())
        } else {
            (
                duals[..nc].to_vec(),
                duals[nc..nc + ncov].to_vec(),
                duals[nc + ncov..nc + ncov + nsk].to_vec(),
            )
        };
        Ok(Some(MasterOut {
            lambda,
            mu,
            pi,
            sigma,
            value: solved.objective_value(),
        }))
    }
}

/// Column generation for the sizing instance `inst` with candidate `classes`: pricing rounds
/// until convergence, `max_rounds` or `price_end`, then the master MIP for `master_time`
/// (and at most `master_nodes` nodes).
///
/// # Errors
/// [`Error::Internal`] on HiGHS failures.
pub(crate) fn solve(
    inst: &RosterInstance,
    classes: &[Range<usize>],
    seed: u32,
    max_rounds: u64,
    price_end: Instant,
    master_time: Duration,
    master_nodes: Option<u64>,
) -> Result<SizingCg> {
    let (h, ns) = (inst.horizon, inst.shifts.len());
    let cover_at = cg::slot_index(inst, inst.cover.iter().map(|c| (c.day, c.shift)));
    let skill_at = cg::slot_index(inst, inst.rota.skill_cover.iter().map(|c| (c.day, c.shift)));
    let cost: Vec<f64> = classes
        .iter()
        .map(|c| f64::from(inst.rota.optional_cost[c.start].unwrap_or(0)))
        .collect();
    let pricing: Vec<RosterInstance> = classes
        .iter()
        .map(|c| class_instance(inst, c.start))
        .collect();
    let mut master = Master {
        inst,
        classes,
        cost,
        cover_at,
        skill_at,
        cols: Vec::new(),
        seen: HashSet::new(),
    };
    let lp_limits = |time: Duration| SolveLimits {
        seed,
        time,
        nodes: None,
        abs_gap: 0.0,
    };
    let (mut bound, mut rounds, mut converged) = (None::<f64>, 0u64, false);
    while rounds < max_rounds && Instant::now() < price_end {
        let left = price_end.saturating_duration_since(Instant::now());
        let Some(lp) = master.solve(false, lp_limits(left))? else {
            break;
        };
        if lp.pi.len() != inst.cover.len() {
            break;
        }
        let pi = cg::clipped_cover_duals(inst, &lp.pi);
        let sigma: Vec<f64> = inst
            .rota
            .skill_cover
            .iter()
            .zip(&lp.sigma)
            .map(|(c, &s)| s.clamp(0.0, f64::from(c.weight_under)))
            .collect();
        // Cell prices of each class.
        let prices: Vec<Vec<Vec<f64>>> = (0..classes.len())
            .map(|c| {
                (0..h)
                    .map(|d| {
                        (0..ns)
                            .map(|s| {
                                let mut p: f64 =
                                    -master.cover_at[d][s].iter().map(|&i| pi[i]).sum::<f64>();
                                for &k in &master.skill_at[d][s] {
                                    if master.has_skill(c, k) {
                                        p -= sigma[k];
                                    }
                                }
                                p
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let outs: Vec<(Vec<PersonalRow>, Option<f64>)> = (0..classes.len())
            .into_par_iter()
            .map(|c| {
                // A roster enters when `cost_c − μ_c + Σ prices < 0`.
                let threshold = lp.mu.get(c).map_or(f64::INFINITY, |m| m - master.cost[c]);
                if let Some(found) = price::price(
                    &pricing[c],
                    0,
                    &prices[c],
                    COLUMNS_PER_CLASS,
                    threshold,
                    price::DEFAULT_MAX_LABELS,
                ) {
                    return Ok((
                        found.rows.into_iter().map(|r| r.row).collect(),
                        Some(found.bound).filter(|b| b.is_finite()),
                    ));
                }
                let left = price_end.saturating_duration_since(Instant::now());
                let out = mip::price_person(
                    &pricing[c],
                    0,
                    std::slice::from_ref(&prices[c]),
                    SolveLimits {
                        seed: seed.wrapping_add(c as u32),
                        time: left.min(Duration::from_secs(20)),
                        nodes: None,
                        // A gap of 0.1 % of a position's cost: much faster pricing, and the
                        // bound loses at most that per candidate (HiGHS's proven bound
                        // enters it).
                        abs_gap: (master.cost[c] * PRICING_GAP).max(1e-6),
                    },
                )?;
                Ok((
                    out.grid.map(|g| g[0].clone()).into_iter().collect(),
                    out.bound,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        let mut lagrange: Option<f64> = Some(
            inst.cover
                .iter()
                .zip(&pi)
                .map(|(c, p)| p * f64::from(c.requirement))
                .chain(
                    inst.rota
                        .skill_cover
                        .iter()
                        .zip(&sigma)
                        .map(|(c, s)| s * f64::from(c.requirement)),
                )
                .sum(),
        );
        let mut added = 0;
        for (c, (rows, lb)) in outs.into_iter().enumerate() {
            let k = classes[c].len() as f64;
            lagrange = match (lagrange, lb) {
                (Some(l), Some(b)) => Some(l + k * (master.cost[c] + b).min(0.0)),
                _ => None,
            };
            for row in rows {
                // Against the unclipped LP duals: the LP's own reduced cost.
                let mut rc = master.cost[c] - lp.mu.get(c).copied().unwrap_or(0.0);
                for (d, x) in row.iter().enumerate() {
                    if let Some(s) = *x {
                        rc -= master.cover_at[d][s].iter().map(|&i| lp.pi[i]).sum::<f64>();
                        for &kk in &master.skill_at[d][s] {
                            if master.has_skill(c, kk) {
                                rc -= lp.sigma[kk];
                            }
                        }
                    }
                }
                if rc < -1e-6 && master.add(c, row) {
                    added += 1;
                }
            }
        }
        if let Some(l) = lagrange {
            bound = Some(bound.map_or(l, |b| b.max(l)));
        }
        rounds += 1;
        super::trace!(
            "sizing round {rounds} lp {:.1} lagrange {lagrange:?} added {added} cols {}",
            lp.value,
            master.cols.len()
        );
        if added == 0 {
            converged = lagrange.is_some_and(|l| l >= lp.value - 1e-6 * (1.0 + lp.value.abs()));
            break;
        }
    }
    let mut grid = None;
    if !master.cols.is_empty() {
        let limits = SolveLimits {
            seed,
            time: master_time,
            nodes: master_nodes,
            abs_gap: mip::INTEGRAL_GAP,
        };
        if let Some(out) = master.solve(true, limits)? {
            let mut g: Grid = vec![vec![None; h]; inst.staff.len()];
            let mut next: Vec<usize> = classes.iter().map(|c| c.start).collect();
            for (col, &l) in master.cols.iter().zip(&out.lambda) {
                for _ in 0..(l.round().max(0.0) as usize) {
                    let e = next[col.class];
                    if e < classes[col.class].end {
                        g[e].clone_from(&col.row);
                        next[col.class] += 1;
                    }
                }
            }
            super::trace!("sizing master mip {:.1}", out.value);
            grid = Some(g);
        }
    }
    Ok(SizingCg {
        grid,
        bound,
        rounds,
        columns: master.cols.len(),
        converged,
    })
}
