//! What a planning run produces ([`PlanOutput`]): the team assignment, each team's rota and
//! daily routes (with road geometry), and the key figures. Serialised as `plan.json`; every
//! other output file (`routes.csv`, `rosters.csv`, `kpis.json`, `routes.geojson`,
//! `report.html`) is derived from it alone.
//!
//! Times are seconds after midnight of the plan day; durations are minutes where the field
//! name says so.

use serde::Serialize;

use crate::plan::Evaluation;

/// The result of [`super::plan`].
#[derive(Clone, Debug, Serialize)]
pub struct PlanOutput {
    /// Scenario name.
    pub scenario: String,
    /// `trust` or `purchaser_provider` (see [`super::CareModel`]).
    pub model: String,
    /// Seed of the run.
    pub seed: u64,
    /// `complete`, or `cancelled` when the run was cancelled ([`super::PlanParams::cancel`],
    /// Ctrl-C): the best plan found so far, every phase cut short (the rota and day statuses
    /// say which were).
    pub status: String,
    /// Days planned.
    pub days: usize,
    /// Weekday of each planned day (`mon` …).
    pub weekdays: Vec<String>,
    /// Team assignment of the clients.
    pub assignment: AssignmentOut,
    /// Per team.
    pub teams: Vec<TeamOut>,
    /// Key figures.
    pub kpis: Kpis,
    /// Road geometry bounding box `[min_lon, min_lat, max_lon, max_lat]` of everything planned.
    pub bbox: [f64; 4],
    /// Wall-clock seconds per phase (`graph`, `matrix`, `assign`, `roster`, `route`, `total`).
    pub seconds: std::collections::BTreeMap<String, f64>,
}

/// How clients were assigned to teams.
#[derive(Clone, Debug, Serialize)]
pub struct AssignmentOut {
    /// `optimal`, `time_limit`, `current` (kept as given), `central` (no teams) ….
    pub status: String,
    /// Relative MIP gap when known.
    pub gap: Option<f64>,
    /// Clients whose team changed from the scenario's current team.
    pub moves: usize,
    /// Client id → team id.
    pub clients: std::collections::BTreeMap<String, String>,
}

/// One team's plan.
#[derive(Clone, Debug, Serialize)]
pub struct TeamOut {
    /// Team id.
    pub id: String,
    /// Base `[lon, lat]`.
    pub base: [f64; 2],
    /// Client ids served.
    pub clients: Vec<String>,
    /// Staff ids (the team's own staff; temps are not listed here).
    pub staff: Vec<String>,
    /// The rota.
    pub roster: RosterOut,
    /// One entry per planned day.
    pub days: Vec<DayOut>,
}

/// A team's rota over the planned days.
#[derive(Clone, Debug, Serialize)]
pub struct RosterOut {
    /// Solver status (`optimal`, `time_limit`, …).
    pub status: String,
    /// Objective of the rota over its whole horizon.
    pub objective: Option<f64>,
    /// Proven lower bound.
    pub bound: Option<f64>,
    /// Weeks in the rota's horizon (the planned days repeat it when longer).
    pub weeks: usize,
    /// Staff id → shift id (or `""` = off) per planned day.
    pub shifts: std::collections::BTreeMap<String, Vec<String>>,
    /// Temps added per planned day (carers the rota could not staff), by shift id.
    pub temps: Vec<std::collections::BTreeMap<String, usize>>,
    /// Full-time share of the team's staff who work.
    pub full_time_share: f64,
    /// Temp carer-hours of the rota over the planned days.
    pub temp_hours: f64,
    /// Weekends worked per person over the rota horizon (staff id → count).
    pub weekends_worked: std::collections::BTreeMap<String, usize>,
}

/// One team-day.
#[derive(Clone, Debug, Serialize)]
pub struct DayOut {
    /// Day index (0 = first planned day).
    pub day: usize,
    /// Weekday name.
    pub weekday: String,
    /// Planner status (`time_limit`, `iteration_limit`, `no_visits`, `no_carers`, `cancelled`).
    pub status: String,
    /// Routes of the carers who go out (and of rostered carers with no visit, empty).
    pub routes: Vec<RouteOut>,
    /// Visits left unplanned, with the reason.
    pub unassigned: Vec<UnassignedOut>,
    /// The independent checker's evaluation of the day's plan (ticks = seconds).
    pub evaluation: Evaluation,
    /// Whether the checker found the plan feasible (always true for written plans).
    pub feasible: bool,
}

/// One carer's day.
#[derive(Clone, Debug, Serialize)]
pub struct RouteOut {
    /// Staff id, or `temp-<team>-<shift>-<n>` for a temp.
    pub carer: String,
    /// Whether the carer is a temp (vikar).
    pub temp: bool,
    /// Shift id.
    pub shift: String,
    /// Shift start and end, seconds after midnight.
    pub shift_start: i64,
    /// See `shift_start`.
    pub shift_end: i64,
    /// Travel profile (`car`, `bike`, `foot`).
    pub profile: String,
    /// Competence level name.
    pub level: String,
    /// Leaves the base, seconds.
    pub depart: i64,
    /// Back at the base, seconds.
    pub arrive: i64,
    /// Stops in order.
    pub stops: Vec<StopOut>,
    /// Breaks `[start, end]`, seconds.
    pub breaks: Vec<[i64; 2]>,
    /// Road geometry of the whole route (base → stops → base), `[lon, lat]` points.
    pub path: Vec<[f64; 2]>,
}

