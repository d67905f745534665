//! The team-rota input (`tillit roster --format json`): shift types with clock times, demand
//! per weekday or derived from visits, staff with contract percentages and competences, the
//! working-time rules of the Norwegian Working Environment Act, and prices. Converted once
//! into a [`RosterInstance`] with [`RotaRules`]; the format is specified in
//! `docs/roster-format.md`, with an example in `data/example_rota.json`.
//!
//! The conversion:
//! - horizon = `weeks × 7` days, day 0 a Monday; weekday demand repeats every week;
//! - shift length = end − start (end ≤ start means the shift ends the next day) minus
//!   `break_minutes`; a shift longer than `max_shift_hours` is an input error;
//! - 11 h daily rest (§ 10-8 (1)): shift `t` may not follow shift `s` the next day when
//!   `24 h + start(t) − end(s) < daily_rest_hours`;
//! - 35 h weekly rest (§ 10-8 (2)): every calendar week needs a day off whose neighbouring
//!   shifts leave at least `weekly_rest_hours` (`48 h + start(t) − end(s)` around one day off);
//! - contract minutes = `contract_percent / 100 × full_time_hours_per_week × 60 × weeks`,
//!   hard within ± `contract_tolerance_hours × 60`, deviation priced by `deviation_per_hour`;
//! - missing carers cost `temp_per_hour × shift hours` each (temp cover), surplus carers
//!   `over_cover_per_hour × shift hours`, missing competence `missing_skill_per_shift`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::Result;
use crate::io::input_error;
use crate::model::roster::{
    Cover, RosterInstance, RotaRules, ShiftRequest, ShiftType, SkillCover, StaffRules,
};

/// The rota rules, with defaults and their legal source (see `docs/roster-format.md`).
#[derive(Clone, Debug, PartialEq, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct RotaRulesDto {
    /// Work at most every n-th weekend (2 = every second, 3 = every third).
    pub weekend_every: u32,
    /// Minimum rest between two shifts in hours (AML § 10-8 (1): 11).
    pub daily_rest_hours: f64,
    /// Minimum weekly rest in hours (AML § 10-8 (2): 35).
    pub weekly_rest_hours: f64,
    /// Maximum hours in a calendar week (AML § 10-5: 48 with averaging).
    pub max_hours_per_week: f64,
    /// Longest shift in hours (AML § 10-5 (1): 10; (3): 12.5 by tariff agreement).
    pub max_shift_hours: f64,
    /// Maximum working days in a row.
    pub max_consecutive_days: u32,
    /// Minimum working days in a row (inner runs).
    pub min_consecutive_days: u32,
    /// Minimum days off in a row (inner runs).
    pub min_consecutive_days_off: u32,
    /// Hours per week of a 100 % position in rotating shifts (35.5).
    pub full_time_hours_per_week: f64,
    /// Allowed deviation from contract hours over the whole horizon, in hours.
    pub contract_tolerance_hours: f64,
    /// Share of a shift spent on visits when demand is derived from visits (0–1].
    pub visit_productivity: f64,
}

impl Default for RotaRulesDto {
    fn default() -> Self {
        RotaRulesDto {
            weekend_every: 3,
            daily_rest_hours: 11.0,
            weekly_rest_hours: 35.0,
            max_hours_per_week: 48.0,
            max_shift_hours: 10.0,
            max_consecutive_days: 5,
            min_consecutive_days: 2,
            min_consecutive_days_off: 2,
            full_time_hours_per_week: 35.5,
            contract_tolerance_hours: 8.0,
            visit_productivity: 0.6,
        }
    }
}

/// Prices (NOK, or any currency, consistently).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RotaCostsDto {
    /// Cost of one hour of temp cover for a missing carer.
    pub temp_per_hour: u32,
    /// Cost of one surplus carer-hour.
    pub over_cover_per_hour: u32,
    /// Cost of a shift without its required competence.
    pub missing_skill_per_shift: u32,
    /// Cost of one hour between worked and contract hours.
    pub deviation_per_hour: u32,
    /// Cost of one paid hour of own staff (sizing compares it with temp hours).
    pub staff_per_hour: u32,
}

