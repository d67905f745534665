//! Team-assignment input (`tillit assign`): JSON with competence levels, teams and clients
//! (or the clients as CSV), converted into an [`AssignInstance`]; and the outputs (JSON and
//! CSV). Format: `docs/assign-format.md`; example: `data/example_assign.json`.
//!
//! Travel minutes between a client and a team base come from `travel_minutes` when given,
//! otherwise from the great-circle distance × `detour` at `speed_kmh`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::io::input_error;
use crate::model::assign::{AssignClient, AssignInstance, AssignTeam};
use crate::plan::assign_check::AssignPlan;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamDto {
    id: String,
    base: [f64; 2],
    capacity: BTreeMap<String, f64>,
    #[serde(default)]
    max_clients: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientDto {
    id: String,
    location: [f64; 2],
    hours: BTreeMap<String, f64>,
    #[serde(default)]
    current_team: Option<String>,
}

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct TravelDto {
    speed_kmh: f64,
    detour: f64,
}

impl Default for TravelDto {
    fn default() -> Self {
        TravelDto {
            speed_kmh: 30.0,
            detour: 1.3,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssignDto {
    levels: Vec<String>,
    teams: Vec<TeamDto>,
    #[serde(default)]
    clients: Vec<ClientDto>,
    #[serde(default)]
    travel: TravelDto,
    #[serde(default)]
    travel_minutes: BTreeMap<String, BTreeMap<String, f64>>,
    /// Passed through for `assign::AssignParams` (io does not depend on algorithms).
    #[serde(default)]
    params: Option<serde_json::Value>,
}

/// Great-circle distance in km between two `[lat, lon]` points.
fn haversine_km(a: [f64; 2], b: [f64; 2]) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a[0].to_radians(),
        a[1].to_radians(),
        b[0].to_radians(),
        b[1].to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// Reads a team-assignment input; `clients_csv` replaces the JSON's `clients`. Returns the
/// instance and the raw `params` object, if any.
///
/// # Errors
/// [`Error::Io`] if unreadable; [`Error::Input`] naming record and field otherwise.
pub fn read_assign(
    path: &Path,
    clients_csv: Option<&Path>,
) -> Result<(AssignInstance, Option<serde_json::Value>)> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let csv = match clients_csv {
        Some(csv_path) => Some((
            csv_path,
            std::fs::read(csv_path).map_err(|e| Error::io(csv_path, e))?,
        )),
        None => None,
    };
    parse_assign(path, &text, csv.as_ref().map(|(p, b)| (*p, b.as_slice())))
}

/// Parses a team-assignment input from its text and, if given, the bytes of its clients CSV
/// (which replaces the JSON's `clients`); the paths are used in messages only.
///
/// # Errors
/// As [`read_assign`], without the I/O errors.
pub fn parse_assign(
    path: &Path,
    text: &str,
    clients_csv: Option<(&Path, &[u8])>,
) -> Result<(AssignInstance, Option<serde_json::Value>)> {
    let mut dto: AssignDto = serde_json::from_str(text).map_err(|e| {
        input_error(
            path,
            format!("line {}, column {}", e.line(), e.column()),
            "-",
            e,
        )
    })?;
    let mut client_path = path.to_path_buf();
    if let Some((csv_path, bytes)) = clients_csv {
        dto.clients = parse_clients_csv(csv_path, bytes, &dto.levels)?;
        client_path = csv_path.to_path_buf();
    }
    let params = dto.params.take();
    Ok((convert(path, &client_path, dto)?, params))
}

/// Clients CSV: `id,lat,lon,current_team,hours_<level>…` (one hours column per level; an
/// empty `current_team` means none).
fn parse_clients_csv(path: &Path, bytes: &[u8], levels: &[String]) -> Result<Vec<ClientDto>> {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| input_error(path, "line 1 (header)", "header", e))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| input_error(path, "line 1 (header)", name, "missing column"))
    };
    let (ci, clat, clon, ccur) = (col("id")?, col("lat")?, col("lon")?, col("current_team")?);
    let mut hour_cols = Vec::new();
    for l in levels {
        hour_cols.push((l.clone(), col(&format!("hours_{l}"))?));
    }
    let mut out = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            input_error(
                path,
                format!("line {}", e.position().map_or(0, |p| p.line())),
                "-",
                &e,
            )
        })?;
        let line = format!("line {}", rec.position().map_or(0, |p| p.line()));
        let num = |k: usize, field: &str| -> Result<f64> {
            let raw = rec.get(k).unwrap_or("").trim();
            raw.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    input_error(
                        path,
                        line.clone(),
                        field,
                        format!("{raw:?} is not a number"),
                    )
                })
        };
        let mut hours = BTreeMap::new();
        for (l, k) in &hour_cols {
            hours.insert(l.clone(), num(*k, &format!("hours_{l}"))?);
        }
        let cur = rec.get(ccur).unwrap_or("").trim();
        out.push(ClientDto {
            id: rec.get(ci).unwrap_or("").trim().to_string(),
            location: [num(clat, "lat")?, num(clon, "lon")?],
            hours,
            current_team: (!cur.is_empty()).then(|| cur.to_string()),
        });
    }
    Ok(out)
}

