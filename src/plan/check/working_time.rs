//! Shifts and working time: back at the end location by `shift.end + overtime` (the time after
//! `shift.end` is overtime, priced), and at most `max_work` ticks from leaving the start
//! location to arriving at the end.

use crate::model::Carer;

use super::{Sink, ViolationKind};

/// Checks the route's return and length; returns its overtime (ticks after `shift.end`).
pub(super) fn check(
    c: &Carer,
    rid: Option<&str>,
    departure: i64,
    arrival: i64,
    sink: &mut Sink,
) -> i64 {
    let latest = c.shift.end.saturating_add(c.overtime);
    if arrival > latest {
        sink.push(
            ViolationKind::ShiftEnd,
            rid,
            None,
            if c.overtime > 0 {
                format!(
                    "the carer is back at {arrival}, after the shift end {} plus {} ticks of \
                     allowed overtime",
                    c.shift.end, c.overtime
                )
            } else {
                format!(
                    "the carer is back at {arrival}, after the shift ends at {}",
                    c.shift.end
                )
            },
        );
    }
    let work = arrival.saturating_sub(departure);
    if let Some(w) = c.max_work
        && work > w
    {
        sink.push(
            ViolationKind::WorkingTime,
            rid,
            None,
            format!(
                "the carer works {work} ticks (leaves at {departure}, back at {arrival}), \
                 more than the longest working time of {w}"
            ),
        );
    }
    (arrival - c.shift.end).max(0)
}
