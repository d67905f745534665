//! The care planner's working solution and its schedule.
//!
//! A solution is one visit sequence per carer. Its schedule — every service start, every
//! break, every route's return — follows from the sequences: each visit starts at the earliest
//! point that is (a) after the carer arrives from the previous stop, (b) inside one of its
//! windows (or after the last one, for a soft window end), and (c) within the gaps of its
//! links to visits on other routes (`second − first ∈ [min_gap, max_gap]`). All three are
//! lower bounds that only grow when other starts grow, so the earliest schedule is the *least
//! fixpoint* of the system, found by raising starts from below until nothing changes
//! (Bellman–Ford style label correcting over route and link arcs). It is the best schedule for
//! the sequences: lateness, overtime and return times are all non-decreasing in the starts.
//! Hard limits — a window end that is not soft, the shift end plus overtime, the longest
//! working time, the break window — are checked on the fixpoint; a cycle of links that
//! pushes starts up forever (e.g. two synchronised pairs served in opposite orders) is caught
//! by a bound on the number of route passes and on the start times.
//!
//! Inserting a visit only adds constraints, so starts only grow: [`State::try_insert`]
//! propagates from the insertion point (and through links to other routes), prices the
//! change, and undoes it from a log. Removals make starts fall; the caller re-runs
//! [`State::schedule_all`] once after removing a batch.

use crate::model::{CarerIdx, Instance, LocIdx, VisitIdx};

/// Start of a visit that is not scheduled.
pub(crate) const UNSET: i64 = i64::MIN / 4;
/// Marks "not assigned" in `route_of`.
pub(crate) const NONE: u32 = u32::MAX;

/// A linked visit: `start[other] − start[self] ∈ [lo, hi]`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Partner {
    pub other: u32,
    pub lo: i64,
    pub hi: i64,
}

/// Instance data in the layout the search reads, precomputed once.
pub(crate) struct Model<'a> {
    pub inst: &'a Instance,
    pub nv: usize,
    pub nc: usize,
    /// Location per visit.
    pub loc: Vec<LocIdx>,
    /// Duration per (visit, carer): `dur[v * nc + c]`.
    pub dur: Vec<i64>,
    /// Carers qualified for each visit (skills, level, not forbidden).
    pub qualified: Vec<Vec<u32>>,
    /// Links of each visit.
    pub partners: Vec<Vec<Partner>>,
    /// Client index per visit.
    pub client: Vec<u32>,
    /// Client names by index.
    pub client_names: Vec<String>,
    /// Carers of this instance seen by each client on earlier days.
    pub hist: Vec<Vec<u32>>,
    /// Number of other carers (not in this instance) seen by each client on earlier days.
    pub hist_other: Vec<u32>,
    /// Continuity limit, if counted.
    pub max_carers: Option<usize>,
    /// Cost per distance unit, per tick of lateness, per tick of the largest lateness, per
    /// tick of overtime, per preferred-carer miss, per carer beyond the continuity limit.
    pub w_dist: f64,
    pub w_late: f64,
    pub w_max: f64,
    pub w_ot: f64,
    pub w_pref: f64,
    pub w_cont: f64,
    /// Cost per tick of face-to-face time lost after the post-pass: elastic band left unused
    /// and waiting on the route.
    pub w_f2f: f64,
    /// Cost per tick of spread between the longest and the shortest route time.
    pub w_bal: f64,
    /// Cost of leaving each visit out: its drop cost, or [`Model::big`] if mandatory.
    pub drop: Vec<f64>,
    /// Cost of one mandatory visit left out: larger than any plan's other costs.
    pub big: f64,
    /// Whether each carer's route carries a break.
    pub needs_break: Vec<bool>,
    /// Starts beyond this are the sign of a cycle of links.
    pub horizon: i64,
    /// For every visit, other visits sorted by distance (nearest first, itself excluded).
    pub near: Vec<Vec<u32>>,
    /// Largest number of route passes one propagation may take.
    pub pass_limit: usize,
}

