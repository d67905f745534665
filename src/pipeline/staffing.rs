//! Staffing steps of the pipeline: which team serves which client (the assignment MIP, or
//! districts by nearest base for the purchaser-provider model), and each team's rota.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use serde_json::json;

use crate::assign::{self, AssignParams};
use crate::error::{Error, Result};
use crate::model::assign::{AssignClient, AssignInstance, AssignTeam};
use crate::model::roster::RosterInstance;
use crate::roster::{self, Grid, RosterParams, RosterRun};
use crate::scenario::{Level, Scenario, ShiftSpec, parse_clock};

use super::{CareModel, PlanParams};

/// Minutes of a shift: start, end (after start; +24 h when it ends the next day), paid.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ShiftTimes {
    pub start: u32,
    pub end: u32,
    pub paid: u32,
}

pub(crate) fn shift_times(s: &ShiftSpec) -> ShiftTimes {
    let start = parse_clock(&s.start).unwrap_or(0);
    let mut end = parse_clock(&s.end).unwrap_or(0);
    if end <= start {
        end += 24 * 60;
    }
    ShiftTimes {
        start,
        end,
        paid: (end - start).saturating_sub(s.break_minutes).max(1),
    }
}

/// The shift whose hours contain `minute` (else the nearest one).
pub(crate) fn shift_of(shifts: &[ShiftTimes], minute: u32) -> usize {
    let dist = |s: &ShiftTimes| {
        if minute < s.start {
            s.start - minute
        } else if minute >= s.end {
            minute + 1 - s.end
        } else {
            0
        }
    };
    (0..shifts.len())
        .min_by_key(|&i| shifts.get(i).map_or(u32::MAX, dist))
        .unwrap_or(0)
}

/// Client index → team index, and what the assignment reports.
pub(crate) struct TeamChoice {
    pub team_of: Vec<usize>,
    pub status: String,
    pub gap: Option<f64>,
}

/// Chooses each client's team. `travel_min[c][t]`: minutes between client `c` and base `t`.
pub(crate) fn choose_teams(
    s: &Scenario,
    travel_min: &[Vec<f64>],
    params: &PlanParams,
    time_limit: f64,
) -> Result<TeamChoice> {
    let nearest = |c: usize| -> usize {
        travel_min.get(c).map_or(0, |row| {
            (0..row.len())
                .min_by(|&a, &b| row[a].total_cmp(&row[b]))
                .unwrap_or(0)
        })
    };
    if params.model == CareModel::PurchaserProvider || s.teams.len() == 1 {
        return Ok(TeamChoice {
            team_of: (0..s.clients.len()).map(nearest).collect(),
            status: if s.teams.len() == 1 {
                "single_team".into()
            } else {
                "central".into()
            },
            gap: None,
        });
    }
    let rules = &s.settings.rules;
    let levels: Vec<String> = Level::ALL.iter().map(|l| l.name().to_string()).collect();
    let clients = s
        .clients
        .iter()
        .map(|c| {
            let mut hours = vec![0.0; 3];
            for v in &c.visits {
                let k = usize::from(v.level.rank() - 1);
                if let Some(h) = hours.get_mut(k) {
                    *h += f64::from(v.duration) * v.days.len() as f64 * f64::from(v.carers) / 60.0;
                }
            }
            AssignClient {
                id: c.id.clone(),
                hours,
                current: c.team.as_deref().and_then(|t| s.team_index(t)),
            }
        })
        .collect();
    let teams = s
        .teams
        .iter()
        .map(|t| {
            let mut capacity = vec![0.0; 3];
            for st in s.staff.iter().filter(|st| st.team == t.id) {
                let k = usize::from(st.level.rank() - 1);
                if let Some(h) = capacity.get_mut(k) {
                    *h += st.contract_percent / 100.0
                        * rules.full_time_hours_per_week
                        * rules.visit_productivity;
                }
            }
            AssignTeam {
                id: t.id.clone(),
                capacity,
                max_clients: None,
            }
        })
        .collect();
    let inst = AssignInstance {
        levels,
        clients,
        teams,
        travel: travel_min.to_vec(),
    };
    let ap = AssignParams::default();
    // Cancelled: no MIP (HiGHS cannot be interrupted); each client keeps its current team.
    let cancelled = params.cancel.load(std::sync::atomic::Ordering::Relaxed);
    let solved = if cancelled {
        Err(Error::Infeasible {
            what: "team assignment".into(),
            explanation: "cancelled".into(),
        })
    } else {
        assign::solve(
            &inst,
            &ap,
            params.seed,
            crate::limits::duration(time_limit.max(1.0)),
        )
    };
    match solved {
        Ok(a) => {
            // The independent checker judges the MIP's assignment before the plan uses it.
            assign::judge(&inst, &ap, &a)?;
            Ok(TeamChoice {
                team_of: a.team_of,
                status: a.status,
                gap: a.gap,
            })
        }
        // Not enough staff for the load: keep each client's current team (or the nearest) and
        // let the rotas buy the missing hours as temps.
        Err(Error::Infeasible { explanation, .. }) => Ok(TeamChoice {
            team_of: (0..s.clients.len())
                .map(|c| {
                    s.clients
                        .get(c)
                        .and_then(|cl| cl.team.as_deref())
                        .and_then(|t| s.team_index(t))
                        .unwrap_or_else(|| nearest(c))
                })
                .collect(),
            status: if cancelled {
                "cancelled".into()
            } else {
                format!("current (capacity: {explanation})")
            },
            gap: None,
        }),
        Err(e) => Err(e),
    }
}

