//! Exact pricing of one person's roster by dynamic programming (a labelling algorithm), the
//! fast path of column generation's pricing ([`super::cg`]).
//!
//! A person's roster is a walk over the days; each day is a shift or off. A *label* is a
//! partial roster of days `0..d` described by what the rules still need to know: the last
//! day's assignment, the length of the current run (of work or of days off) and whether it
//! started on day 0 (runs touching the horizon ends are exempt from the minimum lengths),
//! the minutes worked, the worked weekends and, for the shift types whose cap can bind, the
//! shifts of that type. Extending a label by one day checks every rule of the Curtois model
//! ([`crate::model::roster`]): days off, succession, per-type caps, total minutes, maximum
//! and minimum consecutive working days, minimum consecutive days off and worked weekends.
//!
//! Labels that agree on the last assignment, run, start flag and minutes are compared by
//! cost, weekends and capped counts; one that is no better in all three than another is
//! dropped (it cannot lead to a cheaper complete roster). What remains at the end is, by
//! construction, every Pareto-optimal complete roster; the cheapest is the optimum of the
//! pricing problem, so its cost is an exact Lagrangian term (no MIP gap).
//!
//! The rules of the Norwegian rota model ([`crate::model::roster::RotaRules`]) add three
//! more things to a label: the last worked weekend (two worked weekends at least `n`
//! weekends apart), the minutes of the current calendar week, and whether the current week
//! already holds a rest day — a day off is judged once the next day is known, from the
//! assignments on both sides, so a label that ends on a day off also remembers the day
//! before it. A week without a rest day is cut when the next week starts (or at the end).
//!
//! A label limit guards against state explosion: when it is hit [`price`] returns `None`
//! and the caller prices that person with HiGHS instead.

use std::collections::HashMap;

use crate::model::roster::RosterInstance;

/// Most shift types whose caps can be tracked; people with more binding caps are priced by
/// HiGHS.
const MAX_TRACKED: usize = 8;

/// Labels alive on one day beyond which the labelling gives up (the caller falls back on
/// HiGHS).
pub(crate) const DEFAULT_MAX_LABELS: usize = 200_000;

/// One priced personal roster.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Priced {
    /// The roster row (`None` = day off).
    pub row: Vec<Option<usize>>,
    /// Σ of the prices of its worked cells.
    pub cost: f64,
}

/// Last day's assignment of a label.
const OFF: u8 = 0;
const START: u8 = u8::MAX;

#[derive(Clone, Copy, Debug)]
struct Label {
    /// [`OFF`], [`START`] or shift index + 1.
    last: u8,
    /// Length of the current run, capped where longer runs are alike.
    run: u8,
    /// The current run started on day 0.
    touches_start: bool,
    minutes: u32,
    weekends: u8,
    /// Index + 1 of the last worked weekend (0: none yet), for the weekend frequency.
    last_weekend: u8,
    /// Minutes in the current calendar week (weekly hours).
    week_minutes: u32,
    /// The calendar week of the label's last day holds a rest day before that day (weekly
    /// rest).
    rest: bool,
    /// When the last day is off: the assignment the day before it (weekly rest needs it to
    /// judge that day off once the next day is known).
    before_off: u8,
    counts: [u8; MAX_TRACKED],
    cost: f64,
    /// Index into the node arena (the path back to day 0).
    node: u32,
}

impl Label {
    fn key(&self) -> u64 {
        (u64::from(self.minutes) << 32)
            | (u64::from(self.last) << 24)
            | (u64::from(self.run) << 16)
            | (u64::from(self.before_off) << 8)
            | u64::from(self.touches_start)
    }

    /// `self` is at least as good as `other` in every respect (same key assumed).
    fn dominates(&self, other: &Label, tracked: usize) -> bool {
        self.cost <= other.cost
            && self.weekends <= other.weekends
            && self.last_weekend <= other.last_weekend
            && self.week_minutes <= other.week_minutes
            && self.rest >= other.rest
            && self.counts[..tracked]
                .iter()
                .zip(&other.counts[..tracked])
                .all(|(a, b)| a <= b)
    }
}

