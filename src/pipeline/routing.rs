//! One team-day: the routing instance (the day's visits of the team's clients, the carers the
//! rota puts on duty plus temps for its gaps), the care planner, the independent checker, and
//! the day's output with road geometry.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use crate::care::{self, CareParams};
use crate::error::{Error, Result};
use crate::matrix::Snap;
use crate::model::{
    BreakRule, Carer, CarerIdx, Continuity, Instance, InstanceParts, Link, LocIdx, Matrix,
    Objective, SkillSet, TimeWindow, Visit, VisitIdx,
};
use crate::osm::Profile;
use crate::plan;
use crate::route::RunCtx;
use crate::scenario::{Level, Scenario};

use super::output::{DayOut, RouteOut, StopOut, UnassignedOut};
use super::staffing::ShiftTimes;
use super::{CareModel, PlanParams};

/// Travel data of all points (team bases first, then clients) for one profile.
pub(crate) struct ProfileData {
    pub profile: Profile,
    /// Row-major seconds / metres between all points (`n × n`).
    pub seconds: Vec<i64>,
    pub metres: Vec<i64>,
    pub n: usize,
    pub snaps: Vec<Snap>,
}

impl ProfileData {
    fn sub(&self, points: &[usize]) -> Matrix {
        let m = points.len();
        let mut durations = Vec::with_capacity(m * m);
        let mut distances = Vec::with_capacity(m * m);
        for &a in points {
            for &b in points {
                let k = a * self.n + b;
                durations.push(self.seconds.get(k).copied().unwrap_or(0));
                distances.push(self.metres.get(k).copied().unwrap_or(0));
            }
        }
        Matrix {
            n: m,
            durations,
            distances,
        }
    }
}

/// A carer on duty: own staff (index into `Scenario::staff`) or a temp.
pub(crate) struct Duty {
    pub id: String,
    pub staff: Option<usize>,
    pub shift: usize,
    pub level: Level,
    pub profile: Profile,
}

/// Everything one team-day needs.
pub(crate) struct TeamDay<'a> {
    pub scenario: &'a Scenario,
    pub team: usize,
    pub clients: &'a [usize],
    pub day: usize,
    pub weekday: usize,
    pub duty: Vec<Duty>,
    pub shifts: &'a [ShiftTimes],
    pub shift_ids: &'a [String],
    pub data: &'a [ProfileData],
    pub history: &'a HashMap<String, Vec<String>>,
    pub params: &'a PlanParams,
    pub deadline: Option<Instant>,
    pub seed: u64,
}

const MEDICATION: &str = "medication";

/// One planned visit part: (client index, visit spec index, second carer?).
struct Part {
    client: usize,
    spec: usize,
    second: bool,
}

/// Draws the road path between two snapped points as `[lon, lat]` (per profile).
pub(crate) type RoadPath<'a> = dyn Fn(Profile, &Snap, &Snap) -> Vec<[f64; 2]> + Sync + 'a;

