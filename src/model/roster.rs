//! The shift-rostering problem of the Curtois & Qu (2014) benchmark family ("employee shift
//! scheduling"): [`RosterInstance`] = a horizon of days, shift types, staff with hard working
//! rules, and soft requests and cover requirements.
//!
//! Rules (the benchmark's definitions; `h` = horizon in days, days `0..h`, day 0 a Monday):
//!
//! Hard, per staff member:
//! - at most one shift per day (structural: a roster has one entry per day);
//! - no shift on a listed day off;
//! - shift `t` on day `d + 1` is forbidden after shift `s` on day `d` when `t` is in
//!   `shifts[s].cannot_follow`;
//! - at most `max_shifts[t]` shifts of type `t`;
//! - total minutes within `[min_total_minutes, max_total_minutes]`;
//! - at most `max_consecutive_shifts` working days in a row;
//! - every run of working days has at least `min_consecutive_shifts` days, and every run of
//!   days off at least `min_consecutive_days_off` days, **unless the run touches the first or
//!   the last day of the horizon** (the days before and after the horizon are unknown);
//! - at most `max_weekends` worked weekends; weekend `w` is days `7w + 5` (Saturday) and
//!   `7w + 6` (Sunday), and it is worked if either day is.
//!
//! Soft (the objective, all weights non-negative integers):
//! - shift-on request `(staff, day, shift, weight)`: `weight` if that shift is not worked then;
//! - shift-off request: `weight` if that shift is worked then;
//! - cover `(day, shift, requirement, under, over)`: `under × (requirement − n)` when `n`, the
//!   number of staff on that shift that day, is below the requirement, `over × (n −
//!   requirement)` when above.

/// A shift type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShiftType {
    /// External id, e.g. `"D"`.
    pub id: String,
    /// Length in minutes.
    pub minutes: u32,
    /// Indices of the shift types that may not be worked on the day after this one.
    pub cannot_follow: Vec<usize>,
}

/// One staff member and the hard rules of their contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffRules {
    /// External id, e.g. `"A"`.
    pub id: String,
    /// Maximum number of shifts of each type (indexed like [`RosterInstance::shifts`]).
    pub max_shifts: Vec<u32>,
    /// Maximum total minutes worked over the horizon.
    pub max_total_minutes: u32,
    /// Minimum total minutes worked over the horizon.
    pub min_total_minutes: u32,
    /// Maximum number of consecutive working days.
    pub max_consecutive_shifts: u32,
    /// Minimum length of a run of working days (runs touching the horizon ends exempt).
    pub min_consecutive_shifts: u32,
    /// Minimum length of a run of days off (runs touching the horizon ends exempt).
    pub min_consecutive_days_off: u32,
    /// Maximum number of worked weekends.
    pub max_weekends: u32,
    /// Days on which this person must not work (sorted, no duplicates).
    pub days_off: Vec<usize>,
}

/// A shift-on or shift-off request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShiftRequest {
    /// Staff index.
    pub staff: usize,
    /// Day index.
    pub day: usize,
    /// Shift type index.
    pub shift: usize,
    /// Penalty when the request is not granted.
    pub weight: u32,
}

/// The cover requirement of one shift type on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cover {
    /// Day index.
    pub day: usize,
    /// Shift type index.
    pub shift: usize,
    /// Preferred number of staff.
    pub requirement: u32,
    /// Penalty per missing person.
    pub weight_under: u32,
    /// Penalty per surplus person.
    pub weight_over: u32,
}

/// A Curtois & Qu shift-rostering instance. Indices into `shifts` and `staff` are dense and
/// checked by the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterInstance {
    /// Instance name (file stem).
    pub name: String,
    /// Number of days; day 0 is a Monday.
    pub horizon: usize,
    /// Shift types.
    pub shifts: Vec<ShiftType>,
    /// Staff.
    pub staff: Vec<StaffRules>,
    /// Shift-on requests.
    pub on_requests: Vec<ShiftRequest>,
    /// Shift-off requests.
    pub off_requests: Vec<ShiftRequest>,
    /// Cover requirements, at most one per (day, shift).
    pub cover: Vec<Cover>,
}

impl RosterInstance {
    /// Index of the shift type with external id `id`.
    pub fn shift_index(&self, id: &str) -> Option<usize> {
        self.shifts.iter().position(|s| s.id == id)
    }

    /// Index of the staff member with external id `id`.
    pub fn staff_index(&self, id: &str) -> Option<usize> {
        self.staff.iter().position(|s| s.id == id)
    }

    /// Number of weekends whose Saturday lies inside the horizon (weekend `w` is days
    /// `7w + 5` and `7w + 6`; it exists when `7w + 5 < horizon`).
    pub fn weekends(&self) -> usize {
        (self.horizon + 1) / 7
    }
}
