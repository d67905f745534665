//! Plans (solutions) and the independent checker [`check::check`].
//!
//! A [`Plan`] holds exactly what a plan file says: external carer and visit ids and times in
//! ticks. It is deliberately not tied to an [`Instance`](crate::model::Instance) by indices, so
//! that the checker judges what was written (unknown ids, duplicates and all) rather than what
//! a solver meant.
//!
//! Dependencies: `plan` depends on [`crate::model`] only; in particular [`check`](mod@check)
//! never imports a solver module. It is the referee and must not share code with the players.

pub mod assign_check;
pub mod check;
pub mod roster_check;

pub use check::{Evaluation, Report, Violation, ViolationKind, check};

/// A solution: one route per used carer, and the visits left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Routes, at most one per carer. Empty routes are allowed and count as unused.
    pub routes: Vec<Route>,
    /// Visits deliberately left out, with a reason.
    pub unassigned: Vec<Unassigned>,
}

/// The visits one carer does, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Route {
    /// External carer id.
    pub carer: String,
    /// Stops in the order they are done.
    pub stops: Vec<Stop>,
    /// Breaks taken on the route (at most one per rule; empty if none), in time order.
    pub breaks: Vec<Break>,
}

/// A break on a route: the carer pauses where they are, between two stops (or before the
/// first / after the last).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Break {
    /// Start, ticks.
    pub start: i64,
    /// End, ticks.
    pub end: i64,
}

/// One visit of a route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stop {
    /// External visit id.
    pub visit: String,
    /// Service start, ticks.
    pub start: i64,
    /// Service end, ticks.
    pub end: i64,
}

/// A visit that no route serves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unassigned {
    /// External visit id.
    pub visit: String,
    /// Short machine-readable code, e.g. `"time_window"` or `"skill"`.
    pub reason: String,
    /// Human-readable explanation.
    pub detail: String,
}