impl<'a> Model<'a> {
    pub fn new(inst: &'a Instance) -> Self {
        let nv = inst.visits().len();
        let nc = inst.carers().len();
        let loc: Vec<LocIdx> = inst.visits().iter().map(|v| v.location).collect();
        let mut dur = vec![0; nv * nc];
        for (v, visit) in inst.visits().iter().enumerate() {
            for c in 0..nc {
                dur[v * nc + c] = visit.duration_for(CarerIdx(c as u32));
            }
        }
        let qualified = (0..nv)
            .map(|v| {
                (0..nc as u32)
                    .filter(|&c| inst.qualified(CarerIdx(c), VisitIdx(v as u32)))
                    .collect()
            })
            .collect();
        let mut partners = vec![Vec::new(); nv];
        for l in inst.links() {
            let (a, b) = (l.first.0, l.second.0);
            partners[a as usize].push(Partner {
                other: b,
                lo: l.min_gap,
                hi: l.max_gap,
            });
            partners[b as usize].push(Partner {
                other: a,
                lo: -l.max_gap,
                hi: -l.min_gap,
            });
        }
        let mut client_names: Vec<String> = Vec::new();
        let mut client_index = std::collections::HashMap::new();
        let client = (0..nv)
            .map(|v| {
                let name = inst.client_of(VisitIdx(v as u32));
                *client_index.entry(name.to_string()).or_insert_with(|| {
                    client_names.push(name.to_string());
                    client_names.len() as u32 - 1
                })
            })
            .collect();
        let mut hist = vec![Vec::new(); client_names.len()];
        let mut hist_other = vec![0; client_names.len()];
        if let Some(cont) = inst.continuity() {
            for (k, name) in client_names.iter().enumerate() {
                let mut seen: Vec<&str> = cont
                    .history
                    .get(name)
                    .map(|v| v.iter().map(String::as_str).collect())
                    .unwrap_or_default();
                seen.sort_unstable();
                seen.dedup();
                for id in seen {
                    match inst.carer_by_id(id) {
                        Some(c) => hist[k].push(c.0),
                        None => hist_other[k] += 1,
                    }
                }
            }
        }
        let o = inst.objective();
        let u = inst.units();
        let (tpu, dpu) = (u.ticks_per_unit as f64, u.distance_per_unit as f64);
        let max_d = inst
            .matrices()
            .iter()
            .flat_map(|m| m.distances.iter())
            .copied()
            .max()
            .unwrap_or(0) as f64;
        let needs_break = inst
            .carers()
            .iter()
            .map(|c| {
                c.break_rule.is_some_and(|b| {
                    let span = c.latest_end().saturating_sub(c.shift.start);
                    span > b.after_work && c.max_work.is_none_or(|w| w > b.after_work)
                })
            })
            .collect();
        let max_t = inst
            .visits()
            .iter()
            .filter_map(|v| v.windows.last().map(|w| w.end))
            .chain(inst.carers().iter().map(|c| c.shift.start))
            .filter(|&t| t < i64::MAX / 16)
            .max()
            .unwrap_or(0);
        let max_travel = inst
            .matrices()
            .iter()
            .flat_map(|m| m.durations.iter())
            .copied()
            .max()
            .unwrap_or(0);
        let total_dur: i64 = (0..nv)
            .map(|v| (0..nc).map(|c| dur[v * nc + c]).max().unwrap_or(0))
            .sum();
        let overhead = inst
            .carers()
            .iter()
            .map(|c| c.stop_overhead)
            .max()
            .unwrap_or(0);
        let horizon = max_t
            .saturating_add(total_dur)
            .saturating_add((max_travel + overhead).saturating_mul(nv as i64 + 2))
            .saturating_add(1);
        // A mandatory visit outweighs the distance of visiting every location and then some,
        // and every other cost a plan can have together (so the order "every mandatory visit
        // first" holds for any weights and times the model accepts; they are bounded there).
        let h = 2.0 * horizon as f64;
        let band: f64 = inst
            .visits()
            .iter()
            .map(|v| {
                (0..nc)
                    .map(|c| {
                        let c = CarerIdx(c as u32);
                        (v.max_duration_for(c) - v.duration_for(c)) as f64
                    })
                    .fold(0.0, f64::max)
            })
            .sum();
        let seen_before: f64 = hist
            .iter()
            .zip(&hist_other)
            .map(|(h, o)| (h.len() + *o as usize) as f64)
            .sum();
        let overtime: f64 = inst
            .carers()
            .iter()
            .map(|c| (c.overtime as f64).min(h))
            .sum();
        let (nvf, ncf) = (nv as f64, nc as f64);
        let others = o.distance / dpu * max_d * (nvf + ncf)
            + o.lateness / tpu * h * nvf
            + o.max_lateness / tpu * h
            + o.overtime / tpu * overtime
            + o.preferred * nvf
            + o.continuity * (nvf + seen_before)
            + o.face_to_face / tpu * (band + ncf * h)
            + o.balance / tpu * h
            + inst
                .visits()
                .iter()
                .filter_map(|v| v.drop_cost)
                .sum::<f64>();
        let big = (1e4 * (1.0 + max_d * o.distance / dpu) * (nvf + 1.0)).max(2.0 * others + 1.0);
        let drop = inst
            .visits()
            .iter()
            .map(|v| v.drop_cost.unwrap_or(big))
            .collect();
        let m0 = inst.matrices().first();
        let near = (0..nv)
            .map(|a| {
                let mut adj: Vec<u32> = (0..nv as u32).filter(|&b| b as usize != a).collect();
                if let Some(m) = m0 {
                    adj.sort_by_key(|&b| (m.distance(loc[a], loc[b as usize]), b));
                }
                adj
            })
            .collect();
        Model {
            inst,
            nv,
            nc,
            loc,
            dur,
            qualified,
            partners,
            client,
            client_names,
            hist,
            hist_other,
            max_carers: inst.continuity().map(|c| c.max_carers),
            w_dist: o.distance / dpu,
            w_late: o.lateness / tpu,
            w_max: o.max_lateness / tpu,
            w_ot: o.overtime / tpu,
            w_pref: o.preferred,
            w_cont: o.continuity,
            w_f2f: o.face_to_face / tpu,
            w_bal: o.balance / tpu,
            drop,
            big,
            needs_break,
            horizon,
            near,
            pass_limit: 4 * (nv + nc) + 4 * inst.links().len() + 16,
        }
    }

