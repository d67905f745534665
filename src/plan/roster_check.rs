//! The independent roster evaluator: [`check_roster`] recomputes every hard rule and every
//! penalty term of a [`RosterPlan`] from scratch against a [`RosterInstance`].
//!
//! It depends on [`crate::model::roster`] only and must never import from `crate::roster` (the
//! MIP and the large-neighbourhood search): it is the referee and shares no code with the
//! players. It works on the roster *as written* — external staff and shift ids, one string
//! per day, `""` for a day off — so unknown ids, missing staff and rows of the wrong length are
//! reported rather than assumed away.
//!
//! The rules are those documented in [`crate::model::roster`]. The code walks each person's
//! days once and splits them into runs of working days and runs of days off; the consecutive
//! rules are checked on those runs, which is a different computation from the sliding-window
//! inequalities of the MIP.

use std::collections::BTreeMap;
use std::fmt;

use crate::model::roster::RosterInstance;

/// A roster as written in a roster file: for each staff id, one shift id per day, `""` = off.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RosterPlan {
    /// Staff id → one entry per day of the horizon.
    pub assignments: BTreeMap<String, Vec<String>>,
}

/// Which hard rule a roster breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum RosterViolationKind {
    /// A row names a staff member the instance does not have.
    UnknownStaff,
    /// A staff member of the instance has no row.
    StaffMissing,
    /// A row does not have one entry per day of the horizon.
    WrongLength,
    /// An entry names a shift type the instance does not have.
    UnknownShift,
    /// A shift on one of the person's days off.
    DayOff,
    /// A shift followed on the next day by a shift that may not follow it.
    Succession,
    /// More shifts of one type than the person's maximum.
    MaxShifts,
    /// More minutes than the person's maximum.
    MaxMinutes,
    /// Fewer minutes than the person's minimum.
    MinMinutes,
    /// A run of working days longer than the maximum.
    MaxConsecutive,
    /// An inner run of working days shorter than the minimum.
    MinConsecutive,
    /// An inner run of days off shorter than the minimum.
    MinDaysOff,
    /// More worked weekends than the maximum.
    MaxWeekends,
    /// Two worked weekends closer than the weekend frequency allows (rota model).
    WeekendFrequency,
    /// A calendar week without a rest day giving the weekly rest (rota model).
    WeeklyRest,
    /// More minutes in a calendar week than the weekly maximum (rota model).
    WeeklyMinutes,
}

impl fmt::Display for RosterViolationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::UnknownStaff => "unknown_staff",
            Self::StaffMissing => "staff_missing",
            Self::WrongLength => "wrong_length",
            Self::UnknownShift => "unknown_shift",
            Self::DayOff => "day_off",
            Self::Succession => "succession",
            Self::MaxShifts => "max_shifts",
            Self::MaxMinutes => "max_minutes",
            Self::MinMinutes => "min_minutes",
            Self::MaxConsecutive => "max_consecutive_shifts",
            Self::MinConsecutive => "min_consecutive_shifts",
            Self::MinDaysOff => "min_consecutive_days_off",
            Self::MaxWeekends => "max_weekends",
            Self::WeekendFrequency => "weekend_frequency",
            Self::WeeklyRest => "weekly_rest",
            Self::WeeklyMinutes => "max_minutes_per_week",
        })
    }
}

/// One broken hard rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterViolation {
    /// Which rule.
    pub kind: RosterViolationKind,
    /// Staff id concerned.
    pub staff: String,
    /// First day concerned, if the rule is about days.
    pub day: Option<usize>,
    /// The numbers behind it.
    pub detail: String,
}

impl fmt::Display for RosterViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: staff {:?}", self.kind, self.staff)?;
        if let Some(d) = self.day {
            write!(f, ", day {d}")?;
        }
        write!(f, ": {}", self.detail)
    }
}

/// The penalty of a roster, term by term.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RosterEvaluation {
    /// Weights of shift-on requests not granted.
    pub on_requests: i64,
    /// Weights of shift-off requests not granted.
    pub off_requests: i64,
    /// Weighted missing cover.
    pub cover_under: i64,
    /// Weighted surplus cover.
    pub cover_over: i64,
    /// Weighted missing skilled cover (rota model; 0 for Curtois instances).
    pub skill_under: i64,
    /// Weighted deviation from contract minutes (rota model; 0 for Curtois instances).
    pub deviation: i64,
    /// Cost of the optional positions filled (sizing; 0 otherwise).
    pub positions: i64,
    /// The sum of all terms: the objective (for Curtois instances the benchmark's).
    pub penalty: i64,
}

/// What the evaluator found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RosterReport {
    /// Broken hard rules (empty = feasible).
    pub violations: Vec<RosterViolation>,
    /// The penalty, computed on the roster as written (unknown entries count as days off).
    pub evaluation: RosterEvaluation,
}

impl RosterReport {
    /// True when no hard rule is broken.
    pub fn is_feasible(&self) -> bool {
        self.violations.is_empty()
    }
}

