//! Key figures of a run, from the checked day plans (the checker's evaluations) and the rotas.

use std::collections::{BTreeMap, BTreeSet};

use crate::scenario::{Need, Scenario};

use super::PlanParams;
use super::output::{Budget, EquityRow, KpiRow, Kpis, PlanOutput, TeamOut};

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

fn team_row(s: &Scenario, t: &TeamOut, weekdays: &[usize]) -> KpiRow {
    let set = &s.settings;
    let paid_of: BTreeMap<&str, f64> = set
        .shifts
        .iter()
        .map(|x| {
            let st = super::staffing::shift_times(x);
            (x.id.as_str(), f64::from(st.paid) / 60.0)
        })
        .collect();
    let mut r = KpiRow {
        team: t.id.clone(),
        clients: t.clients.len(),
        full_time_share: t.roster.full_time_share,
        temp_hours: t.roster.temp_hours,
        ..KpiRow::default()
    };
    let mut carers: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut own_paid = 0.0;
    for d in &t.days {
        let e = &d.evaluation;
        r.face_to_face_hours += e.service_time as f64 / 3600.0;
        r.travel_hours += (e.travel_time + e.overhead) as f64 / 3600.0;
        r.waiting_hours += e.waiting as f64 / 3600.0;
        r.distance_km += e.distance as f64 / 1000.0;
        r.overtime_hours += e.overtime as f64 / 3600.0;
        r.late_minutes += e.lateness as f64 / 60.0;
        for route in &d.routes {
            let h = paid_of.get(route.shift.as_str()).copied().unwrap_or(0.0);
            r.paid_hours += h;
            if !route.temp {
                own_paid += h;
            }
            for st in &route.stops {
                carers
                    .entry(st.client.as_str())
                    .or_default()
                    .insert(route.carer.as_str());
            }
        }
        let unplanned: BTreeSet<&str> = d
            .unassigned
            .iter()
            .map(|u| u.visit.trim_end_matches("#2"))
            .collect();
        let total = visits_of(s, t, d.day, weekdays);
        r.visits_total += total;
        r.visits_planned += total.saturating_sub(unplanned.len());
    }
    r.ata_share = ratio(r.face_to_face_hours, r.paid_hours);
    r.travel_share = ratio(r.travel_hours, r.paid_hours);
    r.carers_per_client = ratio(
        carers.values().map(|c| c.len() as f64).sum(),
        carers.len() as f64,
    );
    r.max_carers_per_client = carers.values().map(BTreeSet::len).max().unwrap_or(0);
    let c = &set.costs;
    r.cost = own_paid * c.staff_per_hour
        + r.temp_hours * c.temp_per_hour
        + r.overtime_hours * c.overtime_per_hour;
    r
}

/// Visits (two-carer once) of team `t` on plan day `day`.
fn visits_of(s: &Scenario, t: &TeamOut, day: usize, weekdays: &[usize]) -> usize {
    let wd = weekdays.get(day).copied().unwrap_or(0);
    s.clients
        .iter()
        .filter(|c| t.clients.contains(&c.id))
        .map(|c| c.visits_on(wd).count())
        .sum()
}

