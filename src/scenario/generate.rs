//! A synthetic but realistic client book: clients living in the homes of an OpenStreetMap
//! extract ([`crate::osm::read_places`]), with visit patterns, teams and staff sized after
//! Norwegian home-care figures. `docs/generate.md` gives every figure and its source.
//!
//! Steps (all driven by one `ChaCha8Rng` seeded with [`GenerateParams::seed`], so the same
//! places, parameters and seed give the same scenario):
//! 1. each client gets a home (a random place; blocks of flats weighted by their levels) and a
//!    level of need ([`GenerateParams::need_mix`]);
//! 2. a visit pattern for the need: morning care, medication rounds, meals, evening care,
//!    showers, wound care; short fixed visits (medication) keep their minutes, the care visits
//!    are scaled so that the client's weekly minutes hit a target drawn for the need;
//! 3. teams: one per [`GenerateParams::visits_per_team_day`] visits a day, bases from a few
//!    k-means iterations on the clients, snapped to the nearest place; each client's current
//!    team is the nearest base, except a share ([`GenerateParams::moved_share`]) given to the
//!    second-nearest (so a team assignment has moves to suggest);
//! 4. staff per team from its weekly load, with a level mix, contract sizes and profiles;
//! 5. settings: the defaults plus a daily budget frame.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::osm::{LatLon, Place, PlaceKind, Profile};

use super::{Client, Costs, Level, Need, Scenario, Settings, Staff, Team, VisitSpec};

/// Contracted hours of a full-time carer per week (35.5 h: the usual *turnus* week).
pub const FULL_TIME_HOURS: f64 = 35.5;
/// Share of paid time spent face to face with clients (the rest is travel, reporting,
/// meetings, breaks).
pub const FACE_TO_FACE: f64 = 0.55;
/// Staffing margin on top of the face-to-face need (absence, holidays, training).
pub const STAFF_MARGIN: f64 = 1.15;

/// Parameters of [`generate`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GenerateParams {
    /// Number of clients (at least 1). About 2 visits a day each: 2,500 clients ≈ 5,000 visits.
    pub clients: usize,
    /// Seed of the random stream; same seed, places and parameters ⇒ same scenario.
    pub seed: u64,
    /// Scenario name.
    pub name: String,
    /// Shares of low, medium and extensive need (normalised; default 45 / 40 / 15 %).
    /// More extensive need means more and longer visits, more two-carer visits, more staff.
    pub need_mix: [f64; 3],
    /// Visits a day per team (default 125: about 40 teams for 5,000 visits). Smaller values
    /// give more, smaller teams (more bases, shorter trips, a harder assignment problem).
    pub visits_per_team_day: f64,
    /// Share of clients whose current team is the second-nearest base (default 0.10). Higher
    /// values give the team assignment more moves to suggest.
    pub moved_share: f64,
}

impl Default for GenerateParams {
    fn default() -> Self {
        GenerateParams {
            clients: 200,
            seed: 0,
            name: "generated".into(),
            need_mix: [0.45, 0.40, 0.15],
            visits_per_team_day: 125.0,
            moved_share: 0.10,
        }
    }
}

fn param(name: &str, msg: impl Into<String>) -> Error {
    Error::Param {
        name: name.into(),
        msg: msg.into(),
    }
}

impl GenerateParams {
    fn check(&self) -> Result<()> {
        if self.clients == 0 || self.clients > MAX_CLIENTS {
            return Err(param(
                "clients",
                format!(
                    "{} is out of range: a client book has 1 to {MAX_CLIENTS} clients",
                    self.clients
                ),
            ));
        }
        if self.need_mix.iter().any(|s| !(s.is_finite() && *s >= 0.0))
            || self.need_mix.iter().sum::<f64>() <= 0.0
        {
            return Err(param(
                "need_mix",
                "shares must be non-negative with a positive sum",
            ));
        }
        if !(self.visits_per_team_day.is_finite() && self.visits_per_team_day > 0.0) {
            return Err(param("visits_per_team_day", "must be positive"));
        }
        if !(0.0..=1.0).contains(&self.moved_share) {
            return Err(param("moved_share", "must be in [0, 1]"));
        }
        Ok(())
    }
}