/// A team's rota and what the routing needs from it.
pub(crate) struct TeamRota {
    pub inst: RosterInstance,
    pub grid: Grid,
    pub status: String,
    pub objective: f64,
    pub bound: Option<f64>,
    pub weeks: usize,
    /// Carers needed per weekday (Monday first) and shift.
    pub demand: Vec<Vec<u32>>,
    /// Nurses needed per weekday and shift (for the nurse-level visits).
    pub nurse_demand: Vec<Vec<u32>>,
    pub kpis: roster::rota::RotaKpis,
}

/// Contract percentage of staff member `i` under `model` (the purchaser-provider model uses
/// the part-time positions typical today: 50, 65 and 80 % in turn, mean 65 %).
pub(crate) fn contract_of(model: CareModel, given: f64, i: usize) -> f64 {
    match model {
        CareModel::Trust => given,
        CareModel::PurchaserProvider => [50.0_f64, 65.0, 80.0][i % 3].min(given),
    }
}

/// Plans the rota of team `t` for the clients in `clients`.
pub(crate) fn team_rota(
    s: &Scenario,
    t: usize,
    clients: &[usize],
    params: &PlanParams,
    deadline: Option<Instant>,
) -> Result<TeamRota> {
    let set = &s.settings;
    let team = s
        .teams
        .get(t)
        .ok_or_else(|| Error::Internal("team index".into()))?;
    let shifts: Vec<ShiftTimes> = set.shifts.iter().map(shift_times).collect();
    let prod = set.rules.visit_productivity.clamp(0.05, 1.0);
    let mut minutes = vec![vec![0u64; shifts.len()]; 7];
    let mut nurse = vec![vec![0u64; shifts.len()]; 7];
    // The most carers one visit needs at once, per weekday and shift (all visits, and the
    // nurse-level ones): a two-carer visit needs two carers on its shift however short it is.
    let mut together = vec![vec![0u32; shifts.len()]; 7];
    let mut nurses_together = vec![vec![0u32; shifts.len()]; 7];
    for c in clients.iter().filter_map(|&c| s.clients.get(c)) {
        for v in &c.visits {
            let k = shift_of(&shifts, (v.earliest + v.latest) / 2);
            for &d in &v.days {
                let m = u64::from(v.duration) * u64::from(v.carers);
                if let Some(x) = minutes.get_mut(usize::from(d)).and_then(|r| r.get_mut(k)) {
                    *x += m;
                }
                if let Some(x) = together.get_mut(usize::from(d)).and_then(|r| r.get_mut(k)) {
                    *x = (*x).max(u32::from(v.carers));
                }
                if v.level == Level::Nurse {
                    if let Some(x) = nurse.get_mut(usize::from(d)).and_then(|r| r.get_mut(k)) {
                        *x += m;
                    }
                    if let Some(x) = nurses_together
                        .get_mut(usize::from(d))
                        .and_then(|r| r.get_mut(k))
                    {
                        *x = (*x).max(u32::from(v.carers));
                    }
                }
            }
        }
    }
    let carers = |m: u64, k: usize| -> u32 {
        let paid = f64::from(shifts.get(k).map_or(1, |s| s.paid)) * prod;
        (m as f64 / paid).ceil() as u32
    };
    // Peaks: each visit's carer-minutes spread evenly over the hours it may take place in
    // (window start to window end + duration); a shift needs at least the busiest hour's
    // carer-minutes / 60 carers (a lower bound: nobody does more than an hour of visits in an
    // hour), e.g. for an evening of two-carer visits.
    // `hourly[0]`: all visits, `hourly[1]`: nurse-level visits (for the nurses needed).
    let mut hourly = [vec![[0f64; 48]; 7], vec![[0f64; 48]; 7]];
    for c in clients.iter().filter_map(|&c| s.clients.get(c)) {
        for v in &c.visits {
            let (a, b) = (v.earliest, v.latest + v.duration);
            let span = f64::from((b - a).max(1));
            let m = f64::from(v.duration) * f64::from(v.carers);
            let tables = if v.level == Level::Nurse { 2 } else { 1 };
            for &d in &v.days {
                for h in (a / 60)..=(b.saturating_sub(1) / 60).min(47) {
                    let lo = (h * 60).max(a);
                    let hi = ((h + 1) * 60).min(b);
                    for table in hourly.iter_mut().take(tables) {
                        if hi > lo
                            && let Some(x) = table
                                .get_mut(usize::from(d))
                                .and_then(|r| r.get_mut(h as usize))
                        {
                            *x += m * f64::from(hi - lo) / span;
                        }
                    }
                }
            }
        }
    }
    // Carers needed on weekday d in shift k from the minutes, from the busiest hour and from
    // the visit that needs the most carers at once.
    let need = |table: &[[f64; 48]],
                minutes: &[Vec<u64>],
                at_once: &[Vec<u32>],
                d: usize,
                k: usize|
     -> u32 {
        let peak = shifts.get(k).map_or(0.0, |sh| {
            (sh.start / 60..sh.end.div_ceil(60).min(48))
                .filter(|&h| shift_of(&shifts, h * 60 + 30) == k)
                .map(|h| table[d].get(h as usize).copied().unwrap_or(0.0))
                .fold(0.0, f64::max)
        });
        carers(minutes[d][k], k)
            .max((peak / 60.0).ceil() as u32)
            .max(at_once[d][k])
    };
    let demand: Vec<Vec<u32>> = (0..7)
        .map(|d| {
            (0..shifts.len())
                .map(|k| need(&hourly[0], &minutes, &together, d, k))
                .collect()
        })
        .collect();
    let nurse_demand: Vec<Vec<u32>> = (0..7)
        .map(|d| {
            (0..shifts.len())
                .map(|k| need(&hourly[1], &nurse, &nurses_together, d, k))
                .collect()
        })
        .collect();
    let demand_json: Vec<serde_json::Value> = set
        .shifts
        .iter()
        .enumerate()
        .map(|(k, sh)| {
            let per_day: Vec<u32> = (0..7).map(|d| demand[d][k]).collect();
            let nurses: Vec<u32> = (0..7).map(|d| nurse_demand[d][k]).collect();
            json!({"shift": sh.id, "carers": per_day, "skilled": {"nurse": nurses}})
        })
        .collect();
    let staff: Vec<(usize, &crate::scenario::Staff)> = s
        .staff
        .iter()
        .enumerate()
        .filter(|(_, st)| st.team == team.id)
        .collect();
    let staff_json: Vec<serde_json::Value> = staff
        .iter()
        .map(|(i, st)| {
            let skills: Vec<&str> = if st.level == Level::Nurse {
                vec!["nurse"]
            } else {
                vec![]
            };
            json!({"id": st.id,
                   "contract_percent": contract_of(params.model, st.contract_percent, *i),
                   "skills": skills})
        })
        .collect();
    let weeks = (set.rules.weekend_every.max(1) as usize)
        .max(params.days.div_ceil(7))
        .min(6);
    let c = &set.costs;
    let rota = json!({
        "name": format!("team {}", team.id),
        "weeks": weeks,
        "shift_types": set.shifts,
        "demand": demand_json,
        "staff": staff_json,
        "rules": set.rules,
        "costs": {"temp_per_hour": c.temp_per_hour.round() as u32,
                  "staff_per_hour": c.staff_per_hour.round() as u32},
    });
    let input = crate::io::rota_json::parse_rota_json(
        Path::new(&format!("{}/settings.json", s.name)),
        &rota.to_string(),
    )?;
    let inst = input.instance;
    let temp_per_hour = f64::from(input.costs.temp_per_hour);
    let (rp, run) = match params.iterations {
        Some(_) => (
            // Reproducible: node limits (not the clock) end every MIP.
            RosterParams {
                columns: false,
                initial_nodes: Some(1),
                initial_seconds: 120.0,
                sub_mip_nodes: 20,
                sub_mip_seconds: 60.0,
                rins: false,
                ..RosterParams::default()
            },
            // The clock binds too: whichever comes first.
            RosterRun {
                seed: params.seed,
                deadline,
                max_iterations: Some(10),
                cancel: params.cancel.clone(),
            },
        ),
        None => (
            RosterParams::default(),
            RosterRun {
                seed: params.seed,
                deadline,
                max_iterations: None,
                cancel: params.cancel.clone(),
            },
        ),
    };
    let (grid, status, objective, bound) = if inst.staff.is_empty() {
        (Vec::new(), "no_staff".to_string(), 0.0, None)
    } else {
        let sol = match roster::solve(&inst, &rp, &run) {
            // Out of time before any rota: take every person's own feasible rota (no hard
            // rule couples people), without a full-model attempt or the search (the time
            // limit binds).
            Err(Error::NoSolution { .. }) => roster::solve(
                &inst,
                &RosterParams {
                    initial_seconds: 0.0,
                    columns: false,
                    ..rp.clone()
                },
                &RosterRun {
                    seed: params.seed,
                    deadline: None,
                    max_iterations: Some(0),
                    // (Cancelled: the status says so.)
                    cancel: params.cancel.clone(),
                },
            )?,
            r => r?,
        };
        let assignments = crate::io::roster_json::assignments(&inst, &sol.grid);
        let report = crate::plan::roster_check::check_roster(
            &inst,
            &crate::plan::roster_check::RosterPlan { assignments },
        );
        if let Some(v) = report.violations.first() {
            return Err(Error::Internal(format!(
                "rota of team {}: the roster engine produced a rota the evaluator rejects ({v})",
                team.id
            )));
        }
        (
            sol.grid,
            sol.status.as_str().to_string(),
            report.evaluation.penalty as f64,
            sol.bound.map(|b| b as f64),
        )
    };
    let kpis = roster::rota::kpis(&inst, &grid, &input.contract_percent, temp_per_hour);
    Ok(TeamRota {
        inst,
        grid,
        status,
        objective,
        bound,
        weeks,
        demand,
        nurse_demand,
        kpis,
    })
}

