//! A planning scenario: the client book, the staff and the teams of a home-care service
//! (schema in `docs/scenario.md`), read from a directory of CSV files or one JSON file, and
//! the settings (shift types, working-time rules, prices, budget) that go with it.
//!
//! The model here is the user's view (lat/lon, weekdays, "HH:MM", minutes); the pipeline
//! ([`crate::pipeline`]) turns it into team-assignment, rota and routing instances.

pub mod generate;
pub mod read;
pub mod write;

use serde::{Deserialize, Serialize};

use crate::io::rota_json::RotaRulesDto;
use crate::osm::{LatLon, Profile};

pub use read::{ScenarioFiles, parse_scenario_csv, parse_scenario_json, read_scenario};
pub use write::{scenario_files, write_scenario};

/// Weekday names, Monday first (day 0 of a plan is a Monday unless the settings say otherwise).
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A client's level of need (IPLOS-style grouping used for equity reports).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// About 1.5 hours of care a week.
    Low,
    /// 5–8 hours a week.
    Medium,
    /// About 30 hours a week.
    Extensive,
}

impl Need {
    /// Name as written in files.
    pub const fn name(self) -> &'static str {
        match self {
            Need::Low => "low",
            Need::Medium => "medium",
            Need::Extensive => "extensive",
        }
    }

    /// Parses `low`, `medium`, `extensive`.
    pub fn parse(s: &str) -> Option<Need> {
        match s.trim().to_ascii_lowercase().as_str() {
            "low" => Some(Need::Low),
            "medium" => Some(Need::Medium),
            "extensive" => Some(Need::Extensive),
            _ => None,
        }
    }
}

/// Competence level of a carer, or the least level a visit needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Assistant (assistent / ufaglært).
    Assistant = 1,
    /// Healthcare worker (helsefagarbeider).
    HealthWorker = 2,
    /// Registered nurse (sykepleier); medication visits need one.
    Nurse = 3,
}

impl Level {
    /// All levels, lowest first.
    pub const ALL: [Level; 3] = [Level::Assistant, Level::HealthWorker, Level::Nurse];

    /// Name as written in files.
    pub const fn name(self) -> &'static str {
        match self {
            Level::Assistant => "assistant",
            Level::HealthWorker => "health_worker",
            Level::Nurse => "nurse",
        }
    }

    /// Parses `assistant`, `health_worker`, `nurse`.
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim().to_ascii_lowercase().as_str() {
            "assistant" => Some(Level::Assistant),
            "health_worker" => Some(Level::HealthWorker),
            "nurse" => Some(Level::Nurse),
            _ => None,
        }
    }

    /// 1, 2 or 3 (the routing model's [`crate::model::Carer::level`]).
    pub const fn rank(self) -> u8 {
        self as u8
    }
}

/// A recurring visit of a client: on which weekdays, when, how long.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitSpec {
    /// Id unique within the client (e.g. `morning`); the visit of a day is
    /// `<client>/<id>/d<day>`.
    pub id: String,
    /// Weekdays, 0 = Monday.
    pub days: Vec<u8>,
    /// Start window: the visit starts no earlier than `earliest` and no later than `latest`
    /// (minutes after midnight).
    pub earliest: u32,
    /// See `earliest`.
    pub latest: u32,
    /// Allotted minutes (the *vedtak* minutes of the purchaser-provider model).
    pub duration: u32,
    /// Top of the elastic band (trust model: the team may stay up to this long); `duration`
    /// when the band is empty.
    pub max_duration: u32,
    /// Skills the carer must have (e.g. `medication`).
    pub skills: Vec<String>,
    /// Carers needed at the same time (1 or 2).
    pub carers: u8,
    /// Least competence level.
    pub level: Level,
}

/// A client with their visits.
#[derive(Clone, Debug, PartialEq)]
pub struct Client {
    /// Unique id.
    pub id: String,
    /// Home.
    pub location: LatLon,
    /// Level of need.
    pub need: Need,
    /// Team serving the client today, if any.
    pub team: Option<String>,
    /// Staff ids the client prefers.
    pub preferred: Vec<String>,
    /// Staff ids who must not visit the client.
    pub forbidden: Vec<String>,
    /// Recurring visits.
    pub visits: Vec<VisitSpec>,
}

impl Client {
    /// The visits on weekday `weekday` (0 = Monday).
    pub fn visits_on(&self, weekday: usize) -> impl Iterator<Item = &VisitSpec> {
        self.visits
            .iter()
            .filter(move |v| v.days.iter().any(|&d| usize::from(d) == weekday))
    }

    /// Allotted minutes per week over all visits (two-carer visits count twice).
    pub fn weekly_minutes(&self) -> u64 {
        self.visits
            .iter()
            .map(|v| u64::from(v.duration) * v.days.len() as u64 * u64::from(v.carers))
            .sum()
    }
}

/// A member of staff.
#[derive(Clone, Debug, PartialEq)]
pub struct Staff {
    /// Unique id.
    pub id: String,
    /// Team id.
    pub team: String,
    /// Competence level.
    pub level: Level,
    /// Position size in percent (100 = full time, *heltid*).
    pub contract_percent: f64,
    /// How the carer travels.
    pub profile: Profile,
    /// Skills (a nurse has `medication` implicitly).
    pub skills: Vec<String>,
}

/// A self-governing team.
#[derive(Clone, Debug, PartialEq)]
pub struct Team {
    /// Unique id.
    pub id: String,
    /// Base (the team's office; routes start and end here).
    pub base: LatLon,
}