/// Most clients a generated client book may have. Norway as a whole had 175,353 users of
/// health services at home on 31.12.2023 (SSB, "Sjukeheimar, heimetenester og andre
/// omsorgstenester", 17 June 2024; ../shared/NORWAY.md), so 1,000,000 is well above any real
/// municipality (an assumed bound that keeps a run's memory in reach, not a measured limit).
pub const MAX_CLIENTS: usize = 1_000_000;

/// Generates a scenario with `params.clients` clients living at `places`.
///
/// # Errors
/// [`Error::Param`] when `places` is empty or a parameter is out of range.
pub fn generate(places: &[Place], params: &GenerateParams) -> Result<Scenario> {
    params.check()?;
    if places.is_empty() {
        return Err(param(
            "places",
            "the extract has no residential building or address point",
        ));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(params.seed);
    let proj = Projection::new(places);

    // 1–2. Clients and their visits.
    let cumulative: Vec<f64> = places
        .iter()
        .scan(0.0, |acc, p| {
            *acc += place_weight(p);
            Some(*acc)
        })
        .collect();
    let total_weight = cumulative.last().copied().unwrap_or(0.0);
    let width = params.clients.to_string().len().max(4);
    let mut clients = Vec::with_capacity(params.clients);
    for i in 0..params.clients {
        let r = rng.random_range(0.0..total_weight);
        let k = cumulative
            .partition_point(|&c| c <= r)
            .min(places.len() - 1);
        let location = places
            .get(k)
            .map_or(LatLon { lat: 0.0, lon: 0.0 }, |p| p.location);
        let need = pick_need(&mut rng, &params.need_mix);
        let visits = visit_pattern(need, &mut rng);
        clients.push(Client {
            id: format!("c{:0width$}", i + 1),
            location: round6(location),
            need,
            team: None,
            preferred: Vec::new(),
            forbidden: Vec::new(),
            visits,
        });
    }

    // 3. Teams.
    let visits_per_day: usize = (0..7u8)
        .map(|d| {
            clients
                .iter()
                .flat_map(|c| &c.visits)
                .filter(|v| v.days.contains(&d))
                .count()
        })
        .sum::<usize>()
        / 7;
    let k = ((visits_per_day as f64 / params.visits_per_team_day).round() as usize)
        .clamp(1, params.clients);
    let points: Vec<(f64, f64)> = clients.iter().map(|c| proj.xy(c.location)).collect();
    let centres = kmeans(&points, k, &mut rng);
    let bases: Vec<LatLon> = centres
        .iter()
        .map(|&c| {
            places
                .iter()
                .map(|p| p.location)
                .min_by(|a, b| dist2(proj.xy(*a), c).total_cmp(&dist2(proj.xy(*b), c)))
                .map_or(LatLon { lat: 0.0, lon: 0.0 }, round6)
        })
        .collect();
    let base_xy: Vec<(f64, f64)> = bases.iter().map(|b| proj.xy(*b)).collect();
    let teams: Vec<Team> = bases
        .iter()
        .enumerate()
        .map(|(t, &base)| Team {
            id: format!("T{:02}", t + 1),
            base,
        })
        .collect();
    let mut team_of = Vec::with_capacity(clients.len());
    let mut dist_sum = 0.0;
    for (c, &p) in clients.iter_mut().zip(&points) {
        let mut order: Vec<usize> = (0..base_xy.len()).collect();
        order.sort_by(|&a, &b| {
            let da = base_xy.get(a).map_or(f64::MAX, |&q| dist2(p, q));
            let db = base_xy.get(b).map_or(f64::MAX, |&q| dist2(p, q));
            da.total_cmp(&db).then(a.cmp(&b))
        });
        let nearest = order.first().copied().unwrap_or(0);
        let moved = rng.random::<f64>() < params.moved_share;
        let t = match order.get(1) {
            Some(&second) if moved => second,
            _ => nearest,
        };
        dist_sum += base_xy.get(nearest).map_or(0.0, |&q| dist2(p, q).sqrt());
        c.team = teams.get(t).map(|tm| tm.id.clone());
        team_of.push(t);
    }
    // Dense extract: clients within 1.5 km of their base on average; some staff cycle.
    let dense = dist_sum / clients.len() as f64 <= 1500.0;

    // 4. Staff.
    let mut load = vec![0u64; teams.len()];
    for (c, &t) in clients.iter().zip(&team_of) {
        if let Some(l) = load.get_mut(t) {
            *l += c.weekly_minutes();
        }
    }
    let mut staff = Vec::new();
    let mut staff_of_team: Vec<Vec<String>> = vec![Vec::new(); teams.len()];
    for (t, team) in teams.iter().enumerate() {
        let hours = load.get(t).copied().unwrap_or(0) as f64 / 60.0;
        let fte = hours / (FULL_TIME_HOURS * FACE_TO_FACE) * STAFF_MARGIN;
        let mut contracts = Vec::new();
        let mut sum = 0.0;
        while sum < fte || contracts.len() < 2 {
            let u = rng.random::<f64>();
            let pct = if u < 0.70 {
                100.0
            } else if u < 0.85 {
                80.0
            } else {
                75.0
            };
            sum += pct / 100.0;
            contracts.push(pct);
        }
        let n = contracts.len();
        let nurses = ((0.3 * n as f64).round() as usize).max(1);
        let assistants = ((0.2 * n as f64).round() as usize).min(n - nurses);
        for (i, pct) in contracts.into_iter().enumerate() {
            let level = if i < nurses {
                Level::Nurse
            } else if i < n - assistants {
                Level::HealthWorker
            } else {
                Level::Assistant
            };
            let profile = if dense && rng.random::<f64>() < 0.15 {
                Profile::Bike
            } else {
                Profile::Car
            };
            let id = format!("{}-{:02}", team.id, i + 1);
            if let Some(list) = staff_of_team.get_mut(t) {
                list.push(id.clone());
            }
            staff.push(Staff {
                id,
                team: team.id.clone(),
                level,
                contract_percent: pct,
                profile,
                skills: if level == Level::Nurse {
                    vec!["medication".into()]
                } else {
                    Vec::new()
                },
            });
        }
    }
    // Preferences (5 %) and a refusal (2 %) among the current team's staff.
    for (c, &t) in clients.iter_mut().zip(&team_of) {
        let Some(members) = staff_of_team.get(t).filter(|m| !m.is_empty()) else {
            continue;
        };
        if rng.random::<f64>() < 0.05
            && let Some(s) = members.get(rng.random_range(0..members.len()))
        {
            c.preferred.push(s.clone());
        }
        if rng.random::<f64>() < 0.02
            && let Some(s) = members.get(rng.random_range(0..members.len()))
            && !c.preferred.contains(s)
        {
            c.forbidden.push(s.clone());
        }
    }

    // 5. Settings: the budget frame is what the positions cost: their contract hours a week
    // / 7 × the hourly cost of own staff (temps and overtime come on top).
    let defaults = Costs::default();
    let position_hours: f64 = staff
        .iter()
        .map(|p| p.contract_percent / 100.0 * FULL_TIME_HOURS)
        .sum();
    let budget = (position_hours / 7.0 * defaults.staff_per_hour).round();
    let settings = Settings {
        costs: Costs {
            budget_per_day: Some(budget),
            ..defaults
        },
        ..Settings::default()
    };
    Ok(Scenario {
        name: params.name.clone(),
        clients,
        staff,
        teams,
        settings,
    })
}

/// Relative chance that a client lives at `p`: a block of flats counts two homes per level
/// (4 levels when untagged), a residential building one per level (3 when untagged), a house
/// or an address one.
fn place_weight(p: &Place) -> f64 {
    let levels = |default: u8| f64::from(p.levels.unwrap_or(default).min(30));
    match p.kind {
        PlaceKind::Apartments => 2.0 * levels(4),
        PlaceKind::Residential => levels(3),
        PlaceKind::House | PlaceKind::Address | PlaceKind::Building => 1.0,
    }
}

/// Rounds to 6 decimals (what `write_scenario` writes), so that a scenario round-trips.
fn round6(p: LatLon) -> LatLon {
    LatLon {
        lat: (p.lat * 1e6).round() / 1e6,
        lon: (p.lon * 1e6).round() / 1e6,
    }
}

fn pick_need(rng: &mut ChaCha8Rng, mix: &[f64; 3]) -> Need {
    let [low, medium, extensive] = *mix;
    let u = rng.random::<f64>() * (low + medium + extensive);
    if u < low {
        Need::Low
    } else if u < low + medium {
        Need::Medium
    } else {
        Need::Extensive
    }
}

// ---------------------------------------------------------------------------------------------
// Visit patterns

const DAILY: [u8; 7] = [0, 1, 2, 3, 4, 5, 6];
const WEEKDAYS: [u8; 5] = [0, 1, 2, 3, 4];
/// End of the evening shift (22:00): every visit ends by then.
const DAY_END: u32 = 22 * 60;

/// Clock minutes.
const fn hm(h: u32, m: u32) -> u32 {
    h * 60 + m
}

/// A visit before its minutes are scaled to the weekly target.
struct Draft {
    id: &'static str,
    days: Vec<u8>,
    earliest: u32,
    latest: u32,
    minutes: f64,
    /// Fixed minutes (medication, wound care) are not scaled.
    fixed: bool,
    carers: u8,
    level: Level,
    medication: bool,
}

/// A start window: earliest on a 15-minute step in `from..=to`, `width` minutes wide.
fn window(rng: &mut ChaCha8Rng, from: u32, to: u32, widths: &[u32]) -> (u32, u32) {
    let steps = (to.saturating_sub(from)) / 15;
    let earliest = from + 15 * rng.random_range(0..=steps);
    let width = widths
        .get(rng.random_range(0..widths.len().max(1)))
        .copied()
        .unwrap_or(60);
    (earliest, earliest + width)
}

/// `k` distinct weekdays Monday–Friday, sorted.
fn some_weekdays(rng: &mut ChaCha8Rng, k: usize) -> Vec<u8> {
    let mut days = WEEKDAYS.to_vec();
    for i in 0..days.len() {
        let j = rng.random_range(i..days.len());
        days.swap(i, j);
    }
    days.truncate(k.clamp(1, 5));
    days.sort_unstable();
    days
}

#[derive(Clone, Copy)]
enum Slot {
    Morning,
    MedicationAm,
    Lunch,
    Dinner,
    Evening,
    MedicationPm,
    Daytime,
}

impl Slot {
    fn window(self, rng: &mut ChaCha8Rng) -> (u32, u32) {
        match self {
            Slot::Morning => window(rng, hm(7, 30), hm(8, 30), &[60, 90]),
            Slot::MedicationAm => window(rng, hm(7, 30), hm(8, 30), &[60]),
            Slot::Lunch => window(rng, hm(11, 30), hm(12, 30), &[60]),
            Slot::Dinner => window(rng, hm(15, 30), hm(16, 30), &[60]),
            Slot::Evening => window(rng, hm(19, 30), hm(20, 0), &[60, 90]),
            Slot::MedicationPm => window(rng, hm(19, 30), hm(20, 0), &[60]),
            Slot::Daytime => window(rng, hm(10, 0), hm(12, 0), &[120]),
        }
    }
}

struct Pattern<'r> {
    rng: &'r mut ChaCha8Rng,
    drafts: Vec<Draft>,
}

