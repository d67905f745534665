//! The solver's working solution: routes with cached schedules, the unserved visits, and the
//! conversion to a [`Plan`].

use crate::model::{CarerIdx, Instance, LocIdx, Matrix, VisitIdx};
use crate::plan::{self, Plan, Stop, Unassigned};

use super::feasibility::{NEVER, TOO_LATE, first_start, last_start};

/// Instance data the search reads in its inner loops, precomputed once.
pub(crate) struct Data<'a> {
    pub inst: &'a Instance,
    /// For every visit, all visits sorted by distance from it (itself first).
    pub adjacency: Vec<Vec<u32>>,
    /// Carers with identical start, end, shift, capacity, skills and matrix share a class;
    /// only one empty route per class is tried for an insertion.
    pub class: Vec<usize>,
    /// Number of classes.
    pub n_classes: usize,
    /// Carers with the same end location, shift end and matrix share a tail class: a route's
    /// suffix can move between them with its cached latest starts.
    pub tail_class: Vec<usize>,
    /// Cost of leaving one visit unserved.
    pub penalty: i64,
    /// Visits the solver leaves out on purpose: those in a [`crate::model::Link`], which the
    /// routing core does not plan yet (the home-care rules will).
    pub excluded: Vec<bool>,
}

impl<'a> Data<'a> {
    pub fn new(inst: &'a Instance) -> Self {
        let n = inst.visits().len();
        let m0 = inst.matrices().first();
        let adjacency = (0..n)
            .map(|a| {
                let mut adj: Vec<u32> = (0..n as u32).collect();
                if let Some(m) = m0 {
                    let la = inst.visits()[a].location;
                    adj.sort_by_key(|&b| {
                        let d = m.distance(la, inst.visits()[b as usize].location);
                        (b as usize != a, d, b)
                    });
                }
                adj
            })
            .collect();
        let mut keys = Vec::new();
        let class = inst
            .carers()
            .iter()
            .map(|c| {
                let key = (c.start, c.end, c.shift, c.capacity, c.skills.0, c.matrix);
                match keys.iter().position(|k| *k == key) {
                    Some(i) => i,
                    None => {
                        keys.push(key);
                        keys.len() - 1
                    }
                }
            })
            .collect();
        let mut tail_keys = Vec::new();
        let tail_class = inst
            .carers()
            .iter()
            .map(|c| {
                let key = (c.end, c.shift.end, c.matrix);
                match tail_keys.iter().position(|k| *k == key) {
                    Some(i) => i,
                    None => {
                        tail_keys.push(key);
                        tail_keys.len() - 1
                    }
                }
            })
            .collect();
        let max_entry = inst
            .matrices()
            .iter()
            .flat_map(|m| m.distances.iter())
            .copied()
            .max()
            .unwrap_or(0);
        Data {
            inst,
            adjacency,
            class,
            n_classes: keys.len(),
            tail_class,
            // More than any plan's total distance (at most one leg per visit and per carer,
            // each at most the largest entry): serving more visits always comes first.
            penalty: max_entry
                .saturating_mul((n + inst.carers().len() + 1).max(1000) as i64)
                .max(1000),
            excluded: {
                let mut ex = vec![false; n];
                for l in inst.links() {
                    ex[l.first.0 as usize] = true;
                    ex[l.second.0 as usize] = true;
                }
                ex
            },
        }
    }
}

/// One carer's route with its cached schedule (see [`super::feasibility`]).
#[derive(Debug)]
pub(crate) struct Route {
    pub carer: usize,
    /// Visit indices in service order.
    pub visits: Vec<u32>,
    /// Location per extended position `0..=n+1` (start, visits, end).
    pub locs: Vec<LocIdx>,
    /// Earliest service start per extended position `0..=n+1`.
    pub earliest: Vec<i64>,
    /// Earliest departure (earliest start + service duration) per extended position.
    pub depart: Vec<i64>,
    /// Latest feasible service start per extended position.
    pub latest: Vec<i64>,
    /// Total demand.
    pub load: i64,
    /// Total distance (0 for an empty route, which the plan leaves out).
    pub distance: i64,
    /// Distance from the start to extended position `i` along the route.
    pub cum_dist: Vec<i64>,
    /// Demand of the visits at extended positions `1..=i`.
    pub cum_load: Vec<i64>,
}