/// One visit on a route.
#[derive(Clone, Debug, Serialize)]
pub struct StopOut {
    /// Visit id of the day (`<client>/<visit>/d<day>`, `#2` appended for the second carer).
    pub visit: String,
    /// Client id.
    pub client: String,
    /// The client's level of need.
    pub need: String,
    /// `[lon, lat]` of the client.
    pub location: [f64; 2],
    /// Arrival (after travel and stop overhead), seconds.
    pub arrival: i64,
    /// Service start, seconds.
    pub start: i64,
    /// Service end, seconds.
    pub end: i64,
    /// Window for the start, seconds.
    pub window: [i64; 2],
    /// Allotted (vedtak) minutes.
    pub allotted_minutes: f64,
    /// Travel seconds from the previous stop (or the base).
    pub travel_s: i64,
    /// Metres from the previous stop (or the base).
    pub distance_m: f64,
    /// Whether a second carer is there at the same time.
    pub two_carer: bool,
}

/// A visit no route serves.
#[derive(Clone, Debug, Serialize)]
pub struct UnassignedOut {
    /// Visit id.
    pub visit: String,
    /// Client id.
    pub client: String,
    /// Reason code.
    pub reason: String,
    /// Explanation.
    pub detail: String,
}

/// Key figures of a run: totals, per team, and equity by need level.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Kpis {
    /// All teams and days together.
    pub total: KpiRow,
    /// Per team (same order as [`PlanOutput::teams`]).
    pub teams: Vec<KpiRow>,
    /// Face-to-face minutes per allotted hour, by team and need level.
    pub equity: Vec<EquityRow>,
    /// Cost against the budget frame.
    pub budget: Budget,
}

/// Key figures of one team (or of all, `team = "all"`).
#[derive(Clone, Debug, Default, Serialize)]
pub struct KpiRow {
    /// Team id or `all`.
    pub team: String,
    /// Clients served.
    pub clients: usize,
    /// Visits planned / in total over the days (a two-carer visit counts once).
    pub visits_planned: usize,
    /// See `visits_planned`.
    pub visits_total: usize,
    /// Paid hours of carers on routes (shift length of everyone rostered or hired).
    pub paid_hours: f64,
    /// Face-to-face hours (with clients).
    pub face_to_face_hours: f64,
    /// Travel hours.
    pub travel_hours: f64,
    /// Waiting hours (idle between visits).
    pub waiting_hours: f64,
    /// Face-to-face ÷ paid time (ATA share).
    pub ata_share: f64,
    /// Travel ÷ paid time.
    pub travel_share: f64,
    /// Kilometres driven, cycled or walked.
    pub distance_km: f64,
    /// Mean distinct carers per client over the planned days.
    pub carers_per_client: f64,
    /// Largest number of distinct carers a client saw.
    pub max_carers_per_client: usize,
    /// Share of the team's working staff on 100 % contracts.
    pub full_time_share: f64,
    /// Temp hours (carers hired for shifts the rota could not staff).
    pub temp_hours: f64,
    /// Overtime hours.
    pub overtime_hours: f64,
    /// Lateness minutes in total.
    pub late_minutes: f64,
    /// Cost of the planned days (staff + temps + overtime).
    pub cost: f64,
}

/// Face-to-face minutes per allotted hour for one team and need level.
#[derive(Clone, Debug, Serialize)]
pub struct EquityRow {
    /// Team id or `all`.
    pub team: String,
    /// Need level.
    pub need: String,
    /// Clients.
    pub clients: usize,
    /// Allotted (vedtak) hours of their planned days.
    pub allotted_hours: f64,
    /// Face-to-face minutes delivered.
    pub face_to_face_minutes: f64,
    /// `face_to_face_minutes / allotted_hours` (60 = exactly the allotted time).
    pub minutes_per_allotted_hour: f64,
}

/// Cost against the budget frame.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Budget {
    /// Own staff hours × rate.
    pub staff_cost: f64,
    /// Temp hours × rate.
    pub temp_cost: f64,
    /// Overtime hours × rate.
    pub overtime_cost: f64,
    /// Sum.
    pub total: f64,
    /// Budget frame over the planned days (`None` if the scenario gives none).
    pub frame: Option<f64>,
    /// `frame − total` (positive = within budget).
    pub margin: Option<f64>,
    /// Rates used.
    pub staff_per_hour: f64,
    /// See `staff_per_hour`.
    pub temp_per_hour: f64,
    /// See `staff_per_hour`.
    pub overtime_per_hour: f64,
}