/// The rules of person `e` in the form the labelling uses.
struct Person {
    /// `allowed[d][s]`: shift `s` may be worked on day `d` (not a day off, type not capped at 0).
    allowed: Vec<Vec<bool>>,
    /// `tracked_of[s]`: position of shift type `s` in the tracked counts.
    tracked_of: Vec<Option<usize>>,
    caps: Vec<u8>,
    /// `follows[p][s]`: shift `s` may follow shift `p` on the next day.
    follows: Vec<Vec<bool>>,
    minutes: Vec<u32>,
    min_total: u32,
    max_total: u32,
    max_run: u32,
    min_run: u32,
    min_off: u32,
    max_weekends: u32,
    /// Weekend frequency `n > 1`: two worked weekends at least `n` apart.
    every: Option<u32>,
    /// Weekly rest: `bad[a][b]` = a day off between shift `a` and shift `b` is no rest day.
    bad: Option<Vec<Vec<bool>>>,
    /// Maximum minutes in each whole calendar week.
    week_limit: Option<u32>,
}

impl Person {
    fn new(inst: &RosterInstance, e: usize) -> Option<Person> {
        let (h, ns) = (inst.horizon, inst.shifts.len());
        let st = &inst.staff[e];
        let mut allowed = vec![vec![true; ns]; h];
        for &d in &st.days_off {
            if let Some(row) = allowed.get_mut(d) {
                row.iter_mut().for_each(|a| *a = false);
            }
        }
        for s in 0..ns {
            if st.max_shifts.get(s).copied().unwrap_or(u32::MAX) == 0 {
                allowed.iter_mut().for_each(|row| row[s] = false);
            }
        }
        let minutes: Vec<u32> = inst.shifts.iter().map(|s| s.minutes).collect();
        let mut tracked_of = vec![None; ns];
        let mut caps = Vec::new();
        for s in 0..ns {
            let cap = st.max_shifts.get(s).copied().unwrap_or(u32::MAX);
            let days = allowed.iter().filter(|row| row[s]).count() as u32;
            let by_minutes = st
                .max_total_minutes
                .checked_div(minutes[s])
                .unwrap_or(u32::MAX);
            if cap > 0 && cap < days.min(by_minutes) {
                if caps.len() == MAX_TRACKED || cap >= u32::from(u8::MAX) {
                    return None;
                }
                tracked_of[s] = Some(caps.len());
                caps.push(cap as u8);
            }
        }
        let mut follows = vec![vec![true; ns]; ns];
        for (p, shift) in inst.shifts.iter().enumerate() {
            for &t in &shift.cannot_follow {
                if let Some(f) = follows[p].get_mut(t) {
                    *f = false;
                }
            }
        }
        Some(Person {
            allowed,
            tracked_of,
            caps,
            follows,
            minutes,
            min_total: st.min_total_minutes,
            max_total: st.max_total_minutes,
            max_run: st.max_consecutive_shifts,
            min_run: st.min_consecutive_shifts,
            min_off: st.min_consecutive_days_off,
            max_weekends: st.max_weekends,
            every: inst.rota.weekend_every.filter(|&n| n > 1),
            bad: inst.rota.weekly_rest.as_ref().map(|pairs| {
                let mut bad = vec![vec![false; ns]; ns];
                for &(a, b) in pairs {
                    if a < ns && b < ns {
                        bad[a][b] = true;
                    }
                }
                bad
            }),
            week_limit: inst.rota.max_minutes_per_week,
        })
    }
}

/// What one labelling pass found.
#[derive(Clone, Debug)]
pub(crate) struct Pricing {
    /// Up to `k` rosters cheaper than the threshold, cheapest first (the first is the
    /// optimum when any roster is cheaper than the threshold).
    pub rows: Vec<Priced>,
    /// Proven lower bound on the cost of every roster of the person: the optimum, or the
    /// threshold when nothing is cheaper; `+∞` when the person has no roster.
    pub bound: f64,
}