pub(crate) fn compute(s: &Scenario, out: &PlanOutput, params: &PlanParams) -> Kpis {
    let weekdays: Vec<usize> = out
        .weekdays
        .iter()
        .map(|w| crate::scenario::weekday_index(w).unwrap_or(0))
        .collect();
    let teams: Vec<KpiRow> = out
        .teams
        .iter()
        .map(|t| team_row(s, t, &weekdays))
        .collect();
    let mut total = KpiRow {
        team: "all".into(),
        ..KpiRow::default()
    };
    let mut ft_num = 0.0;
    let mut ft_den = 0.0;
    let mut own_paid = 0.0;
    for (t, r) in out.teams.iter().zip(&teams) {
        total.clients += r.clients;
        total.visits_planned += r.visits_planned;
        total.visits_total += r.visits_total;
        total.paid_hours += r.paid_hours;
        total.face_to_face_hours += r.face_to_face_hours;
        total.travel_hours += r.travel_hours;
        total.waiting_hours += r.waiting_hours;
        total.distance_km += r.distance_km;
        total.temp_hours += r.temp_hours;
        total.overtime_hours += r.overtime_hours;
        total.late_minutes += r.late_minutes;
        total.cost += r.cost;
        total.max_carers_per_client = total.max_carers_per_client.max(r.max_carers_per_client);
        total.carers_per_client += r.carers_per_client * r.clients as f64;
        let working = t.roster.weekends_worked.len() as f64;
        ft_num += r.full_time_share * working;
        ft_den += working;
        own_paid += r.paid_hours - r.temp_hours;
    }
    total.carers_per_client = ratio(total.carers_per_client, total.clients as f64);
    total.ata_share = ratio(total.face_to_face_hours, total.paid_hours);
    total.travel_share = ratio(total.travel_hours, total.paid_hours);
    total.full_time_share = ratio(ft_num, ft_den);
    // Equity: face-to-face minutes per allotted hour by team and need.
    let need_of: BTreeMap<&str, Need> = s.clients.iter().map(|c| (c.id.as_str(), c.need)).collect();
    let mut equity = Vec::new();
    let mut all: BTreeMap<Need, (BTreeSet<&str>, f64, f64)> = BTreeMap::new();
    for t in &out.teams {
        let mut by: BTreeMap<Need, (BTreeSet<&str>, f64, f64)> = BTreeMap::new();
        for c in s.clients.iter().filter(|c| t.clients.contains(&c.id)) {
            let allotted: f64 = t
                .days
                .iter()
                .map(|d| {
                    let wd = weekdays.get(d.day).copied().unwrap_or(0);
                    c.visits_on(wd)
                        .map(|v| f64::from(v.duration) * f64::from(v.carers) / 60.0)
                        .sum::<f64>()
                })
                .sum();
            let e = by.entry(c.need).or_default();
            e.0.insert(c.id.as_str());
            e.1 += allotted;
        }
        for d in &t.days {
            for r in &d.routes {
                for st in &r.stops {
                    if let Some(&n) = need_of.get(st.client.as_str()) {
                        by.entry(n).or_default().2 += (st.end - st.start) as f64 / 60.0;
                    }
                }
            }
        }
        for (need, (clients, allotted, f2f)) in by {
            let a = all.entry(need).or_default();
            a.0.extend(clients.iter().copied());
            a.1 += allotted;
            a.2 += f2f;
            equity.push(EquityRow {
                team: t.id.clone(),
                need: need.name().into(),
                clients: clients.len(),
                allotted_hours: allotted,
                face_to_face_minutes: f2f,
                minutes_per_allotted_hour: ratio(f2f, allotted),
            });
        }
    }
    for (need, (clients, allotted, f2f)) in all {
        equity.push(EquityRow {
            team: "all".into(),
            need: need.name().into(),
            clients: clients.len(),
            allotted_hours: allotted,
            face_to_face_minutes: f2f,
            minutes_per_allotted_hour: ratio(f2f, allotted),
        });
    }
    let c = &s.settings.costs;
    let staff_cost = own_paid * c.staff_per_hour;
    let temp_cost = total.temp_hours * c.temp_per_hour;
    let overtime_cost = total.overtime_hours * c.overtime_per_hour;
    let sum = staff_cost + temp_cost + overtime_cost;
    let frame = c.budget_per_day.map(|b| b * params.days as f64);
    Kpis {
        total,
        teams,
        equity,
        budget: Budget {
            staff_cost,
            temp_cost,
            overtime_cost,
            total: sum,
            frame,
            margin: frame.map(|f| f - sum),
            staff_per_hour: c.staff_per_hour,
            temp_per_hour: c.temp_per_hour,
            overtime_per_hour: c.overtime_per_hour,
        },
    }
}
