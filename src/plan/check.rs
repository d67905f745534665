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
//! Home-care rules: a stop's duration is the visit's duration *for that carer*
//! (`Visit::duration_for`); a visit with a soft window end (`Visit::late_allowed`) may start
//! after its window closes, and the time since the latest window end before the start counts as
//! lateness (total and largest, priced by the instance's `Objective`); starting before the first
//! window opens is always a violation. For every `Link`, both visits are routed or neither, by
//! two different carers, and the second starts `min_gap..=max_gap` ticks after the first.

use std::fmt;

use crate::model::{CarerIdx, Instance, TimeWindow};

use super::Plan;

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
    /// The carer gets back to the end location after the shift ends.
    ShiftEnd,
    /// A stop starts earlier than the previous stop's end plus the travel time between them.
    Travel,
    /// A stop's `end − start` differs from the visit's duration.
    Duration,
    /// The demands on a route exceed the carer's capacity.
    Capacity,
    /// The carer lacks a skill the visit requires.
    Skill,
    /// Two linked visits start outside their gap, or only one of them is routed.
    Link,
    /// Two linked visits (which need two different carers) are on the same route.
    LinkSameCarer,
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

/// KPIs recomputed from the instance. Times in ticks, distances in distance units.
///
/// Only routes with a known carer and at least one known visit count; unknown visits are
/// skipped as if absent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Evaluation {
    /// Total distance: start location → stops → end location, per route, from the matrices.
    pub distance: i64,
    /// Total travel time along the same legs.
    pub travel_time: i64,
    /// Sum of the instance durations of the routed visits.
    pub service_time: i64,
    /// Total idle time before stops: `start − (previous end + travel)` where positive.
    pub waiting: i64,
    /// Number of routes that serve at least one known visit.
    pub routes_used: usize,
    /// Number of instance visits that appear in no route (listed unassigned or missing).
    pub unassigned: usize,
    /// Sum over used routes of arrival at the end location − departure from the start location
    /// (see the module documentation for both).
    pub route_time: i64,
    /// Total lateness: for visits whose window end is soft, how long after the window closed
    /// they start, summed (ticks).
    pub lateness: i64,
    /// The largest lateness of one visit (ticks).
    pub max_lateness: i64,
}

impl Evaluation {
    /// The plan's cost under the instance's [`crate::model::Objective`], in the source's units:
    /// `distance weight × distance + lateness weight × total lateness + max-lateness weight ×
    /// largest lateness`, with distance divided by `Units::distance_per_unit` and lateness by
    /// `Units::ticks_per_unit`.
    pub fn cost(&self, inst: &Instance) -> f64 {
        let o = inst.objective();
        let u = inst.units();
        o.distance * self.distance as f64 / u.distance_per_unit as f64
            + o.lateness * self.lateness as f64 / u.ticks_per_unit as f64
            + o.max_lateness * self.max_lateness as f64 / u.ticks_per_unit as f64
    }
}