/// The part of a label the run rules look at: last assignment, run length, whether the run
/// started on day 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Core {
    last: u8,
    run: u8,
    touches_start: bool,
}

impl Person {
    /// The core after working `x` (a shift, `None` off) on day `d` of a walk in `core`, or
    /// `None` when succession, the maximum run or a minimum run length forbids it (day off
    /// and shift type caps of 0 included; minutes, counts and weekends are the caller's).
    fn step(&self, core: Core, d: usize, x: Option<usize>, off_cap: u8) -> Option<Core> {
        let worked_before = core.last != OFF && core.last != START;
        match x {
            None => {
                let (run, touches_start) = if worked_before {
                    // A run of work ends on day d − 1.
                    if !core.touches_start && u32::from(core.run) < self.min_run {
                        return None;
                    }
                    (1, false)
                } else if core.last == OFF {
                    ((core.run + 1).min(off_cap), core.touches_start)
                } else {
                    (1, true)
                };
                Some(Core {
                    last: OFF,
                    run,
                    touches_start,
                })
            }
            Some(s) => {
                if !self.allowed[d][s] || self.max_run == 0 {
                    return None;
                }
                let (run, touches_start) = if worked_before {
                    if !self.follows[usize::from(core.last - 1)][s]
                        || u32::from(core.run) + 1 > self.max_run
                    {
                        return None;
                    }
                    (core.run + 1, core.touches_start)
                } else if core.last == OFF {
                    // A run of days off ends on day d − 1.
                    if !core.touches_start && u32::from(core.run) < self.min_off {
                        return None;
                    }
                    (1, false)
                } else {
                    (1, true)
                };
                Some(Core {
                    last: s as u8 + 1,
                    run,
                    touches_start,
                })
            }
        }
    }
}

/// `tail[d]`: for every core state after day `d − 1`, the cheapest cost days `d..h` can add
/// under the run rules alone (a relaxation: minutes, caps, weekends and weekly rules left
/// out), `+∞` when no walk is left. Indexed by [`core_index`].
fn tails(
    p: &Person,
    prices: &[Vec<f64>],
    h: usize,
    ns: usize,
    off_cap: u8,
    runs: usize,
) -> Vec<Vec<f64>> {
    let states = (ns + 1) * (runs + 1) * 2;
    let mut tail = vec![vec![f64::INFINITY; states]; h + 1];
    tail[h] = vec![0.0; states];
    for d in (0..h).rev() {
        for last in 0..=ns as u8 {
            for run in 1..=runs as u8 {
                for touches_start in [false, true] {
                    let core = Core {
                        last,
                        run,
                        touches_start,
                    };
                    let mut best = f64::INFINITY;
                    for x in std::iter::once(None).chain((0..ns).map(Some)) {
                        if let Some(next) = p.step(core, d, x, off_cap) {
                            let add = x.map_or(0.0, |s| prices[d][s]);
                            best = best.min(add + tail[d + 1][core_index(next, runs)]);
                        }
                    }
                    tail[d][core_index(core, runs)] = best;
                }
            }
        }
    }
    tail
}

/// Position of a core state (not [`START`]) in the rows of [`tails`].
fn core_index(c: Core, runs: usize) -> usize {
    (usize::from(c.last) * (runs + 1) + usize::from(c.run)) * 2 + usize::from(c.touches_start)
}

