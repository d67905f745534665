//! The roster file (JSON), written by `tillit roster` and read by `tillit roster-check`:
//!
//! ```json
//! {"assignments": {"A": ["D", "", "D"], "B": ["", "L", "L"]},
//!  "objective": 607, "status": "optimal", "bound": 607,
//!  "seed": 0, "seconds": 1.2, "iterations": 0}
//! ```
//!
//! `assignments` maps each staff id to one entry per day: a shift id, or `""` for a day off
//! (`null` is read as `""`). `objective` is the penalty, `status` is `optimal` (proven by
//! HiGHS), `time_limit` or `iteration_limit`, and `bound` the best proven lower bound or
//! `null`. The reader only needs `assignments`; everything else is ignored, so hand-written
//! rosters can be checked.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::roster::RosterInstance;
use crate::plan::roster_check::RosterPlan;

#[derive(Deserialize)]
struct RosterFileIn {
    assignments: BTreeMap<String, Vec<Option<String>>>,
}

/// What `tillit roster` writes.
#[derive(Serialize)]
pub struct RosterFileOut {
    /// Staff id → one shift id or `""` per day.
    pub assignments: BTreeMap<String, Vec<String>>,
    /// The penalty.
    pub objective: i64,
    /// `optimal`, `time_limit` or `iteration_limit`.
    pub status: String,
    /// Best proven lower bound, if any.
    pub bound: Option<i64>,
    /// Seed of the run.
    pub seed: u64,
    /// Wall-clock seconds of the run.
    pub seconds: f64,
    /// Neighbourhood iterations done.
    pub iterations: u64,
    /// Extra sections (the rota key figures), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kpis: Option<serde_json::Value>,
}

/// Writes a roster as CSV: `staff,day,week,weekday,shift,hours`, one line per worked shift.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) when the file cannot be written (atomically).
pub fn write_roster_csv(
    path: &Path,
    inst: &RosterInstance,
    grid: &[Vec<Option<usize>>],
) -> Result<()> {
    const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    crate::io::atomic::write_atomic(path, |w| {
        writeln!(w, "staff,day,week,weekday,shift,hours")?;
        for (person, row) in inst.staff.iter().zip(grid) {
            for (d, x) in row.iter().enumerate() {
                if let Some(shift) = x.and_then(|s| inst.shifts.get(s)) {
                    writeln!(
                        w,
                        "{},{},{},{},{},{:.2}",
                        person.id,
                        d,
                        d / 7 + 1,
                        WEEKDAYS.get(d % 7).copied().unwrap_or("?"),
                        shift.id,
                        f64::from(shift.minutes) / 60.0
                    )?;
                }
            }
        }
        Ok(())
    })
}

/// Converts a roster by index into the file's form.
pub fn assignments(
    inst: &RosterInstance,
    grid: &[Vec<Option<usize>>],
) -> BTreeMap<String, Vec<String>> {
    inst.staff
        .iter()
        .zip(grid)
        .map(|(person, row)| {
            let days = row
                .iter()
                .map(|x| {
                    x.and_then(|s| inst.shifts.get(s))
                        .map_or_else(String::new, |s| s.id.clone())
                })
                .collect();
            (person.id.clone(), days)
        })
        .collect()
}

/// Reads a roster file.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) if unreadable; otherwise as [`parse_roster_json`].
pub fn read_roster_json(path: &Path) -> Result<RosterPlan> {
    let text = crate::io::text::read_text(path)?;
    parse_roster_json(path, &text)
}

/// Parses the text of a roster file; `path` is only used in error messages.
///
/// # Errors
/// [`Error::Input`](crate::Error::Input) naming line and column when the JSON is malformed or lacks `assignments`.
pub fn parse_roster_json(path: &Path, text: &str) -> Result<RosterPlan> {
    let dto: RosterFileIn = crate::io::text::parse_json(path, text)?;
    Ok(RosterPlan {
        assignments: dto
            .assignments
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().map(Option::unwrap_or_default).collect()))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_assignments_and_ignores_the_rest() {
        let p = parse_roster_json(
            Path::new("r.json"),
            r#"{"assignments":{"A":["D",null,""]},"objective":3,"status":"x","bound":null}"#,
        )
        .unwrap();
        assert_eq!(p.assignments["A"], vec!["D", "", ""]);
    }

    #[test]
    fn malformed_names_line_and_field() {
        let e = parse_roster_json(Path::new("r.json"), "{\n\"assignments\": {\"A\": [1]}}")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("r.json") && e.contains("line 2") && e.contains("assignments"),
            "{e}"
        );
        let e = parse_roster_json(Path::new("r.json"), "{}")
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing field"), "{e}");
    }
}