/// Plans one team-day; returns the day's output (checked by the independent checker).
pub(crate) fn plan_day(td: &TeamDay<'_>, router_path: &RoadPath<'_>) -> Result<DayOut> {
    let s = td.scenario;
    let set = &s.settings;
    let trust = td.params.model == CareModel::Trust;
    let nt = s.teams.len();
    // Local locations: 0 = base, 1.. = the team's clients.
    let mut points = vec![td.team];
    points.extend(td.clients.iter().map(|&c| nt + c));
    let local_of: HashMap<usize, u32> = td
        .clients
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, (i + 1) as u32))
        .collect();
    // Profiles in use today: matrix index per profile.
    let mut profiles: Vec<Profile> = Vec::new();
    for d in &td.duty {
        if !profiles.contains(&d.profile) {
            profiles.push(d.profile);
        }
    }
    if profiles.is_empty() {
        profiles.push(Profile::Car);
    }
    let data_of = |p: Profile| td.data.iter().find(|x| x.profile == p);
    let mut matrices = Vec::new();
    for &p in &profiles {
        let d = data_of(p).ok_or_else(|| Error::Internal(format!("no travel data for {p}")))?;
        matrices.push(d.sub(&points));
    }
    // Skills: bit 0 = medication, then every other skill named.
    let mut skills = vec![MEDICATION.to_string()];
    let skill_bit = |name: &str, skills: &mut Vec<String>| -> SkillSet {
        let i = skills.iter().position(|x| x == name).unwrap_or_else(|| {
            skills.push(name.to_string());
            skills.len() - 1
        });
        SkillSet(1u64 << i.min(63))
    };
    // Carers.
    let mut carers = Vec::new();
    let overhead = i64::from(set.stop_overhead_minutes) * 60;
    for d in &td.duty {
        let sh = td
            .shifts
            .get(d.shift)
            .copied()
            .ok_or_else(|| Error::Internal("shift".into()))?;
        let mut sk = SkillSet::default();
        if d.level == Level::Nurse {
            sk.0 |= skill_bit(MEDICATION, &mut skills).0;
        }
        if let Some(st) = d.staff.and_then(|i| s.staff.get(i)) {
            for x in &st.skills {
                sk.0 |= skill_bit(x, &mut skills).0;
            }
        }
        let (start, end) = (i64::from(sh.start) * 60, i64::from(sh.end) * 60);
        let brk = i64::from(set.break_minutes) * 60;
        let break_rule = (brk > 0 && end - start > 5 * 3600 + 1800).then(|| BreakRule {
            window: TimeWindow::new(start + 2 * 3600, (end - 3600 - brk).max(start + 2 * 3600)),
            duration: brk,
            after_work: 5 * 3600 + 1800,
        });
        carers.push(Carer {
            id: d.id.clone(),
            start: LocIdx(0),
            end: LocIdx(0),
            shift: TimeWindow::new(start, end),
            capacity: None,
            skills: sk,
            matrix: profiles.iter().position(|p| *p == d.profile).unwrap_or(0),
            level: d.level.rank(),
            stop_overhead: overhead,
            break_rule,
            max_work: None,
            overtime: 1800,
        });
    }
    let carer_idx: HashMap<&str, CarerIdx> = td
        .duty
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), CarerIdx(i as u32)))
        .collect();
    // Visits.
    let mut visits = Vec::new();
    let mut parts = Vec::new();
    let mut links = Vec::new();
    for &c in td.clients {
        let Some(client) = s.clients.get(c) else {
            continue;
        };
        for (k, v) in client.visits.iter().enumerate() {
            if !v.days.contains(&(td.weekday as u8)) {
                continue;
            }
            let mut sk = SkillSet::default();
            if v.level == Level::Nurse {
                sk.0 |= skill_bit(MEDICATION, &mut skills).0;
            }
            for x in &v.skills {
                sk.0 |= skill_bit(x, &mut skills).0;
            }
            let ids = |list: &[String]| -> Vec<CarerIdx> {
                list.iter()
                    .filter_map(|x| carer_idx.get(x.as_str()).copied())
                    .collect()
            };
            let base_id = format!("{}/{}/d{}", client.id, v.id, td.day);
            for second in 0..v.carers {
                let id = if second == 0 {
                    base_id.clone()
                } else {
                    format!("{base_id}#2")
                };
                visits.push(Visit {
                    id,
                    location: LocIdx(local_of.get(&c).copied().unwrap_or(0)),
                    duration: i64::from(v.duration) * 60,
                    windows: vec![TimeWindow::new(
                        i64::from(v.earliest) * 60,
                        i64::from(v.latest) * 60,
                    )],
                    skills: sk,
                    late_allowed: true,
                    max_duration: (trust && v.max_duration > v.duration)
                        .then(|| i64::from(v.max_duration) * 60),
                    min_level: v.level.rank(),
                    forbidden: ids(&client.forbidden),
                    preferred: if trust {
                        ids(&client.preferred)
                    } else {
                        Vec::new()
                    },
                    client: Some(client.id.clone()),
                    ..Visit::default()
                });
                parts.push(Part {
                    client: c,
                    spec: k,
                    second: second > 0,
                });
            }
            if v.carers == 2 {
                let n = visits.len() as u32;
                links.push(Link {
                    first: VisitIdx(n - 2),
                    second: VisitIdx(n - 1),
                    min_gap: 0,
                    max_gap: 0,
                });
            }
        }
    }
    let objective = if trust {
        Objective {
            lateness: 20.0,
            overtime: 20.0,
            ..Objective::default()
        }
    } else {
        Objective {
            lateness: 20.0,
            overtime: 20.0,
            preferred: 0.0,
            continuity: 0.0,
            face_to_face: 0.0,
            balance: 0.0,
            ..Objective::default()
        }
    };
    let continuity = trust.then(|| Continuity {
        max_carers: set.max_carers_per_client.max(1),
        history: td.history.clone(),
    });
    let team_id = s.teams.get(td.team).map_or("", |t| t.id.as_str());
    let inst = Instance::new(InstanceParts {
        name: format!("team {team_id} day {}", td.day),
        visits,
        carers,
        matrices,
        skills,
        links,
        objective,
        continuity,
        ..InstanceParts::default()
    })
    .map_err(|e| Error::Internal(format!("team {team_id} day {}: {e}", td.day)))?;
    let ctx = RunCtx {
        seed: td.seed,
        // With an iteration limit the clock binds too (the CLI passes a week when only
        // `--iterations` is given): whichever comes first.
        deadline: td.deadline,
        max_iterations: td.params.iterations,
        cancel: td.params.cancel.clone(),
        threads: 1,
    };
    let sol = care::solve(&inst, &CareParams::default(), &ctx);
    let report = plan::check(&inst, &sol.plan);
    if let Some(v) = report.violations.first() {
        return Err(Error::Internal(format!(
            "team {team_id} day {}: the planner produced a plan the checker rejects ({} violation(s); first: {v:?})",
            td.day,
            report.violations.len()
        )));
    }
    // Output.
    let loc = |local: LocIdx| -> usize { points.get(local.0 as usize).copied().unwrap_or(0) };
    let lonlat = |global: usize| -> [f64; 2] {
        let p = if global < nt {
            s.teams.get(global).map(|t| t.base)
        } else {
            s.clients.get(global - nt).map(|c| c.location)
        };
        p.map_or([0.0, 0.0], |p| [p.lon, p.lat])
    };
    let by_carer: HashMap<&str, &plan::Route> = sol
        .plan
        .routes
        .iter()
        .map(|r| (r.carer.as_str(), r))
        .collect();
    let ev_of: HashMap<&str, &plan::check::CarerEvaluation> = report
        .carers
        .iter()
        .map(|c| (c.carer.as_str(), c))
        .collect();
    let mut routes = Vec::new();
    for (ci, d) in td.duty.iter().enumerate() {
        let carer = inst.carer(CarerIdx(ci as u32));
        let m = inst.matrix_of(CarerIdx(ci as u32));
        let pd = data_of(d.profile);
        let route = by_carer.get(d.id.as_str());
        let ev = ev_of.get(d.id.as_str());
        let mut stops = Vec::new();
        let mut path: Vec<[f64; 2]> = Vec::new();
        let mut prev_loc = LocIdx(0);
        let mut prev_time = ev.map_or(carer.shift.start, |e| e.departure);
        for st in route.map_or(&[][..], |r| r.stops.as_slice()) {
            let Some(vi) = inst.visit_by_id(&st.visit) else {
                continue;
            };
            let v = inst.visit(vi);
            let Some(part) = parts.get(vi.0 as usize) else {
                continue;
            };
            let travel = m.duration(prev_loc, v.location);
            let dist = m.distance(prev_loc, v.location);
            let arrival = prev_time
                + travel
                + if prev_loc == v.location {
                    0
                } else {
                    carer.stop_overhead
                };
            let client = s.clients.get(part.client);
            let spec = client.and_then(|c| c.visits.get(part.spec));
            if let Some(pd) = pd {
                let (a, b) = (loc(prev_loc), loc(v.location));
                if let (Some(x), Some(y)) = (pd.snaps.get(a), pd.snaps.get(b)) {
                    extend_path(&mut path, router_path(d.profile, x, y));
                }
            }
            stops.push(StopOut {
                visit: st.visit.clone(),
                client: client.map_or(String::new(), |c| c.id.clone()),
                need: client.map_or(String::new(), |c| c.need.name().to_string()),
                location: lonlat(loc(v.location)),
                arrival,
                start: st.start,
                end: st.end,
                window: v.windows.first().map_or([0, 0], |w| [w.start, w.end]),
                allotted_minutes: spec.map_or(0.0, |x| f64::from(x.duration)),
                travel_s: travel,
                distance_m: dist as f64,
                two_carer: spec.is_some_and(|x| x.carers == 2) || part.second,
            });
            prev_loc = v.location;
            prev_time = st.end;
        }
        if !stops.is_empty()
            && let Some(pd) = pd
            && let (Some(x), Some(y)) = (pd.snaps.get(loc(prev_loc)), pd.snaps.get(td.team))
        {
            extend_path(&mut path, router_path(d.profile, x, y));
        }
        let sh = td.shifts.get(d.shift).copied();
        routes.push(RouteOut {
            carer: d.id.clone(),
            temp: d.staff.is_none(),
            shift: td.shift_ids.get(d.shift).cloned().unwrap_or_default(),
            shift_start: sh.map_or(0, |x| i64::from(x.start) * 60),
            shift_end: sh.map_or(0, |x| i64::from(x.end) * 60),
            profile: d.profile.name().to_string(),
            level: d.level.name().to_string(),
            depart: ev.map_or(carer.shift.start, |e| e.departure),
            arrive: ev.map_or(carer.shift.start, |e| e.arrival),
            stops,
            breaks: route.map_or(Vec::new(), |r| {
                r.breaks.iter().map(|b| [b.start, b.end]).collect()
            }),
            path,
        });
    }
    let unassigned = sol
        .plan
        .unassigned
        .iter()
        .map(|u| UnassignedOut {
            visit: u.visit.clone(),
            client: inst
                .visit_by_id(&u.visit)
                .and_then(|vi| parts.get(vi.0 as usize))
                .and_then(|p| s.clients.get(p.client))
                .map_or(String::new(), |c| c.id.clone()),
            reason: u.reason.clone(),
            detail: u.detail.clone(),
        })
        .collect();
    Ok(DayOut {
        day: td.day,
        weekday: crate::scenario::WEEKDAYS
            .get(td.weekday)
            .copied()
            .unwrap_or("")
            .to_string(),
        status: sol.status,
        routes,
        unassigned,
        evaluation: report.evaluation,
        feasible: true,
    })
}

fn extend_path(path: &mut Vec<[f64; 2]>, leg: Vec<[f64; 2]>) {
    let skip = usize::from(path.last().is_some() && path.last() == leg.first());
    path.extend(leg.into_iter().skip(skip));
}

/// Client id → carer ids seen on a day's routes.
pub(crate) fn seen(day: &DayOut) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in &day.routes {
        for st in &r.stops {
            let e = out.entry(st.client.clone()).or_default();
            if !e.contains(&r.carer) {
                e.push(r.carer.clone());
            }
        }
    }
    out
}
