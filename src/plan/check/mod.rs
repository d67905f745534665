//! The independent plan checker: [`check`] recomputes every rule and every KPI of a [`Plan`]
//! from scratch against the [`Instance`], in plain O(visits + stops) code.
//!
//! It depends on [`crate::model`] only and must never import a solver module: it is the
//! referee and does not share code with the players.
//!
//! # Timing convention
//!
//! All times are ticks. A route of carer `c` with stops `s1 … sn` (unknown visit ids skipped)
//! is walked `c.start → s1 → … → sn → c.end` with the carer's travel matrix:
//!
//! - the carer *departs* at `max(c.shift.start, s1.start − travel(c.start, s1))`, i.e. as late
//!   as possible while still reaching the first visit in time, but never before the shift; if
//!   reaching `s1` on time would require leaving before the shift starts, that is a
//!   [`ViolationKind::ShiftStart`];
//! - every later stop must start no earlier than the previous stop's written `end` plus the
//!   travel time ([`ViolationKind::Travel`]); the slack, if any, is waiting;
//! - the carer *arrives* at `c.end` at `sn.end + travel(sn, c.end)`, which must not be after
//!   `c.shift.end` ([`ViolationKind::ShiftEnd`]);
//! - the route time is arrival − departure; for a plan without violations it equals
//!   travel time + service time + waiting.
//!
//! Empty routes are allowed and ignored for the evaluation (their carer id must still be known
//! and not repeated).
//!
//! Home-care rules, one file each:
//!
//! - `qualification`: skills (all-of), competence level (`Carer::level ≥ Visit::min_level`),
//!   forbidden carers;
//! - durations: a stop lasts between the visit's duration *for that carer*
//!   (`Visit::duration_for`) and the top of its elastic band (`Visit::max_duration_for`); the
//!   planned length is the face-to-face time;
//! - windows: a visit with a soft window end (`Visit::late_allowed`) may start after its window
//!   closes, and the time since the latest window end before the start counts as lateness
//!   (total and largest); starting before the first window opens is always a violation;
//! - travel: every arrival at a visit costs the matrix time plus the carer's `stop_overhead`
//!   (parking, getting to the door); the way back to the end location has no overhead;
//! - `breaks`: breaks lie between stops (or before the first / after the last), never overlap a
//!   stop or each other, and the gap that holds them also holds the travel; a route whose
//!   working time exceeds the rule's `after_work` needs one break of at least the rule's
//!   length starting inside its window (arbeidsmiljøloven § 10-9); a break before the first
//!   stop counts as working time (the carer has left);
//! - `working_time`: back by `shift.end + overtime` (time after `shift.end` is overtime,
//!   priced), and working time (departure → arrival) at most `max_work`;
//! - `links`: both visits of a link are routed or neither, by two different carers, the
//!   second starting `min_gap..=max_gap` ticks after the first;
//! - `continuity`: visits done by a carer outside a non-empty preferred list, and the distinct
//!   carers each client sees (earlier days of the horizon included) beyond
//!   `Continuity::max_carers` — both soft, counted and priced, never violations;
//! - priorities: a mandatory visit listed unassigned is allowed (the plan says why) but counted
//!   in `Evaluation::mandatory_unassigned`; an optional one left out costs its drop cost;
//! - `omissions`: every unassigned entry gives a known reason code
//!   ([`ViolationKind::UnknownReason`]), and a mandatory visit left out although the plan as
//!   written has room for it (a free qualified carer could do it alone, or it fits between
//!   two stops of a route without moving them) is a [`ViolationKind::AvoidableOmission`].

mod breaks;
mod continuity;
mod links;
mod omissions;
mod qualification;
mod working_time;

use std::fmt;

use crate::model::{Instance, OPEN_END, TimeWindow};

use super::Plan;

pub use omissions::REASONS;

