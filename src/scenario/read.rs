//! Reading a scenario: a directory with `clients.csv`, `visits.csv`, `staff.csv`, `teams.csv`
//! and an optional `settings.json`, or one JSON file (`scenario.json` in the directory, or
//! the file given). Every error names the file, the record and the field.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::io::input_error;
use crate::osm::{LatLon, Profile};

use super::{
    Client, Level, Need, Scenario, Settings, Staff, Team, VisitSpec, parse_clock, parse_days,
    weekday_index,
};

/// Reads a scenario from a directory (CSV files or `scenario.json`) or a JSON file.
///
/// # Errors
/// [`Error::Io`] for a missing or unreadable file, [`Error::Input`] naming file, record and
/// field for anything invalid (including references to unknown teams or staff).
pub fn read_scenario(path: &Path) -> Result<Scenario> {
    if path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        return parse_scenario_json(path, &text);
    }
    if !path.is_dir() {
        return Err(Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no such scenario directory or file",
            ),
        ));
    }
    let json = path.join("scenario.json");
    if json.is_file() {
        let text = std::fs::read_to_string(&json).map_err(|e| Error::io(&json, e))?;
        return parse_scenario_json(&json, &text);
    }
    read_csv_dir(path)
}

// ---------------------------------------------------------------------------------------------
// JSON

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioDto {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    settings: Settings,
    teams: Vec<TeamDto>,
    staff: Vec<StaffDto>,
    clients: Vec<ClientDto>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamDto {
    id: String,
    lat: f64,
    lon: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StaffDto {
    id: String,
    team: String,
    level: String,
    #[serde(default = "hundred")]
    contract_percent: f64,
    #[serde(default = "car")]
    profile: String,
    #[serde(default)]
    skills: Vec<String>,
}

fn hundred() -> f64 {
    100.0
}

fn car() -> String {
    "car".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientDto {
    id: String,
    lat: f64,
    lon: f64,
    need: String,
    #[serde(default)]
    team: Option<String>,
    #[serde(default)]
    preferred: Vec<String>,
    #[serde(default)]
    forbidden: Vec<String>,
    #[serde(default)]
    visits: Vec<VisitDto>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum DaysDto {
    Text(String),
    List(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VisitDto {
    id: String,
    days: DaysDto,
    window: [String; 2],
    duration: u32,
    #[serde(default)]
    max_duration: Option<u32>,
    #[serde(default)]
    skills: Vec<String>,
    #[serde(default = "one")]
    carers: u8,
    #[serde(default)]
    level: Option<String>,
}

fn one() -> u8 {
    1
}

/// Parses the JSON form; `path` is used in messages.
///
/// # Errors
/// [`Error::Input`] naming the record and field.
pub fn parse_scenario_json(path: &Path, text: &str) -> Result<Scenario> {
    let dto: ScenarioDto = serde_json::from_str(text).map_err(|e| {
        input_error(
            path,
            format!("line {} column {}", e.line(), e.column()),
            "json",
            e,
        )
    })?;
    let name = dto.name.unwrap_or_else(|| stem(path));
    let teams = dto
        .teams
        .into_iter()
        .map(|t| {
            let rec = format!("team {:?}", t.id);
            Ok(Team {
                base: lat_lon(path, &rec, t.lat, t.lon)?,
                id: t.id,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let staff = dto
        .staff
        .into_iter()
        .map(|s| {
            let rec = format!("staff {:?}", s.id);
            Ok(Staff {
                level: level(path, &rec, "level", &s.level)?,
                contract_percent: percent(path, &rec, s.contract_percent)?,
                profile: profile(path, &rec, &s.profile)?,
                skills: s.skills,
                team: s.team,
                id: s.id,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let clients = dto
        .clients
        .into_iter()
        .map(|c| {
            let rec = format!("client {:?}", c.id);
            let visits = c
                .visits
                .into_iter()
                .map(|v| {
                    let vrec = format!("client {:?} visit {:?}", c.id, v.id);
                    let days = match &v.days {
                        DaysDto::Text(s) => s.clone(),
                        DaysDto::List(l) => l.join(";"),
                    };
                    visit(
                        path,
                        &vrec,
                        RawVisit {
                            id: v.id,
                            days: &days,
                            earliest: &v.window[0],
                            latest: &v.window[1],
                            duration: v.duration,
                            max_duration: v.max_duration,
                            skills: v.skills,
                            carers: v.carers,
                            level: v.level.as_deref(),
                        },
                    )
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(Client {
                location: lat_lon(path, &rec, c.lat, c.lon)?,
                need: need(path, &rec, &c.need)?,
                team: c.team.filter(|t| !t.is_empty()),
                preferred: c.preferred,
                forbidden: c.forbidden,
                visits,
                id: c.id,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let scenario = Scenario {
        name,
        clients,
        staff,
        teams,
        settings: dto.settings,
    };
    validate(path, path, path, path, &scenario)?;
    Ok(scenario)
}

// ---------------------------------------------------------------------------------------------
// CSV

/// A CSV file read as strings, with its header.
struct Table {
    path: PathBuf,
    header: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

impl Table {
    fn parse(path: PathBuf, bytes: &[u8], required: &[&str]) -> Result<Table> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .trim(csv::Trim::All)
            .from_reader(bytes);
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| input_error(&path, "line 1 (header)", "header", e))?
            .iter()
            .map(str::to_string)
            .collect();
        for col in required {
            if !header.iter().any(|h| h == col) {
                return Err(input_error(
                    &path,
                    "line 1 (header)",
                    col,
                    format!(
                        "missing column `{col}` (required: {}; found: {})",
                        required.join(","),
                        header.join(",")
                    ),
                ));
            }
        }
        let mut rows = Vec::new();
        for rec in reader.records() {
            let rec = rec.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                input_error(&path, format!("line {line}"), "row", e)
            })?;
            let line = rec.position().map_or(0, |p| p.line());
            rows.push((line, rec.iter().map(str::to_string).collect()));
        }
        Ok(Table { path, header, rows })
    }

    fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

/// One row of a [`Table`], with field access that names the line and column in errors.
struct Row<'a> {
    table: &'a Table,
    line: u64,
    cells: &'a [String],
}

impl Row<'_> {
    fn rec(&self) -> String {
        format!("line {}", self.line)
    }

    /// The cell of `col`, `""` when the column is absent.
    fn opt(&self, col: &str) -> &str {
        self.table
            .col(col)
            .and_then(|i| self.cells.get(i))
            .map_or("", String::as_str)
    }

    fn req(&self, col: &str) -> Result<&str> {
        let v = self.opt(col);
        if v.is_empty() {
            Err(input_error(&self.table.path, self.rec(), col, "is empty"))
        } else {
            Ok(v)
        }
    }

    fn num<T: std::str::FromStr>(&self, col: &str) -> Result<T> {
        let v = self.req(col)?;
        v.parse().map_err(|_| {
            input_error(
                &self.table.path,
                self.rec(),
                col,
                format!("{v:?} is not a valid number"),
            )
        })
    }

    fn opt_num<T: std::str::FromStr>(&self, col: &str) -> Result<Option<T>> {
        if self.opt(col).is_empty() {
            Ok(None)
        } else {
            self.num(col).map(Some)
        }
    }

    fn list(&self, col: &str) -> Vec<String> {
        split_list(self.opt(col))
    }
}

fn rows(t: &Table) -> impl Iterator<Item = Row<'_>> {
    t.rows.iter().map(move |(line, cells)| Row {
        table: t,
        line: *line,
        cells,
    })
}

/// `a;b;c` (also `,` or spaces) → ids.
fn split_list(s: &str) -> Vec<String> {
    s.split([';', ',', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// The files of a scenario directory, read into memory: `teams.csv`, `staff.csv`,
/// `clients.csv`, `visits.csv` and, if present, `settings.json`.
#[derive(Debug, Clone, Copy)]
pub struct ScenarioFiles<'a> {
    /// `teams.csv`.
    pub teams: &'a [u8],
    /// `staff.csv`.
    pub staff: &'a [u8],
    /// `clients.csv`.
    pub clients: &'a [u8],
    /// `visits.csv`.
    pub visits: &'a [u8],
    /// `settings.json`, `None` when the directory has none.
    pub settings: Option<&'a str>,
}

fn read_csv_dir(dir: &Path) -> Result<Scenario> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read(&path).map_err(|e| Error::io(&path, e))
    };
    let settings_path = dir.join("settings.json");
    let settings = if settings_path.is_file() {
        Some(std::fs::read_to_string(&settings_path).map_err(|e| Error::io(&settings_path, e))?)
    } else {
        None
    };
    let (teams, staff) = (read("teams.csv")?, read("staff.csv")?);
    let (clients, visits) = (read("clients.csv")?, read("visits.csv")?);
    parse_scenario_csv(
        dir,
        ScenarioFiles {
            teams: &teams,
            staff: &staff,
            clients: &clients,
            visits: &visits,
            settings: settings.as_deref(),
        },
    )
}

/// Parses the CSV form of a scenario from the contents of its files; `dir` (the scenario
/// directory) names the files in messages and gives the scenario its name.
///
/// # Errors
/// [`Error::Input`] naming file, record and field, as [`read_scenario`].
pub fn parse_scenario_csv(dir: &Path, files: ScenarioFiles<'_>) -> Result<Scenario> {
    let settings_path = dir.join("settings.json");
    let settings = match files.settings {
        Some(text) => serde_json::from_str(text).map_err(|e| {
            input_error(
                &settings_path,
                format!("line {} column {}", e.line(), e.column()),
                "json",
                e,
            )
        })?,
        None => Settings::default(),
    };
    let teams_t = Table::parse(dir.join("teams.csv"), files.teams, &["id", "lat", "lon"])?;
    let staff_t = Table::parse(dir.join("staff.csv"), files.staff, &["id", "team", "level"])?;
    let clients_t = Table::parse(
        dir.join("clients.csv"),
        files.clients,
        &["id", "lat", "lon", "need"],
    )?;
    let visits_t = Table::parse(
        dir.join("visits.csv"),
        files.visits,
        &["client", "id", "days", "earliest", "latest", "duration"],
    )?;

    let mut teams = Vec::new();
    for r in rows(&teams_t) {
        teams.push(Team {
            id: r.req("id")?.to_string(),
            base: lat_lon(&teams_t.path, &r.rec(), r.num("lat")?, r.num("lon")?)?,
        });
    }
    let mut staff = Vec::new();
    for r in rows(&staff_t) {
        let rec = r.rec();
        let p = &staff_t.path;
        staff.push(Staff {
            id: r.req("id")?.to_string(),
            team: r.req("team")?.to_string(),
            level: level(p, &rec, "level", r.req("level")?)?,
            contract_percent: percent(p, &rec, r.opt_num("contract_percent")?.unwrap_or(100.0))?,
            profile: match r.opt("profile") {
                "" => Profile::Car,
                s => profile(p, &rec, s)?,
            },
            skills: r.list("skills"),
        });
    }
    let mut clients = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for r in rows(&clients_t) {
        let rec = r.rec();
        let p = &clients_t.path;
        let id = r.req("id")?.to_string();
        if by_id.insert(id.clone(), clients.len()).is_some() {
            return Err(input_error(
                p,
                rec,
                "id",
                format!("client {id:?} appears twice"),
            ));
        }
        clients.push(Client {
            location: lat_lon(p, &rec, r.num("lat")?, r.num("lon")?)?,
            need: need(p, &rec, r.req("need")?)?,
            team: Some(r.opt("team").to_string()).filter(|t| !t.is_empty()),
            preferred: r.list("preferred"),
            forbidden: r.list("forbidden"),
            visits: Vec::new(),
            id,
        });
    }
    for r in rows(&visits_t) {
        let rec = r.rec();
        let p = &visits_t.path;
        let client = r.req("client")?;
        let Some(&ci) = by_id.get(client) else {
            return Err(input_error(
                p,
                rec,
                "client",
                format!("unknown client {client:?} (not in clients.csv)"),
            ));
        };
        let carers = r.opt_num::<u8>("carers")?.unwrap_or(1);
        let v = visit(
            p,
            &rec,
            RawVisit {
                id: r.req("id")?.to_string(),
                days: r.req("days")?,
                earliest: r.req("earliest")?,
                latest: r.req("latest")?,
                duration: r.num("duration")?,
                max_duration: r.opt_num("max_duration")?,
                skills: r.list("skills"),
                carers,
                level: Some(r.opt("level")).filter(|s| !s.is_empty()),
            },
        )?;
        if let Some(c) = clients.get_mut(ci) {
            c.visits.push(v);
        }
    }
    let scenario = Scenario {
        name: stem(dir),
        clients,
        staff,
        teams,
        settings,
    };
    validate(
        &teams_t.path,
        &staff_t.path,
        &clients_t.path,
        &settings_path,
        &scenario,
    )?;
    Ok(scenario)
}

// ---------------------------------------------------------------------------------------------
// Fields and cross-checks

struct RawVisit<'a> {
    id: String,
    days: &'a str,
    earliest: &'a str,
    latest: &'a str,
    duration: u32,
    max_duration: Option<u32>,
    skills: Vec<String>,
    carers: u8,
    level: Option<&'a str>,
}

fn visit(path: &Path, rec: &str, v: RawVisit<'_>) -> Result<VisitSpec> {
    let e = |field: &str, msg: String| input_error(path, rec, field, msg);
    if v.id.trim().is_empty() {
        return Err(e("id", "is empty".into()));
    }
    let days = parse_days(v.days).ok_or_else(|| {
        e(
            "days",
            format!(
                "{:?} is not a weekday list (use daily, weekdays, weekend or e.g. mon;wed;fri)",
                v.days
            ),
        )
    })?;
    let clock = |field: &str, s: &str| {
        parse_clock(s).ok_or_else(|| e(field, format!("{s:?} is not a time HH:MM")))
    };
    let earliest = clock("earliest", v.earliest)?;
    let latest = clock("latest", v.latest)?;
    if latest < earliest {
        return Err(e(
            "latest",
            format!("{} is before earliest {}", v.latest, v.earliest),
        ));
    }
    if v.duration == 0 || v.duration > 600 {
        return Err(e(
            "duration",
            format!("{} minutes: must be 1–600", v.duration),
        ));
    }
    let max_duration = v.max_duration.unwrap_or(v.duration);
    if max_duration < v.duration || max_duration > 600 {
        return Err(e(
            "max_duration",
            format!(
                "{max_duration} minutes: must be at least duration ({}) and at most 600",
                v.duration
            ),
        ));
    }
    if !(1..=2).contains(&v.carers) {
        return Err(e("carers", format!("{}: must be 1 or 2", v.carers)));
    }
    let level = match v.level {
        None => Level::Assistant,
        Some(s) => level(path, rec, "level", s)?,
    };
    Ok(VisitSpec {
        id: v.id,
        days,
        earliest,
        latest,
        duration: v.duration,
        max_duration,
        skills: v.skills,
        carers: v.carers,
        level,
    })
}

fn lat_lon(path: &Path, rec: &str, lat: f64, lon: f64) -> Result<LatLon> {
    if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
        return Err(input_error(
            path,
            rec,
            "lat",
            format!("{lat} is not a latitude"),
        ));
    }
    if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
        return Err(input_error(
            path,
            rec,
            "lon",
            format!("{lon} is not a longitude"),
        ));
    }
    Ok(LatLon { lat, lon })
}

fn level(path: &Path, rec: &str, field: &str, s: &str) -> Result<Level> {
    Level::parse(s).ok_or_else(|| {
        input_error(
            path,
            rec,
            field,
            format!("{s:?} is not a level (assistant, health_worker, nurse)"),
        )
    })
}

fn need(path: &Path, rec: &str, s: &str) -> Result<Need> {
    Need::parse(s).ok_or_else(|| {
        input_error(
            path,
            rec,
            "need",
            format!("{s:?} is not a need level (low, medium, extensive)"),
        )
    })
}

fn profile(path: &Path, rec: &str, s: &str) -> Result<Profile> {
    s.parse::<Profile>().map_err(|_| {
        input_error(
            path,
            rec,
            "profile",
            format!("{s:?} is not a travel profile (car, bike, foot)"),
        )
    })
}

fn percent(path: &Path, rec: &str, p: f64) -> Result<f64> {
    if p.is_finite() && p > 0.0 && p <= 100.0 {
        Ok(p)
    } else {
        Err(input_error(
            path,
            rec,
            "contract_percent",
            format!("{p}: must be in (0, 100]"),
        ))
    }
}

fn stem(path: &Path) -> String {
    let p = if path.file_name().is_some_and(|f| f == "scenario.json") {
        path.parent().unwrap_or(path)
    } else {
        path
    };
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty() && s != ".")
        .unwrap_or_else(|| "scenario".into())
}

/// Uniqueness and references across the tables, and the settings.
fn validate(
    teams_path: &Path,
    staff_path: &Path,
    clients_path: &Path,
    settings_path: &Path,
    s: &Scenario,
) -> Result<()> {
    if s.teams.is_empty() {
        return Err(input_error(
            teams_path,
            "teams",
            "id",
            "no team: a scenario needs at least one",
        ));
    }
    let mut team_ids = HashSet::new();
    for t in &s.teams {
        if t.id.trim().is_empty() || !team_ids.insert(t.id.as_str()) {
            return Err(input_error(
                teams_path,
                format!("team {:?}", t.id),
                "id",
                "empty or appears twice",
            ));
        }
    }
    let mut staff_ids = HashSet::new();
    for st in &s.staff {
        let rec = format!("staff {:?}", st.id);
        if st.id.trim().is_empty() || !staff_ids.insert(st.id.as_str()) {
            return Err(input_error(staff_path, rec, "id", "empty or appears twice"));
        }
        if !team_ids.contains(st.team.as_str()) {
            return Err(input_error(
                staff_path,
                rec,
                "team",
                format!("unknown team {:?}", st.team),
            ));
        }
    }
    let mut client_ids = HashSet::new();
    for c in &s.clients {
        let rec = format!("client {:?}", c.id);
        if c.id.trim().is_empty() || !client_ids.insert(c.id.as_str()) {
            return Err(input_error(
                clients_path,
                rec,
                "id",
                "empty or appears twice",
            ));
        }
        if let Some(t) = &c.team
            && !team_ids.contains(t.as_str())
        {
            return Err(input_error(
                clients_path,
                rec,
                "team",
                format!("unknown team {t:?}"),
            ));
        }
        for (field, list) in [("preferred", &c.preferred), ("forbidden", &c.forbidden)] {
            if let Some(x) = list.iter().find(|x| !staff_ids.contains(x.as_str())) {
                return Err(input_error(
                    clients_path,
                    rec,
                    field,
                    format!("unknown staff {x:?}"),
                ));
            }
        }
        let mut vids = HashSet::new();
        for v in &c.visits {
            if !vids.insert(v.id.as_str()) {
                return Err(input_error(
                    clients_path,
                    format!("client {:?} visit {:?}", c.id, v.id),
                    "id",
                    "appears twice for this client",
                ));
            }
        }
    }
    let st = &s.settings;
    if weekday_index(&st.start_weekday).is_none() {
        return Err(input_error(
            settings_path,
            "settings",
            "start_weekday",
            format!("{:?} is not a weekday (mon … sun)", st.start_weekday),
        ));
    }
    if st.shifts.is_empty() {
        return Err(input_error(
            settings_path,
            "settings",
            "shifts",
            "no shift type",
        ));
    }
    for sh in &st.shifts {
        let rec = format!("shift {:?}", sh.id);
        for (field, v) in [("start", &sh.start), ("end", &sh.end)] {
            if parse_clock(v).is_none() {
                return Err(input_error(
                    settings_path,
                    rec,
                    field,
                    format!("{v:?} is not a time HH:MM"),
                ));
            }
        }
    }
    let c = &st.costs;
    for (field, v) in [
        ("staff_per_hour", c.staff_per_hour),
        ("temp_per_hour", c.temp_per_hour),
        ("overtime_per_hour", c.overtime_per_hour),
        ("budget_per_day", c.budget_per_day.unwrap_or(0.0)),
    ] {
        if !(v.is_finite() && v >= 0.0) {
            return Err(input_error(
                settings_path,
                "settings.costs",
                field,
                format!("{v}: must be a non-negative number"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `scenario_json` fuzz target: an hour that fits `u32` but not when
    /// multiplied by 60 panicked ("attempt to multiply with overflow") in debug builds.
    #[test]
    fn huge_hour_in_a_window_is_an_input_error_not_a_panic() {
        let text = std::fs::read_to_string("data/example_scenario.json").unwrap();
        let from = r#""window": ["07:30", "09:30"]"#;
        assert!(text.contains(from));
        let bad = text.replacen(from, r#""window": ["07:30", "03666333339:30"]"#, 1);
        let msg = parse_scenario_json(Path::new("s.json"), &bad)
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("s.json") && msg.contains("field `latest`") && msg.contains("HH:MM"),
            "{msg}"
        );
    }
}
