//! The Curtois & Qu (2014) shift-scheduling text format (schedulingbenchmarks.org,
//! `Instance1.txt` …), read into a [`RosterInstance`].
//!
//! ```text
//! # comment
//! SECTION_HORIZON
//! 14
//! SECTION_SHIFTS
//! # ShiftID, Length in mins, Shifts which cannot follow this shift | separated
//! D,480,
//! SECTION_STAFF
//! # ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts,
//! #     MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends
//! A,D=14,4320,3360,5,2,2,1
//! SECTION_DAYS_OFF
//! A,0            # EmployeeID, DayIndexes (start at zero), any number of days
//! SECTION_SHIFT_ON_REQUESTS
//! A,2,D,2        # EmployeeID, Day, ShiftID, Weight
//! SECTION_SHIFT_OFF_REQUESTS
//! C,12,D,1
//! SECTION_COVER
//! 0,D,5,100,1    # Day, ShiftID, Requirement, Weight for under, Weight for over
//! ```
//!
//! Conventions: blank lines and lines starting with `#` are skipped; fields are trimmed. A shift
//! type missing from a staff member's `MaxShifts` list has no limit of its own (the horizon).
//! Every id must be defined before use (shifts before staff, staff before requests); ids must be
//! unique; days must lie inside the horizon; a (day, shift) pair may have only one cover line.
//! Errors name the file, the line and the field.

use std::path::Path;

use crate::error::{Error, Result};
use crate::io::input_error;
use crate::model::roster::{Cover, RosterInstance, ShiftRequest, ShiftType, StaffRules};

/// Longest horizon accepted (days): ten years, far beyond any benchmark; guards allocations.
pub const MAX_HORIZON: usize = 3660;