/// Which rule a plan breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ViolationKind {
    /// A route names a carer the instance does not have.
    UnknownCarer,
    /// Two routes name the same carer.
    CarerUsedTwice,
    /// A stop or an unassigned entry names a visit the instance does not have.
    UnknownVisit,
    /// A visit is routed twice, listed unassigned twice, or both routed and listed unassigned.
    VisitTwice,
    /// A visit is neither routed nor listed unassigned.
    VisitMissing,
    /// A stop starts outside every time window of its visit.
    TimeWindow,
    /// Reaching the first stop on time requires leaving before the shift starts.
    ShiftStart,
    /// The carer gets back to the end location after the shift ends (plus allowed overtime).
    ShiftEnd,
    /// A stop starts earlier than the previous stop's end plus the travel time (stop overhead
    /// and breaks in between included).
    Travel,
    /// A stop's `end − start` is outside the visit's duration band for the carer.
    Duration,
    /// The demands on a route exceed the carer's capacity.
    Capacity,
    /// The carer lacks a skill the visit requires.
    Skill,
    /// Two linked visits start outside their gap, or only one of them is routed.
    Link,
    /// Two linked visits (which need two different carers) are on the same route.
    LinkSameCarer,
    /// The carer's competence level is below the visit's minimum level.
    Competence,
    /// The carer is on the visit's forbidden list.
    ForbiddenCarer,
    /// A required break is missing, or a break is too short, outside its window, overlaps a
    /// stop or another break, or is given to a carer without a break rule.
    Break,
    /// The working time (leaving the start location to arriving at the end) exceeds the
    /// carer's longest working time.
    WorkingTime,
    /// An unassigned entry gives a reason that is not one of the known codes ([`REASONS`]).
    UnknownReason,
    /// A mandatory visit is left out although the plan has room for it: a free qualified
    /// carer could do it alone, or it fits between two stops of a route without moving them.
    AvoidableOmission,
}

impl fmt::Display for ViolationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ViolationKind::UnknownCarer => "unknown carer",
            ViolationKind::CarerUsedTwice => "carer used twice",
            ViolationKind::UnknownVisit => "unknown visit",
            ViolationKind::VisitTwice => "visit listed twice",
            ViolationKind::VisitMissing => "visit missing",
            ViolationKind::TimeWindow => "time window",
            ViolationKind::ShiftStart => "shift start",
            ViolationKind::ShiftEnd => "shift end",
            ViolationKind::Travel => "travel time",
            ViolationKind::Duration => "visit duration",
            ViolationKind::Capacity => "capacity",
            ViolationKind::Skill => "skill",
            ViolationKind::Link => "link",
            ViolationKind::LinkSameCarer => "link same carer",
            ViolationKind::Competence => "competence",
            ViolationKind::ForbiddenCarer => "forbidden carer",
            ViolationKind::Break => "break",
            ViolationKind::WorkingTime => "working time",
            ViolationKind::UnknownReason => "unknown reason",
            ViolationKind::AvoidableOmission => "avoidable omission",
        })
    }
}

/// One broken rule, with where it happens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Which rule.
    pub kind: ViolationKind,
    /// Carer id of the route concerned, if any.
    pub route: Option<String>,
    /// Visit id concerned, if any.
    pub visit: Option<String>,
    /// What exactly is wrong, with the numbers (times in ticks).
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        match (&self.route, &self.visit) {
            (Some(r), Some(v)) => write!(f, " (route \"{r}\", visit \"{v}\")")?,
            (Some(r), None) => write!(f, " (route \"{r}\")")?,
            (None, Some(v)) => write!(f, " (visit \"{v}\")")?,
            (None, None) => {}
        }
        write!(f, ": {}", self.detail)
    }
}

/// Collects violations.
pub(crate) struct Sink {
    out: Vec<Violation>,
}

impl Sink {
    fn push(
        &mut self,
        kind: ViolationKind,
        route: Option<&str>,
        visit: Option<&str>,
        detail: String,
    ) {
        self.out.push(Violation {
            kind,
            route: route.map(str::to_owned),
            visit: visit.map(str::to_owned),
            detail,
        });
    }
}