impl Clone for Route {
    fn clone(&self) -> Self {
        Route {
            carer: self.carer,
            visits: self.visits.clone(),
            locs: self.locs.clone(),
            earliest: self.earliest.clone(),
            depart: self.depart.clone(),
            latest: self.latest.clone(),
            load: self.load,
            distance: self.distance,
            cum_dist: self.cum_dist.clone(),
            cum_load: self.cum_load.clone(),
        }
    }

    /// Copies without allocating when `self` already has the capacity (the main loop copies
    /// the current solution into a reused candidate every iteration).
    fn clone_from(&mut self, src: &Self) {
        self.carer = src.carer;
        self.visits.clone_from(&src.visits);
        self.locs.clone_from(&src.locs);
        self.earliest.clone_from(&src.earliest);
        self.depart.clone_from(&src.depart);
        self.latest.clone_from(&src.latest);
        self.load = src.load;
        self.distance = src.distance;
        self.cum_dist.clone_from(&src.cum_dist);
        self.cum_load.clone_from(&src.cum_load);
    }
}

impl Route {
    pub fn new(data: &Data, carer: usize) -> Self {
        let mut r = Route {
            carer,
            visits: Vec::new(),
            locs: Vec::new(),
            earliest: Vec::new(),
            depart: Vec::new(),
            latest: Vec::new(),
            load: 0,
            distance: 0,
            cum_dist: Vec::new(),
            cum_load: Vec::new(),
        };
        r.update(data);
        r
    }