/// Reads a Curtois & Qu instance file.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read; otherwise as [`parse_curtois`].
pub fn read_curtois(path: &Path) -> Result<RosterInstance> {
    let text = crate::io::text::read_text(path)?;
    parse_curtois(path, &text)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Section {
    None,
    Horizon,
    Shifts,
    Staff,
    DaysOff,
    OnRequests,
    OffRequests,
    Cover,
}

/// Every section a file must have (a section may be empty, but its header must be there: a
/// missing header is a file cut short or a typo, never "no demand").
const SECTIONS: [(Section, &str); 7] = [
    (Section::Horizon, "SECTION_HORIZON"),
    (Section::Shifts, "SECTION_SHIFTS"),
    (Section::Staff, "SECTION_STAFF"),
    (Section::DaysOff, "SECTION_DAYS_OFF"),
    (Section::OnRequests, "SECTION_SHIFT_ON_REQUESTS"),
    (Section::OffRequests, "SECTION_SHIFT_OFF_REQUESTS"),
    (Section::Cover, "SECTION_COVER"),
];

/// Parses the text of a Curtois & Qu instance; `path` is only used in error messages.
///
/// # Errors
/// [`Error::Input`] naming the line and field of the first problem: unknown section, wrong
/// number of fields, a non-numeric value, an unknown or duplicate id, a day outside the horizon.
pub fn parse_curtois(path: &Path, text: &str) -> Result<RosterInstance> {
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("roster")
        .to_string();
    let mut section = Section::None;
    let mut horizon: Option<usize> = None;
    let mut shifts: Vec<ShiftType> = Vec::new();
    // Raw "cannot follow" ids with their line, resolved once all shifts are known.
    let mut follow_raw: Vec<(usize, Vec<String>)> = Vec::new();
    let mut staff: Vec<StaffRules> = Vec::new();
    let mut on_requests = Vec::new();
    let mut off_requests = Vec::new();
    let mut cover: Vec<Cover> = Vec::new();
    let mut seen: Vec<Section> = Vec::new();

    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let rec = format!("line {line_no}");
        if let Some(name) = line.strip_prefix("SECTION_") {
            section = match name.trim() {
                "HORIZON" => Section::Horizon,
                "SHIFTS" => Section::Shifts,
                "STAFF" => Section::Staff,
                "DAYS_OFF" => Section::DaysOff,
                "SHIFT_ON_REQUESTS" => Section::OnRequests,
                "SHIFT_OFF_REQUESTS" => Section::OffRequests,
                "COVER" => Section::Cover,
                other => {
                    return Err(input_error(
                        path,
                        rec,
                        "section",
                        format!("unknown section SECTION_{other}"),
                    ));
                }
            };
            if seen.contains(&section) {
                return Err(input_error(
                    path,
                    rec,
                    "section",
                    format!("SECTION_{} appears twice", name.trim()),
                ));
            }
            seen.push(section);
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let ctx = Line {
            path,
            rec: &rec,
            fields: &fields,
        };
        match section {
            Section::None => {
                return Err(input_error(
                    path,
                    rec,
                    "section",
                    "data before the first SECTION_ header",
                ));
            }
            Section::Horizon => {
                if horizon.is_some() {
                    return Err(input_error(
                        path,
                        rec,
                        "horizon",
                        "the horizon is given twice",
                    ));
                }
                ctx.arity(1, "horizon")?;
                let h: usize = ctx.num(0, "horizon")?;
                if h == 0 || h > MAX_HORIZON {
                    return Err(input_error(
                        path,
                        rec,
                        "horizon",
                        format!("{h} days is outside 1..={MAX_HORIZON}"),
                    ));
                }
                horizon = Some(h);
            }
            Section::Shifts => {
                ctx.arity(3, "shift")?;
                let id = ctx.id(0, "ShiftID")?;
                if shifts.iter().any(|s| s.id == id) {
                    return Err(input_error(
                        path,
                        rec,
                        "ShiftID",
                        format!("shift {id:?} defined twice"),
                    ));
                }
                let minutes: u32 = ctx.num(1, "Length")?;
                let follow: Vec<String> = ctx
                    .get(2)
                    .split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                follow_raw.push((line_no, follow));
                shifts.push(ShiftType {
                    id,
                    minutes,
                    cannot_follow: Vec::new(),
                });
            }
            Section::Staff => {
                ctx.arity(8, "staff")?;
                let h = ctx.need_horizon(horizon)?;
                if shifts.is_empty() {
                    return Err(input_error(
                        path,
                        rec,
                        "MaxShifts",
                        "SECTION_SHIFTS must come before SECTION_STAFF",
                    ));
                }
                let id = ctx.id(0, "ID")?;
                if staff.iter().any(|s| s.id == id) {
                    return Err(input_error(
                        path,
                        rec,
                        "ID",
                        format!("staff {id:?} defined twice"),
                    ));
                }
                let unlimited = u32::try_from(h).unwrap_or(u32::MAX);
                let mut max_shifts = vec![unlimited; shifts.len()];
                for part in ctx
                    .get(1)
                    .split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                {
                    let (sid, n) = part.split_once('=').ok_or_else(|| {
                        input_error(
                            path,
                            rec.clone(),
                            "MaxShifts",
                            format!("{:?} is not SHIFT=COUNT", crate::io::text::shorten(part)),
                        )
                    })?;
                    let s = shifts
                        .iter()
                        .position(|s| s.id == sid.trim())
                        .ok_or_else(|| {
                            input_error(
                                path,
                                rec.clone(),
                                "MaxShifts",
                                format!("unknown shift {:?}", sid.trim()),
                            )
                        })?;
                    let n: u32 = n.trim().parse().map_err(|_| {
                        input_error(
                            path,
                            rec.clone(),
                            "MaxShifts",
                            format!(
                                "{:?} is not a non-negative integer",
                                crate::io::text::shorten(n.trim())
                            ),
                        )
                    })?;
                    if let Some(slot) = max_shifts.get_mut(s) {
                        *slot = n;
                    }
                }
                staff.push(StaffRules {
                    id,
                    max_shifts,
                    max_total_minutes: ctx.num(2, "MaxTotalMinutes")?,
                    min_total_minutes: ctx.num(3, "MinTotalMinutes")?,
                    max_consecutive_shifts: ctx.num(4, "MaxConsecutiveShifts")?,
                    min_consecutive_shifts: ctx.num(5, "MinConsecutiveShifts")?,
                    min_consecutive_days_off: ctx.num(6, "MinConsecutiveDaysOff")?,
                    max_weekends: ctx.num(7, "MaxWeekends")?,
                    days_off: Vec::new(),
                });
            }
            Section::DaysOff => {
                if fields.len() < 2 {
                    return Err(input_error(
                        path,
                        rec,
                        "days off",
                        "expected EmployeeID followed by at least one day",
                    ));
                }
                let h = ctx.need_horizon(horizon)?;
                let e = ctx.staff(&staff, 0, "EmployeeID")?;
                let mut days = Vec::new();
                for k in 1..fields.len() {
                    if ctx.get(k).is_empty() {
                        continue;
                    }
                    days.push(ctx.day(k, "DayIndex", h)?);
                }
                if let Some(s) = staff.get_mut(e) {
                    s.days_off.extend(days);
                    s.days_off.sort_unstable();
                    s.days_off.dedup();
                }
            }
            Section::OnRequests | Section::OffRequests => {
                ctx.arity(4, "request")?;
                let h = ctx.need_horizon(horizon)?;
                let req = ShiftRequest {
                    staff: ctx.staff(&staff, 0, "EmployeeID")?,
                    day: ctx.day(1, "Day", h)?,
                    shift: ctx.shift(&shifts, 2, "ShiftID")?,
                    weight: ctx.num(3, "Weight")?,
                };
                if section == Section::OnRequests {
                    on_requests.push(req);
                } else {
                    off_requests.push(req);
                }
            }
            Section::Cover => {
                ctx.arity(5, "cover")?;
                let h = ctx.need_horizon(horizon)?;
                let c = Cover {
                    day: ctx.day(0, "Day", h)?,
                    shift: ctx.shift(&shifts, 1, "ShiftID")?,
                    requirement: ctx.num(2, "Requirement")?,
                    weight_under: ctx.num(3, "WeightUnder")?,
                    weight_over: ctx.num(4, "WeightOver")?,
                };
                if cover.iter().any(|o| o.day == c.day && o.shift == c.shift) {
                    return Err(input_error(
                        path,
                        rec,
                        "ShiftID",
                        format!("second cover line for day {} and this shift", c.day),
                    ));
                }
                cover.push(c);
            }
        }
    }

    if let Some((_, header)) = SECTIONS.iter().find(|(sec, _)| !seen.contains(sec)) {
        return Err(input_error(
            path,
            "file",
            header,
            format!(
                "the file has no {header} section (every section must be present, even when \
                 empty; is the file cut short?)"
            ),
        ));
    }
    let horizon = horizon
        .ok_or_else(|| input_error(path, "file", "SECTION_HORIZON", "the file has no horizon"))?;
    if shifts.is_empty() {
        return Err(input_error(
            path,
            "file",
            "SECTION_SHIFTS",
            "no shift types",
        ));
    }
    if staff.is_empty() {
        return Err(input_error(path, "file", "SECTION_STAFF", "no staff"));
    }
    for (s, (line_no, ids)) in follow_raw.iter().enumerate() {
        let mut resolved = Vec::with_capacity(ids.len());
        for id in ids {
            let t = shifts.iter().position(|x| &x.id == id).ok_or_else(|| {
                input_error(
                    path,
                    format!("line {line_no}"),
                    "CannotFollow",
                    format!("unknown shift {id:?}"),
                )
            })?;
            resolved.push(t);
        }
        resolved.sort_unstable();
        resolved.dedup();
        if let Some(shift) = shifts.get_mut(s) {
            shift.cannot_follow = resolved;
        }
    }
    Ok(RosterInstance {
        name,
        horizon,
        shifts,
        staff,
        on_requests,
        off_requests,
        cover,
        rota: Default::default(),
    })
}

/// One data line with its location, for field access with good error messages.
struct Line<'a> {
    path: &'a Path,
    rec: &'a str,
    fields: &'a [&'a str],
}