impl Pattern<'_> {
    /// A care visit (minutes scaled to the weekly target).
    fn care(&mut self, id: &'static str, slot: Slot, days: Vec<u8>, minutes: f64, level: Level) {
        let (earliest, latest) = slot.window(self.rng);
        self.drafts.push(Draft {
            id,
            days,
            earliest,
            latest,
            minutes,
            fixed: false,
            carers: 1,
            level,
            medication: false,
        });
    }

    /// A medication round: a nurse, 5–10 minutes, not scaled.
    fn medication(&mut self, id: &'static str, slot: Slot, days: Vec<u8>) {
        self.fixed(id, slot, days, (5, 10), Level::Nurse, true);
    }

    /// A short help visit (a meal, help to bed, stockings): 11–13 minutes, not scaled.
    fn short(&mut self, id: &'static str, slot: Slot, days: Vec<u8>, level: Level) {
        self.fixed(id, slot, days, (11, 13), level, false);
    }

    /// A one-carer visit of a fixed length drawn from `minutes` (inclusive), not scaled.
    fn fixed(
        &mut self,
        id: &'static str,
        slot: Slot,
        days: Vec<u8>,
        minutes: (u32, u32),
        level: Level,
        medication: bool,
    ) {
        let (earliest, latest) = slot.window(self.rng);
        let minutes = f64::from(self.rng.random_range(minutes.0..=minutes.1));
        self.drafts.push(Draft {
            id,
            days,
            earliest,
            latest,
            minutes,
            fixed: true,
            carers: 1,
            level,
            medication,
        });
    }

    /// Wound care or a weekly pill-organiser fill: a nurse, fixed minutes.
    fn nurse_task(&mut self, id: &'static str, days: Vec<u8>, minutes: u32, medication: bool) {
        let (earliest, latest) = Slot::Daytime.window(self.rng);
        self.drafts.push(Draft {
            id,
            days,
            earliest,
            latest,
            minutes: f64::from(minutes),
            fixed: true,
            carers: 1,
            level: Level::Nurse,
            medication,
        });
    }

    /// Makes the last visit a two-carer visit with probability `p`.
    fn two_carers(&mut self, p: f64) {
        let two = self.rng.random::<f64>() < p;
        if two && let Some(d) = self.drafts.last_mut() {
            d.carers = 2;
            d.level = d.level.max(Level::HealthWorker);
        }
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random::<f64>() < p
    }
}

