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
use crate::io::csv_dialect::CsvTable;
use crate::io::text::{parse_json, read_text, shorten, show_number};
use crate::io::{input_error, lat_lon};
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
    /// The line of the clients CSV this client came from (`None` when read from the JSON).
    #[serde(skip)]
    line: Option<u64>,
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
/// [`Error::Io`](crate::Error::Io) if unreadable; [`Error::Input`](crate::Error::Input) naming record and field otherwise.
pub fn read_assign(
    path: &Path,
    clients_csv: Option<&Path>,
) -> Result<(AssignInstance, Option<serde_json::Value>)> {
    let text = read_text(path)?;
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
    let mut dto: AssignDto = parse_json(path, text)?;
    let mut client_path = path.to_path_buf();
    if let Some((csv_path, bytes)) = clients_csv {
        dto.clients = parse_clients_csv(csv_path, bytes, &dto.levels)?;
        client_path = csv_path.to_path_buf();
    }
    let params = dto.params.take();
    Ok((convert(path, &client_path, dto)?, params))
}

/// Clients CSV: `id,lat,lon,current_team,hours_<level>…` (one hours column per level; an
/// empty `current_team` means none), in either CSV dialect.
fn parse_clients_csv(path: &Path, bytes: &[u8], levels: &[String]) -> Result<Vec<ClientDto>> {
    let table = CsvTable::parse(path, bytes)?;
    let hour_names: Vec<String> = levels.iter().map(|l| format!("hours_{l}")).collect();
    let mut required = vec!["id", "lat", "lon", "current_team"];
    required.extend(hour_names.iter().map(String::as_str));
    for col in &required {
        table.require(col, &required)?;
    }
    let mut out = Vec::new();
    for row in &table.rows {
        let mut hours = BTreeMap::new();
        for (l, name) in levels.iter().zip(&hour_names) {
            hours.insert(l.clone(), table.number(row, name)?);
        }
        let cur = table.cell(row, table.column("current_team"));
        out.push(ClientDto {
            id: table.cell(row, table.column("id")).to_string(),
            location: [table.number(row, "lat")?, table.number(row, "lon")?],
            hours,
            current_team: (!cur.is_empty()).then(|| cur.to_string()),
            line: Some(row.line),
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
    for (field, v, ok, rule) in [
        (
            "speed_kmh",
            dto.travel.speed_kmh,
            dto.travel.speed_kmh > 0.0,
            "a speed above 0",
        ),
        (
            "detour",
            dto.travel.detour,
            dto.travel.detour >= 1.0,
            "a factor of at least 1",
        ),
    ] {
        if !(v.is_finite() && ok) {
            return Err(input_error(
                path,
                "travel",
                field,
                format!("{} is not {rule}", show_number(v)),
            ));
        }
    }
    let level = |file: &Path, rec: &str, field: &str, name: &str| {
        dto.levels.iter().position(|l| l == name).ok_or_else(|| {
            input_error(
                file,
                rec,
                field,
                format!(
                    "unknown level {:?} (levels: {})",
                    shorten(name),
                    dto.levels.join(", ")
                ),
            )
        })
    };
    let nonneg = |file: &Path, rec: &str, field: &str, v: f64| {
        if v.is_finite() && v >= 0.0 {
            Ok(v)
        } else {
            Err(input_error(
                file,
                rec,
                field,
                format!("{} is not a non-negative number", show_number(v)),
            ))
        }
    };
    let mut teams = Vec::new();
    for t in &dto.teams {
        let rec = format!("team {:?}", shorten(&t.id));
        if t.id.is_empty() {
            return Err(input_error(path, rec, "id", "is empty"));
        }
        if teams.iter().any(|x: &AssignTeam| x.id == t.id) {
            return Err(input_error(path, rec, "id", "appears twice"));
        }
        let [lat, lon] = t.base;
        lat_lon(path, &rec, ["base[0]", "base[1]"], lat, lon)?;
        let mut capacity = vec![0.0; dto.levels.len()];
        for (name, &h) in &t.capacity {
            let k = level(path, &rec, "capacity", name)?;
            if let Some(slot) = capacity.get_mut(k) {
                *slot = nonneg(path, &rec, &format!("capacity.{name}"), h)?;
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
    let mut seen = std::collections::BTreeMap::new();
    for c in &dto.clients {
        // Clients from the CSV are named by line and column, those from the JSON by id and
        // field.
        let (file, rec, location_fields) = match c.line {
            Some(line) => (client_path, format!("line {line}"), ["lat", "lon"]),
            None => (
                path,
                format!("client {:?}", shorten(&c.id)),
                ["location[0]", "location[1]"],
            ),
        };
        if c.id.is_empty() {
            return Err(input_error(file, rec, "id", "is empty"));
        }
        if let Some(first) = seen.insert(c.id.clone(), rec.clone()) {
            return Err(input_error(
                file,
                rec,
                "id",
                format!("client {:?} appears twice (first: {first})", shorten(&c.id)),
            ));
        }
        let [lat, lon] = c.location;
        lat_lon(file, &rec, location_fields, lat, lon)?;
        let mut hours = vec![0.0; dto.levels.len()];
        for (name, &h) in &c.hours {
            let field = match c.line {
                Some(_) => format!("hours_{name}"),
                None => format!("hours.{name}"),
            };
            let k = level(file, &rec, "hours", name)?;
            if let Some(slot) = hours.get_mut(k) {
                *slot = nonneg(file, &rec, &field, h)?;
            }
        }
        let current = match &c.current_team {
            None => None,
            Some(id) => Some(teams.iter().position(|t| &t.id == id).ok_or_else(|| {
                input_error(
                    file,
                    rec.clone(),
                    "current_team",
                    format!("unknown team {:?}", shorten(id)),
                )
            })?),
        };
        let explicit = dto.travel_minutes.get(&c.id);
        let mut row = Vec::with_capacity(teams.len());
        for team in &dto.teams {
            let minutes = match explicit.and_then(|m| m.get(&team.id)) {
                Some(&m) => nonneg(
                    path,
                    &format!("travel_minutes {:?}", shorten(&c.id)),
                    &team.id,
                    m,
                )?,
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
/// [`Error::Io`](crate::Error::Io) if unreadable; [`Error::Input`](crate::Error::Input) naming line and column when the JSON is
/// malformed or lacks `assignment`.
pub fn read_assignment_json(path: &Path) -> Result<AssignPlan> {
    parse_assignment_json(path, &read_text(path)?)
}

/// Parses the text of an assignment file; `path` is only used in error messages.
///
/// # Errors
/// As [`read_assignment_json`].
pub fn parse_assignment_json(path: &Path, text: &str) -> Result<AssignPlan> {
    let dto: AssignmentFileIn = parse_json(path, text)?;
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
            e.contains("a.json") && e.contains("line 2") && e.contains("assignment.k1"),
            "{e}"
        );
        let e = parse_assignment_json(Path::new("a.json"), "{}")
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing field"), "{e}");
    }
}