impl Line<'_> {
    fn get(&self, k: usize) -> &str {
        self.fields.get(k).copied().unwrap_or("")
    }

    fn err(&self, field: &str, msg: impl ToString) -> Error {
        input_error(self.path, self.rec, field, msg)
    }

    fn arity(&self, n: usize, what: &str) -> Result<()> {
        if self.fields.len() == n {
            Ok(())
        } else {
            Err(self.err(
                what,
                format!(
                    "expected {n} comma-separated fields, found {}",
                    self.fields.len()
                ),
            ))
        }
    }

    fn num<T: std::str::FromStr>(&self, k: usize, field: &str) -> Result<T> {
        let raw = self.get(k);
        raw.parse().map_err(|_| {
            self.err(
                field,
                format!(
                    "{:?} is not a non-negative integer",
                    crate::io::text::shorten(raw)
                ),
            )
        })
    }

    fn id(&self, k: usize, field: &str) -> Result<String> {
        let raw = self.get(k);
        if raw.is_empty() {
            Err(self.err(field, "empty id"))
        } else {
            Ok(raw.to_string())
        }
    }

    fn need_horizon(&self, horizon: Option<usize>) -> Result<usize> {
        horizon.ok_or_else(|| self.err("SECTION_HORIZON", "must come before this section"))
    }

    fn day(&self, k: usize, field: &str, horizon: usize) -> Result<usize> {
        let d: usize = self.num(k, field)?;
        if d >= horizon {
            return Err(self.err(
                field,
                format!("day {d} is outside the horizon 0..{horizon}"),
            ));
        }
        Ok(d)
    }

    fn staff(&self, staff: &[StaffRules], k: usize, field: &str) -> Result<usize> {
        let id = self.get(k);
        staff
            .iter()
            .position(|s| s.id == id)
            .ok_or_else(|| self.err(field, format!("unknown staff {id:?}")))
    }

    fn shift(&self, shifts: &[ShiftType], k: usize, field: &str) -> Result<usize> {
        let id = self.get(k);
        shifts
            .iter()
            .position(|s| s.id == id)
            .ok_or_else(|| self.err(field, format!("unknown shift {id:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = "# c\nSECTION_HORIZON\n7\n\nSECTION_SHIFTS\nD,480,\nL,600,D\n\n\
        SECTION_STAFF\nA,D=7|L=2,2400,960,5,2,2,1\nB,D=7,2400,0,5,1,1,1\n\n\
        SECTION_DAYS_OFF\nA,0,6\n\nSECTION_SHIFT_ON_REQUESTS\nA,2,D,2\n\n\
        SECTION_SHIFT_OFF_REQUESTS\nB,3,L,1\n\nSECTION_COVER\n0,D,1,100,1\n1,L,1,100,1\n";

    #[test]
    fn reads_every_section() {
        let inst = parse_curtois(Path::new("tiny.txt"), TINY).unwrap();
        assert_eq!(inst.name, "tiny");
        assert_eq!(inst.horizon, 7);
        assert_eq!(inst.shifts.len(), 2);
        assert_eq!(inst.shifts[1].cannot_follow, vec![0]);
        assert_eq!(inst.staff[0].max_shifts, vec![7, 2]);
        // L is not listed for B: no limit of its own (the horizon).
        assert_eq!(inst.staff[1].max_shifts, vec![7, 7]);
        assert_eq!(inst.staff[0].days_off, vec![0, 6]);
        assert_eq!(inst.on_requests.len(), 1);
        assert_eq!(inst.off_requests[0].shift, 1);
        assert_eq!(inst.cover.len(), 2);
        assert_eq!(inst.weekends(), 1);
    }

    fn err(text: &str) -> String {
        parse_curtois(Path::new("bad.txt"), text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn errors_name_line_and_field() {
        let e = err(&TINY.replace("A,2,D,2", "A,9,D,2"));
        assert!(
            e.contains("line 17") && e.contains("Day") && e.contains("outside"),
            "{e}"
        );
        let e = err(&TINY.replace("L,600,D", "L,6x0,D"));
        assert!(e.contains("line 7") && e.contains("Length"), "{e}");
        let e = err(&TINY.replace("L,600,D", "L,600,Q"));
        assert!(e.contains("line 7") && e.contains("CannotFollow"), "{e}");
        let e = err(&TINY.replace("B,3,L,1", "Z,3,L,1"));
        assert!(e.contains("EmployeeID") && e.contains("\"Z\""), "{e}");
        let e = err(&TINY.replace("1,L,1,100,1", "0,D,1,100,1"));
        assert!(e.contains("second cover line"), "{e}");
        let e = err(&TINY.replace("SECTION_COVER", "SECTION_FOO"));
        assert!(e.contains("SECTION_FOO"), "{e}");
        let e = err(&TINY.replace("A,D=7|L=2,", "A,D:7,"));
        assert!(e.contains("MaxShifts"), "{e}");
        let e = err(&TINY.replace("B,D=7,2400,0,5,1,1,1", "B,D=7,2400,0,5,1,1"));
        assert!(e.contains("expected 8"), "{e}");
        let e = err("SECTION_SHIFTS\nD,480,\n");
        assert!(e.contains("SECTION_HORIZON"), "{e}");
        let e = err(&format!("{TINY}SECTION_COVER\n"));
        assert!(e.contains("SECTION_COVER appears twice"), "{e}");
    }

    /// A file cut at any section boundary is an error naming the first missing section, never
    /// an instance without demand (solved as "optimal, objective 0").
    #[test]
    fn a_file_cut_at_a_section_boundary_is_rejected() {
        let starts: Vec<usize> = TINY.match_indices("SECTION_").map(|(i, _)| i).collect();
        assert_eq!(starts.len(), SECTIONS.len());
        for (k, &at) in starts.iter().enumerate().skip(1) {
            let e = err(&TINY[..at]);
            let missing = SECTIONS[k].1;
            assert!(
                e.contains("bad.txt") && e.contains(missing) && e.contains("cut short"),
                "cut before {missing}: {e}"
            );
        }
        // Each optional-looking section is needed too: left out whole, it is named.
        for (k, (&at, (_, header))) in starts.iter().zip(&SECTIONS).enumerate().skip(3) {
            let end = starts.get(k + 1).copied().unwrap_or(TINY.len());
            let e = err(&format!("{}{}", &TINY[..at], &TINY[end..]));
            assert!(e.contains(header), "without {header}: {e}");
        }
        assert!(parse_curtois(Path::new("t.txt"), TINY).is_ok());
    }
}