    #[inline]
    pub fn dur(&self, v: u32, c: usize) -> i64 {
        self.dur[v as usize * self.nc + c]
    }

    /// Travel time from `a` to visit location `b` for carer `c` (overhead included).
    #[inline]
    pub fn tt_visit(&self, c: usize, a: LocIdx, b: LocIdx) -> i64 {
        let carer = &self.inst.carers()[c];
        self.inst.matrices()[carer.matrix].duration(a, b) + carer.stop_overhead
    }

    /// When carer `c` leaves the start location: in time to start `first` (the route's first
    /// visit) at `start`, or at the break `brk` if that comes first, never before the shift.
    #[inline]
    pub fn leave(&self, c: usize, first: u32, start: i64, brk: i64) -> i64 {
        let carer = &self.inst.carers()[c];
        let s0 = start - self.tt_visit(c, carer.start, self.loc[first as usize]);
        if brk != UNSET { s0.min(brk) } else { s0 }.max(carer.shift.start)
    }

    /// Travel time from `a` to the end location `b` (no overhead).
    #[inline]
    pub fn tt_end(&self, c: usize, a: LocIdx, b: LocIdx) -> i64 {
        self.inst.matrices()[self.inst.carers()[c].matrix].duration(a, b)
    }

    #[inline]
    pub fn dist(&self, c: usize, a: LocIdx, b: LocIdx) -> i64 {
        self.inst.matrices()[self.inst.carers()[c].matrix].distance(a, b)
    }

    /// Earliest start of `v` at or after `t`, or `None` if past every window of a visit whose
    /// window end is hard.
    #[inline]
    pub fn earliest(&self, v: u32, t: i64) -> Option<i64> {
        let visit = &self.inst.visits()[v as usize];
        for w in &visit.windows {
            if t <= w.end {
                return Some(t.max(w.start));
            }
        }
        visit.late_allowed.then_some(t)
    }

    /// Lateness of `v` when it starts at `s`.
    #[inline]
    pub fn lateness(&self, v: u32, s: i64) -> i64 {
        let visit = &self.inst.visits()[v as usize];
        match visit.windows.last() {
            Some(w) if visit.late_allowed && s > w.end => s - w.end,
            _ => 0,
        }
    }

    /// Overtime of carer `c` returning at `t`.
    #[inline]
    pub fn overtime(&self, c: usize, t: i64) -> i64 {
        (t - self.inst.carers()[c].shift.end).max(0)
    }

    /// Whether carer `c` is in the preferred list of `v` (or the list is empty).
    #[inline]
    pub fn preferred_ok(&self, v: u32, c: usize) -> bool {
        let p = &self.inst.visits()[v as usize].preferred;
        p.is_empty() || p.iter().any(|x| x.0 as usize == c)
    }
}

/// One logged change, undone in reverse order.
#[derive(Clone, Copy, Debug)]
enum Change {
    Start(u32, i64),
    End(u32, i64, i64),
}

/// Scratch buffers of a propagation (kept between calls to avoid allocations).
pub(crate) struct Scratch {
    log: Vec<Change>,
    queue: Vec<(u32, u32)>,
    /// Cost budget of a trial insertion (infinite: no pruning) and the schedule-dependent
    /// cost accumulated so far (lateness, largest lateness above `run_max`, overtime).
    budget: f64,
    acc: f64,
    run_max: i64,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch {
            log: Vec::new(),
            queue: Vec::new(),
            budget: f64::INFINITY,
            acc: 0.0,
            run_max: 0,
        }
    }
}