/// Weekly carer-minute targets per need: low ≈ 1.5 h, medium 5–8 h, extensive ≈ 30 h.
fn weekly_target(need: Need, rng: &mut ChaCha8Rng) -> f64 {
    match need {
        Need::Low => rng.random_range(70.0..110.0),
        Need::Medium => rng.random_range(300.0..480.0),
        Need::Extensive => rng.random_range(1560.0..2040.0),
    }
}

fn visit_pattern(need: Need, rng: &mut ChaCha8Rng) -> Vec<VisitSpec> {
    let target = weekly_target(need, rng);
    let mut p = Pattern {
        rng,
        drafts: Vec::new(),
    };
    match need {
        Need::Low => {
            let u = p.rng.random::<f64>();
            if u < 0.43 {
                p.medication("medication-am", Slot::MedicationAm, DAILY.to_vec());
                let days = some_weekdays(p.rng, 1);
                p.care("shower", Slot::Daytime, days, 30.0, Level::Assistant);
            } else if u < 0.65 {
                p.short(
                    "morning",
                    Slot::Morning,
                    WEEKDAYS.to_vec(),
                    Level::Assistant,
                );
                let days = some_weekdays(p.rng, 1);
                p.care("shower", Slot::Daytime, days, 30.0, Level::Assistant);
            } else if u < 0.80 {
                p.medication("medication-am", Slot::MedicationAm, DAILY.to_vec());
                p.medication("medication-pm", Slot::MedicationPm, DAILY.to_vec());
            } else {
                let days = some_weekdays(p.rng, 2);
                p.care("shower", Slot::Daytime, days, 35.0, Level::Assistant);
                let days = some_weekdays(p.rng, 1);
                p.nurse_task("medication-week", days, 20, true);
            }
        }
        Need::Medium => {
            p.care(
                "morning",
                Slot::Morning,
                DAILY.to_vec(),
                30.0,
                Level::HealthWorker,
            );
            p.two_carers(0.05);
            if p.chance(0.45) {
                p.medication("medication-am", Slot::MedicationAm, DAILY.to_vec());
            }
            let meal = p.rng.random::<f64>();
            if meal < 0.07 {
                p.short("lunch", Slot::Lunch, DAILY.to_vec(), Level::Assistant);
            } else if meal < 0.17 {
                p.short("dinner", Slot::Dinner, DAILY.to_vec(), Level::Assistant);
            }
            if p.chance(0.4) {
                p.short(
                    "evening",
                    Slot::Evening,
                    DAILY.to_vec(),
                    Level::HealthWorker,
                );
            } else if p.chance(0.15) {
                p.medication("medication-pm", Slot::MedicationPm, DAILY.to_vec());
            }
            if p.chance(0.3) {
                let k = p.rng.random_range(1..=2);
                let days = some_weekdays(p.rng, k);
                p.care("shower", Slot::Daytime, days, 40.0, Level::HealthWorker);
            }
            if p.chance(0.10) {
                let days = some_weekdays(p.rng, 2);
                p.nurse_task("wound", days, 20, false);
            }
        }
        Need::Extensive => {
            p.care(
                "morning",
                Slot::Morning,
                DAILY.to_vec(),
                45.0,
                Level::HealthWorker,
            );
            p.two_carers(0.85);
            p.medication("medication-am", Slot::MedicationAm, DAILY.to_vec());
            if p.chance(0.2) {
                p.short("lunch", Slot::Lunch, DAILY.to_vec(), Level::Assistant);
            }
            p.short("dinner", Slot::Dinner, DAILY.to_vec(), Level::Assistant);
            p.care(
                "evening",
                Slot::Evening,
                DAILY.to_vec(),
                30.0,
                Level::HealthWorker,
            );
            p.two_carers(0.70);
            if p.chance(0.2) {
                p.medication("medication-pm", Slot::MedicationPm, DAILY.to_vec());
            }
            if p.chance(0.5) {
                let days = some_weekdays(p.rng, 2);
                p.care("shower", Slot::Daytime, days, 45.0, Level::HealthWorker);
                p.two_carers(0.3);
            }
        }
    }
    finish(p.drafts, target, p.rng)
}