/// What [`check`] finds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Every broken rule, in plan order (routes, then unassigned entries, then missing visits).
    pub violations: Vec<Violation>,
    /// The KPIs, computed even when there are violations.
    pub evaluation: Evaluation,
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
    let mut out: Vec<Violation> = Vec::new();
    let mut push = |kind, route: Option<&str>, visit: Option<&str>, detail: String| {
        out.push(Violation {
            kind,
            route: route.map(str::to_owned),
            visit: visit.map(str::to_owned),
            detail,
        });
    };
    let mut ev = Evaluation::default();
    let mut seen = vec![Seen::No; inst.visits().len()];
    // (carer, start) of every routed visit, for the links.
    let mut served: Vec<Option<(u32, i64)>> = vec![None; inst.visits().len()];
    let mut carer_used = vec![false; inst.carers().len()];

    for route in &plan.routes {
        let rid = Some(route.carer.as_str());
        let carer = inst.carer_by_id(&route.carer);
        match carer {
            None => push(
                ViolationKind::UnknownCarer,
                rid,
                None,
                format!("no carer has id \"{}\"", route.carer),
            ),
            Some(ci) => {
                let used = &mut carer_used[ci.0 as usize];
                if *used {
                    push(
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
                push(
                    ViolationKind::UnknownVisit,
                    rid,
                    vid,
                    format!("no visit has id \"{}\"", stop.visit),
                );
                continue;
            };
            let state = &mut seen[vi.0 as usize];
            if *state == Seen::Routed {
                push(
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
        let (Some(ci), Some(&(first, first_visit))) = (carer, known.first()) else {
            continue;
        };

        let c = inst.carer(ci);
        let m = inst.matrix_of(ci);
        ev.routes_used += 1;

        let to_first = m.duration(c.start, first_visit.location);
        let latest_leave = first.start.saturating_sub(to_first);
        if latest_leave < c.shift.start {
            push(
                ViolationKind::ShiftStart,
                rid,
                Some(&first.visit),
                format!(
                    "starting at {} after {to_first} ticks of travel means leaving at \
                     {latest_leave}, before the shift starts at {}",
                    first.start, c.shift.start
                ),
            );
        }
        let departure = latest_leave.max(c.shift.start);

        let mut prev_loc = c.start;
        let mut prev_end = departure;
        let mut load: i64 = 0;
        for (k, &(stop, v)) in known.iter().enumerate() {
            let vid = Some(stop.visit.as_str());
            let travel = m.duration(prev_loc, v.location);
            ev.travel_time = ev.travel_time.saturating_add(travel);
            ev.distance = ev.distance.saturating_add(m.distance(prev_loc, v.location));
            let duration = v.duration_for(ci);
            ev.service_time = ev.service_time.saturating_add(duration);
            let ready = prev_end.saturating_add(travel);
            if stop.start >= ready {
                ev.waiting = ev.waiting.saturating_add(stop.start - ready);
            } else if k > 0 {
                // For the first stop this is already a ShiftStart violation.
                push(
                    ViolationKind::Travel,
                    rid,
                    vid,
                    format!(
                        "starts at {} but the previous stop ends at {prev_end} and travel \
                         takes {travel} ticks, so the earliest start is {ready}",
                        stop.start
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
                ev.lateness = ev.lateness.saturating_add(late);
                ev.max_lateness = ev.max_lateness.max(late);
            } else if !inside {
                push(
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
            if took != duration {
                push(
                    ViolationKind::Duration,
                    rid,
                    vid,
                    format!(
                        "runs from {} to {} ({took} ticks) but the visit takes {duration} \
                         ticks with this carer",
                        stop.start, stop.end
                    ),
                );
            }
            if !c.skills.covers(v.skills) {
                let missing = v.skills.0 & !c.skills.0;
                let names: Vec<&str> = inst
                    .skills()
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| (missing >> i) & 1 == 1)
                    .map(|(_, s)| s.as_str())
                    .collect();
                push(
                    ViolationKind::Skill,
                    rid,
                    vid,
                    format!("the carer lacks skill(s) {}", names.join(", ")),
                );
            }
            load = load.saturating_add(v.demand);
            prev_loc = v.location;
            prev_end = stop.end;
        }

        let back = m.duration(prev_loc, c.end);
        ev.travel_time = ev.travel_time.saturating_add(back);
        ev.distance = ev.distance.saturating_add(m.distance(prev_loc, c.end));
        let arrival = prev_end.saturating_add(back);
        if arrival > c.shift.end {
            push(
                ViolationKind::ShiftEnd,
                rid,
                None,
                format!(
                    "the last stop ends at {prev_end} and travel back takes {back} ticks, so \
                     the carer is back at {arrival}, after the shift ends at {}",
                    c.shift.end
                ),
            );
        }
        if let Some(q) = c.capacity
            && load > q
        {
            push(
                ViolationKind::Capacity,
                rid,
                None,
                format!("total demand {load} exceeds the capacity {q}"),
            );
        }
        ev.route_time = ev
            .route_time
            .saturating_add(arrival.saturating_sub(departure));
    }

    for u in &plan.unassigned {
        let vid = Some(u.visit.as_str());
        let Some(vi) = inst.visit_by_id(&u.visit) else {
            push(
                ViolationKind::UnknownVisit,
                None,
                vid,
                format!("unassigned entry names no known visit \"{}\"", u.visit),
            );
            continue;
        };
        let state = &mut seen[vi.0 as usize];
        match *state {
            Seen::Routed => push(
                ViolationKind::VisitTwice,
                None,
                vid,
                "the visit is routed and also listed unassigned".into(),
            ),
            Seen::Unassigned => push(
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
        }
        if *state == Seen::No {
            push(
                ViolationKind::VisitMissing,
                None,
                Some(&v.id),
                "the visit is neither routed nor listed unassigned".into(),
            );
        }
    }

    for l in inst.links() {
        let (a, b) = (inst.visit(l.first), inst.visit(l.second));
        let names = format!("\"{}\" and \"{}\"", a.id, b.id);
        match (served[l.first.0 as usize], served[l.second.0 as usize]) {
            (None, None) => {}
            (Some(_), None) | (None, Some(_)) => push(
                ViolationKind::Link,
                None,
                Some(if served[l.first.0 as usize].is_some() {
                    &a.id
                } else {
                    &b.id
                }),
                format!("linked visits {names}: only one of them is routed"),
            ),
            (Some((ca, sa)), Some((cb, sb))) => {
                if ca == cb {
                    push(
                        ViolationKind::LinkSameCarer,
                        Some(&inst.carer(CarerIdx(ca)).id),
                        Some(&b.id),
                        format!("linked visits {names} need two different carers"),
                    );
                }
                let gap = sb.saturating_sub(sa);
                if gap < l.min_gap || gap > l.max_gap {
                    push(
                        ViolationKind::Link,
                        None,
                        Some(&b.id),
                        format!(
                            "linked visits {names} start {gap} ticks apart ({sa} and {sb}); \
                             the gap must be between {} and {}",
                            l.min_gap, l.max_gap
                        ),
                    );
                }
            }
        }
    }

    Report {
        violations: out,
        evaluation: ev,
    }
}