    pub fn matrix<'d>(&self, data: &Data<'d>) -> &'d Matrix {
        data.inst.matrix_of(CarerIdx(self.carer as u32))
    }

    /// Location at extended position `i`.
    pub fn loc(&self, i: usize) -> LocIdx {
        self.locs[i]
    }

    /// Service duration at extended position `i` (0 at the start and end locations).
    pub fn dur(&self, data: &Data, i: usize) -> i64 {
        if i == 0 || i > self.visits.len() {
            0
        } else {
            data.inst.visits()[self.visits[i - 1] as usize]
                .duration_for(CarerIdx(self.carer as u32))
        }
    }

    /// Recomputes the schedule, load and distance: O(route length).
    pub fn update(&mut self, data: &Data) {
        let n = self.visits.len();
        let inst = data.inst;
        let c = &inst.carers()[self.carer];
        let m = self.matrix(data);
        self.locs.clear();
        self.locs.push(c.start);
        self.locs.extend(
            self.visits
                .iter()
                .map(|&v| inst.visits()[v as usize].location),
        );
        self.locs.push(c.end);
        self.earliest.clear();
        self.earliest.resize(n + 2, NEVER);
        self.depart.clear();
        self.depart.resize(n + 2, NEVER);
        self.latest.clear();
        self.latest.resize(n + 2, TOO_LATE);
        self.earliest[0] = c.shift.start;
        self.depart[0] = c.shift.start;
        for i in 1..=n + 1 {
            let prev = self.depart[i - 1];
            if prev == NEVER {
                break;
            }
            let arrival = prev.saturating_add(m.duration(self.locs[i - 1], self.locs[i]));
            if i <= n {
                let v = &inst.visits()[self.visits[i - 1] as usize];
                if let Some(t) = first_start(&v.windows, arrival) {
                    self.earliest[i] = t;
                    self.depart[i] = t.saturating_add(v.duration_for(CarerIdx(self.carer as u32)));
                }
            } else if arrival <= c.shift.end {
                self.earliest[i] = arrival;
                self.depart[i] = arrival;
            }
        }
        self.latest[n + 1] = c.shift.end;
        for i in (0..=n).rev() {
            let next = self.latest[i + 1];
            if next == TOO_LATE {
                break;
            }
            let bound = next
                .saturating_sub(m.duration(self.locs[i], self.locs[i + 1]))
                .saturating_sub(self.dur(data, i));
            self.latest[i] = if i >= 1 {
                let v = &inst.visits()[self.visits[i - 1] as usize];
                last_start(&v.windows, bound).unwrap_or(TOO_LATE)
            } else {
                bound
            };
        }
        self.cum_dist.clear();
        self.cum_load.clear();
        self.cum_dist.push(0);
        self.cum_load.push(0);
        for i in 1..=n + 1 {
            let d = m.distance(self.locs[i - 1], self.locs[i]);
            let q = if i <= n {
                inst.visits()[self.visits[i - 1] as usize].demand
            } else {
                0
            };
            self.cum_dist.push(self.cum_dist[i - 1] + d);
            self.cum_load.push(self.cum_load[i - 1] + q);
        }
        self.load = self.cum_load[n + 1];
        self.distance = if n == 0 { 0 } else { self.cum_dist[n + 1] };
    }

    /// Whether the cached schedule is feasible (times and capacity).
    pub fn feasible(&self, data: &Data) -> bool {
        let cap = data.inst.carers()[self.carer].capacity;
        self.earliest.last().is_some_and(|&t| t != NEVER) && cap.is_none_or(|q| self.load <= q)
    }

    /// Extended position of the first time violation (`n + 1` for a late return), if any.
    pub fn first_violation(&self) -> Option<usize> {
        self.earliest.iter().position(|&t| t == NEVER)
    }

    /// Whether the carer may serve `v` at all (skills) and has room for it (capacity).
    pub fn admits(&self, data: &Data, v: u32) -> bool {
        let c = &data.inst.carers()[self.carer];
        let visit = &data.inst.visits()[v as usize];
        c.skills.covers(visit.skills) && c.capacity.is_none_or(|q| self.load + visit.demand <= q)
    }

    /// The insertion positions `p` (between extended positions `p` and `p + 1`) that can be
    /// time-feasible for `v` in a feasible route: departures and latest starts grow along the
    /// route, so the candidates form one range, found by binary search. O(log n).
    pub fn candidate_range(&self, data: &Data, v: u32) -> std::ops::Range<usize> {
        let visit = &data.inst.visits()[v as usize];
        let (Some(first), Some(last)) = (visit.windows.first(), visit.windows.last()) else {
            return 0..0;
        };
        let n = self.visits.len();
        // p must leave p no later than v's last window closes ...
        let hi = self.depart[..=n].partition_point(|&t| t <= last.end);
        // ... and p + 1 must have room for v's earliest possible service before it.
        let need = first
            .start
            .saturating_add(visit.duration_for(CarerIdx(self.carer as u32)));
        let lo = self.latest[1..=n + 1].partition_point(|&t| t < need);
        lo..hi.max(lo)
    }

    /// Extra distance of inserting `v` between extended positions `p` and `p + 1`, or `None`
    /// if that breaks a time window or the shift. O(1); skills and capacity are checked by
    /// [`Route::admits`].
    #[inline]
    pub fn insertion_delta(&self, data: &Data, v: u32, p: usize) -> Option<i64> {
        let m = self.matrix(data);
        let visit = &data.inst.visits()[v as usize];
        let (prev, next) = (self.locs[p], self.locs[p + 1]);
        let arrival = self.depart[p].saturating_add(m.duration(prev, visit.location));
        let start = first_start(&visit.windows, arrival)?;
        let at_next = start
            .saturating_add(visit.duration_for(CarerIdx(self.carer as u32)))
            .saturating_add(m.duration(visit.location, next));
        if at_next > self.latest[p + 1] {
            return None;
        }
        let added = m.distance(prev, visit.location) + m.distance(visit.location, next);
        Some(if self.visits.is_empty() {
            added
        } else {
            added - m.distance(prev, next)
        })
    }
}

/// A complete working solution.
#[derive(Debug)]
pub(crate) struct Sol {
    /// One route per carer, in carer order (possibly empty).
    pub routes: Vec<Route>,
    /// Visits no route serves.
    pub unassigned: Vec<u32>,
    /// Route index serving each visit.
    pub route_of: Vec<Option<u32>>,
    /// At most this many routes may be non-empty (the fleet found by route minimisation);
    /// `usize::MAX` for no limit.
    pub route_cap: usize,
}

impl Clone for Sol {
    fn clone(&self) -> Self {
        Sol {
            routes: self.routes.clone(),
            unassigned: self.unassigned.clone(),
            route_of: self.route_of.clone(),
            route_cap: self.route_cap,
        }
    }

    /// Reuses the allocations of `self` (see [`Route::clone_from`]).
    fn clone_from(&mut self, src: &Self) {
        self.routes.clone_from(&src.routes);
        self.unassigned.clone_from(&src.unassigned);
        self.route_of.clone_from(&src.route_of);
        self.route_cap = src.route_cap;
    }
}