/// Evaluates `plan` against `inst`: every hard rule, then the penalty.
pub fn check_roster(inst: &RosterInstance, plan: &RosterPlan) -> RosterReport {
    let h = inst.horizon;
    let mut violations = Vec::new();
    let mut push = |kind, staff: &str, day: Option<usize>, detail: String| {
        violations.push(RosterViolation {
            kind,
            staff: staff.to_string(),
            day,
            detail,
        })
    };

    for id in plan.assignments.keys() {
        if !inst.staff.iter().any(|s| &s.id == id) {
            push(
                RosterViolationKind::UnknownStaff,
                id,
                None,
                "not in the instance".into(),
            );
        }
    }

    // grid[e][d] = Some(shift index) or None (off / unknown entry).
    let mut grid: Vec<Vec<Option<usize>>> = Vec::with_capacity(inst.staff.len());
    for person in &inst.staff {
        let mut row = vec![None; h];
        match plan.assignments.get(&person.id) {
            None => push(
                RosterViolationKind::StaffMissing,
                &person.id,
                None,
                "no row for this person (counted as off every day)".into(),
            ),
            Some(entries) => {
                if entries.len() != h {
                    push(
                        RosterViolationKind::WrongLength,
                        &person.id,
                        None,
                        format!("{} entries for a horizon of {h} days", entries.len()),
                    );
                }
                for (d, entry) in entries.iter().enumerate().take(h) {
                    if entry.is_empty() {
                        continue;
                    }
                    let mut found = None;
                    for (s, shift) in inst.shifts.iter().enumerate() {
                        if &shift.id == entry {
                            found = Some(s);
                        }
                    }
                    match found {
                        Some(s) => row[d] = Some(s),
                        None => push(
                            RosterViolationKind::UnknownShift,
                            &person.id,
                            Some(d),
                            format!("shift {entry:?} is not in the instance"),
                        ),
                    }
                }
            }
        }
        grid.push(row);
    }

    for (e, person) in inst.staff.iter().enumerate() {
        let row = &grid[e];
        let id = person.id.as_str();

        for &d in &person.days_off {
            if let Some(s) = row.get(d).copied().flatten() {
                push(
                    RosterViolationKind::DayOff,
                    id,
                    Some(d),
                    format!("works {} on a day off", inst.shifts[s].id),
                );
            }
        }

        for d in 1..h {
            if let (Some(a), Some(b)) = (row[d - 1], row[d])
                && inst.shifts[a].cannot_follow.contains(&b)
            {
                push(
                    RosterViolationKind::Succession,
                    id,
                    Some(d),
                    format!(
                        "{} on day {} may not be followed by {}",
                        inst.shifts[a].id,
                        d - 1,
                        inst.shifts[b].id
                    ),
                );
            }
        }

        for (s, shift) in inst.shifts.iter().enumerate() {
            let n = row.iter().filter(|x| **x == Some(s)).count() as u64;
            let max = u64::from(person.max_shifts.get(s).copied().unwrap_or(0));
            if n > max {
                push(
                    RosterViolationKind::MaxShifts,
                    id,
                    None,
                    format!("{n} shifts of type {} > maximum {max}", shift.id),
                );
            }
        }

        let minutes: u64 = row
            .iter()
            .flatten()
            .map(|&s| u64::from(inst.shifts[s].minutes))
            .sum();
        if minutes > u64::from(person.max_total_minutes) {
            push(
                RosterViolationKind::MaxMinutes,
                id,
                None,
                format!("{minutes} minutes > maximum {}", person.max_total_minutes),
            );
        }
        let optional = inst.rota.optional_cost.get(e).copied().flatten();
        let unused_optional = optional.is_some() && row.iter().all(Option::is_none);
        if minutes < u64::from(person.min_total_minutes) && !unused_optional {
            push(
                RosterViolationKind::MinMinutes,
                id,
                None,
                format!("{minutes} minutes < minimum {}", person.min_total_minutes),
            );
        }

        // Runs of equal working status: (first day, length, working).
        let mut runs: Vec<(usize, usize, bool)> = Vec::new();
        for (d, x) in row.iter().enumerate() {
            let working = x.is_some();
            match runs.last_mut() {
                Some(run) if run.2 == working => run.1 += 1,
                _ => runs.push((d, 1, working)),
            }
        }
        for &(start, len, working) in &runs {
            let inner = start > 0 && start + len < h;
            if working && len > person.max_consecutive_shifts as usize {
                push(
                    RosterViolationKind::MaxConsecutive,
                    id,
                    Some(start),
                    format!(
                        "{len} working days in a row > maximum {}",
                        person.max_consecutive_shifts
                    ),
                );
            }
            if working && inner && len < person.min_consecutive_shifts as usize {
                push(
                    RosterViolationKind::MinConsecutive,
                    id,
                    Some(start),
                    format!(
                        "{len} working days in a row < minimum {}",
                        person.min_consecutive_shifts
                    ),
                );
            }
            if !working && inner && len < person.min_consecutive_days_off as usize {
                push(
                    RosterViolationKind::MinDaysOff,
                    id,
                    Some(start),
                    format!(
                        "{len} days off in a row < minimum {}",
                        person.min_consecutive_days_off
                    ),
                );
            }
        }

        let mut weekends = 0u64;
        let mut sat = 5;
        while sat < h {
            let sun_worked = sat + 1 < h && row[sat + 1].is_some();
            if row[sat].is_some() || sun_worked {
                weekends += 1;
            }
            sat += 7;
        }
        if let Some(n) = inst.rota.weekend_every {
            // Worked weekends, by index; two of them less than n weekends apart break the rule.
            let mut worked_weekends = Vec::new();
            let mut sat = 5;
            let mut idx = 0usize;
            while sat < h {
                if row[sat].is_some() || (sat + 1 < h && row[sat + 1].is_some()) {
                    worked_weekends.push(idx);
                }
                sat += 7;
                idx += 1;
            }
            for pair in worked_weekends.windows(2) {
                if pair[1] - pair[0] < n as usize {
                    push(
                        RosterViolationKind::WeekendFrequency,
                        id,
                        Some(7 * pair[1] + 5),
                        format!(
                            "weekends {} and {} both worked; at most every {n}. weekend",
                            pair[0], pair[1]
                        ),
                    );
                }
            }
        }
        for week in 0..h / 7 {
            let first = 7 * week;
            if let Some(limit) = inst.rota.max_minutes_per_week {
                let m: u64 = (first..first + 7)
                    .filter_map(|d| row[d])
                    .map(|s| u64::from(inst.shifts[s].minutes))
                    .sum();
                if m > u64::from(limit) {
                    push(
                        RosterViolationKind::WeeklyMinutes,
                        id,
                        Some(first),
                        format!("{m} minutes in week {week} > maximum {limit}"),
                    );
                }
            }
            if let Some(bad) = &inst.rota.weekly_rest {
                let mut rest_day = false;
                for d in first..first + 7 {
                    if row[d].is_some() {
                        continue;
                    }
                    let before = if d == 0 { None } else { row[d - 1] };
                    let after = if d + 1 == h { None } else { row[d + 1] };
                    let short = match (before, after) {
                        (Some(a), Some(b)) => bad.iter().any(|&(x, y)| x == a && y == b),
                        _ => false,
                    };
                    if !short {
                        rest_day = true;
                    }
                }
                if !rest_day {
                    push(
                        RosterViolationKind::WeeklyRest,
                        id,
                        Some(first),
                        format!("no day off with the weekly rest in week {week}"),
                    );
                }
            }
        }
        if weekends > u64::from(person.max_weekends) {
            push(
                RosterViolationKind::MaxWeekends,
                id,
                None,
                format!(
                    "{weekends} weekends worked > maximum {}",
                    person.max_weekends
                ),
            );
        }
    }

    let mut ev = RosterEvaluation::default();
    for r in &inst.on_requests {
        if grid[r.staff][r.day] != Some(r.shift) {
            ev.on_requests += i64::from(r.weight);
        }
    }
    for r in &inst.off_requests {
        if grid[r.staff][r.day] == Some(r.shift) {
            ev.off_requests += i64::from(r.weight);
        }
    }
    for c in &inst.cover {
        let mut n: i64 = 0;
        for row in &grid {
            if row[c.day] == Some(c.shift) {
                n += 1;
            }
        }
        let req = i64::from(c.requirement);
        if n < req {
            ev.cover_under += (req - n) * i64::from(c.weight_under);
        } else {
            ev.cover_over += (n - req) * i64::from(c.weight_over);
        }
    }
    for c in &inst.rota.skill_cover {
        let mut n: i64 = 0;
        for (e, row) in grid.iter().enumerate() {
            let skilled = match inst.rota.staff_skills.get(e) {
                Some(mask) => (mask >> c.skill) & 1 == 1,
                None => false,
            };
            if skilled && row[c.day] == Some(c.shift) {
                n += 1;
            }
        }
        let req = i64::from(c.requirement);
        if n < req {
            ev.skill_under += (req - n) * i64::from(c.weight_under);
        }
    }
    for (e, row) in grid.iter().enumerate() {
        let works = row.iter().any(|x| x.is_some());
        let optional = inst.rota.optional_cost.get(e).copied().flatten();
        if works && let Some(cost) = optional {
            ev.positions += i64::from(cost);
        }
        if let Some(&target) = inst.rota.target_minutes.get(e) {
            let target = if optional.is_some() && !works {
                0
            } else {
                i64::from(target)
            };
            let mut minutes = 0i64;
            for s in row.iter().flatten() {
                minutes += i64::from(inst.shifts[*s].minutes);
            }
            ev.deviation += (minutes - target).abs() * i64::from(inst.rota.deviation_weight);
        }
    }
    ev.penalty = ev.on_requests
        + ev.off_requests
        + ev.cover_under
        + ev.cover_over
        + ev.skill_under
        + ev.deviation
        + ev.positions;

    violations
        .sort_by(|a, b| (a.staff.as_str(), a.kind, a.day).cmp(&(b.staff.as_str(), b.kind, b.day)));
    RosterReport {
        violations,
        evaluation: ev,
    }
}
