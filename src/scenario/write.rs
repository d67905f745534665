//! Writing a scenario as a CSV directory (the form [`super::read_scenario`] reads back).

use std::path::Path;

use crate::error::{Error, Result};

use super::{Scenario, format_clock, format_days};

/// A CSV file (header, then `rows`) as bytes; shared with the pipeline's output tables.
pub(crate) fn csv_bytes(
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let internal = |e: csv::Error| Error::Internal(format!("csv: {e}"));
    w.write_record(header).map_err(internal)?;
    for r in rows {
        w.write_record(&r).map_err(internal)?;
    }
    w.into_inner()
        .map_err(|e| Error::Internal(format!("csv: {e}")))
}

/// Writes `teams.csv`, `staff.csv`, `clients.csv`, `visits.csv` and `settings.json` into
/// `dir` (created if missing), all or nothing.
///
/// # Errors
/// [`Error::Io`] when the directory or a file cannot be written.
pub fn write_scenario(s: &Scenario, dir: &Path) -> Result<()> {
    crate::io::atomic::write_dir(dir, &scenario_files(s)?)
}

/// The files of a scenario directory, by name: `teams.csv`, `staff.csv`, `clients.csv`,
/// `visits.csv` and `settings.json`.
///
/// # Errors
/// [`Error::Internal`] if a table cannot be encoded.
pub fn scenario_files(s: &Scenario) -> Result<Vec<(String, Vec<u8>)>> {
    let teams = csv_bytes(
        &["id", "lat", "lon"],
        s.teams.iter().map(|t| {
            vec![
                t.id.clone(),
                format!("{:.6}", t.base.lat),
                format!("{:.6}", t.base.lon),
            ]
        }),
    )?;
    let staff = csv_bytes(
        &[
            "id",
            "team",
            "level",
            "contract_percent",
            "profile",
            "skills",
        ],
        s.staff.iter().map(|p| {
            vec![
                p.id.clone(),
                p.team.clone(),
                p.level.name().into(),
                format!("{}", p.contract_percent),
                p.profile.name().into(),
                p.skills.join(";"),
            ]
        }),
    )?;
    let clients = csv_bytes(
        &["id", "lat", "lon", "need", "team", "preferred", "forbidden"],
        s.clients.iter().map(|c| {
            vec![
                c.id.clone(),
                format!("{:.6}", c.location.lat),
                format!("{:.6}", c.location.lon),
                c.need.name().into(),
                c.team.clone().unwrap_or_default(),
                c.preferred.join(";"),
                c.forbidden.join(";"),
            ]
        }),
    )?;
    let visits = csv_bytes(
        &[
            "client",
            "id",
            "days",
            "earliest",
            "latest",
            "duration",
            "max_duration",
            "skills",
            "carers",
            "level",
        ],
        s.clients.iter().flat_map(|c| {
            c.visits.iter().map(|v| {
                vec![
                    c.id.clone(),
                    v.id.clone(),
                    format_days(&v.days),
                    format_clock(v.earliest),
                    format_clock(v.latest),
                    v.duration.to_string(),
                    v.max_duration.to_string(),
                    v.skills.join(";"),
                    v.carers.to_string(),
                    v.level.name().into(),
                ]
            })
        }),
    )?;
    let settings = serde_json::to_vec_pretty(&s.settings)
        .map_err(|e| Error::Internal(format!("settings: {e}")))?;
    Ok([
        ("teams.csv", teams),
        ("staff.csv", staff),
        ("clients.csv", clients),
        ("visits.csv", visits),
        ("settings.json", settings),
    ]
    .into_iter()
    .map(|(n, b)| (n.to_string(), b))
    .collect())
}