/// The `k` cheapest of the Pareto-optimal rosters of person `e` under cell prices
/// `prices[d][s]` (cost = Σ of the prices of the worked cells) among those cheaper than
/// `threshold` (`f64::INFINITY`: all). Partial rosters that cannot get below the threshold
/// are cut early: their cost plus the cheapest possible rest (the most negative day prices,
/// as many as the minutes still allow) is already at it. `None` when more than `max_labels`
/// labels are alive on one day or the person's caps cannot be tracked (price with HiGHS).
pub(crate) fn price(
    inst: &RosterInstance,
    e: usize,
    prices: &[Vec<f64>],
    k: usize,
    threshold: f64,
    max_labels: usize,
) -> Option<Pricing> {
    let h = inst.horizon;
    let ns = inst.shifts.len();
    let p = Person::new(inst, e)?;
    // (Shapes the labelling cannot represent go to HiGHS.)
    if ns >= usize::from(u8::MAX) - 1
        || prices.len() != h
        || prices.iter().any(|row| row.len() != ns)
        || p.max_run.min(h as u32) >= 250
        || inst.weekends() >= usize::from(u8::MAX)
    {
        return None;
    }
    let tracked = p.caps.len();
    let longest = p.minutes.iter().copied().max().unwrap_or(0);
    // Arena of (parent node, assignment) for reading the rows back.
    let mut nodes: Vec<(u32, u8)> = vec![(u32::MAX, START)];
    let mut labels = vec![Label {
        last: START,
        run: 0,
        touches_start: true,
        minutes: 0,
        weekends: 0,
        last_weekend: 0,
        week_minutes: 0,
        rest: false,
        before_off: OFF,
        counts: [0; MAX_TRACKED],
        cost: 0.0,
        node: 0,
    }];
    let whole_weeks = h / 7;
    // The calendar-week rules on a candidate for day `d` after label `l` (`x`: the day's
    // shift): weekly rest judges day d − 1 if it was off and closes a finished week; weekly
    // hours add the day's minutes. `None`: a rule is broken.
    let weekly = |l: &Label, d: usize, x: Option<usize>, mut c: Label| -> Option<Label> {
        if let Some(bad) = &p.bad {
            let mut rest = l.rest;
            if l.last == OFF {
                // Day d − 1 is off: a rest day unless it lies between a bad pair (its
                // neighbours both shifts; the horizon's first day always counts).
                let between = match (l.before_off, x) {
                    (b, Some(t)) if b != OFF && b != START => bad[usize::from(b - 1)][t],
                    _ => false,
                };
                rest |= d == 1 || !between;
            }
            if d.is_multiple_of(7) && d > 0 {
                if !rest {
                    return None;
                }
                rest = false;
            }
            c.rest = rest;
            c.before_off = if x.is_none() { l.last } else { OFF };
        }
        if let Some(limit) = p.week_limit {
            let before = if d.is_multiple_of(7) {
                0
            } else {
                l.week_minutes
            };
            let m = before + x.map_or(0, |s| p.minutes[s]);
            if d / 7 < whole_weeks && m > limit {
                return None;
            }
            c.week_minutes = m;
        }
        Some(c)
    };
    // rest[d][r]: the cheapest r day prices (negative parts only) among days d..h, summed —
    // a lower bound on what days d..h can add when at most r more shifts fit.
    let shortest = p
        .minutes
        .iter()
        .copied()
        .filter(|&m| m > 0)
        .min()
        .unwrap_or(1);
    let day_best: Vec<f64> = (0..h)
        .map(|d| {
            (0..ns)
                .filter(|&s| p.allowed[d][s])
                .map(|s| prices[d][s])
                .fold(0.0, f64::min)
        })
        .collect();
    let rest: Vec<Vec<f64>> = (0..=h)
        .map(|d| {
            let mut v = day_best[d..].to_vec();
            v.sort_by(f64::total_cmp);
            let mut sums = vec![0.0];
            for x in v {
                sums.push(sums.last().copied().unwrap_or(0.0) + x);
            }
            sums
        })
        .collect();
    let off_cap = p.min_off.clamp(1, 250) as u8;
    // Longest run a core state can hold (work runs up to the maximum, off runs up to the cap).
    let runs = (p.max_run.min(h as u32) as usize).max(usize::from(off_cap));
    let tail = threshold
        .is_finite()
        .then(|| tails(&p, prices, h, ns, off_cap, runs));
    let hopeless = |l: &Label, d: usize| {
        let Some(tail) = &tail else {
            return false;
        };
        let fit = ((p.max_total - l.minutes) / shortest) as usize;
        let r = &rest[d + 1];
        let core = Core {
            last: l.last,
            run: l.run,
            touches_start: l.touches_start,
        };
        let rest_bound = r[fit.min(r.len() - 1)].max(tail[d + 1][core_index(core, runs)]);
        l.cost + rest_bound >= threshold
    };
    for (d, day_prices) in prices.iter().enumerate().take(h) {
        let weekday = d % 7;
        // Minutes still possible after day d: prune labels that cannot reach the minimum.
        let later = (h - d - 1) as u32 * longest;
        // Every extension of every label, then kept cheapest first: a label can only be
        // dominated by one kept before it (no cheaper label comes later).
        let mut cands: Vec<(Label, u32, u8)> = Vec::new();
        for l in &labels {
            let worked_before = l.last != OFF && l.last != START;
            let core = Core {
                last: l.last,
                run: l.run,
                touches_start: l.touches_start,
            };
            let mut cand: Vec<(Label, u8)> = Vec::with_capacity(ns + 1);
            // Day off.
            if let Some(Core {
                run, touches_start, ..
            }) = p.step(core, d, None, off_cap)
                && l.minutes + later >= p.min_total
                && let Some(c) = weekly(
                    l,
                    d,
                    None,
                    Label {
                        last: OFF,
                        run,
                        touches_start,
                        ..*l
                    },
                )
            {
                cand.push((c, OFF));
            }
            for (s, &price) in day_prices.iter().enumerate().take(ns) {
                if !p.allowed[d][s] {
                    continue;
                }
                let minutes = l.minutes + p.minutes[s];
                if minutes > p.max_total || minutes + later < p.min_total {
                    continue;
                }
                let Some(Core {
                    run, touches_start, ..
                }) = p.step(core, d, Some(s), off_cap)
                else {
                    continue;
                };
                let mut counts = l.counts;
                if let Some(i) = p.tracked_of[s] {
                    if counts[i] >= p.caps[i] {
                        continue;
                    }
                    counts[i] += 1;
                }
                let new_weekend = weekday == 5 || (weekday == 6 && !worked_before);
                let weekends = l.weekends + u8::from(new_weekend);
                if u32::from(weekends) > p.max_weekends {
                    continue;
                }
                let mut last_weekend = l.last_weekend;
                if new_weekend {
                    let wk = (d / 7 + 1) as u32;
                    if let Some(n) = p.every
                        && last_weekend > 0
                        && wk - u32::from(last_weekend) < n
                    {
                        continue;
                    }
                    last_weekend = wk as u8;
                }
                let Some(c) = weekly(
                    l,
                    d,
                    Some(s),
                    Label {
                        last: s as u8 + 1,
                        run,
                        touches_start,
                        minutes,
                        weekends,
                        last_weekend,
                        counts,
                        cost: l.cost + price,
                        ..*l
                    },
                ) else {
                    continue;
                };
                cand.push((c, s as u8 + 1));
            }
            for (c, assign) in cand {
                if !hopeless(&c, d) {
                    cands.push((c, l.node, assign));
                }
            }
        }
        // Stable: ties keep the order of generation (deterministic).
        cands.sort_by(|a, b| a.0.cost.total_cmp(&b.0.cost));
        let mut buckets: HashMap<u64, Vec<Label>> = HashMap::new();
        labels = Vec::new();
        for (mut c, parent, assign) in cands {
            let bucket = buckets.entry(c.key()).or_default();
            if bucket.iter().any(|b| b.dominates(&c, tracked)) {
                continue;
            }
            nodes.push((parent, assign));
            c.node = (nodes.len() - 1) as u32;
            bucket.push(c);
            labels.push(c);
        }
        if labels.len() > max_labels {
            super::trace!(
                "labelling {e}: {} labels on day {d}, priced by HiGHS",
                labels.len()
            );
            return None;
        }
    }
    // Every run left open touches the horizon end (exempt from the minimum lengths).
    // Weekly rest: a last day off is a rest day (the horizon ends), and a whole last week
    // must hold one.
    let rest_at_end =
        |l: &Label| p.bad.is_none() || !h.is_multiple_of(7) || l.rest || l.last == OFF;
    let mut done: Vec<&Label> = labels
        .iter()
        .filter(|l| l.minutes >= p.min_total && l.cost < threshold && rest_at_end(l))
        .collect();
    // Cheapest first; ties by creation order (deterministic).
    done.sort_by(|a, b| a.cost.total_cmp(&b.cost).then(a.node.cmp(&b.node)));
    let read = |mut node: u32| {
        let mut row = vec![None; h];
        for d in (0..h).rev() {
            let (parent, assign) = nodes[node as usize];
            row[d] = (assign != OFF).then(|| usize::from(assign - 1));
            node = parent;
        }
        row
    };
    let bound = done.first().map_or(threshold, |l| l.cost.min(threshold));
    Some(Pricing {
        rows: done
            .into_iter()
            .take(k)
            .map(|l| Priced {
                row: read(l.node),
                cost: l.cost,
            })
            .collect(),
        bound,
    })
}

