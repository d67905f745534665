//! Tabular views of a [`PlanOutput`]: `routes.csv` (one row per stop), `rosters.csv` (one row
//! per person and planned day, temps included) and `kpis.json`. The Python package builds its
//! DataFrames from the same functions, so the columns are identical.

use crate::error::{Error, Result};
use crate::scenario::format_clock;

use super::output::PlanOutput;

fn clock(seconds: i64) -> String {
    format_clock((seconds.max(0) / 60) as u32)
}

fn csv_string(header: &[&str], rows: Vec<Vec<String>>) -> Result<String> {
    let bytes = crate::scenario::write::csv_bytes(header, rows.into_iter())?;
    String::from_utf8(bytes).map_err(|e| Error::Internal(format!("csv: {e}")))
}

/// Columns of `routes.csv`.
pub const ROUTE_COLUMNS: [&str; 21] = [
    "team",
    "day",
    "weekday",
    "carer",
    "temp",
    "shift",
    "profile",
    "seq",
    "visit",
    "client",
    "need",
    "lat",
    "lon",
    "arrival",
    "start",
    "end",
    "minutes",
    "allotted_minutes",
    "travel_minutes",
    "distance_km",
    "two_carer",
];

/// `routes.csv`: one row per stop, in route order.
///
/// # Errors
/// Only [`Error::Internal`] (CSV encoding).
pub fn routes_csv(plan: &PlanOutput) -> Result<String> {
    let mut rows = Vec::new();
    for t in &plan.teams {
        for d in &t.days {
            for r in &d.routes {
                for (i, s) in r.stops.iter().enumerate() {
                    rows.push(vec![
                        t.id.clone(),
                        d.day.to_string(),
                        d.weekday.clone(),
                        r.carer.clone(),
                        r.temp.to_string(),
                        r.shift.clone(),
                        r.profile.clone(),
                        (i + 1).to_string(),
                        s.visit.clone(),
                        s.client.clone(),
                        s.need.clone(),
                        format!("{:.6}", s.location[1]),
                        format!("{:.6}", s.location[0]),
                        clock(s.arrival),
                        clock(s.start),
                        clock(s.end),
                        format!("{:.1}", (s.end - s.start) as f64 / 60.0),
                        format!("{:.0}", s.allotted_minutes),
                        format!("{:.1}", s.travel_s as f64 / 60.0),
                        format!("{:.3}", s.distance_m / 1000.0),
                        s.two_carer.to_string(),
                    ]);
                }
            }
        }
    }
    csv_string(&ROUTE_COLUMNS, rows)
}

/// Columns of `rosters.csv`.
pub const ROSTER_COLUMNS: [&str; 8] = [
    "team", "staff", "temp", "day", "weekday", "shift", "start", "end",
];

/// `rosters.csv`: one row per person and planned day (shift `""` = day off); temps hired for
/// the rota's gaps get one row per day they work.
///
/// # Errors
/// Only [`Error::Internal`] (CSV encoding).
pub fn rosters_csv(plan: &PlanOutput) -> Result<String> {
    let mut rows = Vec::new();
    for t in &plan.teams {
        for (staff, days) in &t.roster.shifts {
            for (d, shift) in days.iter().enumerate() {
                let route = t
                    .days
                    .get(d)
                    .and_then(|day| day.routes.iter().find(|r| &r.carer == staff));
                rows.push(vec![
                    t.id.clone(),
                    staff.clone(),
                    "false".into(),
                    d.to_string(),
                    plan.weekdays.get(d).cloned().unwrap_or_default(),
                    shift.clone(),
                    route.map_or(String::new(), |r| clock(r.shift_start)),
                    route.map_or(String::new(), |r| clock(r.shift_end)),
                ]);
            }
        }
        for day in &t.days {
            for r in day.routes.iter().filter(|r| r.temp) {
                rows.push(vec![
                    t.id.clone(),
                    r.carer.clone(),
                    "true".into(),
                    day.day.to_string(),
                    day.weekday.clone(),
                    r.shift.clone(),
                    clock(r.shift_start),
                    clock(r.shift_end),
                ]);
            }
        }
    }
    csv_string(&ROSTER_COLUMNS, rows)
}

/// `kpis.json`: the key figures with the run's identity.
pub fn kpis_json(plan: &PlanOutput) -> serde_json::Value {
    serde_json::json!({
        "scenario": plan.scenario,
        "model": plan.model,
        "seed": plan.seed,
        "days": plan.days,
        "assignment": {"status": plan.assignment.status, "gap": plan.assignment.gap,
                        "moves": plan.assignment.moves},
        "total": plan.kpis.total,
        "teams": plan.kpis.teams,
        "equity": plan.kpis.equity,
        "budget": plan.kpis.budget,
        "seconds": plan.seconds,
    })
}
