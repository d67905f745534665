//! Visits left out: every unassigned entry gives a known reason code, and a mandatory visit is
//! never left out when the plan as written has obvious room for it.
//!
//! # Avoidable omission
//!
//! A mandatory visit (no `drop_cost`) listed unassigned is an *avoidable omission* when it
//! is linked to no other visit and adding it to the plan, with every other stop and break kept
//! exactly where it is, gives a plan without new violations. Two ways are tried, both for a
//! carer who is qualified for the visit (skills, competence level, not forbidden) and whose
//! capacity allows its demand:
//!
//! - **a free carer**: a carer with no stops in the plan does the visit alone: leaving the start
//!   location no earlier than the shift start, starting inside a time window (or, with a soft
//!   window end, after the first window opens), back at the end location by the shift end plus
//!   allowed overtime, within the longest working time, and — when the carer has a break rule —
//!   short enough (working time at most `after_work`) to need no break;
//! - **a gap**: between two consecutive stops of a route on which the checker found no
//!   violation, with no break in between, the visit starts in a window after the previous stop
//!   ends plus travel and stop overhead, and ends early enough to reach the next stop (travel
//!   and stop overhead included) by its start. Departure, return, load order and breaks of the
//!   route do not change, so nothing else does either.
//!
//! Either way a plan exists that serves one more mandatory visit and is otherwise the same, so
//! the omission was not forced. The test is sound (it never calls a forced omission avoidable)
//! but not complete: a visit that would fit only by moving other stops, or that is linked, is
//! never reported.

use crate::model::{Instance, TimeWindow, Visit, VisitIdx};

use super::super::Plan;
use super::{Sink, ViolationKind};

/// The reason codes an unassigned entry may give (docs/care.md, docs/solver.md).
pub const REASONS: [&str; 13] = [
    "no_carers",
    "skill",
    "competence",
    "forbidden_carer",
    "capacity",
    "break",
    "shift",
    "time_window",
    "missing_sync_partner",
    "dropped_optional",
    "shift_capacity",
    "linked_visit",
    "no_feasible_insertion",
];

/// Every unassigned entry's reason is one of [`REASONS`].
pub(super) fn check_reasons(plan: &Plan, sink: &mut Sink) {
    for u in &plan.unassigned {
        if !REASONS.contains(&u.reason.as_str()) {
            sink.push(
                ViolationKind::UnknownReason,
                None,
                Some(&u.visit),
                format!(
                    "reason \"{}\" is not a known code (one of {})",
                    shorten(&u.reason),
                    REASONS.join(", ")
                ),
            );
        }
    }
}

/// At most 40 characters of `s`, for messages.
fn shorten(s: &str) -> String {
    if s.chars().count() <= 40 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(40).collect::<String>())
    }
}

/// Reports every avoidable omission (see the module documentation). `listed[v]`: visit `v` is
/// listed unassigned (and on no route); `clean[r]`: the checker found no violation on route
/// `r` of the plan.
pub(super) fn check_avoidable(
    inst: &Instance,
    plan: &Plan,
    listed: &[bool],
    clean: &[bool],
    sink: &mut Sink,
) {
    let mut linked = vec![false; inst.visits().len()];
    for l in inst.links() {
        for v in [l.first, l.second] {
            if let Some(x) = linked.get_mut(v.0 as usize) {
                *x = true;
            }
        }
    }
    // Carers with a stop on some route (known visits only), and the routes they drive.
    let mut busy = vec![false; inst.carers().len()];
    for route in &plan.routes {
        if let Some(ci) = inst.carer_by_id(&route.carer)
            && route
                .stops
                .iter()
                .any(|s| inst.visit_by_id(&s.visit).is_some())
        {
            busy[ci.0 as usize] = true;
        }
    }
    for (i, v) in inst.visits().iter().enumerate() {
        let vi = VisitIdx(i as u32);
        if !listed[i] || !v.mandatory() || linked[i] {
            continue;
        }
        let free = (0..inst.carers().len())
            .find(|&c| !busy[c] && fits_alone(inst, c, vi))
            .map(|c| inst.carers()[c].id.as_str());
        let gap = || {
            plan.routes
                .iter()
                .zip(clean)
                .filter(|(_, ok)| **ok)
                .find_map(|(r, _)| fits_between(inst, r, vi).then_some(r.carer.as_str()))
        };
        if let Some(who) = free {
            sink.push(
                ViolationKind::AvoidableOmission,
                None,
                Some(&v.id),
                format!(
                    "the mandatory visit is left out, but carer \"{who}\" has no visits and \
                     could do it alone within the shift"
                ),
            );
        } else if let Some(who) = gap() {
            sink.push(
                ViolationKind::AvoidableOmission,
                Some(who),
                Some(&v.id),
                format!(
                    "the mandatory visit is left out, but it fits between two stops of \
                     carer \"{who}\" without moving any of them"
                ),
            );
        }
    }
}