#[cfg(test)]
mod tests {
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::model::roster::{RotaRules, ShiftType, StaffRules};
    use crate::plan::roster_check::{RosterPlan, check_roster};
    use crate::roster::Grid;
    use crate::roster::mip::{self, SolveLimits};

    /// A one-person instance with random rules (often tight, sometimes infeasible).
    fn one_person(rng: &mut ChaCha8Rng) -> RosterInstance {
        let h = rng.random_range(7..=21);
        let ns = rng.random_range(1..=4);
        let shifts: Vec<ShiftType> = (0..ns)
            .map(|s| ShiftType {
                id: format!("S{s}"),
                minutes: [240, 480, 600][rng.random_range(0..3)],
                cannot_follow: (0..ns).filter(|_| rng.random_bool(0.3)).collect(),
            })
            .collect();
        let max_shifts = (0..ns).map(|_| rng.random_range(0..=h as u32)).collect();
        let min_total = rng.random_range(0..=h as u32 / 2) * 480;
        let max_total = min_total + rng.random_range(0..=h as u32 / 2) * 480;
        let rota = RotaRules {
            weekend_every: rng.random_bool(0.4).then(|| rng.random_range(2..=3)),
            weekly_rest: rng.random_bool(0.4).then(|| {
                (0..ns)
                    .flat_map(|a| (0..ns).map(move |b| (a, b)))
                    .filter(|_| rng.random_bool(0.5))
                    .collect()
            }),
            max_minutes_per_week: rng.random_bool(0.4).then(|| rng.random_range(2..=5) * 480),
            ..RotaRules::default()
        };
        let staff = StaffRules {
            id: "A".into(),
            max_shifts,
            max_total_minutes: max_total,
            min_total_minutes: min_total,
            max_consecutive_shifts: rng.random_range(1..=6),
            min_consecutive_shifts: rng.random_range(1..=3),
            min_consecutive_days_off: rng.random_range(1..=3),
            max_weekends: rng.random_range(0..=3),
            days_off: (0..h).filter(|_| rng.random_bool(0.1)).collect(),
        };
        RosterInstance {
            name: "dp".into(),
            horizon: h,
            shifts,
            staff: vec![staff],
            on_requests: Vec::new(),
            off_requests: Vec::new(),
            cover: Vec::new(),
            rota,
        }
    }

