//! Column generation over personal rosters (price-and-branch).
//!
//! Every hard rule concerns one person, so a roster is one feasible *personal roster* (a
//! column) per person, and only the cover couples people. The master problem picks one column
//! per person:
//!
//! ```text
//! min  Σ_{e,p} cost_p λ_ep + Σ_c (w_under_c u_c + w_over_c o_c)
//!      Σ_p λ_ep = 1                                   (each person e; dual μ_e)
//!      Σ_{e,p} a_p(c) λ_ep + u_c − o_c = req_c        (each cover slot c; dual π_c)
//! ```
//!
//! `cost_p` is the request penalty of the column, `a_p(c)` whether it works slot `c`. Its LP
//! relaxation is much stronger than the compact model's (the personal rules are convexified
//! person by person). Columns come from *pricing*: one small HiGHS MIP per person with every
//! hard rule and the cell prices `request penalty − π_(d,s)`; a column enters when its reduced
//! cost `price − μ_e` is negative.
//!
//! Every pricing round also gives a Lagrangian lower bound that needs no LP optimality:
//! `L(π) = Σ_c π_c req_c + Σ_e LB_e(π)` with `π_c` clipped to `[−w_over_c, w_under_c]` and
//! `LB_e(π)` the lower bound HiGHS *proved* for person `e`'s pricing MIP (weak duality: for any
//! such `π`, every roster costs at least `L(π)`).
//!
//! After the rounds, the master is solved as a MIP over all generated columns (plus the
//! incumbent's, so it starts from the incumbent and can only improve it). Any choice of one
//! column per person is a feasible roster.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::collections::HashSet;
use std::time::{Duration, Instant};

use highs::{ColProblem, HighsModelStatus, HighsSolutionStatus, Row, Sense};

use crate::error::{Error, Result};
use crate::model::roster::RosterInstance;

use super::Grid;
use super::mip::{self, SolveLimits};
use super::price;

/// Columns a labelling pricing may add per person and round (its cheapest rosters).
const COLUMNS_PER_PERSON: usize = 3;

/// A step over personal rosters prices for 1/this of its time; its master MIP gets the rest
/// (on instance 8 the MIP over 17–23 freed people rarely proved its optimum with half).
const STEP_PRICING_PART: u32 = 4;

/// What pricing found for one person: rosters (cheapest first) and the proven lower bound
/// of the pricing problem.
struct Priced {
    rows: Vec<Vec<Option<usize>>>,
    bound: Option<f64>,
}

/// Whether the instance fits the master problem: no rule or cost couples people except cover
/// (no skill cover, optional positions, deviation costs or position order of team rotas).
pub(crate) fn applies(inst: &RosterInstance) -> bool {
    let r = &inst.rota;
    r.skill_cover.is_empty()
        && r.deviation_weight == 0
        && r.optional_cost.iter().all(Option::is_none)
        && r.used_order.is_empty()
        && !inst.cover.is_empty()
}

/// One personal roster.
struct Column {
    staff: usize,
    row: Vec<Option<usize>>,
    /// Request penalty of the row.
    cost: f64,
}