/// KPIs recomputed from the instance. Times in ticks, distances in distance units.
///
/// Only routes with a known carer and at least one known visit count; unknown visits are
/// skipped as if absent. For a plan without violations,
/// `route_time = travel_time + overhead + service_time + waiting + break_time`.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Evaluation {
    /// Total distance: start location → stops → end location, per route, from the matrices.
    pub distance: i64,
    /// Total travel time along the same legs (matrix times, without stop overhead).
    pub travel_time: i64,
    /// Total stop overhead: `Carer::stop_overhead` per arrival at a visit.
    pub overhead: i64,
    /// Face-to-face time: the planned durations (`end − start`) of the routed visits.
    pub service_time: i64,
    /// Total idle time: time on a route that is neither travel, overhead, service nor break.
    pub waiting: i64,
    /// Total length of the breaks on the routes.
    pub break_time: i64,
    /// Number of routes that serve at least one known visit.
    pub routes_used: usize,
    /// Number of instance visits that appear in no route (listed unassigned or missing).
    pub unassigned: usize,
    /// How many of those are mandatory (`Visit::drop_cost` is `None`).
    pub mandatory_unassigned: usize,
    /// Sum of the drop costs of the optional visits that appear in no route.
    pub dropped_cost: f64,
    /// Sum over used routes of arrival at the end location − departure from the start location
    /// (see the module documentation for both).
    pub route_time: i64,
    /// Paid time of the carers with a route: shift length plus overtime worked (the route time
    /// for a shift without end, [`OPEN_END`]).
    pub paid_time: i64,
    /// Total lateness: for visits whose window end is soft, how long after the window closed
    /// they start, summed (ticks).
    pub lateness: i64,
    /// The largest lateness of one visit (ticks).
    pub max_lateness: i64,
    /// Total overtime: arrival after `shift.end`, summed over routes (ticks).
    pub overtime: i64,
    /// Routed visits done by a carer outside their non-empty preferred list.
    pub preferred_misses: usize,
    /// Clients of the instance's visits (a visit without `client` is its own client).
    pub clients: usize,
    /// Distinct carers per client (earlier days included), summed over the clients.
    pub client_carers: usize,
    /// The most distinct carers one client sees (earlier days included).
    pub max_carers_per_client: usize,
    /// Distinct carers beyond `Continuity::max_carers`, summed over clients (0 without a limit).
    pub continuity_excess: usize,
    /// Elastic band left unused: `Visit::max_duration_for` minus the planned duration, summed
    /// over the routed visits (ticks).
    pub unused_band: i64,
    /// Longest minus shortest route time among the used routes (workload spread, ticks).
    pub route_time_spread: i64,
}

impl Evaluation {
    /// The plan's cost under the instance's [`crate::model::Objective`], in the source's units:
    /// `distance × total distance + lateness × total lateness + max_lateness × largest
    /// lateness + overtime × overtime + preferred × preferred misses + continuity × continuity
    /// excess + face_to_face × (unused elastic band + waiting) + balance × route time spread +
    /// drop costs of optional visits left out`, with distance divided by
    /// `Units::distance_per_unit` and times by `Units::ticks_per_unit`. Mandatory visits left
    /// out are not priced: compare `mandatory_unassigned` first.
    pub fn cost(&self, inst: &Instance) -> f64 {
        let o = inst.objective();
        let u = inst.units();
        let tpu = u.ticks_per_unit as f64;
        o.distance * self.distance as f64 / u.distance_per_unit as f64
            + o.lateness * self.lateness as f64 / tpu
            + o.max_lateness * self.max_lateness as f64 / tpu
            + o.overtime * self.overtime as f64 / tpu
            + o.preferred * self.preferred_misses as f64
            + o.continuity * self.continuity_excess as f64
            + o.face_to_face * (self.unused_band + self.waiting) as f64 / tpu
            + o.balance * self.route_time_spread as f64 / tpu
            + self.dropped_cost
    }

    /// Face-to-face share of route time (`service_time / route_time`; 0 without routes).
    pub fn f2f_share(&self) -> f64 {
        ratio(self.service_time, self.route_time)
    }

    /// Travel share of route time (travel and stop overhead).
    pub fn travel_share(&self) -> f64 {
        ratio(self.travel_time + self.overhead, self.route_time)
    }

    /// Waiting share of route time.
    pub fn waiting_share(&self) -> f64 {
        ratio(self.waiting, self.route_time)
    }

    /// ATA share: face-to-face time over paid time (`service_time / paid_time`).
    pub fn ata_share(&self) -> f64 {
        ratio(self.service_time, self.paid_time)
    }

    /// Mean distinct carers per client (earlier days included).
    pub fn mean_carers_per_client(&self) -> f64 {
        if self.clients == 0 {
            0.0
        } else {
            self.client_carers as f64 / self.clients as f64
        }
    }
}

fn ratio(a: i64, b: i64) -> f64 {
    if b > 0 { a as f64 / b as f64 } else { 0.0 }
}