    fn mip_price(inst: &RosterInstance, prices: &[Vec<f64>]) -> Option<f64> {
        let grid_prices = vec![prices.to_vec()];
        let out = mip::price_person(
            inst,
            0,
            &grid_prices,
            SolveLimits {
                seed: 1,
                time: std::time::Duration::from_secs(20),
                nodes: None,
                abs_gap: 1e-9,
            },
        )
        .expect("HiGHS solves the pricing MIP");
        assert!(out.optimal || out.infeasible, "pricing MIP not solved");
        out.grid.filter(|_| out.optimal).map(|g: Grid| {
            g[0].iter()
                .enumerate()
                .filter_map(|(d, x)| x.map(|s| prices[d][s]))
                .sum()
        })
    }

    fn feasible(inst: &RosterInstance, row: &[Option<usize>]) -> bool {
        let mut plan = RosterPlan::default();
        plan.assignments.insert(
            inst.staff[0].id.clone(),
            row.iter()
                .map(|x| x.map_or(String::new(), |s| inst.shifts[s].id.clone()))
                .collect(),
        );
        let report = check_roster(inst, &plan);
        report.is_feasible()
    }

    /// The labelling finds the same optimum as HiGHS on the MIP, and every roster it returns
    /// passes the independent evaluator and costs what it says.
    #[test]
    fn labelling_matches_the_pricing_mip() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let (mut feasible_cases, mut infeasible_cases) = (0, 0);
        for case in 0..600 {
            let inst = one_person(&mut rng);
            let prices: Vec<Vec<f64>> = (0..inst.horizon)
                .map(|_| {
                    (0..inst.shifts.len())
                        .map(|_| rng.random_range(-20.0..10.0))
                        .collect()
                })
                .collect();
            let all =
                price(&inst, 0, &prices, 5, f64::INFINITY, DEFAULT_MAX_LABELS).expect("tracked");
            let mip = mip_price(&inst, &prices);
            // With a threshold: the bound stays below the optimum, and the optimum is found
            // when it is below the threshold.
            let threshold = rng.random_range(-60.0..0.0);
            let cut = price(&inst, 0, &prices, 5, threshold, DEFAULT_MAX_LABELS).expect("tracked");
            assert!(cut.rows.iter().all(|r| r.cost < threshold));
            if let Some(m) = mip {
                assert!(
                    cut.bound <= m + 1e-9,
                    "case {case}: bound {} > {m}",
                    cut.bound
                );
                if m < threshold - 1e-9 {
                    assert!(
                        (cut.rows[0].cost - m).abs() < 1e-6,
                        "case {case}: cut optimum"
                    );
                    assert!((cut.bound - m).abs() < 1e-6);
                } else {
                    assert!(cut.rows.is_empty());
                    assert_eq!(cut.bound, threshold);
                }
                assert!((all.bound - m).abs() < 1e-6);
            } else {
                assert!(all.bound.is_infinite());
            }
            let dp = all.rows;
            match (dp.first(), mip) {
                (Some(best), Some(m)) => {
                    feasible_cases += 1;
                    assert!(
                        (best.cost - m).abs() < 1e-6,
                        "case {case}: labelling {} vs MIP {m}",
                        best.cost
                    );
                }
                (None, None) => infeasible_cases += 1,
                (a, b) => panic!("case {case}: labelling {a:?} vs MIP {b:?} in {inst:?}"),
            }
            for (i, p) in dp.iter().enumerate() {
                assert!(feasible(&inst, &p.row), "case {case}: row {i} {:?}", p.row);
                let cost: f64 = p
                    .row
                    .iter()
                    .enumerate()
                    .filter_map(|(d, x)| x.map(|s| prices[d][s]))
                    .sum();
                assert!((cost - p.cost).abs() < 1e-9);
                if i > 0 {
                    assert!(p.cost >= dp[i - 1].cost);
                    assert_ne!(p.row, dp[i - 1].row);
                }
            }
        }
        // Both outcomes are exercised.
        assert!(feasible_cases > 100, "{feasible_cases} feasible");
        assert!(infeasible_cases > 10, "{infeasible_cases} infeasible");
    }
}
