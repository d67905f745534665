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

/// Cover of one shift on one day by staff holding one competence (a skill index into
/// [`RotaRules::skill_names`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SkillCover {
    /// Day index.
    pub day: usize,
    /// Shift type index.
    pub shift: usize,
    /// Skill index.
    pub skill: usize,
    /// Minimum number of staff with the skill on that shift.
    pub requirement: u32,
    /// Penalty per missing skilled person.
    pub weight_under: u32,
}

/// Rules of the Norwegian home-care rota (`tillit roster --format json`) on top of the
/// Curtois rules. All are off by default, which is the Curtois benchmark model.
///
/// - `weekend_every = Some(n)`: at most one worked weekend in any `n` consecutive weekends;
/// - `weekly_rest = Some(pairs)`: every whole calendar week (days `7w..7w + 7`) holds a rest
///   day — a day off whose neighbours are not a pair `(s, t)` in `pairs` (shift `s` the day
///   before, `t` the day after), i.e. the pairs that leave less than the required 35 hours;
///   a day off next to another day off always qualifies;
/// - `max_minutes_per_week`: minutes worked in each whole calendar week;
/// - `staff_skills[e]`: bit mask of the skills of staff `e`; `skill_cover` counts only them;
/// - `target_minutes[e]` with `deviation_weight`: penalty per minute between the minutes
///   worked and the contract target;
/// - `optional_cost[e] = Some(c)`: the position may stay empty (no shifts; its minimum minutes
///   then do not apply); filling it costs `c`. Used by sizing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RotaRules {
    /// At most one worked weekend in any this many consecutive weekends.
    pub weekend_every: Option<u32>,
    /// Shift pairs around a single day off that leave too little weekly rest; `None` = rule off.
    pub weekly_rest: Option<Vec<(usize, usize)>>,
    /// Maximum minutes in each whole calendar week.
    pub max_minutes_per_week: Option<u32>,
    /// Names of the skills (competences).
    pub skill_names: Vec<String>,
    /// Skill bit mask per staff member (empty: nobody has a skill).
    pub staff_skills: Vec<u64>,
    /// Skilled cover requirements.
    pub skill_cover: Vec<SkillCover>,
    /// Contract target in minutes per staff member (empty: no deviation term).
    pub target_minutes: Vec<u32>,
    /// Penalty per minute of deviation from the target.
    pub deviation_weight: u32,
    /// Per staff member: `Some(cost)` if the position may stay empty (empty: none may).
    pub optional_cost: Vec<Option<u32>>,
    /// Symmetry breaking between interchangeable optional positions: `(a, b)` = position `b`
    /// is used only if position `a` is. Not a rule of the rota (any roster can be relabelled
    /// to satisfy it), so the evaluator ignores it.
    pub used_order: Vec<(usize, usize)>,
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
    /// Extra rules of the Norwegian rota model (all off for Curtois instances).
    pub rota: RotaRules,
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