impl Default for RotaCostsDto {
    fn default() -> Self {
        RotaCostsDto {
            temp_per_hour: 600,
            over_cover_per_hour: 60,
            missing_skill_per_shift: 3000,
            deviation_per_hour: 60,
            staff_per_hour: 450,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShiftDto {
    id: String,
    start: String,
    end: String,
    #[serde(default)]
    break_minutes: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemandDto {
    shift: String,
    /// Carers per weekday, Monday first (7 numbers).
    carers: Vec<u32>,
    /// Competence → carers with it per weekday (7 numbers).
    #[serde(default)]
    skilled: BTreeMap<String, Vec<u32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VisitDto {
    id: String,
    /// Weekdays, 0 = Monday.
    days: Vec<usize>,
    /// Earliest start and latest end, "HH:MM".
    window: [String; 2],
    duration_minutes: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StaffDto {
    id: String,
    contract_percent: f64,
    #[serde(default)]
    skills: Vec<String>,
    /// Shift types this person may work (default: all).
    #[serde(default)]
    shifts: Option<Vec<String>>,
    /// Days (0 = first Monday of the horizon) this person is off.
    #[serde(default)]
    days_off: Vec<usize>,
    /// Wishes: (day, shift) this person would like to work.
    #[serde(default)]
    wishes: Vec<WishDto>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WishDto {
    day: usize,
    shift: String,
    #[serde(default = "one")]
    weight: u32,
}

fn one() -> u32 {
    1
}

/// Sizing options: the candidate positions.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SizingDto {
    /// Candidate full-time positions (default: enough for the whole demand plus two).
    pub max_full_time: Option<u32>,
    /// Contract percentages of the candidate part-time positions.
    pub part_time_percents: Vec<f64>,
    /// Candidate part-time positions per percentage.
    pub max_part_time_each: u32,
    /// Weekend rules to compare side by side.
    pub weekend_rules: Vec<u32>,
    /// Extra cost of a part-time position, in hours of pay, so that full-time is preferred
    /// at equal hours.
    pub part_time_penalty_hours: f64,
}

impl Default for SizingDto {
    fn default() -> Self {
        SizingDto {
            max_full_time: None,
            part_time_percents: vec![50.0],
            max_part_time_each: 6,
            weekend_rules: vec![2, 3],
            part_time_penalty_hours: 4.0,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RotaDto {
    name: String,
    #[serde(default = "six")]
    weeks: usize,
    shift_types: Vec<ShiftDto>,
    /// At least one of `demand` and `visits` must be there (either may be an empty list): a
    /// file with neither is cut short or mistyped, not a rota without demand.
    #[serde(default)]
    demand: Option<Vec<DemandDto>>,
    #[serde(default)]
    visits: Option<Vec<VisitDto>>,
    #[serde(default)]
    staff: Vec<StaffDto>,
    #[serde(default)]
    rules: RotaRulesDto,
    #[serde(default)]
    costs: RotaCostsDto,
    #[serde(default)]
    sizing: SizingDto,
}

fn six() -> usize {
    6
}

/// A rota input after conversion: the instance plus what reports and sizing need.
#[derive(Clone, Debug)]
pub struct RotaInput {
    /// The instance (Curtois rules + rota rules).
    pub instance: RosterInstance,
    /// The rules as given.
    pub rules: RotaRulesDto,
    /// The prices as given.
    pub costs: RotaCostsDto,
    /// Sizing options.
    pub sizing: SizingDto,
    /// Contract percentage per staff member.
    pub contract_percent: Vec<f64>,
    /// Weeks in the horizon.
    pub weeks: usize,
}

/// Minutes after midnight of "HH:MM".
fn clock(path: &Path, rec: &str, field: &str, s: &str) -> Result<u32> {
    let bad = || {
        input_error(
            path,
            rec,
            field,
            format!("{:?} is not a time HH:MM", crate::io::text::shorten(s)),
        )
    };
    let (h, m) = s.split_once(':').ok_or_else(bad)?;
    let h: u32 = h.trim().parse().map_err(|_| bad())?;
    let m: u32 = m.trim().parse().map_err(|_| bad())?;
    if h > 24 || m > 59 || (h == 24 && m > 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// Reads and converts a rota input file.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) if unreadable; otherwise as [`parse_rota_json`].
pub fn read_rota_json(path: &Path) -> Result<RotaInput> {
    let text = crate::io::text::read_text(path)?;
    parse_rota_json(path, &text)
}

/// Parses and converts a rota input; `path` is only used in error messages.
///
/// # Errors
/// [`Error::Input`](crate::Error::Input) naming the record (e.g. `staff "s3"`) and field of the first problem.
pub fn parse_rota_json(path: &Path, text: &str) -> Result<RotaInput> {
    let dto: RotaDto = crate::io::text::parse_json(path, text)?;
    if dto.demand.is_none() && dto.visits.is_none() {
        return Err(input_error(
            path,
            "rota",
            "demand",
            "the file has neither `demand` nor `visits`: one of them is needed (an empty list \
             says \"no demand\"); is the file cut short?",
        ));
    }
    let r = &dto.rules;
    if dto.weeks == 0 || dto.weeks > 104 {
        return Err(input_error(
            path,
            "rota",
            "weeks",
            format!("{} is outside 1..=104", dto.weeks),
        ));
    }
    let h = dto.weeks * 7;
    let positive = |field: &str, v: f64| {
        if v.is_finite() && v > 0.0 {
            Ok(())
        } else {
            Err(input_error(
                path,
                "rules",
                field,
                format!(
                    "{} must be a positive number",
                    crate::io::text::show_number(v)
                ),
            ))
        }
    };
    positive("daily_rest_hours", r.daily_rest_hours)?;
    positive("weekly_rest_hours", r.weekly_rest_hours)?;
    positive("max_hours_per_week", r.max_hours_per_week)?;
    positive("max_shift_hours", r.max_shift_hours)?;
    positive("full_time_hours_per_week", r.full_time_hours_per_week)?;
    positive("visit_productivity", r.visit_productivity)?;
    if r.visit_productivity > 1.0 {
        return Err(input_error(
            path,
            "rules",
            "visit_productivity",
            "must be at most 1",
        ));
    }
    if !(r.contract_tolerance_hours.is_finite() && r.contract_tolerance_hours >= 0.0) {
        return Err(input_error(
            path,
            "rules",
            "contract_tolerance_hours",
            "must be ≥ 0",
        ));
    }
    if r.weekend_every == 0 {
        return Err(input_error(
            path,
            "rules",
            "weekend_every",
            "must be at least 1",
        ));
    }

    // Shift types: (start, absolute end) in minutes; end may pass midnight.
    if dto.shift_types.is_empty() {
        return Err(input_error(
            path,
            "shift_types",
            "shift_types",
            "no shift types",
        ));
    }
    let mut shifts = Vec::new();
    let mut times = Vec::new();
    for s in &dto.shift_types {
        let rec = format!("shift type {:?}", s.id);
        if s.id.is_empty() || shifts.iter().any(|x: &ShiftType| x.id == s.id) {
            return Err(input_error(path, rec, "id", "empty or duplicate id"));
        }
        let start = clock(path, &rec, "start", &s.start)?;
        let mut end = clock(path, &rec, "end", &s.end)?;
        if end <= start {
            end += 1440;
        }
        let paid = (end - start)
            .checked_sub(s.break_minutes)
            .filter(|&m| m > 0)
            .ok_or_else(|| {
                input_error(
                    path,
                    rec.clone(),
                    "break_minutes",
                    "break as long as the shift",
                )
            })?;
        if f64::from(paid) > r.max_shift_hours * 60.0 + 1e-9 {
            return Err(input_error(
                path,
                rec,
                "end",
                format!(
                    "{:.2} h paid exceeds max_shift_hours {} (AML § 10-5; long days need a tariff agreement, § 10-5 (3))",
                    f64::from(paid) / 60.0,
                    r.max_shift_hours
                ),
            ));
        }
        shifts.push(ShiftType {
            id: s.id.clone(),
            minutes: paid,
            cannot_follow: Vec::new(),
        });
        times.push((start, end));
    }
    let daily = (r.daily_rest_hours * 60.0).round() as i64;
    let weekly = (r.weekly_rest_hours * 60.0).round() as i64;
    let mut weekly_bad = Vec::new();
    for (a, (shift, &(_, end_a))) in shifts.iter_mut().zip(&times).enumerate() {
        for (b, &(start_b, _)) in times.iter().enumerate() {
            if 1440 + i64::from(start_b) - i64::from(end_a) < daily {
                shift.cannot_follow.push(b);
            }
            if 2 * 1440 + i64::from(start_b) - i64::from(end_a) < weekly {
                weekly_bad.push((a, b));
            }
        }
    }
    let shift_index = |rec: &str, field: &str, id: &str| {
        shifts
            .iter()
            .position(|s| s.id == id)
            .ok_or_else(|| input_error(path, rec, field, format!("unknown shift type {id:?}")))
    };

    // Skills.
    let mut skill_names: Vec<String> = Vec::new();
    let mut skill_index = |name: &str| -> Result<usize> {
        if let Some(i) = skill_names.iter().position(|s| s == name) {
            return Ok(i);
        }
        if skill_names.len() >= 64 {
            return Err(input_error(
                path,
                "skills",
                "skills",
                "more than 64 competences",
            ));
        }
        skill_names.push(name.to_string());
        Ok(skill_names.len() - 1)
    };

    // Demand per (day, shift), and skilled demand.
    let ns = shifts.len();
    let mut carers = vec![vec![0u32; ns]; h];
    let mut skilled: Vec<SkillCover> = Vec::new();
    for (i, d) in dto.demand.iter().flatten().enumerate() {
        let rec = format!("demand[{i}]");
        let s = shift_index(&rec, "shift", &d.shift)?;
        if d.carers.len() != 7 {
            return Err(input_error(
                path,
                rec,
                "carers",
                "expected 7 numbers, Monday first",
            ));
        }
        for (day, row) in carers.iter_mut().enumerate() {
            if let Some(c) = row.get_mut(s) {
                *c += d.carers.get(day % 7).copied().unwrap_or(0);
            }
        }
        for (name, per_day) in &d.skilled {
            if per_day.len() != 7 {
                return Err(input_error(
                    path,
                    rec,
                    "skilled",
                    format!("{name}: expected 7 numbers"),
                ));
            }
            let k = skill_index(name)?;
            for day in 0..h {
                let req = per_day.get(day % 7).copied().unwrap_or(0);
                if req > 0 {
                    skilled.push(SkillCover {
                        day,
                        shift: s,
                        skill: k,
                        requirement: req,
                        weight_under: dto.costs.missing_skill_per_shift,
                    });
                }
            }
        }
    }
    // Visits → carers: each visit goes to the shift whose hours contain its window's middle;
    // carers = ceil(visit minutes / (paid minutes × productivity)).
    let mut visit_minutes = vec![vec![0u64; ns]; 7];
    for v in dto.visits.iter().flatten() {
        let rec = format!("visit {:?}", v.id);
        let a = clock(path, &rec, "window", &v.window[0])?;
        let b = clock(path, &rec, "window", &v.window[1])?;
        if b < a + v.duration_minutes.min(1440) {
            return Err(input_error(
                path,
                rec,
                "window",
                "window shorter than the visit",
            ));
        }
        let mid = (a + b) / 2;
        let s = times
            .iter()
            .position(|&(st, en)| (st..en).contains(&mid) || (st..en).contains(&(mid + 1440)))
            .ok_or_else(|| {
                input_error(
                    path,
                    rec.clone(),
                    "window",
                    "no shift type covers the middle of the window",
                )
            })?;
        for &wd in &v.days {
            let slot = visit_minutes.get_mut(wd).ok_or_else(|| {
                input_error(
                    path,
                    rec.clone(),
                    "days",
                    format!("weekday {wd} is not in 0..=6"),
                )
            })?;
            if let Some(m) = slot.get_mut(s) {
                *m += u64::from(v.duration_minutes);
            }
        }
    }
    for (day, row) in carers.iter_mut().enumerate() {
        let Some(week_row) = visit_minutes.get(day % 7) else {
            continue;
        };
        for ((c, &m), shift) in row.iter_mut().zip(week_row).zip(&shifts) {
            if m > 0 {
                let per_carer = f64::from(shift.minutes) * r.visit_productivity;
                *c += (m as f64 / per_carer).ceil() as u32;
            }
        }
    }
    let hours = |s: usize| shifts.get(s).map_or(0.0, |x| f64::from(x.minutes) / 60.0);
    let mut cover = Vec::new();
    for (day, row) in carers.iter().enumerate() {
        for (s, &req) in row.iter().enumerate() {
            cover.push(Cover {
                day,
                shift: s,
                requirement: req,
                weight_under: (f64::from(dto.costs.temp_per_hour) * hours(s)).round() as u32,
                weight_over: (f64::from(dto.costs.over_cover_per_hour) * hours(s)).round() as u32,
            });
        }
    }

    // Staff.
    let full_week = r.full_time_hours_per_week * 60.0;
    let tol = (r.contract_tolerance_hours * 60.0).round() as i64;
    let mut staff = Vec::new();
    let mut skills_mask = Vec::new();
    let mut targets = Vec::new();
    let mut percents = Vec::new();
    let mut wishes = Vec::new();
    for p in &dto.staff {
        let rec = format!("staff {:?}", p.id);
        if p.id.is_empty() || staff.iter().any(|x: &StaffRules| x.id == p.id) {
            return Err(input_error(path, rec, "id", "empty or duplicate id"));
        }
        if !(p.contract_percent.is_finite()
            && p.contract_percent > 0.0
            && p.contract_percent <= 100.0)
        {
            return Err(input_error(
                path,
                rec,
                "contract_percent",
                "must be in (0, 100]",
            ));
        }
        let target = (p.contract_percent / 100.0 * full_week * dto.weeks as f64).round() as i64;
        let mut max_shifts = vec![u32::try_from(h).unwrap_or(u32::MAX); ns];
        if let Some(allowed) = &p.shifts {
            let mut ok = vec![false; ns];
            for id in allowed {
                if let Some(x) = ok.get_mut(shift_index(&rec, "shifts", id)?) {
                    *x = true;
                }
            }
            for (m, ok) in max_shifts.iter_mut().zip(ok) {
                if !ok {
                    *m = 0;
                }
            }
        }
        let mut mask = 0u64;
        for name in &p.skills {
            mask |= 1 << skill_index(name)?;
        }
        let mut days_off = p.days_off.clone();
        if let Some(&d) = days_off.iter().find(|&&d| d >= h) {
            return Err(input_error(
                path,
                rec,
                "days_off",
                format!("day {d} is outside 0..{h}"),
            ));
        }
        days_off.sort_unstable();
        days_off.dedup();
        for w in &p.wishes {
            if w.day >= h {
                return Err(input_error(
                    path,
                    rec,
                    "wishes",
                    format!("day {} is outside 0..{h}", w.day),
                ));
            }
            wishes.push(ShiftRequest {
                staff: staff.len(),
                day: w.day,
                shift: shift_index(&rec, "wishes", &w.shift)?,
                weight: w.weight,
            });
        }
        staff.push(StaffRules {
            id: p.id.clone(),
            max_shifts,
            max_total_minutes: u32::try_from(target + tol).unwrap_or(u32::MAX),
            min_total_minutes: u32::try_from((target - tol).max(0)).unwrap_or(0),
            max_consecutive_shifts: r.max_consecutive_days,
            min_consecutive_shifts: r.min_consecutive_days,
            min_consecutive_days_off: r.min_consecutive_days_off,
            max_weekends: u32::try_from(h).unwrap_or(u32::MAX),
            days_off,
        });
        skills_mask.push(mask);
        targets.push(u32::try_from(target).unwrap_or(u32::MAX));
        percents.push(p.contract_percent);
    }
    let rota = RotaRules {
        weekend_every: Some(r.weekend_every),
        weekly_rest: Some(weekly_bad),
        max_minutes_per_week: Some((r.max_hours_per_week * 60.0).round() as u32),
        skill_names,
        staff_skills: skills_mask,
        skill_cover: skilled,
        target_minutes: targets,
        // Charged per minute: deviation_per_hour / 60, rounded, at least 1 when set.
        deviation_weight: ((f64::from(dto.costs.deviation_per_hour) / 60.0).round() as u32)
            .max(u32::from(dto.costs.deviation_per_hour > 0)),
        optional_cost: Vec::new(),
        used_order: Vec::new(),
    };
    Ok(RotaInput {
        instance: RosterInstance {
            name: dto.name.clone(),
            horizon: h,
            shifts,
            staff,
            on_requests: wishes,
            off_requests: Vec::new(),
            cover,
            rota,
        },
        rules: dto.rules,
        costs: dto.costs,
        sizing: dto.sizing,
        contract_percent: percents,
        weeks: dto.weeks,
    })
}