/// The KPIs of one used route (same definitions as [`Evaluation`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CarerEvaluation {
    /// Carer id.
    pub carer: String,
    /// Known visits on the route.
    pub visits: usize,
    /// Leaving the start location (ticks).
    pub departure: i64,
    /// Arriving at the end location (ticks).
    pub arrival: i64,
    /// Distance.
    pub distance: i64,
    /// Travel time (matrix).
    pub travel_time: i64,
    /// Stop overhead.
    pub overhead: i64,
    /// Face-to-face time.
    pub service_time: i64,
    /// Idle time.
    pub waiting: i64,
    /// Breaks.
    pub break_time: i64,
    /// `arrival − departure`.
    pub route_time: i64,
    /// Shift length plus overtime.
    pub paid_time: i64,
    /// Arrival after the shift end.
    pub overtime: i64,
    /// Lateness of the route's visits.
    pub lateness: i64,
}

impl CarerEvaluation {
    /// ATA share of the carer: face-to-face time over paid time.
    pub fn ata_share(&self) -> f64 {
        ratio(self.service_time, self.paid_time)
    }

    /// Face-to-face share of the carer's route time.
    pub fn f2f_share(&self) -> f64 {
        ratio(self.service_time, self.route_time)
    }

    /// Travel (and overhead) share of the carer's route time.
    pub fn travel_share(&self) -> f64 {
        ratio(self.travel_time + self.overhead, self.route_time)
    }
}

/// What [`check`] finds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Every broken rule, in plan order (routes, then unassigned entries, then missing visits,
    /// then links, then reason codes and avoidable omissions).
    pub violations: Vec<Violation>,
    /// The KPIs, computed even when there are violations.
    pub evaluation: Evaluation,
    /// The KPIs per used route, in plan order.
    pub carers: Vec<CarerEvaluation>,
}

impl Report {
    /// True when the plan breaks no rule.
    pub fn is_feasible(&self) -> bool {
        self.violations.is_empty()
    }
}

/// How a visit has been accounted for so far.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Seen {
    No,
    Routed,
    Unassigned,
}