/// Whether carer `c` may take visit `v` at all: qualified and with room for its demand.
fn may_take(inst: &Instance, c: usize, v: VisitIdx) -> bool {
    let ci = crate::model::CarerIdx(c as u32);
    let (carer, visit) = (inst.carer(ci), inst.visit(v));
    carer.skills.covers(visit.skills)
        && carer.level >= visit.min_level
        && !visit.forbidden.contains(&ci)
        && carer.capacity.is_none_or(|q| visit.demand <= q)
}

/// The earliest start at or after `ready` that the visit's windows allow (a soft window end
/// allows any start after the first window opens).
fn earliest_start(v: &Visit, ready: i64) -> Option<i64> {
    v.windows
        .iter()
        .find(|w: &&TimeWindow| w.end >= ready)
        .map(|w| ready.max(w.start))
        .or_else(|| {
            (v.late_allowed && v.windows.first().is_some_and(|w| w.start <= ready)).then_some(ready)
        })
}

/// Carer `c` can do visit `v` alone on an otherwise empty route, needing no break.
fn fits_alone(inst: &Instance, c: usize, v: VisitIdx) -> bool {
    if !may_take(inst, c, v) {
        return false;
    }
    let ci = crate::model::CarerIdx(c as u32);
    let (carer, visit) = (inst.carer(ci), inst.visit(v));
    let m = inst.matrix_of(ci);
    let to = m
        .duration(carer.start, visit.location)
        .saturating_add(carer.stop_overhead);
    let back = m.duration(visit.location, carer.end);
    let Some(start) = earliest_start(visit, carer.shift.start.saturating_add(to)) else {
        return false;
    };
    let arrival = start
        .saturating_add(visit.duration_for(ci))
        .saturating_add(back);
    let work = arrival.saturating_sub(start.saturating_sub(to));
    arrival <= carer.latest_end()
        && carer.max_work.is_none_or(|w| work <= w)
        && carer.break_rule.is_none_or(|b| work <= b.after_work)
}

/// Visit `v` fits between two consecutive stops of `route` (no break between them) without
/// moving either.
fn fits_between(inst: &Instance, route: &super::super::Route, v: VisitIdx) -> bool {
    let Some(ci) = inst.carer_by_id(&route.carer) else {
        return false;
    };
    if !may_take(inst, ci.0 as usize, v) {
        return false;
    }
    let carer = inst.carer(ci);
    let visit = inst.visit(v);
    if let Some(q) = carer.capacity {
        let load: i64 = route
            .stops
            .iter()
            .filter_map(|s| inst.visit_by_id(&s.visit))
            .map(|x| inst.visit(x).demand)
            .fold(0, i64::saturating_add);
        if load.saturating_add(visit.demand) > q {
            return false;
        }
    }
    let m = inst.matrix_of(ci);
    let over = carer.stop_overhead;
    let stops: Vec<(&super::super::Stop, &Visit)> = route
        .stops
        .iter()
        .filter_map(|s| inst.visit_by_id(&s.visit).map(|x| (s, inst.visit(x))))
        .collect();
    stops.windows(2).any(|pair| {
        let [(a, va), (b, vb)] = pair else {
            return false;
        };
        if route
            .breaks
            .iter()
            .any(|br| br.start < b.start && br.end > a.end)
        {
            return false;
        }
        let ready = a
            .end
            .saturating_add(m.duration(va.location, visit.location))
            .saturating_add(over);
        earliest_start(visit, ready).is_some_and(|t| {
            t.saturating_add(visit.duration_for(ci))
                .saturating_add(m.duration(visit.location, vb.location))
                .saturating_add(over)
                <= b.start
        })
    })
}