/// A working solution.
#[derive(Debug)]
pub(crate) struct State {
    /// Visit sequence per carer.
    pub routes: Vec<Vec<u32>>,
    /// Route of each visit, or [`NONE`].
    pub route_of: Vec<u32>,
    /// Position of each visit in its route.
    pub idx: Vec<u32>,
    /// Service start of each assigned visit ([`UNSET`] otherwise).
    pub start: Vec<i64>,
    /// Arrival at the end location per route (the shift start for an empty route).
    pub end: Vec<i64>,
    /// Start of the break per route ([`UNSET`] if none).
    pub brk: Vec<i64>,
    /// Visits left out.
    pub unassigned: Vec<u32>,
    /// Per client: (carer, number of the client's visits the carer does).
    pub client_carers: Vec<Vec<(u32, u32)>>,
    /// Total demand per route.
    pub load: Vec<i64>,
}

impl Clone for State {
    fn clone(&self) -> Self {
        State {
            routes: self.routes.clone(),
            route_of: self.route_of.clone(),
            idx: self.idx.clone(),
            start: self.start.clone(),
            end: self.end.clone(),
            brk: self.brk.clone(),
            unassigned: self.unassigned.clone(),
            client_carers: self.client_carers.clone(),
            load: self.load.clone(),
        }
    }

    fn clone_from(&mut self, s: &Self) {
        self.routes.clone_from(&s.routes);
        self.route_of.clone_from(&s.route_of);
        self.idx.clone_from(&s.idx);
        self.start.clone_from(&s.start);
        self.end.clone_from(&s.end);
        self.brk.clone_from(&s.brk);
        self.unassigned.clone_from(&s.unassigned);
        self.client_carers.clone_from(&s.client_carers);
        self.load.clone_from(&s.load);
    }
}

/// Why a propagation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fail {
    /// A hard window end (or the horizon) is passed.
    Window,
    /// A return after the shift end plus overtime, or a working day beyond the maximum.
    Shift,
    /// The break cannot start inside its window.
    Break,
    /// Links push starts up without end.
    Cycle,
    /// The insertion costs more than the budget (not a rule: a pruned candidate).
    Budget,
}

impl State {
    pub fn empty(m: &Model) -> Self {
        State {
            routes: vec![Vec::new(); m.nc],
            route_of: vec![NONE; m.nv],
            idx: vec![0; m.nv],
            start: vec![UNSET; m.nv],
            end: (0..m.nc).map(|c| m.inst.carers()[c].shift.start).collect(),
            brk: vec![UNSET; m.nc],
            unassigned: (0..m.nv as u32).collect(),
            client_carers: vec![Vec::new(); m.client_names.len()],
            load: vec![0; m.nc],
        }
    }

    /// Least start of `v` allowed by its scheduled link partners.
    #[inline]
    fn link_bound(&self, m: &Model, v: u32) -> i64 {
        let mut lb = UNSET;
        for p in &m.partners[v as usize] {
            let s = self.start[p.other as usize];
            if s != UNSET && self.route_of[p.other as usize] != NONE {
                lb = lb.max(s - p.hi);
            }
        }
        lb
    }