impl Sol {
    pub fn empty(data: &Data) -> Self {
        let n = data.inst.visits().len();
        Sol {
            routes: (0..data.inst.carers().len())
                .map(|c| Route::new(data, c))
                .collect(),
            unassigned: (0..n as u32).collect(),
            route_of: vec![None; n],
            route_cap: usize::MAX,
        }
    }

    /// Total distance.
    pub fn distance(&self) -> i64 {
        self.routes.iter().map(|r| r.distance).sum()
    }

    /// Objective: distance plus the penalty for every unserved visit (saturating: the model's
    /// bounds on distances keep real instances far below `i64::MAX`).
    pub fn cost(&self, data: &Data) -> i64 {
        self.distance()
            .saturating_add(data.penalty.saturating_mul(self.unassigned.len() as i64))
    }

    /// Number of non-empty routes.
    pub fn routes_used(&self) -> usize {
        self.routes.iter().filter(|r| !r.visits.is_empty()).count()
    }

    /// Number of visits served.
    pub fn served(&self) -> usize {
        self.route_of.len() - self.unassigned.len()
    }

    /// The plan: non-empty routes in carer order, each stop at its earliest feasible start;
    /// unserved visits in visit order, each with the reason it is left out.
    pub fn to_plan(&self, data: &Data) -> Plan {
        let inst = data.inst;
        let routes = self
            .routes
            .iter()
            .filter(|r| !r.visits.is_empty())
            .map(|r| plan::Route {
                carer: inst.carers()[r.carer].id.clone(),
                stops: r
                    .visits
                    .iter()
                    .enumerate()
                    .map(|(k, &v)| {
                        let visit = &inst.visits()[v as usize];
                        let start = r.earliest[k + 1];
                        Stop {
                            visit: visit.id.clone(),
                            start,
                            end: start + visit.duration_for(CarerIdx(r.carer as u32)),
                        }
                    })
                    .collect(),
                breaks: Vec::new(),
            })
            .collect();
        let mut out: Vec<u32> = self.unassigned.clone();
        out.sort_unstable();
        let unassigned = out.into_iter().map(|v| why_unserved(data, v)).collect();
        Plan { routes, unassigned }
    }
}

/// The reason a visit is left out: the first of "no_carers" (the instance has none), "skill"
/// (no carer has the skills), "capacity"
/// (its demand exceeds every suitable carer's capacity), "time_window" (no suitable carer can
/// serve it even on an otherwise empty route) and "no_feasible_insertion" (it would fit alone,
/// but not next to the other visits).
fn why_unserved(data: &Data, v: u32) -> Unassigned {
    let inst = data.inst;
    let visit = inst.visit(VisitIdx(v));
    let skilled: Vec<usize> = (0..inst.carers().len())
        .filter(|&c| inst.carers()[c].skills.covers(visit.skills))
        .collect();
    let roomy: Vec<usize> = skilled
        .iter()
        .copied()
        .filter(|&c| inst.carers()[c].capacity.is_none_or(|q| visit.demand <= q))
        .collect();
    let alone = roomy.iter().any(|&c| {
        let r = Route::new(data, c);
        r.feasible(data) && r.insertion_delta(data, v, 0).is_some()
    });
    let (reason, detail) = if inst.carers().is_empty() {
        (
            "no_carers",
            "The instance has no carers at all, so nobody can make the visit.".to_string(),
        )
    } else if data.excluded[v as usize] {
        (
            "linked_visit",
            "The visit is linked to another visit (two carers at once, or an ordered pair); \
             linked visits are not planned by the routing core yet."
                .to_string(),
        )
    } else if skilled.is_empty() {
        (
            "skill",
            "No carer has all the skills this visit requires.".to_string(),
        )
    } else if roomy.is_empty() {
        (
            "capacity",
            format!(
                "The visit's demand of {} exceeds the capacity of every carer with the \
                 required skills.",
                visit.demand
            ),
        )
    } else if !alone {
        (
            "time_window",
            "No suitable carer can reach the visit within its time windows and get back \
             before the end of the shift, even with no other visits."
                .to_string(),
        )
    } else {
        (
            "no_feasible_insertion",
            "The visit fits into an empty route, but the search found no feasible place for it \
             among the other visits and no free carer."
                .to_string(),
        )
    };
    Unassigned {
        visit: visit.id.clone(),
        reason: reason.into(),
        detail,
    }
}