/// Staff id → shift id (or "") per planned day, and temps per day and shift.
pub(crate) fn day_shifts(
    rota: &TeamRota,
    shift_ids: &[String],
    start_weekday: usize,
    days: usize,
    is_nurse: &dyn Fn(&str) -> bool,
) -> (BTreeMap<String, Vec<String>>, Vec<Vec<Temps>>) {
    let horizon = (rota.weeks * 7).max(1);
    let mut shifts = BTreeMap::new();
    let mut temps = Vec::new();
    for (e, st) in rota.inst.staff.iter().enumerate() {
        let row: Vec<String> = (0..days)
            .map(|d| {
                rota.grid
                    .get(e)
                    .and_then(|r| r.get((start_weekday + d) % horizon))
                    .copied()
                    .flatten()
                    .and_then(|k| rota.inst.shifts.get(k))
                    .map_or(String::new(), |s| s.id.clone())
            })
            .collect();
        shifts.insert(st.id.clone(), row);
    }
    for d in 0..days {
        let wd = (start_weekday + d) % 7;
        let row: Vec<Temps> = shift_ids
            .iter()
            .enumerate()
            .map(|(k, id)| {
                let need = |m: &[Vec<u32>]| m.get(wd).and_then(|r| r.get(k)).copied().unwrap_or(0);
                let on = |nurse_only: bool| {
                    shifts
                        .iter()
                        .filter(|(who, r)| {
                            r.get(d).is_some_and(|x| x == id) && (!nurse_only || is_nurse(who))
                        })
                        .count() as u32
                };
                let nurses = need(&rota.nurse_demand).saturating_sub(on(true));
                let all = need(&rota.demand).saturating_sub(on(false)).max(nurses);
                Temps {
                    count: all as usize,
                    nurses: nurses as usize,
                }
            })
            .collect();
        temps.push(row);
    }
    (shifts, temps)
}

/// Temps hired for one shift of one day: how many, and how many of them nurses.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Temps {
    pub count: usize,
    pub nurses: usize,
}