    /// Recomputes route `r` from position `from` (from 0 when the route has a break),
    /// logging changed starts and queueing link partners whose bounds grew. Stops early when
    /// a start is unchanged (nothing after it can change).
    fn forward(&mut self, m: &Model, r: usize, from: usize, sc: &mut Scratch) -> Result<(), Fail> {
        let carer = &m.inst.carers()[r];
        let brk_rule = if m.needs_break[r] {
            carer.break_rule
        } else {
            None
        };
        let from = if brk_rule.is_some() { 0 } else { from };
        let n = self.routes[r].len();
        let (mut at, mut dep) = if from == 0 {
            (carer.start, carer.shift.start)
        } else {
            let p = self.routes[r][from - 1];
            (m.loc[p as usize], self.start[p as usize] + m.dur(p, r))
        };
        let mut brk = UNSET;
        for j in from..n {
            let v = self.routes[r][j];
            let to = m.loc[v as usize];
            let tt = m.tt_visit(r, at, to);
            if let Some(b) = brk_rule
                && brk == UNSET
            {
                let open = m.inst.visits()[v as usize]
                    .windows
                    .first()
                    .map_or(i64::MIN, |w| w.start);
                if (dep + tt).max(open) >= b.window.start {
                    brk = dep.max(b.window.start);
                    if brk > b.window.end {
                        return Err(Fail::Break);
                    }
                    dep = brk + b.duration;
                }
            }
            let lb = (dep + tt).max(self.link_bound(m, v));
            let s = m.earliest(v, lb).ok_or(Fail::Window)?;
            if s > m.horizon {
                return Err(Fail::Cycle);
            }
            let old = self.start[v as usize];
            if s != old {
                sc.log.push(Change::Start(v, old));
                self.start[v as usize] = s;
                if sc.budget.is_finite() {
                    let l_new = m.lateness(v, s);
                    let l_old = if old == UNSET { 0 } else { m.lateness(v, old) };
                    sc.acc += m.w_late * (l_new - l_old) as f64;
                    if l_new > sc.run_max {
                        sc.acc += m.w_max * (l_new - sc.run_max) as f64;
                        sc.run_max = l_new;
                    }
                    if sc.acc >= sc.budget {
                        return Err(Fail::Budget);
                    }
                }
                for p in &m.partners[v as usize] {
                    let o = p.other as usize;
                    let os = self.start[o];
                    if self.route_of[o] != NONE && os != UNSET && os < s + p.lo {
                        sc.queue.push((self.route_of[o], p.other));
                    }
                }
            } else if j > from && brk_rule.is_none() && (from > 0 || carer.max_work.is_none()) {
                // Nothing after an unchanged start changes — unless the first start moved,
                // which changes the working time that `max_work` limits.
                return Ok(());
            }
            at = to;
            dep = s + m.dur(v, r);
        }
        if let Some(b) = brk_rule
            && brk == UNSET
            && n > 0
        {
            brk = dep.max(b.window.start);
            if brk > b.window.end {
                return Err(Fail::Break);
            }
            dep = brk + b.duration;
        }
        let arrival = if n == 0 {
            carer.shift.start
        } else {
            dep + m.tt_end(r, at, carer.end)
        };
        if arrival > carer.latest_end() {
            return Err(Fail::Shift);
        }
        if let (Some(w), Some(&v0)) = (carer.max_work, self.routes[r].first()) {
            let leave = m.leave(r, v0, self.start[v0 as usize], brk);
            if arrival - leave > w {
                return Err(Fail::Shift);
            }
        }
        if arrival != self.end[r] || brk != self.brk[r] {
            sc.log.push(Change::End(r as u32, self.end[r], self.brk[r]));
            if sc.budget.is_finite() {
                let old = self.end[r].max(carer.shift.start);
                sc.acc += m.w_ot * (m.overtime(r, arrival) - m.overtime(r, old)) as f64;
                if sc.acc >= sc.budget {
                    self.end[r] = arrival;
                    self.brk[r] = brk;
                    return Err(Fail::Budget);
                }
            }
            self.end[r] = arrival;
            self.brk[r] = brk;
        }
        Ok(())
    }

    /// Propagates from route `r`, position `from`, through links until the least fixpoint.
    fn propagate(&mut self, m: &Model, r: usize, from: usize, s: &mut Scratch) -> Result<(), Fail> {
        s.queue.clear();
        self.forward(m, r, from, s)?;
        let mut passes = 1;
        while let Some((rr, v)) = s.queue.pop() {
            // Skip if the bound is already met (the partner moved since it was queued).
            let lb = self.link_bound(m, v);
            if self.start[v as usize] >= lb {
                continue;
            }
            passes += 1;
            if passes > m.pass_limit {
                return Err(Fail::Cycle);
            }
            let pos = self.idx[v as usize] as usize;
            self.forward(m, rr as usize, pos, s)?;
        }
        Ok(())
    }

    fn undo(&mut self, log: &mut Vec<Change>) {
        while let Some(c) = log.pop() {
            match c {
                Change::Start(v, old) => self.start[v as usize] = old,
                Change::End(r, e, b) => {
                    self.end[r as usize] = e;
                    self.brk[r as usize] = b;
                }
            }
        }
    }

    fn place(&mut self, v: u32, r: usize, p: usize) {
        self.routes[r].insert(p, v);
        self.route_of[v as usize] = r as u32;
        for (k, &u) in self.routes[r].iter().enumerate().skip(p) {
            self.idx[u as usize] = k as u32;
        }
    }

    fn unplace(&mut self, v: u32) {
        let r = self.route_of[v as usize] as usize;
        let p = self.idx[v as usize] as usize;
        self.routes[r].remove(p);
        self.route_of[v as usize] = NONE;
        self.start[v as usize] = UNSET;
        for (k, &u) in self.routes[r].iter().enumerate().skip(p) {
            self.idx[u as usize] = k as u32;
        }
    }

    /// Whether carer `r` may take `v` at all: qualified, capacity, and no link partner of `v`
    /// on the same route.
    pub fn admits(&self, m: &Model, v: u32, r: usize) -> bool {
        let carer = &m.inst.carers()[r];
        let demand = m.inst.visits()[v as usize].demand;
        carer.capacity.is_none_or(|q| self.load[r] + demand <= q)
            && m.partners[v as usize]
                .iter()
                .all(|p| self.route_of[p.other as usize] != r as u32)
    }