/// Scales the care visits to the weekly target, adds the elastic band and fits the windows
/// into the day.
fn finish(drafts: Vec<Draft>, target: f64, rng: &mut ChaCha8Rng) -> Vec<VisitSpec> {
    let week = |d: &Draft| d.minutes * d.days.len() as f64 * f64::from(d.carers);
    let fixed: f64 = drafts.iter().filter(|d| d.fixed).map(week).sum();
    let flexible: f64 = drafts.iter().filter(|d| !d.fixed).map(week).sum();
    let factor = if flexible > 0.0 {
        ((target - fixed) / flexible).clamp(0.5, 2.5)
    } else {
        1.0
    };
    drafts
        .into_iter()
        .map(|d| {
            let minutes = if d.fixed {
                d.minutes
            } else {
                (d.minutes * factor).clamp(5.0, 150.0)
            };
            let duration = (minutes.round() as u32).max(1);
            let stretch = rng.random_range(1.3..=1.5);
            let max_duration = ((f64::from(duration) * stretch).round() as u32)
                .max(duration + 1)
                .min(600);
            // The visit must be able to end (at its longest) by the end of the evening shift.
            let latest = d.latest.min(DAY_END.saturating_sub(max_duration));
            let earliest = d.earliest.min(latest.saturating_sub(30));
            VisitSpec {
                id: d.id.into(),
                days: d.days,
                earliest,
                latest,
                duration,
                max_duration,
                skills: if d.medication {
                    vec!["medication".into()]
                } else {
                    Vec::new()
                },
                carers: d.carers,
                level: d.level,
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Geometry and k-means

/// Local equirectangular projection to metres (for clustering and nearest-base choices only).
struct Projection {
    cos_lat: f64,
}

const M_PER_DEG: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;

impl Projection {
    fn new(places: &[Place]) -> Projection {
        let lat0 = places.iter().map(|p| p.location.lat).sum::<f64>() / places.len().max(1) as f64;
        Projection {
            cos_lat: lat0.to_radians().cos().max(0.01),
        }
    }

    fn xy(&self, p: LatLon) -> (f64, f64) {
        (p.lon * M_PER_DEG * self.cos_lat, p.lat * M_PER_DEG)
    }
}

fn dist2(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)
}

/// Index of the centre nearest to `p` (lowest index on ties).
fn nearest(p: (f64, f64), centres: &[(f64, f64)]) -> usize {
    centres
        .iter()
        .enumerate()
        .min_by(|a, b| {
            dist2(p, *a.1)
                .total_cmp(&dist2(p, *b.1))
                .then(a.0.cmp(&b.0))
        })
        .map_or(0, |(i, _)| i)
}

/// `k` centres: k-means++ seeding, then ten Lloyd iterations (an emptied cluster takes the
/// point farthest from its centre).
fn kmeans(points: &[(f64, f64)], k: usize, rng: &mut ChaCha8Rng) -> Vec<(f64, f64)> {
    let Some(&first) = points.get(rng.random_range(0..points.len().max(1))) else {
        return Vec::new();
    };
    let mut centres = vec![first];
    let mut d2: Vec<f64> = points.iter().map(|&p| dist2(p, first)).collect();
    while centres.len() < k {
        let total: f64 = d2.iter().sum();
        let next = if total > 0.0 {
            let mut r = rng.random_range(0.0..total);
            let mut pick = points.len() - 1;
            for (i, &d) in d2.iter().enumerate() {
                if r < d {
                    pick = i;
                    break;
                }
                r -= d;
            }
            pick
        } else {
            rng.random_range(0..points.len())
        };
        let c = points.get(next).copied().unwrap_or(first);
        centres.push(c);
        for (d, &p) in d2.iter_mut().zip(points) {
            *d = d.min(dist2(p, c));
        }
    }
    for _ in 0..10 {
        let mut sum = vec![(0.0, 0.0, 0usize); k];
        let labels: Vec<usize> = points.iter().map(|&p| nearest(p, &centres)).collect();
        for (&p, &l) in points.iter().zip(&labels) {
            if let Some(s) = sum.get_mut(l) {
                s.0 += p.0;
                s.1 += p.1;
                s.2 += 1;
            }
        }
        for (c, s) in centres.iter_mut().zip(&sum) {
            if s.2 > 0 {
                *c = (s.0 / s.2 as f64, s.1 / s.2 as f64);
            }
        }
        // Re-seed empty clusters at the point farthest from its centre.
        for i in 0..k {
            if sum.get(i).is_some_and(|s| s.2 == 0) {
                let far = points
                    .iter()
                    .zip(&labels)
                    .map(|(&p, &l)| centres.get(l).map_or(0.0, |&c| dist2(p, c)))
                    .enumerate()
                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                    .map_or(0, |(j, _)| j);
                if let (Some(&p), Some(c)) = (points.get(far), centres.get_mut(i)) {
                    *c = p;
                }
            }
        }
    }
    centres
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kmeans_separates_two_clumps() {
        let mut pts = Vec::new();
        for i in 0..20 {
            pts.push((f64::from(i), 0.0));
            pts.push((10_000.0 + f64::from(i), 0.0));
        }
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut c = kmeans(&pts, 2, &mut rng);
        c.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert!((c[0].0 - 9.5).abs() < 1e-9 && (c[1].0 - 10_009.5).abs() < 1e-9);
    }

    #[test]
    fn windows_fit_the_day() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for need in [Need::Low, Need::Medium, Need::Extensive] {
            for _ in 0..200 {
                for v in visit_pattern(need, &mut rng) {
                    assert!(v.earliest < v.latest, "{v:?}");
                    assert!(v.latest + v.max_duration <= DAY_END, "{v:?}");
                    assert!(v.max_duration > v.duration && v.duration >= 5, "{v:?}");
                }
            }
        }
    }
}
