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
use crate::io::csv_dialect::{CsvRow, CsvTable};
use crate::io::text::{parse_json, read_text, shorten, show_number};
use crate::io::{input_error, lat_lon};
use crate::osm::Profile;

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
        return parse_scenario_json(path, &read_text(path)?);
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
        return parse_scenario_json(&json, &read_text(&json)?);
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
#[serde(
    untagged,
    expecting = "a weekday list: \"daily\", \"weekdays\", \"weekend\", \"mon;wed;fri\" or [\"mon\", \"wed\"]"
)]
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
    let dto: ScenarioDto = parse_json(path, text)?;
    let name = dto.name.unwrap_or_else(|| stem(path));
    let teams = dto
        .teams
        .into_iter()
        .map(|t| {
            let rec = format!("team {:?}", t.id);
            Ok(Team {
                base: lat_lon(path, &rec, ["lat", "lon"], t.lat, t.lon)?,
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
                location: lat_lon(path, &rec, ["lat", "lon"], c.lat, c.lon)?,
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
    validate(
        &Sources {
            teams: path,
            staff: path,
            clients: path,
            visits: path,
            settings: path,
        },
        &scenario,
    )?;
    Ok(scenario)
}

// ---------------------------------------------------------------------------------------------
// CSV

/// A CSV file of the scenario, its required columns checked.
struct Table(CsvTable);

impl Table {
    fn parse(path: PathBuf, bytes: &[u8], required: &[&str]) -> Result<Table> {
        let table = CsvTable::parse(&path, bytes)?;
        for col in required {
            table.require(col, required)?;
        }
        Ok(Table(table))
    }
}

/// One row of a [`Table`], with field access that names the line and column in errors.
struct Row<'a> {
    table: &'a CsvTable,
    row: &'a CsvRow,
}

impl Row<'_> {
    fn rec(&self) -> String {
        self.row.record()
    }

    /// The cell of `col`, `""` when the column is absent.
    fn opt(&self, col: &str) -> &str {
        self.table.cell(self.row, self.table.column(col))
    }

    fn req(&self, col: &str) -> Result<&str> {
        let v = self.opt(col);
        if v.is_empty() {
            Err(input_error(&self.table.path, self.rec(), col, "is empty"))
        } else {
            Ok(v)
        }
    }

    /// A number in the file's dialect (decimal comma in a `;` file).
    fn num(&self, col: &str) -> Result<f64> {
        self.table.number(self.row, col)
    }

    fn opt_num(&self, col: &str) -> Result<Option<f64>> {
        if self.opt(col).is_empty() {
            Ok(None)
        } else {
            self.num(col).map(Some)
        }
    }

    /// A whole number in `range`, `None` when empty.
    fn opt_whole(&self, col: &str, range: std::ops::RangeInclusive<u32>) -> Result<Option<u32>> {
        self.table.whole(self.row, col, range)
    }

    /// A required whole number in `range`.
    fn whole(&self, col: &str, range: std::ops::RangeInclusive<u32>) -> Result<u32> {
        self.req(col)?;
        self.opt_whole(col, range)?
            .ok_or_else(|| input_error(&self.table.path, self.rec(), col, "is empty"))
    }

    fn list(&self, col: &str) -> Vec<String> {
        split_list(self.opt(col))
    }
}

fn rows(t: &Table) -> impl Iterator<Item = Row<'_>> {
    t.0.rows.iter().map(move |row| Row { table: &t.0, row })
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
        Some(crate::io::text::read_text(&settings_path)?)
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
        Some(text) => crate::io::text::parse_json(&settings_path, text)?,
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
            base: lat_lon(
                &teams_t.0.path,
                &r.rec(),
                ["lat", "lon"],
                r.num("lat")?,
                r.num("lon")?,
            )?,
        });
    }
    let mut staff = Vec::new();
    for r in rows(&staff_t) {
        let rec = r.rec();
        let p = &staff_t.0.path;
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
        let p = &clients_t.0.path;
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
            location: lat_lon(p, &rec, ["lat", "lon"], r.num("lat")?, r.num("lon")?)?,
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
        let p = &visits_t.0.path;
        let client = r.req("client")?;
        let Some(&ci) = by_id.get(client) else {
            return Err(input_error(
                p,
                rec,
                "client",
                format!("unknown client {client:?} (not in clients.csv)"),
            ));
        };
        let carers = r.opt_whole("carers", 1..=2)?.unwrap_or(1);
        let v = visit(
            p,
            &rec,
            RawVisit {
                id: r.req("id")?.to_string(),
                days: r.req("days")?,
                earliest: r.req("earliest")?,
                latest: r.req("latest")?,
                duration: r.whole("duration", 1..=MAX_MINUTES)?,
                max_duration: r.opt_whole("max_duration", 1..=MAX_MINUTES)?,
                skills: r.list("skills"),
                carers: u8::try_from(carers).unwrap_or(u8::MAX),
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
        &Sources {
            teams: &teams_t.0.path,
            staff: &staff_t.0.path,
            clients: &clients_t.0.path,
            visits: &visits_t.0.path,
            settings: &settings_path,
        },
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

/// Longest visit, minutes.
const MAX_MINUTES: u32 = 600;

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
                shorten(v.days)
            ),
        )
    })?;
    let clock = |field: &str, s: &str| {
        parse_clock(s).ok_or_else(|| e(field, format!("{:?} is not a time HH:MM", shorten(s))))
    };
    let earliest = clock("earliest", v.earliest)?;
    let latest = clock("latest", v.latest)?;
    if latest < earliest {
        return Err(e(
            "latest",
            format!("{} is before earliest {}", v.latest, v.earliest),
        ));
    }
    if v.duration == 0 || v.duration > MAX_MINUTES {
        return Err(e(
            "duration",
            format!("{} minutes: must be 1–600", v.duration),
        ));
    }
    let max_duration = v.max_duration.unwrap_or(v.duration);
    if max_duration < v.duration || max_duration > MAX_MINUTES {
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

fn level(path: &Path, rec: &str, field: &str, s: &str) -> Result<Level> {
    Level::parse(s).ok_or_else(|| {
        input_error(
            path,
            rec,
            field,
            format!(
                "{:?} is not a level (assistant, health_worker, nurse)",
                shorten(s)
            ),
        )
    })
}

fn need(path: &Path, rec: &str, s: &str) -> Result<Need> {
    Need::parse(s).ok_or_else(|| {
        input_error(
            path,
            rec,
            "need",
            format!(
                "{:?} is not a need level (low, medium, extensive)",
                shorten(s)
            ),
        )
    })
}

fn profile(path: &Path, rec: &str, s: &str) -> Result<Profile> {
    s.parse::<Profile>().map_err(|_| {
        input_error(
            path,
            rec,
            "profile",
            format!("{:?} is not a travel profile (car, bike, foot)", shorten(s)),
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
            format!("{}: must be more than 0 and at most 100", show_number(p)),
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
/// The file each part of a scenario came from (all the same for the JSON form).
struct Sources<'a> {
    teams: &'a Path,
    staff: &'a Path,
    clients: &'a Path,
    visits: &'a Path,
    settings: &'a Path,
}

/// `"is empty"` or `"<what> \"id\" appears twice"`, for an id that is one or the other.
fn bad_id(what: &str, id: &str) -> String {
    if id.trim().is_empty() {
        "is empty".to_string()
    } else {
        format!("{what} {:?} appears twice", shorten(id))
    }
}

fn validate(src: &Sources<'_>, s: &Scenario) -> Result<()> {
    let (teams_path, staff_path, clients_path, settings_path) =
        (src.teams, src.staff, src.clients, src.settings);
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
                bad_id("team", &t.id),
            ));
        }
    }
    let mut staff_ids = HashSet::new();
    for st in &s.staff {
        let rec = format!("staff {:?}", st.id);
        if st.id.trim().is_empty() || !staff_ids.insert(st.id.as_str()) {
            return Err(input_error(staff_path, rec, "id", bad_id("staff", &st.id)));
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
                bad_id("client", &c.id),
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
                    src.visits,
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
            format!(
                "{:?} is not a weekday (mon … sun)",
                shorten(&st.start_weekday)
            ),
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
                    format!("{:?} is not a time HH:MM", shorten(v)),
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
                format!("{}: must be a non-negative number", show_number(v)),
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