fn windows_text(ws: &[TimeWindow]) -> String {
    ws.iter()
        .map(|w| format!("[{}, {}]", w.start, w.end))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks `plan` against `inst`: every rule of [`ViolationKind`], and the [`Evaluation`].
///
/// See the module documentation for the timing convention.
pub fn check(inst: &Instance, plan: &Plan) -> Report {
    let mut sink = Sink { out: Vec::new() };
    let mut ev = Evaluation::default();
    let mut carers_ev = Vec::new();
    let mut seen = vec![Seen::No; inst.visits().len()];
    // (carer, start) of every routed visit, for the links and continuity.
    let mut served: Vec<Option<(u32, i64)>> = vec![None; inst.visits().len()];
    let mut carer_used = vec![false; inst.carers().len()];

    for route in &plan.routes {
        let rid = Some(route.carer.as_str());
        let carer = inst.carer_by_id(&route.carer);
        match carer {
            None => sink.push(
                ViolationKind::UnknownCarer,
                rid,
                None,
                format!("no carer has id \"{}\"", route.carer),
            ),
            Some(ci) => {
                let used = &mut carer_used[ci.0 as usize];
                if *used {
                    sink.push(
                        ViolationKind::CarerUsedTwice,
                        rid,
                        None,
                        "a second route names the same carer".into(),
                    );
                }
                *used = true;
            }
        }

        // Resolve the stops: account for every visit once, keep the known ones in order.
        let mut known = Vec::with_capacity(route.stops.len());
        for stop in &route.stops {
            let vid = Some(stop.visit.as_str());
            let Some(vi) = inst.visit_by_id(&stop.visit) else {
                sink.push(
                    ViolationKind::UnknownVisit,
                    rid,
                    vid,
                    format!("no visit has id \"{}\"", stop.visit),
                );
                continue;
            };
            let state = &mut seen[vi.0 as usize];
            if *state == Seen::Routed {
                sink.push(
                    ViolationKind::VisitTwice,
                    rid,
                    vid,
                    "the visit is routed more than once".into(),
                );
            }
            *state = Seen::Routed;
            if let Some(ci) = carer {
                served[vi.0 as usize] = Some((ci.0, stop.start));
            }
            known.push((stop, inst.visit(vi)));
        }
        let Some(ci) = carer else {
            continue;
        };
        let c = inst.carer(ci);
        let Some(&(first, first_visit)) = known.first() else {
            if !route.breaks.is_empty() {
                sink.push(
                    ViolationKind::Break,
                    rid,
                    None,
                    "a route without visits has a break".into(),
                );
            }
            continue;
        };

        let m = inst.matrix_of(ci);
        let over = c.stop_overhead;
        let mut ce = CarerEvaluation {
            carer: route.carer.clone(),
            visits: known.len(),
            ..CarerEvaluation::default()
        };
        let spans: Vec<(i64, i64)> = known.iter().map(|(s, _)| (s.start, s.end)).collect();
        let placed = breaks::place(c, rid, &route.breaks, &spans, &mut sink);
        ce.break_time = placed.total;

        let g0 = &placed.gaps[0];
        let to_first = m
            .duration(c.start, first_visit.location)
            .saturating_add(over);
        let latest_leave = first
            .start
            .saturating_sub(to_first)
            .saturating_sub(g0.total);
        if latest_leave < c.shift.start {
            sink.push(
                ViolationKind::ShiftStart,
                rid,
                Some(&first.visit),
                format!(
                    "starting at {} after {to_first} ticks of travel{} means leaving at \
                     {latest_leave}, before the shift starts at {}",
                    first.start,
                    if g0.total > 0 {
                        format!(" and {} ticks of break", g0.total)
                    } else {
                        String::new()
                    },
                    c.shift.start
                ),
            );
        }
        // A break before the first stop is taken after leaving (it is working time).
        let departure = g0
            .first_start
            .map_or(latest_leave, |b| latest_leave.min(b))
            .max(c.shift.start);
        ce.departure = departure;

        let mut prev_loc = c.start;
        let mut prev_end = departure;
        let mut load: i64 = 0;
        for (k, &(stop, v)) in known.iter().enumerate() {
            let vid = Some(stop.visit.as_str());
            let travel = m.duration(prev_loc, v.location);
            ce.travel_time = ce.travel_time.saturating_add(travel);
            ce.overhead = ce.overhead.saturating_add(over);
            ce.distance = ce.distance.saturating_add(m.distance(prev_loc, v.location));
            let in_gap = placed.gaps[k].total;
            let ready = prev_end
                .saturating_add(travel)
                .saturating_add(over)
                .saturating_add(in_gap);
            if stop.start >= ready {
                ce.waiting = ce.waiting.saturating_add(stop.start - ready);
            } else if k > 0 {
                // For the first stop this is already a ShiftStart violation.
                sink.push(
                    ViolationKind::Travel,
                    rid,
                    vid,
                    format!(
                        "starts at {} but the previous stop ends at {prev_end} and travel \
                         takes {travel} ticks{}{}, so the earliest start is {ready}",
                        stop.start,
                        if over > 0 {
                            format!(" plus {over} ticks of stop overhead")
                        } else {
                            String::new()
                        },
                        if in_gap > 0 {
                            format!(" plus {in_gap} ticks of break")
                        } else {
                            String::new()
                        },
                    ),
                );
            }
            let inside = v.windows.iter().any(|w| w.contains(stop.start));
            let opened = v.windows.first().is_some_and(|w| w.start <= stop.start);
            if v.late_allowed && !inside && opened {
                let closed = v
                    .windows
                    .iter()
                    .filter(|w| w.end < stop.start)
                    .map(|w| w.end)
                    .max()
                    .unwrap_or(stop.start);
                let late = stop.start - closed;
                ce.lateness = ce.lateness.saturating_add(late);
                ev.max_lateness = ev.max_lateness.max(late);
            } else if !inside {
                sink.push(
                    ViolationKind::TimeWindow,
                    rid,
                    vid,
                    format!(
                        "starts at {}, outside its time windows {}",
                        stop.start,
                        windows_text(&v.windows)
                    ),
                );
            }
            let took = stop.end.saturating_sub(stop.start);
            let (lo, hi) = (v.duration_for(ci), v.max_duration_for(ci));
            if took < lo || took > hi {
                sink.push(
                    ViolationKind::Duration,
                    rid,
                    vid,
                    if lo == hi {
                        format!(
                            "runs from {} to {} ({took} ticks) but the visit takes {lo} \
                             ticks with this carer",
                            stop.start, stop.end
                        )
                    } else {
                        format!(
                            "runs from {} to {} ({took} ticks) but the visit takes {lo} to \
                             {hi} ticks with this carer",
                            stop.start, stop.end
                        )
                    },
                );
            }
            ce.service_time = ce.service_time.saturating_add(took.max(0));
            ev.unused_band = ev.unused_band.saturating_add((hi - took).max(0));
            qualification::check_stop(inst, ci, v, rid, vid, &mut sink);
            load = load.saturating_add(v.demand);
            prev_loc = v.location;
            prev_end = stop.end;
        }

        // After the last stop: its breaks, then the way back.
        let gn = &placed.gaps[known.len()];
        let done = gn.last_end.map_or(prev_end, |e| e.max(prev_end));
        ce.waiting = ce
            .waiting
            .saturating_add((done - prev_end - gn.total).max(0));
        let back = m.duration(prev_loc, c.end);
        ce.travel_time = ce.travel_time.saturating_add(back);
        ce.distance = ce.distance.saturating_add(m.distance(prev_loc, c.end));
        let arrival = done.saturating_add(back);
        ce.arrival = arrival;
        ce.route_time = arrival.saturating_sub(departure);
        ce.overtime = working_time::check(c, rid, departure, arrival, &mut sink);
        ce.paid_time = if c.shift.end >= OPEN_END {
            ce.route_time
        } else {
            (c.shift.end - c.shift.start).max(0) + ce.overtime
        };
        breaks::required(c, rid, ce.route_time, &placed, &mut sink);
        if let Some(q) = c.capacity
            && load > q
        {
            sink.push(
                ViolationKind::Capacity,
                rid,
                None,
                format!("total demand {load} exceeds the capacity {q}"),
            );
        }
        ev.routes_used += 1;
        ev.distance = ev.distance.saturating_add(ce.distance);
        ev.travel_time = ev.travel_time.saturating_add(ce.travel_time);
        ev.overhead = ev.overhead.saturating_add(ce.overhead);
        ev.service_time = ev.service_time.saturating_add(ce.service_time);
        ev.waiting = ev.waiting.saturating_add(ce.waiting);
        ev.break_time = ev.break_time.saturating_add(ce.break_time);
        ev.route_time = ev.route_time.saturating_add(ce.route_time);
        ev.paid_time = ev.paid_time.saturating_add(ce.paid_time);
        ev.lateness = ev.lateness.saturating_add(ce.lateness);
        ev.overtime = ev.overtime.saturating_add(ce.overtime);
        carers_ev.push(ce);
    }

    for u in &plan.unassigned {
        let vid = Some(u.visit.as_str());
        let Some(vi) = inst.visit_by_id(&u.visit) else {
            sink.push(
                ViolationKind::UnknownVisit,
                None,
                vid,
                format!("unassigned entry names no known visit \"{}\"", u.visit),
            );
            continue;
        };
        let state = &mut seen[vi.0 as usize];
        match *state {
            Seen::Routed => sink.push(
                ViolationKind::VisitTwice,
                None,
                vid,
                "the visit is routed and also listed unassigned".into(),
            ),
            Seen::Unassigned => sink.push(
                ViolationKind::VisitTwice,
                None,
                vid,
                "the visit is listed unassigned more than once".into(),
            ),
            Seen::No => *state = Seen::Unassigned,
        }
    }

    for (v, state) in inst.visits().iter().zip(&seen) {
        if *state != Seen::Routed {
            ev.unassigned += 1;
            match v.drop_cost {
                Some(cost) => ev.dropped_cost += cost,
                None => ev.mandatory_unassigned += 1,
            }
        }
        if *state == Seen::No {
            sink.push(
                ViolationKind::VisitMissing,
                None,
                Some(&v.id),
                "the visit is neither routed nor listed unassigned".into(),
            );
        }
    }

    if let (Some(lo), Some(hi)) = (
        carers_ev.iter().map(|c| c.route_time).min(),
        carers_ev.iter().map(|c| c.route_time).max(),
    ) {
        ev.route_time_spread = hi - lo;
    }
    links::check(inst, &served, &mut sink);
    continuity::evaluate(inst, &served, &mut ev);
    omissions::check_reasons(plan, &mut sink);
    let clean: Vec<bool> = plan
        .routes
        .iter()
        .map(|r| {
            !sink
                .out
                .iter()
                .any(|v| v.route.as_deref() == Some(&r.carer))
        })
        .collect();
    // Visits neither routed nor listed are already `VisitMissing`.
    let listed: Vec<bool> = seen.iter().map(|s| *s == Seen::Unassigned).collect();
    omissions::check_avoidable(inst, plan, &listed, &clean, &mut sink);

    Report {
        violations: sink.out,
        evaluation: ev,
        carers: carers_ev,
    }
}