/// A shift type of the rota.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftSpec {
    /// Id, e.g. `D`.
    pub id: String,
    /// "HH:MM".
    pub start: String,
    /// "HH:MM" (not after `start`: the next day).
    pub end: String,
    /// Unpaid break minutes (default 30).
    #[serde(default = "thirty")]
    pub break_minutes: u32,
}

fn thirty() -> u32 {
    30
}

/// Prices and the budget frame.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Costs {
    /// Own staff, per paid hour (NOK, including social costs). 450.
    pub staff_per_hour: f64,
    /// Temp (vikar) hour bought from an agency or the call-in list. 650.
    pub temp_per_hour: f64,
    /// Overtime hour (50 % supplement, AML § 10-6 (11)). 675.
    pub overtime_per_hour: f64,
    /// Budget frame per planned day for all teams together (NOK); `None` = no frame given.
    pub budget_per_day: Option<f64>,
}

impl Default for Costs {
    fn default() -> Self {
        Costs {
            staff_per_hour: 450.0,
            temp_per_hour: 650.0,
            overtime_per_hour: 675.0,
            budget_per_day: None,
        }
    }
}

/// Scenario settings (`settings.json` beside the CSV files, or `"settings"` in the JSON form).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Weekday of plan day 0 (`mon` … `sun`).
    pub start_weekday: String,
    /// Shift types of the rota.
    pub shifts: Vec<ShiftSpec>,
    /// Working-time rules of the rota (docs/roster-format.md).
    pub rules: RotaRulesDto,
    /// Prices and budget frame.
    pub costs: Costs,
    /// Continuity of care: distinct carers per client over the planned days before it costs.
    pub max_carers_per_client: usize,
    /// Paid break of a carer's day, minutes (AML § 10-9).
    pub break_minutes: u32,
    /// Minutes added at every stop (parking, getting to the door).
    pub stop_overhead_minutes: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            start_weekday: "mon".into(),
            shifts: vec![
                ShiftSpec {
                    id: "D".into(),
                    start: "07:30".into(),
                    end: "15:00".into(),
                    break_minutes: 30,
                },
                ShiftSpec {
                    id: "A".into(),
                    start: "15:00".into(),
                    end: "22:00".into(),
                    break_minutes: 30,
                },
            ],
            rules: RotaRulesDto::default(),
            costs: Costs::default(),
            max_carers_per_client: 4,
            break_minutes: 30,
            stop_overhead_minutes: 2,
        }
    }
}

/// A whole scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// Name (the directory or the JSON `name`).
    pub name: String,
    /// Clients with their visits.
    pub clients: Vec<Client>,
    /// Staff.
    pub staff: Vec<Staff>,
    /// Teams.
    pub teams: Vec<Team>,
    /// Settings.
    pub settings: Settings,
}

impl Scenario {
    /// Index of team `id`.
    pub fn team_index(&self, id: &str) -> Option<usize> {
        self.teams.iter().position(|t| t.id == id)
    }

    /// Number of visits (two-carer visits count once) over `days` days from the start weekday.
    pub fn visits_in(&self, days: usize) -> usize {
        let start = weekday_index(&self.settings.start_weekday).unwrap_or(0);
        (0..days)
            .map(|d| {
                let wd = (start + d) % 7;
                self.clients
                    .iter()
                    .map(|c| c.visits_on(wd).count())
                    .sum::<usize>()
            })
            .sum()
    }
}

/// 0 for `mon` … 6 for `sun`.
pub fn weekday_index(s: &str) -> Option<usize> {
    let s = s.trim().to_ascii_lowercase();
    WEEKDAYS.iter().position(|w| s.starts_with(w))
}

/// Parses a weekday list: `daily`, `weekdays`, `weekend`, or names separated by `;`, `,` or
/// spaces (`mon;wed;fri`). Sorted, no duplicates.
pub fn parse_days(s: &str) -> Option<Vec<u8>> {
    let t = s.trim().to_ascii_lowercase();
    let mut days: Vec<u8> = match t.as_str() {
        "daily" | "all" => (0..7).collect(),
        "weekdays" => (0..5).collect(),
        "weekend" => vec![5, 6],
        _ => {
            let mut v = Vec::new();
            for part in t.split([';', ',', ' ']).filter(|p| !p.is_empty()) {
                let i = WEEKDAYS.iter().position(|w| *w == part)?;
                v.push(i as u8);
            }
            v
        }
    };
    days.sort_unstable();
    days.dedup();
    (!days.is_empty()).then_some(days)
}

/// Writes a weekday list the way [`parse_days`] reads it.
pub fn format_days(days: &[u8]) -> String {
    match days {
        [0, 1, 2, 3, 4, 5, 6] => "daily".into(),
        [0, 1, 2, 3, 4] => "weekdays".into(),
        [5, 6] => "weekend".into(),
        _ => days
            .iter()
            .filter_map(|&d| WEEKDAYS.get(usize::from(d)).copied())
            .collect::<Vec<_>>()
            .join(";"),
    }
}

/// Minutes after midnight of "HH:MM" (00:00–24:00).
pub fn parse_clock(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    let h: u32 = h.trim().parse().ok()?;
    let m: u32 = m.trim().parse().ok()?;
    (h < 24 && m < 60 || h == 24 && m == 0).then(|| h * 60 + m)
}

/// "HH:MM" of minutes after midnight.
pub fn format_clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}