    /// Cost of `v` on route `r` that does not depend on the schedule: extra distance between
    /// positions `p − 1` and `p`, preferred-carer miss, continuity.
    #[inline]
    pub fn static_delta(&self, m: &Model, v: u32, r: usize, p: usize) -> f64 {
        let carer = &m.inst.carers()[r];
        let route = &self.routes[r];
        let x = m.loc[v as usize];
        let d = if route.is_empty() {
            m.dist(r, carer.start, x) + m.dist(r, x, carer.end)
        } else {
            let a = if p == 0 {
                carer.start
            } else {
                m.loc[route[p - 1] as usize]
            };
            let b = if p == route.len() {
                carer.end
            } else {
                m.loc[route[p] as usize]
            };
            m.dist(r, a, x) + m.dist(r, x, b) - m.dist(r, a, b)
        };
        let mut cost = m.w_dist * d as f64;
        if !m.preferred_ok(v, r) {
            cost += m.w_pref;
        }
        if let Some(k) = m.max_carers {
            let cl = m.client[v as usize] as usize;
            let seen = self.client_carers[cl].iter().any(|&(c, _)| c as usize == r)
                || m.hist[cl].contains(&(r as u32));
            if !seen {
                let distinct = self.client_carers[cl]
                    .iter()
                    .filter(|&&(c, _)| !m.hist[cl].contains(&c))
                    .count()
                    + m.hist[cl].len()
                    + m.hist_other[cl] as usize;
                if distinct >= k {
                    cost += m.w_cont;
                }
            }
        }
        cost
    }

    /// Cost of inserting `v` at position `p` of route `r` (without the saved drop cost), or
    /// `None` if infeasible or not below `budget`. `late_max` is the current largest lateness.
    /// Leaves the state as it was.
    #[allow(clippy::too_many_arguments)]
    pub fn try_insert(
        &mut self,
        m: &Model,
        v: u32,
        r: usize,
        p: usize,
        late_max: i64,
        budget: f64,
        s: &mut Scratch,
    ) -> Option<f64> {
        let stat = self.static_delta(m, v, r, p);
        // With face-to-face pricing an insertion may lower the cost (it fills waiting), so
        // the budget prunes nothing.
        let f2f = m.w_f2f > 0.0;
        if stat >= budget && !f2f {
            return None;
        }
        let before = if f2f {
            super::stretch::loss(m, self, r)
        } else {
            0
        };
        self.place(v, r, p);
        s.log.clear();
        s.budget = if f2f { f64::MAX } else { budget - stat };
        s.acc = 0.0;
        s.run_max = late_max;
        let ok = self.propagate(m, r, p, s).is_ok();
        let mut delta = ok.then_some(stat + s.acc);
        if f2f && let Some(d) = delta.as_mut() {
            *d += m.w_f2f * (super::stretch::loss(m, self, r) - before) as f64;
        }
        s.budget = f64::INFINITY;
        let mut log = std::mem::take(&mut s.log);
        self.undo(&mut log);
        s.log = log;
        self.unplace(v);
        delta
    }

    /// A lower bound of [`State::try_insert`]'s cost, in O(1): the static cost plus the
    /// lateness added to `v` itself at its earliest start after the predecessor and to the
    /// next visit at its earliest start after `v` (links only push it further); `None` if
    /// either cannot start in a hard window even then (starts only grow when visits are
    /// inserted).
    pub fn insertion_bound(
        &self,
        m: &Model,
        v: u32,
        r: usize,
        p: usize,
        late_max: i64,
    ) -> Option<f64> {
        let carer = &m.inst.carers()[r];
        let (at, dep) = if p == 0 {
            (carer.start, carer.shift.start)
        } else {
            let u = self.routes[r][p - 1];
            (m.loc[u as usize], self.start[u as usize] + m.dur(u, r))
        };
        let x = m.loc[v as usize];
        let arrival = dep + m.tt_visit(r, at, x);
        let s = m.earliest(v, arrival.max(self.link_bound(m, v)))?;
        let late = m.lateness(v, s);
        // The next visit starts at least this late too: its added lateness counts.
        let (mut added, mut top) = (late, late);
        if let Some(&u) = self.routes[r].get(p) {
            let old = self.start[u as usize];
            let lb_u =
                (s + m.dur(v, r) + m.tt_visit(r, x, m.loc[u as usize])).max(self.link_bound(m, u));
            let su = m.earliest(u, lb_u)?.max(old);
            let late_u = m.lateness(u, su);
            added += late_u - m.lateness(u, old);
            top = top.max(late_u);
        }
        Some(
            self.static_delta(m, v, r, p)
                + m.w_late * added as f64
                + m.w_max * (top - late_max).max(0) as f64,
        )
    }

