//! The routing problem: [`Instance`] = visits, carers and travel matrices; the shift-rostering
//! problem: [`roster::RosterInstance`].
//!
//! Built once through [`Instance::new`], which validates everything and names the offending
//! visit or carer and field; read-only afterwards. File formats live in [`crate::io`] and convert
//! into [`InstanceParts`]; algorithms never see them.
//!
//! Time and distance are integers ("ticks" and "distance units"), so that sums and comparisons
//! are exact. For tillit's own instances a tick is one second and a distance unit one metre; for
//! benchmark files the file's units are scaled by [`Units::ticks_per_unit`] so that their
//! rounding convention is exact (DIMACS VRPTW: one decimal → 10 ticks per unit).

pub mod assign;
mod instance;
pub mod roster;

pub use instance::{
    BreakRule, Carer, CarerIdx, Continuity, Instance, InstanceParts, Link, LocIdx, MAX_DISTANCE,
    MAX_DROP_COST, MAX_TIME, MAX_WEIGHT, Matrix, ModelError, OPEN_END, Objective, SkillSet,
    TimeWindow, Units, Visit, VisitIdx,
};
