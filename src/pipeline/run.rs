//! The pipeline's phases in order: travel data, teams, rotas, routes, key figures.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::matrix::MatrixParams;
use crate::osm::Profile;
use crate::scenario::{Level, Scenario, WEEKDAYS, weekday_index};

use super::output::{AssignmentOut, PlanOutput, RosterOut, TeamOut};
use super::routing::{Duty, ProfileData, TeamDay, plan_day, seen};
use super::staffing::{choose_teams, day_shifts, shift_times, team_rota};
use super::{Graphs, PlanParams, Progress, kpis};

/// Snap radius for clients and bases (metres).
const SNAP_RADIUS_M: f64 = 500.0;

fn secs(t: Instant) -> f64 {
    (t.elapsed().as_secs_f64() * 1000.0).round() / 1000.0
}

pub(crate) fn plan(
    s: &Scenario,
    graphs: &Graphs,
    params: &PlanParams,
    progress: &dyn Progress,
    threads: usize,
) -> Result<PlanOutput> {
    let t0 = Instant::now();
    if params.days == 0 || params.days > 366 {
        return Err(Error::Param {
            name: "days".into(),
            msg: format!("{}: must be 1–366", params.days),
        });
    }
    crate::limits::time_limit("time_limit", params.time_limit, false)?;
    let deadline_all = crate::limits::after(t0, crate::limits::duration(params.time_limit));
    // What follows the routes (key figures here; the report and the files in the caller)
    // gets the last 5 % of the time, at most 2 s.
    let route_end = deadline_all
        .checked_sub(crate::limits::duration(params.time_limit * 0.05).min(Duration::from_secs(2)))
        .unwrap_or(deadline_all);
    let mut seconds = BTreeMap::new();
    let start_wd = weekday_index(&s.settings.start_weekday).unwrap_or(0);
    let nt = s.teams.len();

    // 1. Travel data per profile over bases + clients.
    progress.phase("matrix", 1);
    let t = Instant::now();
    let mut profiles = vec![Profile::Car];
    for st in &s.staff {
        if !profiles.contains(&st.profile) {
            profiles.push(st.profile);
        }
    }
    let points: Vec<crate::osm::LatLon> = s
        .teams
        .iter()
        .map(|t| t.base)
        .chain(s.clients.iter().map(|c| c.location))
        .collect();
    let mp = MatrixParams {
        snap_radius_m: SNAP_RADIUS_M,
        ..MatrixParams::default()
    };
    let origin = PathBuf::from(&s.name);
    let mut data = Vec::new();
    for &p in &profiles {
        let router = graphs.router(p).ok_or_else(|| Error::Param {
            name: "graph".into(),
            msg: format!(
                "staff travel by {p}, but no {p} graph was built from {}",
                graphs.source
            ),
        })?;
        let snaps = router.snap_all(&points, &mp);
        if let Some(i) = snaps.iter().position(Option::is_none) {
            let record = if i < nt {
                format!("team {:?}", s.teams.get(i).map_or("", |t| t.id.as_str()))
            } else {
                format!(
                    "client {:?}",
                    s.clients.get(i - nt).map_or("", |c| c.id.as_str())
                )
            };
            return Err(Error::Input {
                path: origin,
                record,
                field: "lat/lon".into(),
                msg: format!(
                    "more than {SNAP_RADIUS_M} m from any road usable by {p} in {} (outside the extract?)",
                    graphs.source
                ),
            });
        }
        let m = router.matrix_from_snaps(snaps, &mp);
        let n = m.n;
        let mut sec = Vec::with_capacity(n * n);
        let mut met = Vec::with_capacity(n * n);
        for c in &m.costs {
            sec.push((c.seconds()).round() as i64);
            met.push((c.metres()).round() as i64);
        }
        data.push(ProfileData {
            profile: p,
            seconds: sec,
            metres: met,
            n,
            snaps: m.snaps.into_iter().flatten().collect(),
        });
    }
    seconds.insert("matrix".to_string(), secs(t));
    progress.step();

    // 2. Teams.
    progress.phase("assign", 1);
    let t = Instant::now();
    let car = data
        .first()
        .ok_or_else(|| Error::Internal("no car data".into()))?;
    let travel_min: Vec<Vec<f64>> = (0..s.clients.len())
        .map(|c| {
            (0..nt)
                .map(|b| {
                    let there = car.seconds.get(b * car.n + nt + c).copied().unwrap_or(0);
                    let back = car.seconds.get((nt + c) * car.n + b).copied().unwrap_or(0);
                    (there + back) as f64 / 120.0
                })
                .collect()
        })
        .collect();
    let choice = choose_teams(s, &travel_min, params, (params.time_limit * 0.1).min(30.0))?;
    let moves = s
        .clients
        .iter()
        .zip(&choice.team_of)
        .filter(|(c, t)| {
            c.team
                .as_deref()
                .and_then(|x| s.team_index(x))
                .is_some_and(|cur| cur != **t)
        })
        .count();
    let clients_of: Vec<Vec<usize>> = (0..nt)
        .map(|t| {
            (0..s.clients.len())
                .filter(|&c| choice.team_of.get(c) == Some(&t))
                .collect()
        })
        .collect();
    seconds.insert("assign".to_string(), secs(t));
    progress.step();

    // 3. Rotas, teams in parallel.
    progress.phase("roster", nt as u64);
    let t = Instant::now();
    // A quarter of the time left; the teams share `threads` workers, so each team may use
    // its share of the workers' time, and no team runs past the end of the phase.
    let phase = route_end
        .saturating_duration_since(Instant::now())
        .mul_f64(0.25);
    let roster_end = crate::limits::after(Instant::now(), phase);
    let per_team = phase
        .mul_f64(threads.min(nt.max(1)) as f64 / nt.max(1) as f64)
        .min(phase);
    let rotas: Vec<_> = (0..nt)
        .into_par_iter()
        .map(|team| {
            let deadline = crate::limits::after(Instant::now(), per_team).min(roster_end);
            let r = team_rota(s, team, &clients_of[team], params, Some(deadline));
            progress.step();
            r
        })
        .collect::<Result<Vec<_>>>()?;
    seconds.insert("roster".to_string(), secs(t));

    // 4. Routes, teams in parallel, days in order within a team (continuity).
    let shifts: Vec<_> = s.settings.shifts.iter().map(shift_times).collect();
    let shift_ids: Vec<String> = s.settings.shifts.iter().map(|x| x.id.clone()).collect();
    let total_visits: usize = s.visits_in(params.days).max(1);
    progress.phase("route", (nt * params.days) as u64);
    let t = Instant::now();
    // The rest of the time; teams run in parallel on `threads` workers, the days of a team in
    // order, each team-day with its share of the visits. No team-day runs past `route_end`
    // (one that starts after it only builds its first plan).
    let route_budget = route_end
        .saturating_duration_since(Instant::now())
        .as_secs_f64();
    let router_path = |p: Profile, a: &crate::matrix::Snap, b: &crate::matrix::Snap| {
        graphs.router(p).map_or(Vec::new(), |r| {
            // Six decimals (≈ 0.1 m) keep plan.json and the GeoJSON small.
            let r6 = |x: f64| (x * 1e6).round() / 1e6;
            r.path(a, b)
                .iter()
                .map(|x| [r6(x.lon), r6(x.lat)])
                .collect()
        })
    };
    let teams_out: Vec<TeamOut> = (0..nt)
        .into_par_iter()
        .map(|team| -> Result<TeamOut> {
            let rota = &rotas[team];
            let clients = &clients_of[team];
            let team_id = &s.teams[team].id;
            // The team's nurses, looked up once (not a scan of all staff per rota cell).
            let nurses: std::collections::HashSet<&str> = s
                .staff
                .iter()
                .filter(|p| &p.team == team_id && p.level == Level::Nurse)
                .map(|p| p.id.as_str())
                .collect();
            let is_nurse = |id: &str| nurses.contains(id);
            let (shift_rows, temps) =
                day_shifts(rota, &shift_ids, start_wd, params.days, &is_nurse);
            let mut history: HashMap<String, Vec<String>> = HashMap::new();
            let mut known: std::collections::HashSet<(String, String)> =
                std::collections::HashSet::new();
            let mut days = Vec::new();
            for d in 0..params.days {
                let wd = (start_wd + d) % 7;
                let mut duty = Vec::new();
                for (i, st) in s
                    .staff
                    .iter()
                    .enumerate()
                    .filter(|(_, st)| &st.team == team_id)
                {
                    let Some(k) = shift_rows
                        .get(&st.id)
                        .and_then(|r| r.get(d))
                        .and_then(|id| shift_ids.iter().position(|x| x == id))
                    else {
                        continue;
                    };
                    duty.push(Duty {
                        id: st.id.clone(),
                        staff: Some(i),
                        shift: k,
                        level: st.level,
                        profile: st.profile,
                    });
                }
                for (k, &n) in temps
                    .get(d)
                    .map_or(&[][..], |r| r.as_slice())
                    .iter()
                    .enumerate()
                {
                    // Temps fill the rota's gaps; nurse temps where a nurse is missing.
                    for j in 0..n.count {
                        duty.push(Duty {
                            id: format!("temp-{team_id}-d{d}-{}-{}", shift_ids[k], j + 1),
                            staff: None,
                            shift: k,
                            level: if j < n.nurses {
                                Level::Nurse
                            } else {
                                Level::HealthWorker
                            },
                            profile: Profile::Car,
                        });
                    }
                }
                let visits_today: usize = clients
                    .iter()
                    .filter_map(|&c| s.clients.get(c))
                    .map(|c| c.visits_on(wd).count())
                    .sum();
                let share = visits_today as f64 / total_visits as f64;
                let budget = route_budget * threads.min(nt.max(1)) as f64 * share;
                let td = TeamDay {
                    scenario: s,
                    team,
                    clients,
                    day: d,
                    weekday: wd,
                    duty,
                    shifts: &shifts,
                    shift_ids: &shift_ids,
                    data: &data,
                    history: &history,
                    params,
                    deadline: Some(
                        crate::limits::after(Instant::now(), crate::limits::duration(budget))
                            .min(route_end),
                    ),
                    seed: params.seed ^ ((team as u64) << 32) ^ d as u64,
                };
                let out = plan_day(&td, &router_path)?;
                for (client, carers) in seen(&out) {
                    for c in carers {
                        // (A set beside the lists: each day's temps are new carers, so a
                        // linear search made long runs quadratic in the days.)
                        if known.insert((client.clone(), c.clone())) {
                            history.entry(client.clone()).or_default().push(c);
                        }
                    }
                }
                days.push(out);
                progress.step();
            }
            let t = &s.teams[team];
            let temps_by_id = temps
                .iter()
                .map(|row| {
                    row.iter()
                        .enumerate()
                        .filter(|(_, n)| n.count > 0)
                        .map(|(k, n)| (shift_ids[k].clone(), n.count))
                        .collect()
                })
                .collect();
            let temp_hours: f64 = temps
                .iter()
                .map(|row| {
                    row.iter()
                        .enumerate()
                        .map(|(k, n)| n.count as f64 * f64::from(shifts[k].paid) / 60.0)
                        .sum::<f64>()
                })
                .sum();
            Ok(TeamOut {
                id: t.id.clone(),
                base: [t.base.lon, t.base.lat],
                clients: clients
                    .iter()
                    .filter_map(|&c| s.clients.get(c))
                    .map(|c| c.id.clone())
                    .collect(),
                staff: s
                    .staff
                    .iter()
                    .filter(|st| st.team == t.id)
                    .map(|st| st.id.clone())
                    .collect(),
                roster: RosterOut {
                    status: rota.status.clone(),
                    objective: Some(rota.objective),
                    bound: rota.bound,
                    weeks: rota.weeks,
                    shifts: shift_rows,
                    temps: temps_by_id,
                    full_time_share: rota.kpis.full_time_share,
                    temp_hours,
                    weekends_worked: rota
                        .kpis
                        .staff
                        .iter()
                        .map(|k| (k.id.clone(), k.weekends_worked))
                        .collect(),
                },
                days,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    seconds.insert("route".to_string(), secs(t));

    // 5. Key figures.
    let weekdays: Vec<String> = (0..params.days)
        .map(|d| WEEKDAYS[(start_wd + d) % 7].to_string())
        .collect();
    let mut out = PlanOutput {
        scenario: s.name.clone(),
        model: params.model.name().to_string(),
        seed: params.seed,
        status: if params.cancel.load(std::sync::atomic::Ordering::Relaxed) {
            "cancelled".into()
        } else {
            "complete".into()
        },
        days: params.days,
        weekdays,
        assignment: AssignmentOut {
            status: choice.status,
            gap: choice.gap,
            moves,
            clients: s
                .clients
                .iter()
                .zip(&choice.team_of)
                .map(|(c, &t)| (c.id.clone(), s.teams[t].id.clone()))
                .collect(),
        },
        teams: teams_out,
        kpis: Default::default(),
        bbox: bbox(&points),
        seconds: BTreeMap::new(),
    };
    out.kpis = kpis::compute(s, &out, params);
    seconds.insert("total".to_string(), secs(t0));
    out.seconds = seconds;
    Ok(out)
}

fn bbox(points: &[crate::osm::LatLon]) -> [f64; 4] {
    let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for p in points {
        b[0] = b[0].min(p.lon);
        b[1] = b[1].min(p.lat);
        b[2] = b[2].max(p.lon);
        b[3] = b[3].max(p.lat);
    }
    if points.is_empty() { [0.0; 4] } else { b }
}