    /// Largest lateness among the visits whose start the last [`State::insert`] changed
    /// (starts only grow on insertion, so this and the old largest lateness give the new one).
    pub fn late_max_changed(&self, m: &Model, s: &Scratch) -> i64 {
        s.log
            .iter()
            .filter_map(|c| match *c {
                Change::Start(u, _) if self.route_of[u as usize] != NONE => {
                    Some(m.lateness(u, self.start[u as usize]))
                }
                _ => None,
            })
            .max()
            .unwrap_or(0)
    }

    /// Like [`State::try_insert`], but returns which rule fails.
    pub fn probe_insert(
        &mut self,
        m: &Model,
        v: u32,
        r: usize,
        p: usize,
        s: &mut Scratch,
    ) -> Result<(), Fail> {
        self.place(v, r, p);
        s.log.clear();
        let res = self.propagate(m, r, p, s);
        let mut log = std::mem::take(&mut s.log);
        self.undo(&mut log);
        s.log = log;
        self.unplace(v);
        res
    }

    /// Inserts `v` at position `p` of route `r` for good. The caller has checked feasibility
    /// with [`State::try_insert`]; on failure (which would be a bug) the insertion is undone
    /// and `false` returned.
    pub fn insert(&mut self, m: &Model, v: u32, r: usize, p: usize, s: &mut Scratch) -> bool {
        self.place(v, r, p);
        s.log.clear();
        if self.propagate(m, r, p, s).is_err() {
            let mut log = std::mem::take(&mut s.log);
            self.undo(&mut log);
            s.log = log;
            self.unplace(v);
            return false;
        }
        if let Some(k) = self.unassigned.iter().position(|&u| u == v) {
            self.unassigned.swap_remove(k);
        }
        self.load[r] += m.inst.visits()[v as usize].demand;
        let cl = &mut self.client_carers[m.client[v as usize] as usize];
        match cl.iter_mut().find(|(c, _)| *c as usize == r) {
            Some(e) => e.1 += 1,
            None => cl.push((r as u32, 1)),
        }
        true
    }

    /// Takes `v` out of its route; the schedule is stale until [`State::schedule_all`].
    pub fn remove(&mut self, m: &Model, v: u32) {
        let r = self.route_of[v as usize] as usize;
        if r == NONE as usize {
            return;
        }
        self.unplace(v);
        self.unassigned.push(v);
        self.load[r] -= m.inst.visits()[v as usize].demand;
        let cl = &mut self.client_carers[m.client[v as usize] as usize];
        if let Some(k) = cl.iter().position(|(c, _)| *c as usize == r) {
            cl[k].1 -= 1;
            if cl[k].1 == 0 {
                cl.swap_remove(k);
            }
        }
    }

    /// Recomputes the whole schedule from scratch (the least fixpoint).
    pub fn schedule_all(&mut self, m: &Model, s: &mut Scratch) -> Result<(), Fail> {
        for v in self.start.iter_mut() {
            *v = UNSET;
        }
        for r in 0..m.nc {
            self.end[r] = UNSET;
            self.brk[r] = UNSET;
        }
        s.log.clear();
        for r in 0..m.nc {
            self.propagate(m, r, 0, s)?;
        }
        s.log.clear();
        Ok(())
    }

    /// Largest lateness of the schedule.
    pub fn late_max(&self, m: &Model) -> i64 {
        self.routes
            .iter()
            .flatten()
            .map(|&v| m.lateness(v, self.start[v as usize]))
            .max()
            .unwrap_or(0)
    }