/// The pool of columns and what is known about the master problem.
pub(crate) struct Pool {
    cols: Vec<Column>,
    seen: HashSet<(usize, Vec<Option<usize>>)>,
    /// `cover_at[d][s]`: indices of the cover entries of slot `(d, s)`.
    cover_at: Vec<Vec<Vec<usize>>>,
    /// Best Lagrangian lower bound proven so far.
    pub bound: Option<f64>,
    /// LP value of the restricted master at the last round.
    pub lp_value: Option<f64>,
    /// Pricing rounds done.
    pub rounds: u64,
    /// The LP of the master is proven optimal over all columns (no negative reduced cost).
    pub converged: bool,
    /// Time spent in pricing (every person once per call), and the number of calls.
    pricing_time: Duration,
    pricing_calls: u32,
    /// Column values of the last master LP (by pool index; shorter than the pool when
    /// columns were added after it).
    lambda: Vec<f64>,
    /// Cover duals with the best Lagrangian bound so far, and that bound (smoothing centre).
    center: Option<(Vec<f64>, f64)>,
    /// Absolute MIP gap of the pricing MIPs (HiGHS `mip_abs_gap`).
    pub pricing_gap: f64,
    /// Set from another thread to end pricing rounds, dives and steps at once (as if their
    /// deadline had come).
    pub cancel: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

/// Weight of the smoothing centre in the pricing duals.
const SMOOTHING: f64 = 0.5;

/// Request penalty of person `e` working `row`.
fn row_cost(inst: &RosterInstance, e: usize, row: &[Option<usize>]) -> f64 {
    let mut c = 0u64;
    for r in inst.on_requests.iter().filter(|r| r.staff == e) {
        if row[r.day] != Some(r.shift) {
            c += u64::from(r.weight);
        }
    }
    for r in inst.off_requests.iter().filter(|r| r.staff == e) {
        if row[r.day] == Some(r.shift) {
            c += u64::from(r.weight);
        }
    }
    c as f64
}

/// Solution of the master (LP or MIP).
struct MasterOut {
    /// Column values (λ), by pool index.
    lambda: Vec<f64>,
    /// Duals of the convexity rows (by person) and of the cover rows (by cover index).
    mu: Vec<f64>,
    pi: Vec<f64>,
    value: f64,
    /// The MIP was solved to proven optimality (over the pool).
    optimal: bool,
}

/// `at[d][s]`: the indices of the entries of `slots` (by their day and shift) on slot
/// `(d, s)`; entries outside the horizon or the shift types are left out.
pub(super) fn slot_index(
    inst: &RosterInstance,
    slots: impl Iterator<Item = (usize, usize)>,
) -> Vec<Vec<Vec<usize>>> {
    let mut at = vec![vec![Vec::new(); inst.shifts.len()]; inst.horizon];
    for (i, (day, shift)) in slots.enumerate() {
        if let Some(slot) = at.get_mut(day).and_then(|d| d.get_mut(shift)) {
            slot.push(i);
        }
    }
    at
}

/// The request part of the cell prices, `[e][d][s]`, and the constant Σ on-request weights
/// per person (a roster's request penalty = constant + Σ of its worked cells' prices).
fn request_prices(inst: &RosterInstance) -> (Vec<Vec<Vec<f64>>>, Vec<f64>) {
    let (n, h, ns) = (inst.staff.len(), inst.horizon, inst.shifts.len());
    let mut base_price = vec![vec![vec![0.0; ns]; h]; n];
    let mut on_const = vec![0.0; n];
    for r in &inst.on_requests {
        base_price[r.staff][r.day][r.shift] -= f64::from(r.weight);
        on_const[r.staff] += f64::from(r.weight);
    }
    for r in &inst.off_requests {
        base_price[r.staff][r.day][r.shift] += f64::from(r.weight);
    }
    (base_price, on_const)
}

/// The master LP's cover duals clipped to `[−w_over, w_under]` of each cover row, where the
/// Lagrangian bound is valid.
pub(super) fn clipped_cover_duals(inst: &RosterInstance, pi: &[f64]) -> Vec<f64> {
    inst.cover
        .iter()
        .zip(pi)
        .map(|(c, &p)| p.clamp(-f64::from(c.weight_over), f64::from(c.weight_under)))
        .collect()
}

/// One equality row `= requirement` per cover entry of `inst`.
pub(super) fn cover_rows(pb: &mut ColProblem, inst: &RosterInstance) -> Vec<Row> {
    inst.cover
        .iter()
        .map(|c| {
            let r = f64::from(c.requirement);
            pb.add_row(r..=r)
        })
        .collect()
}

/// The under- and over-cover slack columns of every cover row, priced by their weights.
pub(super) fn cover_slacks(pb: &mut ColProblem, inst: &RosterInstance, cov: &[Row]) {
    for (c, &row) in inst.cover.iter().zip(cov) {
        pb.add_column(f64::from(c.weight_under), 0.0.., [(row, 1.0)]);
        pb.add_column(f64::from(c.weight_over), 0.0.., [(row, -1.0)]);
    }
}

impl Pool {
    /// An empty pool for `inst`.
    pub fn new(inst: &RosterInstance) -> Pool {
        let cover_at = slot_index(inst, inst.cover.iter().map(|c| (c.day, c.shift)));
        Pool {
            cols: Vec::new(),
            seen: HashSet::new(),
            cover_at,
            bound: None,
            lp_value: None,
            rounds: 0,
            converged: false,
            pricing_time: Duration::ZERO,
            pricing_calls: 0,
            lambda: Vec::new(),
            center: None,
            pricing_gap: 1e-6,
            cancel: None,
        }
    }

