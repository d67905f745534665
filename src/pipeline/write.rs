//! Writing a run's output directory: `plan.json`, `routes.csv`, `rosters.csv`, `kpis.json`,
//! `routes.geojson` and `report.html`. Everything is rendered in memory first and written into
//! a temporary directory beside the target, then moved in: a failed run leaves no partial
//! output, and files of an earlier run are replaced only when the new set is complete.

use std::path::Path;

use crate::error::{Error, Result};

use super::output::PlanOutput;
use super::tables;

/// Output files of a run: (path relative to the output directory, content).
pub type OutputFiles = Vec<(String, Vec<u8>)>;

/// The files of one run (name, content).
pub fn render(plan: &PlanOutput, roads: &[Vec<[f64; 2]>]) -> Result<OutputFiles> {
    let json = |v: &serde_json::Value| -> Result<Vec<u8>> {
        serde_json::to_vec_pretty(v).map_err(|e| Error::Internal(format!("json: {e}")))
    };
    let plan_json =
        serde_json::to_value(plan).map_err(|e| Error::Internal(format!("json: {e}")))?;
    let geojson = crate::report::geojson(plan);
    let html = crate::report::html(&[("plan", plan)], roads);
    Ok(vec![
        // Compact: with road geometry a 5,000-visit day is tens of MB pretty-printed.
        (
            "plan.json".into(),
            serde_json::to_vec(&plan_json).map_err(|e| Error::Internal(format!("json: {e}")))?,
        ),
        ("routes.csv".into(), tables::routes_csv(plan)?.into_bytes()),
        (
            "rosters.csv".into(),
            tables::rosters_csv(plan)?.into_bytes(),
        ),
        ("kpis.json".into(), json(&tables::kpis_json(plan))?),
        (
            "routes.geojson".into(),
            serde_json::to_vec(&geojson).map_err(|e| Error::Internal(format!("json: {e}")))?,
        ),
        ("report.html".into(), html.into_bytes()),
    ])
}

/// Writes `files` into `dir` all or nothing ([`crate::io::atomic::write_dir`]).
///
/// # Errors
/// [`Error::Io`] naming the directory or file.
pub fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    crate::io::atomic::write_dir(dir, files)
}

/// The files of a comparison beside the two plans: `compare.json` and `report.html`.
pub fn render_compare(
    pp: &PlanOutput,
    trust: &PlanOutput,
    roads: &[Vec<[f64; 2]>],
) -> Result<OutputFiles> {
    let html = crate::report::html(&[("purchaser-provider", pp), ("trust model", trust)], roads);
    let v = serde_json::json!({
        "purchaser_provider": tables::kpis_json(pp),
        "trust": tables::kpis_json(trust),
    });
    let bytes = serde_json::to_vec_pretty(&v).map_err(|e| Error::Internal(format!("json: {e}")))?;
    Ok(vec![
        ("compare.json".into(), bytes),
        ("report.html".into(), html.into_bytes()),
    ])
}