    /// The cost of the solution (see [`crate::model::Objective`]; left-out mandatory visits
    /// cost [`Model::big`] each).
    pub fn cost(&self, m: &Model) -> Cost {
        let mut c = Cost::default();
        let (mut longest, mut shortest) = (i64::MIN, i64::MAX);
        for (r, route) in self.routes.iter().enumerate() {
            if route.is_empty() {
                continue;
            }
            let carer = &m.inst.carers()[r];
            let mut at = carer.start;
            for &v in route {
                let x = m.loc[v as usize];
                c.distance += m.dist(r, at, x);
                at = x;
                let l = m.lateness(v, self.start[v as usize]);
                c.lateness += l;
                c.late_max = c.late_max.max(l);
                if !m.preferred_ok(v, r) {
                    c.preferred += 1;
                }
            }
            c.distance += m.dist(r, at, carer.end);
            c.overtime += m.overtime(r, self.end[r]);
            if m.w_f2f > 0.0 {
                c.f2f_loss += super::stretch::loss(m, self, r);
            }
            if m.w_bal > 0.0 {
                // Route time of the earliest schedule: an upper bound of the planned one (the
                // post-pass only lets the carer leave later).
                let first = route[0];
                let t = self.end[r] - m.leave(r, first, self.start[first as usize], self.brk[r]);
                longest = longest.max(t);
                shortest = shortest.min(t);
            }
        }
        if longest >= shortest {
            c.spread = longest - shortest;
        }
        if let Some(k) = m.max_carers {
            for (cl, seen) in self.client_carers.iter().enumerate() {
                let distinct = seen
                    .iter()
                    .filter(|&&(car, _)| !m.hist[cl].contains(&car))
                    .count()
                    + m.hist[cl].len()
                    + m.hist_other[cl] as usize;
                c.continuity += distinct.saturating_sub(k) as i64;
            }
        }
        for &v in &self.unassigned {
            if m.inst.visits()[v as usize].mandatory() {
                c.missing += 1;
            } else {
                c.dropped += m.drop[v as usize];
            }
            // A routed partner of a left-out visit is useless (links are all or nothing):
            // count it as left out too.
            for q in &m.partners[v as usize] {
                if self.route_of[q.other as usize] != NONE {
                    if m.inst.visits()[q.other as usize].mandatory() {
                        c.missing += 1;
                    } else {
                        c.dropped += m.drop[q.other as usize];
                    }
                }
            }
        }
        c.total = m.w_dist * c.distance as f64
            + m.w_late * c.lateness as f64
            + m.w_max * c.late_max as f64
            + m.w_ot * c.overtime as f64
            + m.w_pref * c.preferred as f64
            + m.w_cont * c.continuity as f64
            + m.w_f2f * c.f2f_loss as f64
            + m.w_bal * c.spread as f64
            + c.dropped
            + m.big * c.missing as f64;
        c
    }
}

/// The parts of a solution's cost.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Cost {
    pub total: f64,
    pub distance: i64,
    pub lateness: i64,
    pub late_max: i64,
    pub overtime: i64,
    pub preferred: i64,
    pub continuity: i64,
    pub f2f_loss: i64,
    pub spread: i64,
    pub dropped: f64,
    pub missing: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::care::{CareParams, search};
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use std::path::Path;

    /// `insertion_bound` never exceeds the exact price of `try_insert`, and says `None` only
    /// for insertions that are infeasible, in states met during a search (synchronised and
    /// gapped pairs, tardiness, waiting). Uses the shared Mankowska files when present.
    #[test]
    fn insertion_bound_is_a_lower_bound() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let shared = root.join("../shared/data/hhc/mankowska2014");
        let mut files = vec![root.join("tests/data/hhcrsp_tiny.txt")];
        for f in ["InstanzCPLEX_HCSRP_25_1.txt", "InstanzCPLEX_HCSRP_50_4.txt"] {
            if shared.join(f).exists() {
                files.push(shared.join(f));
            }
        }
        let mut priced = 0;
        for f in &files {
            let parts = crate::io::mankowska::read_mankowska(f).expect("instance reads");
            let inst = Instance::new(parts).expect("instance is valid");
            let m = Model::new(&inst);
            let p = CareParams::default();
            let mut rng = ChaCha8Rng::seed_from_u64(7);
            let mut sc = Scratch::default();
            let mut st = State::empty(&m);
            let todo = st.unassigned.clone();
            search::recreate(&mut st, &m, &p, todo, &mut rng, &mut sc);
            for _ in 0..20 {
                let mut cand = st.clone();
                search::ruin(&mut cand, &m, &p, &mut rng);
                cand.schedule_all(&m, &mut sc)
                    .expect("removing visits keeps the schedule feasible");
                let late_max = cand.late_max(&m);
                for v in cand.unassigned.clone() {
                    for &r in &m.qualified[v as usize] {
                        let r = r as usize;
                        if !cand.admits(&m, v, r) {
                            continue;
                        }
                        for pos in 0..=cand.routes[r].len() {
                            let lb = cand.insertion_bound(&m, v, r, pos, late_max);
                            // A finite budget: with an infinite one only feasibility is
                            // checked and the schedule's costs are not summed.
                            let exact = cand.try_insert(&m, v, r, pos, late_max, f64::MAX, &mut sc);
                            match (lb, exact) {
                                (Some(lb), Some(x)) => {
                                    assert!(lb <= x + 1e-9, "{}: bound {lb} > {x}", f.display());
                                    priced += 1;
                                }
                                (None, Some(x)) => {
                                    panic!("{}: no bound for a feasible {x}", f.display())
                                }
                                _ => {}
                            }
                        }
                    }
                }
                let todo = cand.unassigned.clone();
                search::recreate(&mut cand, &m, &p, todo, &mut rng, &mut sc);
                st = cand;
            }
        }
        assert!(priced > 100, "only {priced} insertions priced");
    }
}