    /// Time left until `deadline`; zero once the run is cancelled ([`Pool::cancel`]).
    fn left(&self, deadline: Instant) -> Duration {
        if self
            .cancel
            .as_ref()
            .is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed))
        {
            return Duration::ZERO;
        }
        deadline.saturating_duration_since(Instant::now())
    }

    /// Adds every row of `grid` as a column (those not in the pool yet).
    pub fn add_grid(&mut self, inst: &RosterInstance, grid: &Grid) {
        for (e, row) in grid.iter().enumerate() {
            self.add(inst, e, row.clone());
        }
    }

    fn add(&mut self, inst: &RosterInstance, e: usize, row: Vec<Option<usize>>) -> bool {
        if !self.seen.insert((e, row.clone())) {
            return false;
        }
        let cost = row_cost(inst, e, &row);
        self.cols.push(Column {
            staff: e,
            row,
            cost,
        });
        true
    }

    /// Number of columns.
    pub fn len(&self) -> usize {
        self.cols.len()
    }

    fn master(
        &self,
        inst: &RosterInstance,
        integer: bool,
        start: Option<&Grid>,
        limits: SolveLimits,
    ) -> Result<Option<MasterOut>> {
        self.master_fixed(inst, integer, start, &[], limits)
    }

    /// The master with `fixed[e] = Some(j)`: person `e` works pool column `j` (every other
    /// column of `e` at 0).
    fn master_fixed(
        &self,
        inst: &RosterInstance,
        integer: bool,
        start: Option<&Grid>,
        fixed: &[Option<usize>],
        limits: SolveLimits,
    ) -> Result<Option<MasterOut>> {
        let n = inst.staff.len();
        let mut pb = ColProblem::default();
        let conv: Vec<Row> = (0..n).map(|_| pb.add_row(1.0..=1.0)).collect();
        let cov = cover_rows(&mut pb, inst);
        let mut start_vals: Vec<f64> = Vec::new();
        for (index, col) in self.cols.iter().enumerate() {
            let mut factors: Vec<(Row, f64)> = vec![(conv[col.staff], 1.0)];
            factors.extend(self.covers(&col.row).map(|i| (cov[i], 1.0)));
            let upper = match fixed.get(col.staff).copied().flatten() {
                Some(j) if j != index => 0.0,
                _ => 1.0,
            };
            pb.add_column_with_integrality(col.cost, 0.0..=upper, &factors, integer);
            if let Some(g) = start {
                start_vals.push(if g[col.staff] == col.row { 1.0 } else { 0.0 });
            }
        }
        cover_slacks(&mut pb, inst, &cov);
        for c in &inst.cover {
            if let Some(g) = start {
                let k = g.iter().filter(|row| row[c.day] == Some(c.shift)).count() as f64;
                let req = f64::from(c.requirement);
                start_vals.push((req - k).max(0.0));
                start_vals.push((k - req).max(0.0));
            }
        }
        let mut model = pb
            .try_optimise(Sense::Minimise)
            .map_err(|e| Error::Internal(format!("HiGHS rejected the master problem: {e:?}")))?;
        model.make_quiet();
        mip::set_options(&mut model, &limits, integer)?;
        if integer && start.is_some() {
            model
                .try_set_solution(Some(&start_vals), None, None, None)
                .map_err(|e| Error::Internal(format!("HiGHS master start: {e:?}")))?;
        }
        let solved = model
            .try_solve()
            .map_err(|e| Error::Internal(format!("HiGHS failed on the master problem: {e:?}")))?;
        if solved.primal_solution_status() != HighsSolutionStatus::Feasible {
            return Ok(None);
        }
        let optimal = solved.status() == HighsModelStatus::Optimal;
        if !integer && !optimal {
            return Ok(None);
        }
        let sol = solved.get_solution();
        let lambda = sol.columns()[..self.cols.len()].to_vec();
        let duals = sol.dual_rows();
        let (mu, pi) = if integer || duals.len() < n + inst.cover.len() {
            (Vec::new(), Vec::new())
        } else {
            (duals[..n].to_vec(), duals[n..n + inst.cover.len()].to_vec())
        };
        Ok(Some(MasterOut {
            lambda,
            mu,
            pi,
            value: solved.objective_value(),
            optimal,
        }))
    }

    /// Pricing rounds until no column has a negative reduced cost, `max_rounds` rounds, or
    /// `deadline`. Every round solves the master LP, prices every person and updates
    /// [`Pool::bound`]. With `min_rounds > 0`, stops after the first round when the time to
    /// the deadline would not allow `min_rounds` rounds at that pace, and returns `false`.
    pub fn generate(
        &mut self,
        inst: &RosterInstance,
        seed: u32,
        max_rounds: u64,
        min_rounds: u64,
        deadline: Instant,
    ) -> Result<bool> {
        let phase_start = Instant::now();
        let (base_price, on_const) = request_prices(inst);
        let mut round = 0u64;
        while round < max_rounds && !self.left(deadline).is_zero() {
            let left = self.left(deadline);
            let Some(lp) = self.master(
                inst,
                false,
                None,
                SolveLimits {
                    seed,
                    time: left,
                    nodes: None,
                    abs_gap: 0.0,
                },
            )?
            else {
                break;
            };
            self.lp_value = Some(lp.value);
            self.lambda.clone_from(&lp.lambda);
            let pi_out = clipped_cover_duals(inst, &lp.pi);
            // Dual smoothing (Wentges): price at a mix of the duals with the best Lagrangian
            // bound so far and the LP's; when that finds no column that prices out against
            // the LP's duals (a mispricing), price again at the LP's own duals.
            let mut alpha = if self.center.is_some() {
                SMOOTHING
            } else {
                0.0
            };
            let mut added;
            let mut lagrange: Option<f64>;
            loop {
                let pi: Vec<f64> = match &self.center {
                    Some((center, _)) if alpha > 0.0 => center
                        .iter()
                        .zip(&pi_out)
                        .map(|(c, o)| alpha * c + (1.0 - alpha) * o)
                        .collect(),
                    _ => pi_out.clone(),
                };
                (added, lagrange) = self.price_all(
                    inst,
                    seed,
                    &pi,
                    &pi_out,
                    &lp.mu,
                    (&base_price, &on_const),
                    &[],
                    deadline,
                )?;
                if let Some(l) = lagrange
                    && self.center.as_ref().is_none_or(|(_, best)| l > *best)
                {
                    self.center = Some((pi, l));
                }
                if added > 0 || alpha == 0.0 || lagrange.is_none() {
                    break;
                }
                alpha = 0.0;
            }
            if let Some(l) = lagrange {
                self.bound = Some(self.bound.map_or(l, |b| b.max(l)));
            }
            round += 1;
            self.rounds += 1;
            super::trace!(
                "cg round {} lp {:.2} lagrange {:?} bound {:?} added {added} cols {} t {:.1}",
                self.rounds,
                lp.value,
                lagrange,
                self.bound,
                self.cols.len(),
                phase_start.elapsed().as_secs_f64()
            );
            if added == 0 {
                // No column prices out and the bound meets the LP: the LP is optimal over all
                // personal rosters (with a pricing gap, the bound may stay below it).
                self.converged =
                    lagrange.is_some_and(|l| l >= lp.value - 1e-6 * (1.0 + lp.value.abs()));
                break;
            }
            if round == 1 && min_rounds > 0 {
                let budget = deadline.saturating_duration_since(phase_start);
                let pace = phase_start.elapsed();
                if pace.mul_f64(min_rounds as f64) > budget {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    /// Whether a dive is expected to end well before `deadline` (a dive the deadline cuts
    /// gives nothing, and on large instances one pricing pass per person takes minutes).
    pub fn dive_fits(&self, inst: &RosterInstance, deadline: Instant) -> bool {
        let left = self.left(deadline);
        self.dive_estimate(inst).is_some_and(|d| d * 2 <= left)
    }

    /// What one dive is expected to take: a pricing pass per person (the mean pass so far);
    /// `None` before any pricing.
    pub fn dive_estimate(&self, inst: &RosterInstance) -> Option<Duration> {
        (self.pricing_calls > 0)
            .then(|| self.pricing_time / self.pricing_calls * inst.staff.len() as u32)
    }

    /// The cover rows (by index) that `row` works on.
    fn covers<'a>(&'a self, row: &'a [Option<usize>]) -> impl Iterator<Item = usize> + 'a {
        row.iter()
            .enumerate()
            .filter_map(|(d, x)| x.map(|s| (d, s)))
            .flat_map(move |(d, s)| self.cover_at[d][s].iter().copied())
    }

    /// Prices every person at cover duals `pi`; adds the columns whose reduced cost against the
    /// LP's duals (`pi_out`, `mu`) is negative. Returns how many were added and the Lagrangian
    /// bound `L(pi)` (`None` when a pricing MIP proved no bound or the deadline cut the round).
    /// People in `fixed` (dives, steps over personal rosters) are not priced: their column
    /// is their term of the bound, which is then the bound of the problem with them fixed.
    /// The time it takes feeds [`Pool::dive_estimate`].
    #[allow(clippy::too_many_arguments)]
    fn price_all(
        &mut self,
        inst: &RosterInstance,
        seed: u32,
        pi: &[f64],
        pi_out: &[f64],
        mu: &[f64],
        (base_price, on_const): (&[Vec<Vec<f64>>], &[f64]),
        fixed: &[Option<usize>],
        deadline: Instant,
    ) -> Result<(usize, Option<f64>)> {
        let n = inst.staff.len();
        let started = Instant::now();
        let mut prices = base_price.to_vec();
        for (i, c) in inst.cover.iter().enumerate() {
            for row in prices.iter_mut() {
                row[c.day][c.shift] -= pi[i];
            }
        }
        let mut lagrange: Option<f64> = Some(
            inst.cover
                .iter()
                .zip(pi)
                .map(|(c, p)| p * f64::from(c.requirement))
                .sum(),
        );
        // The people are priced independently (one single-threaded HiGHS MIP each), so in
        // parallel; the results are combined in person order, as a sequential loop would.
        let outs: Result<Vec<Option<Priced>>> = (0..n)
            .into_par_iter()
            .map(|e| -> Result<Option<Priced>> {
                let left = self.left(deadline);
                if left.is_zero() || fixed.get(e).is_some_and(Option::is_some) {
                    return Ok(None);
                }
                // A roster enters when its reduced cost `cost + on_const − μ_e` is negative:
                // the labelling may cut every partial roster that cannot get below that.
                let threshold = mu.get(e).map_or(f64::INFINITY, |m| m - on_const[e]);
                if let Some(found) = price::price(
                    inst,
                    e,
                    &prices[e],
                    COLUMNS_PER_PERSON,
                    threshold,
                    price::DEFAULT_MAX_LABELS,
                ) {
                    // Exact: the labelling's bound is the person's term of the Lagrangian.
                    return Ok(Some(Priced {
                        rows: found.rows.into_iter().map(|r| r.row).collect(),
                        bound: Some(found.bound).filter(|b| b.is_finite()),
                    }));
                }
                let out = mip::price_person(
                    inst,
                    e,
                    &prices,
                    SolveLimits {
                        seed: seed.wrapping_add(e as u32),
                        time: left.min(Duration::from_secs(10)),
                        nodes: None,
                        abs_gap: self.pricing_gap,
                    },
                )?;
                Ok(Some(Priced {
                    rows: out.grid.map(|g| g[e].clone()).into_iter().collect(),
                    bound: out.bound,
                }))
            })
            .collect::<Result<Vec<_>>>();
        self.pricing_time += started.elapsed();
        self.pricing_calls += 1;
        let outs = outs?;
        let mut added = 0usize;
        for (e, out) in outs.into_iter().enumerate() {
            let Some(out) = out else {
                // A fixed person's term of the Lagrangian is their own column's reduced cost
                // at `pi` (their only choice); anyone else unpriced leaves no bound.
                lagrange = match (lagrange, fixed.get(e).copied().flatten()) {
                    (Some(l), Some(j)) => self.cols.get(j).map(|col| {
                        l + col.cost - self.covers(&col.row).map(|i| pi[i]).sum::<f64>()
                    }),
                    _ => None,
                };
                continue;
            };
            lagrange = match (lagrange, out.bound) {
                (Some(l), Some(b)) => Some(l + on_const[e] + b),
                _ => None,
            };
            for row in out.rows {
                // Reduced cost against the LP's duals.
                let rc = row_cost(inst, e, &row)
                    - mu.get(e).copied().unwrap_or(0.0)
                    - self.covers(&row).map(|i| pi_out[i]).sum::<f64>();
                if rc < -1e-6 && self.add(inst, e, row) {
                    added += 1;
                }
            }
        }
        Ok((added, lagrange))
    }

    /// The master LP with the people in `fixed` fixed, re-priced for the others (at most
    /// `rounds` rounds, until no roster prices out, or until the Lagrangian bound of the
    /// problem with them fixed reaches `stop_at`). Returns the last LP and that bound (the
    /// best of the rounds; `None` when no round gave one); `None` when the deadline comes
    /// before the first LP or an LP fails.
    #[allow(clippy::too_many_arguments)]
    fn price_fixed(
        &mut self,
        inst: &RosterInstance,
        seed: u32,
        fixed: &[Option<usize>],
        prices: &(Vec<Vec<Vec<f64>>>, Vec<f64>),
        rounds: u64,
        stop_at: f64,
        deadline: Instant,
    ) -> Result<Option<(MasterOut, Option<f64>)>> {
        let mut round = 0;
        let mut bound: Option<f64> = None;
        let mut last: Option<MasterOut> = None;
        loop {
            let left = self.left(deadline);
            if left.is_zero() {
                return Ok(last.map(|lp| (lp, bound)));
            }
            let limits = SolveLimits {
                seed,
                time: left,
                nodes: None,
                abs_gap: 0.0,
            };
            let Some(lp) = self.master_fixed(inst, false, None, fixed, limits)? else {
                return Ok(last.map(|lp| (lp, bound)));
            };
            if round >= rounds
                || lp.pi.len() != inst.cover.len()
                || bound.is_some_and(|b| b >= stop_at)
            {
                return Ok(Some((lp, bound)));
            }
            let pi = clipped_cover_duals(inst, &lp.pi);
            let (added, lagrange) = self.price_all(
                inst,
                seed,
                &pi,
                &pi,
                &lp.mu,
                (&prices.0, &prices.1),
                fixed,
                deadline,
            )?;
            if let Some(l) = lagrange {
                bound = Some(bound.map_or(l, |b| b.max(l)));
            }
            round += 1;
            if added == 0 {
                return Ok(Some((lp, bound)));
            }
            last = Some(lp);
        }
    }

    /// A neighbourhood step over personal rosters: every person outside `free` keeps their
    /// row of `incumbent`; the free people are priced against the master LP with the others
    /// fixed (at most `rounds` rounds, for 1/[`STEP_PRICING_PART`] of the time to
    /// `deadline`), and the master MIP (`limits`, its time cut at `deadline`) then picks
    /// their rosters over the columns priced so far, started from the incumbent. The sub-problem's LP is the strong
    /// personal-roster relaxation, so moves that need several people's rosters to change
    /// together (the last missing covers) are found where compact sub-MIPs stall. When the Lagrangian bound of the sub-problem
    /// shows that no roster is better than the incumbent by a whole unit (objectives are
    /// integral), the step ends without the MIP. `None` when the master MIP finds no roster
    /// in its time.
    #[allow(clippy::too_many_arguments)]
    pub fn reoptimise(
        &mut self,
        inst: &RosterInstance,
        free: &[bool],
        incumbent: &Grid,
        rounds: u64,
        deadline: Instant,
        limits: SolveLimits,
    ) -> Result<Option<Grid>> {
        let seed = limits.seed;
        self.add_grid(inst, incumbent);
        let n = inst.staff.len();
        let mut fixed: Vec<Option<usize>> = vec![None; n];
        for (j, col) in self.cols.iter().enumerate() {
            let e = col.staff;
            if !free.get(e).copied().unwrap_or(false) && col.row == incumbent[e] {
                fixed[e] = Some(j);
            }
        }
        let prices = request_prices(inst);
        // No roster of the sub-problem can beat the incumbent by a whole unit once its bound
        // is above this.
        let hopeless = super::objective(inst, incumbent) as f64 - 1.0 + 1e-6;
        // The pricing gets its part of the time; whatever it has priced by then (it may
        // not have converged) is the master MIP's to combine, for the rest.
        let now = Instant::now();
        let price_end = now + deadline.saturating_duration_since(now) / STEP_PRICING_PART;
        let priced = self.price_fixed(inst, seed, &fixed, &prices, rounds, hopeless, price_end)?;
        let bound = priced.as_ref().and_then(|(_, b)| *b);
        super::trace!(
            "  restricted lp {:?} bound {bound:?} over {} columns",
            priced.as_ref().map(|(lp, _)| lp.value),
            self.cols.len()
        );
        if bound.is_some_and(|b| b >= hopeless) {
            return Ok(Some(incumbent.clone()));
        }
        let limits = SolveLimits {
            time: limits.time.min(self.left(deadline)),
            ..limits
        };
        let Some(out) = self.master_fixed(inst, true, Some(incumbent), &fixed, limits)? else {
            return Ok(None);
        };
        super::trace!("  restricted master mip optimal: {}", out.optimal);
        Ok(self.roster_of(inst, &out.lambda))
    }

    /// Diving on the master LP (a primal heuristic of branch-and-price): at each step the
    /// master LP is re-solved with the people fixed so far and the others are priced again
    /// (at most `rounds` rounds, until no roster prices out); then every free person whose
    /// LP weight on one column is (nearly) 1 is fixed to it, or else the person with the
    /// largest weight on one column (with `rng`: one of the three heaviest, at random, so
    /// that repeated dives differ). Ends when everyone is fixed; `None` when the deadline
    /// comes first or an LP fails. The columns priced along the way stay in the pool.
    pub fn dive(
        &mut self,
        inst: &RosterInstance,
        seed: u32,
        rounds: u64,
        deadline: Instant,
        mut rng: Option<&mut ChaCha8Rng>,
    ) -> Result<Option<Grid>> {
        let n = inst.staff.len();
        let prices = request_prices(inst);
        let mut fixed: Vec<Option<usize>> = vec![None; n];
        while fixed.iter().any(Option::is_none) {
            let Some((lp, _)) =
                self.price_fixed(inst, seed, &fixed, &prices, rounds, f64::INFINITY, deadline)?
            else {
                return Ok(None);
            };
            if self.left(deadline).is_zero() {
                // The deadline (or a cancellation) cut the pricing: a dive it cuts gives nothing.
                return Ok(None);
            }
            // Each free person's heaviest column.
            let mut heaviest: Vec<Option<(usize, f64)>> = vec![None; n];
            for (j, (col, &l)) in self.cols.iter().zip(&lp.lambda).enumerate() {
                if fixed[col.staff].is_none()
                    && heaviest[col.staff].is_none_or(|(_, best)| l > best)
                {
                    heaviest[col.staff] = Some((j, l));
                }
            }
            let mut any = false;
            for (e, h) in heaviest.iter().enumerate() {
                if let Some((j, l)) = h
                    && *l > 1.0 - 1e-6
                {
                    fixed[e] = Some(*j);
                    any = true;
                }
            }
            if !any {
                let mut order: Vec<(usize, (usize, f64))> = heaviest
                    .iter()
                    .enumerate()
                    .filter_map(|(e, h)| h.map(|h| (e, h)))
                    .collect();
                // Heaviest first, ties by person.
                order.sort_by(|a, b| b.1.1.total_cmp(&a.1.1).then(a.0.cmp(&b.0)));
                let pick = match rng.as_deref_mut() {
                    Some(r) if !order.is_empty() => r.random_range(0..order.len().min(3)),
                    _ => 0,
                };
                let Some(&(e, (j, _))) = order.get(pick) else {
                    return Ok(None);
                };
                fixed[e] = Some(j);
            }
        }
        let mut grid: Grid = vec![Vec::new(); n];
        for (e, j) in fixed.iter().enumerate() {
            let Some(j) = j else {
                return Ok(None);
            };
            grid[e].clone_from(&self.cols[*j].row);
        }
        Ok(Some(grid))
    }

    /// The last master LP as cell values `x[e][d][s] = Σ_p λ_p [column p works s on d]`, for
    /// relaxation-induced neighbourhoods; `None` before the first LP.
    pub fn lp_cells(&self, inst: &RosterInstance) -> Option<Vec<Vec<Vec<f64>>>> {
        if self.lambda.is_empty() {
            return None;
        }
        let mut x = vec![vec![vec![0.0; inst.shifts.len()]; inst.horizon]; inst.staff.len()];
        for (col, &l) in self.cols.iter().zip(&self.lambda) {
            for (d, s) in col.row.iter().enumerate() {
                if let Some(s) = s {
                    x[col.staff][d][*s] += l;
                }
            }
        }
        Some(x)
    }

    /// The master MIP over the pool, starting from `start` (whose rows must be in the pool).
    /// Returns the roster it finds (never worse than `start`) and whether it is optimal over
    /// the pool.
    pub fn best_roster(
        &self,
        inst: &RosterInstance,
        start: &Grid,
        limits: SolveLimits,
    ) -> Result<Option<(Grid, bool)>> {
        let Some(out) = self.master(inst, true, Some(start), limits)? else {
            return Ok(None);
        };
        Ok(self
            .roster_of(inst, &out.lambda)
            .map(|grid| (grid, out.optimal)))
    }

    /// The roster of an integer master solution `lambda`: every person's column at 1;
    /// `None` when someone has none.
    fn roster_of(&self, inst: &RosterInstance, lambda: &[f64]) -> Option<Grid> {
        let mut grid: Vec<Option<Vec<Option<usize>>>> = vec![None; inst.staff.len()];
        for (col, &l) in self.cols.iter().zip(lambda) {
            if l > 0.5 && grid[col.staff].is_none() {
                grid[col.staff] = Some(col.row.clone());
            }
        }
        grid.into_iter().collect()
    }
}

/// The Lagrangian lower bound of column generation alone, started from every person's own
/// roster: `(bound, converged)` after at most `max_rounds` pricing rounds (`None` when a
/// pricing MIP proved no bound, or the instance has rules that couple people).
///
/// # Errors
/// [`Error::Infeasible`] when a person has no roster; [`Error::Internal`] on HiGHS failures.
pub fn column_bound(
    inst: &RosterInstance,
    seed: u32,
    max_rounds: u64,
    time: Duration,
) -> Result<(Option<f64>, bool)> {
    if !applies(inst) {
        return Ok((None, false));
    }
    let rows = super::diagnose::check_feasible(inst, seed)?;
    let mut pool = Pool::new(inst);
    pool.add_grid(inst, &rows);
    pool.generate(
        inst,
        seed,
        max_rounds,
        0,
        crate::limits::after(Instant::now(), time),
    )?;
    Ok((pool.bound, pool.converged))
}

#[cfg(test)]
mod tests {
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::model::roster::{Cover, ShiftRequest, ShiftType, StaffRules};
    use crate::plan::roster_check::{RosterPlan, check_roster};

    /// Six people, two weeks, two shift types, random requests; cover above what the
    /// people can give on some days.
    fn instance(seed: u64) -> RosterInstance {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let h = 14;
        let n = 6;
        RosterInstance {
            name: format!("reopt{seed}"),
            horizon: h,
            shifts: vec![
                ShiftType {
                    id: "D".into(),
                    minutes: 480,
                    cannot_follow: vec![],
                },
                ShiftType {
                    id: "L".into(),
                    minutes: 480,
                    cannot_follow: vec![0],
                },
            ],
            staff: (0..n)
                .map(|e| StaffRules {
                    id: format!("P{e}"),
                    max_shifts: vec![14, if e % 2 == 0 { 14 } else { 3 }],
                    max_total_minutes: 4800,
                    min_total_minutes: 2880,
                    max_consecutive_shifts: 4,
                    min_consecutive_shifts: 2,
                    min_consecutive_days_off: 2,
                    max_weekends: 1,
                    days_off: vec![rng.random_range(0..h)],
                })
                .collect(),
            on_requests: (0..12)
                .map(|_| ShiftRequest {
                    staff: rng.random_range(0..n),
                    day: rng.random_range(0..h),
                    shift: rng.random_range(0..2),
                    weight: rng.random_range(1..=3),
                })
                .collect(),
            off_requests: vec![],
            cover: (0..h)
                .flat_map(|d| {
                    let req = [2, 1, 3][d % 3];
                    (0..2).map(move |s| Cover {
                        day: d,
                        shift: s,
                        requirement: req,
                        weight_under: 100,
                        weight_over: 1,
                    })
                })
                .collect(),
            rota: Default::default(),
        }
    }

    /// A step over personal rosters keeps every fixed person's row, returns a roster the
    /// independent evaluator accepts at the claimed cost, never worsens the incumbent, never
    /// beats the Lagrangian bound, and does improve poor incumbents.
    #[test]
    fn reoptimise_keeps_the_fixed_people_and_improves() {
        let mut improved = 0;
        for seed in 0..8u64 {
            let inst = instance(seed);
            let n = inst.staff.len();
            let mut grid = crate::roster::diagnose::check_feasible(&inst, 0).expect("feasible");
            let mut pool = Pool::new(&inst);
            pool.add_grid(&inst, &grid);
            let far = Instant::now() + Duration::from_secs(120);
            pool.generate(&inst, 0, 100, 0, far).expect("pricing");
            let bound = pool.bound.expect("a bound");
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            for _ in 0..4 {
                let free: Vec<bool> = (0..n).map(|_| rng.random_bool(0.5)).collect();
                let limits = SolveLimits {
                    seed: 0,
                    time: Duration::from_secs(60),
                    nodes: None,
                    abs_gap: mip::INTEGRAL_GAP,
                };
                let out = pool
                    .reoptimise(&inst, &free, &grid, 10, far, limits)
                    .expect("no HiGHS failure")
                    .expect("a roster");
                for e in (0..n).filter(|&e| !free[e]) {
                    assert_eq!(out[e], grid[e], "seed {seed}: fixed person {e} changed");
                }
                let plan = RosterPlan {
                    assignments: crate::io::roster_json::assignments(&inst, &out),
                };
                let report = check_roster(&inst, &plan);
                assert!(report.is_feasible(), "seed {seed}: {:?}", report.violations);
                let (before, after) = (
                    crate::roster::objective(&inst, &grid),
                    crate::roster::objective(&inst, &out),
                );
                assert_eq!(report.evaluation.penalty, after, "seed {seed}");
                assert!(after <= before, "seed {seed}: {after} > {before}");
                assert!(
                    after as f64 >= bound - 1e-6,
                    "seed {seed}: {after} below the bound {bound}"
                );
                improved += usize::from(after < before);
                grid = out;
            }
        }
        assert!(improved >= 4, "only {improved} of 32 steps improved");
    }

    /// The Lagrangian bound of the problem with some people fixed (which lets a step over
    /// personal rosters end without its MIP) never exceeds that problem's optimum, found by
    /// the compact MIP over the free people's cells; and it is there for most draws.
    #[test]
    fn bound_with_people_fixed_is_valid() {
        let mut bounds = 0;
        for seed in 0..8u64 {
            let inst = instance(seed);
            let (n, h) = (inst.staff.len(), inst.horizon);
            let grid = crate::roster::diagnose::check_feasible(&inst, 0).expect("feasible");
            let mut pool = Pool::new(&inst);
            pool.add_grid(&inst, &grid);
            let far = Instant::now() + Duration::from_secs(120);
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let prices = request_prices(&inst);
            for _ in 0..3 {
                let free: Vec<bool> = (0..n).map(|_| rng.random_bool(0.5)).collect();
                let fixed: Vec<Option<usize>> = (0..n)
                    .map(|e| {
                        (!free[e])
                            .then(|| {
                                pool.cols
                                    .iter()
                                    .position(|c| c.staff == e && c.row == grid[e])
                            })
                            .flatten()
                    })
                    .collect();
                let (_, bound) = pool
                    .price_fixed(&inst, 0, &fixed, &prices, 100, f64::INFINITY, far)
                    .expect("no HiGHS failure")
                    .expect("an LP");
                let cells: Vec<Vec<bool>> = free.iter().map(|&f| vec![f; h]).collect();
                let spec = mip::Spec {
                    free: &cells,
                    base: &grid,
                    rules: &mip::Rule::ALL,
                    objective: true,
                    warm_start: true,
                    relax: false,
                    prices: None,
                };
                let limits = SolveLimits {
                    seed: 0,
                    time: Duration::from_secs(60),
                    nodes: None,
                    abs_gap: 0.0,
                };
                let exact = mip::solve(&inst, &spec, limits).expect("no HiGHS failure");
                assert!(exact.optimal, "seed {seed}: the sub-problem not solved");
                let best = crate::roster::objective(&inst, &exact.grid.expect("a roster"));
                if let Some(b) = bound {
                    bounds += 1;
                    assert!(
                        b <= best as f64 + 1e-6,
                        "seed {seed}: bound {b} above the optimum {best}"
                    );
                }
            }
        }
        assert!(bounds >= 12, "a bound in only {bounds} of 24 draws");
    }
}