fn convert(path: &Path, client_path: &Path, dto: AssignDto) -> Result<AssignInstance> {
    if dto.levels.is_empty() {
        return Err(input_error(
            path,
            "levels",
            "levels",
            "at least one competence level",
        ));
    }
    let speed_ok = dto.travel.speed_kmh.is_finite() && dto.travel.speed_kmh > 0.0;
    let detour_ok = dto.travel.detour.is_finite() && dto.travel.detour >= 1.0;
    if !(speed_ok && detour_ok) {
        return Err(input_error(
            path,
            "travel",
            "speed_kmh/detour",
            "speed > 0 and detour ≥ 1",
        ));
    }
    let level = |rec: &str, name: &str| {
        dto.levels.iter().position(|l| l == name).ok_or_else(|| {
            input_error(
                path,
                rec,
                "hours/capacity",
                format!("unknown level {name:?}"),
            )
        })
    };
    let nonneg = |rec: &str, field: &str, v: f64| {
        if v.is_finite() && v >= 0.0 {
            Ok(v)
        } else {
            Err(input_error(
                path,
                rec,
                field,
                format!("{v} is not a non-negative number"),
            ))
        }
    };
    let mut teams = Vec::new();
    for t in &dto.teams {
        let rec = format!("team {:?}", t.id);
        if t.id.is_empty() || teams.iter().any(|x: &AssignTeam| x.id == t.id) {
            return Err(input_error(path, rec, "id", "empty or duplicate id"));
        }
        let mut capacity = vec![0.0; dto.levels.len()];
        for (name, &h) in &t.capacity {
            let k = level(&rec, name)?;
            if let Some(slot) = capacity.get_mut(k) {
                *slot = nonneg(&rec, "capacity", h)?;
            }
        }
        teams.push(AssignTeam {
            id: t.id.clone(),
            capacity,
            max_clients: t.max_clients,
        });
    }
    if teams.is_empty() {
        return Err(input_error(path, "teams", "teams", "no teams"));
    }
    let mut clients = Vec::new();
    let mut travel = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for c in &dto.clients {
        let rec = format!("client {:?}", c.id);
        if c.id.is_empty() || !seen.insert(c.id.clone()) {
            return Err(input_error(client_path, rec, "id", "empty or duplicate id"));
        }
        let mut hours = vec![0.0; dto.levels.len()];
        for (name, &h) in &c.hours {
            let k = level(&rec, name)?;
            if let Some(slot) = hours.get_mut(k) {
                *slot = nonneg(&rec, "hours", h)?;
            }
        }
        let current = match &c.current_team {
            None => None,
            Some(id) => Some(teams.iter().position(|t| &t.id == id).ok_or_else(|| {
                input_error(
                    client_path,
                    rec.clone(),
                    "current_team",
                    format!("unknown team {id:?}"),
                )
            })?),
        };
        let explicit = dto.travel_minutes.get(&c.id);
        let mut row = Vec::with_capacity(teams.len());
        for team in &dto.teams {
            let minutes = match explicit.and_then(|m| m.get(&team.id)) {
                Some(&m) => nonneg(&rec, "travel_minutes", m)?,
                None => {
                    haversine_km(c.location, team.base) * dto.travel.detour / dto.travel.speed_kmh
                        * 60.0
                }
            };
            row.push(minutes);
        }
        clients.push(AssignClient {
            id: c.id.clone(),
            hours,
            current,
        });
        travel.push(row);
    }
    Ok(AssignInstance {
        levels: dto.levels,
        clients,
        teams,
        travel,
    })
}

#[derive(Deserialize)]
struct AssignmentFileIn {
    assignment: BTreeMap<String, String>,
}

/// Reads the `assignment` map (client id → team id) of an assignment file written by
/// `tillit assign`; other fields are ignored.
///
/// # Errors
/// [`Error::Io`] if unreadable; [`Error::Input`] naming line and column when the JSON is
/// malformed or lacks `assignment`.
pub fn read_assignment_json(path: &Path) -> Result<AssignPlan> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse_assignment_json(path, &text)
}

/// Parses the text of an assignment file; `path` is only used in error messages.
///
/// # Errors
/// As [`read_assignment_json`].
pub fn parse_assignment_json(path: &Path, text: &str) -> Result<AssignPlan> {
    let dto: AssignmentFileIn = serde_json::from_str(text).map_err(|e| {
        input_error(
            path,
            format!("line {}, column {}", e.line(), e.column()),
            "assignment",
            e,
        )
    })?;
    Ok(AssignPlan {
        assignment: dto.assignment,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignment_file_reads_the_map_and_names_bad_fields() {
        let p = parse_assignment_json(
            Path::new("a.json"),
            r#"{"assignment":{"k1":"T1","k2":"T2"},"status":"optimal","gap":0}"#,
        )
        .unwrap();
        assert_eq!(p.assignment.len(), 2);
        assert_eq!(p.assignment["k2"], "T2");
        let e = parse_assignment_json(Path::new("a.json"), "{\n\"assignment\": {\"k1\": 3}}")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("a.json") && e.contains("line 2") && e.contains("assignment"),
            "{e}"
        );
        let e = parse_assignment_json(Path::new("a.json"), "{}")
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing field"), "{e}");
    }
}
