//! The independent roster evaluator (`plan::roster_check`): one hand-built roster with its
//! penalty worked out by hand, then one test per hard rule that breaks exactly that rule, the
//! structural checks, and (when `/work/shared/data/roster` is present) the reader on every
//! Curtois & Qu instance.

use std::collections::BTreeMap;
use std::path::Path;

use tillit::model::roster::{Cover, RosterInstance, ShiftRequest, ShiftType, StaffRules};
use tillit::plan::roster_check::{RosterPlan, RosterViolationKind as K, check_roster};

/// Two weeks (weekends = days 5–6 and 12–13), shifts D (480 min) and L (600 min; D may not
/// follow L), staff A (strict rules, day off 3) and B (lax rules, day off 9).
fn instance() -> RosterInstance {
    RosterInstance {
        name: "tiny".into(),
        horizon: 14,
        shifts: vec![
            ShiftType {
                id: "D".into(),
                minutes: 480,
                cannot_follow: vec![],
            },
            ShiftType {
                id: "L".into(),
                minutes: 600,
                cannot_follow: vec![0],
            },
        ],
        staff: vec![
            StaffRules {
                id: "A".into(),
                max_shifts: vec![10, 2],
                max_total_minutes: 5000,
                min_total_minutes: 960,
                max_consecutive_shifts: 4,
                min_consecutive_shifts: 2,
                min_consecutive_days_off: 2,
                max_weekends: 1,
                days_off: vec![3],
            },
            StaffRules {
                id: "B".into(),
                max_shifts: vec![14, 14],
                max_total_minutes: 10000,
                min_total_minutes: 0,
                max_consecutive_shifts: 14,
                min_consecutive_shifts: 1,
                min_consecutive_days_off: 1,
                max_weekends: 2,
                days_off: vec![9],
            },
        ],
        on_requests: vec![
            ShiftRequest {
                staff: 0,
                day: 0,
                shift: 0,
                weight: 2,
            },
            ShiftRequest {
                staff: 1,
                day: 1,
                shift: 1,
                weight: 3,
            },
        ],
        off_requests: vec![
            ShiftRequest {
                staff: 0,
                day: 4,
                shift: 0,
                weight: 5,
            },
            ShiftRequest {
                staff: 1,
                day: 2,
                shift: 0,
                weight: 7,
            },
        ],
        cover: vec![
            Cover {
                day: 0,
                shift: 0,
                requirement: 2,
                weight_under: 10,
                weight_over: 1,
            },
            Cover {
                day: 5,
                shift: 0,
                requirement: 0,
                weight_under: 10,
                weight_over: 4,
            },
        ],
        rota: Default::default(),
    }
}

/// `"DD..DDD......."` → one entry per character, `.` = off.
fn row(s: &str) -> Vec<String> {
    s.chars()
        .map(|c| {
            if c == '.' {
                String::new()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn plan(rows: &[(&str, &str)]) -> RosterPlan {
    RosterPlan {
        assignments: rows
            .iter()
            .map(|(id, r)| (id.to_string(), row(r)))
            .collect::<BTreeMap<_, _>>(),
    }
}

/// A: works 0–1 and 4–6 (5 × D = 2400 min, one weekend), off run 2–3 (day off 3 respected);
/// B: off every day.
const A_OK: &str = "DD..DDD.......";
const B_OFF: &str = "..............";

fn kinds(inst: &RosterInstance, p: &RosterPlan) -> Vec<K> {
    check_roster(inst, p)
        .violations
        .iter()
        .map(|v| v.kind)
        .collect()
}

#[test]
fn feasible_roster_and_hand_computed_penalty() {
    let inst = instance();
    let report = check_roster(&inst, &plan(&[("A", A_OK), ("B", B_OFF)]));
    assert!(report.is_feasible(), "{:?}", report.violations);
    let ev = report.evaluation;
    // On: A gets D on day 0 (granted, 0); B does not get L on day 1 → 3.
    assert_eq!(ev.on_requests, 3);
    // Off: A works D on day 4 → 5; B is off on day 2 (granted, 0).
    assert_eq!(ev.off_requests, 5);
    // Cover day 0 D: 1 of 2 → 1 × 10.
    assert_eq!(ev.cover_under, 10);
    // Cover day 5 D: 1 over a requirement of 0 → 1 × 4.
    assert_eq!(ev.cover_over, 4);
    assert_eq!(ev.penalty, 22);
}

#[test]
fn soft_terms_respond_one_at_a_time() {
    let inst = instance();
    // B takes L on day 1 (its on-request) — B's run 1..1 is inner but min 1 is fine.
    let ev = check_roster(&inst, &plan(&[("A", A_OK), ("B", ".L............")])).evaluation;
    assert_eq!((ev.on_requests, ev.penalty), (0, 19));
    // B works D on day 2 against its off-request (7).
    let ev = check_roster(&inst, &plan(&[("A", A_OK), ("B", "..D...........")])).evaluation;
    assert_eq!((ev.off_requests, ev.penalty), (5 + 7, 29));
    // B also covers day 0 D: cover met (0 under, 0 over).
    let ev = check_roster(&inst, &plan(&[("A", A_OK), ("B", "D.............")])).evaluation;
    assert_eq!((ev.cover_under, ev.penalty), (0, 12));
    // B also on D on day 5: 2 over → 8.
    let ev = check_roster(&inst, &plan(&[("A", A_OK), ("B", ".....D........")])).evaluation;
    assert_eq!((ev.cover_over, ev.penalty), (8, 26));
}

#[test]
fn day_off() {
    let inst = instance();
    let p = plan(&[("A", A_OK), ("B", ".........D....")]);
    assert_eq!(kinds(&inst, &p), vec![K::DayOff]);
    let v = &check_roster(&inst, &p).violations[0];
    assert_eq!((v.staff.as_str(), v.day), ("B", Some(9)));
}

#[test]
fn succession() {
    let inst = instance();
    // L on day 7 then D on day 8: D may not follow L. D then L is fine.
    assert_eq!(
        kinds(&inst, &plan(&[("A", A_OK), ("B", ".......LD.....")])),
        vec![K::Succession]
    );
    assert!(kinds(&inst, &plan(&[("A", A_OK), ("B", ".......DL.....")])).is_empty());
}

#[test]
fn max_shifts_per_type() {
    let inst = instance();
    // A: three L (max 2); 2 × 480 + 3 × 600 = 2760 minutes, still within limits.
    assert_eq!(
        kinds(&inst, &plan(&[("A", "DD..LLL......."), ("B", B_OFF)])),
        vec![K::MaxShifts]
    );
}

#[test]
fn max_total_minutes() {
    let mut inst = instance();
    inst.staff[0].max_total_minutes = 2399; // A works 2400
    assert_eq!(
        kinds(&inst, &plan(&[("A", A_OK), ("B", B_OFF)])),
        vec![K::MaxMinutes]
    );
    inst.staff[0].max_total_minutes = 2400; // the limit itself is allowed
    assert!(kinds(&inst, &plan(&[("A", A_OK), ("B", B_OFF)])).is_empty());
}

#[test]
fn min_total_minutes() {
    let mut inst = instance();
    inst.staff[0].min_total_minutes = 2401;
    assert_eq!(
        kinds(&inst, &plan(&[("A", A_OK), ("B", B_OFF)])),
        vec![K::MinMinutes]
    );
}

#[test]
fn max_consecutive_shifts() {
    let mut inst = instance();
    inst.staff[0].max_consecutive_shifts = 2; // A's run 4–6 has 3 days
    let r = check_roster(&inst, &plan(&[("A", A_OK), ("B", B_OFF)]));
    assert_eq!(r.violations.len(), 1);
    assert_eq!(
        (r.violations[0].kind, r.violations[0].day),
        (K::MaxConsecutive, Some(4))
    );
    // Runs touching the horizon ends count too: B works all 14 days with a max of 13.
    let mut inst = instance();
    inst.staff[1].max_consecutive_shifts = 13;
    inst.staff[1].days_off.clear();
    assert_eq!(
        kinds(&inst, &plan(&[("A", A_OK), ("B", "DDDDDDDDDDDDDD")])),
        vec![K::MaxConsecutive]
    );
}

#[test]
fn min_consecutive_shifts_exempts_runs_at_the_horizon_ends() {
    let mut inst = instance();
    inst.staff[0].min_consecutive_shifts = 3;
    // Run 0–1 (2 days) touches day 0: exempt. Run 4–6 has 3: fine.
    assert!(kinds(&inst, &plan(&[("A", A_OK), ("B", B_OFF)])).is_empty());
    inst.staff[0].min_consecutive_shifts = 4;
    // Now the inner run 4–6 is too short; the run at the start is still exempt.
    let r = check_roster(&inst, &plan(&[("A", A_OK), ("B", B_OFF)]));
    assert_eq!(r.violations.len(), 1, "{:?}", r.violations);
    assert_eq!(
        (r.violations[0].kind, r.violations[0].day),
        (K::MinConsecutive, Some(4))
    );
    // A run of 1 at the very end is exempt as well (day 13 is a Sunday: allow 2 weekends).
    inst.staff[0].min_consecutive_shifts = 2;
    inst.staff[0].max_weekends = 2;
    assert!(kinds(&inst, &plan(&[("A", "DD..DDD......D"), ("B", B_OFF)])).is_empty());
}

#[test]
fn min_consecutive_days_off_exempts_runs_at_the_horizon_ends() {
    let mut inst = instance();
    inst.staff[0].min_consecutive_days_off = 3;
    // Off run 2–3 (2 days) is inner: too short. Off run 7–13 touches the end: exempt.
    let r = check_roster(&inst, &plan(&[("A", A_OK), ("B", B_OFF)]));
    assert_eq!(r.violations.len(), 1, "{:?}", r.violations);
    assert_eq!(
        (r.violations[0].kind, r.violations[0].day),
        (K::MinDaysOff, Some(2))
    );
    // A single day off at the start is exempt.
    inst.staff[0].min_consecutive_days_off = 2;
    inst.staff[0].days_off.clear();
    assert!(kinds(&inst, &plan(&[("A", ".DDD..DD......"), ("B", B_OFF)])).is_empty());
}

#[test]
fn max_weekends() {
    let mut inst = instance();
    inst.staff[0].max_weekends = 0; // A works Saturday 5 and Sunday 6: one weekend
    assert_eq!(
        kinds(&inst, &plan(&[("A", A_OK), ("B", B_OFF)])),
        vec![K::MaxWeekends]
    );
    // A single weekend day counts as a worked weekend: B works Sunday 6 and Saturday 12 →
    // 2 weekends, one more than a maximum of 1.
    inst.staff[0].max_weekends = 1;
    inst.staff[1].max_weekends = 1;
    let r = check_roster(
        &inst,
        &plan(&[("A", "DD..DD........"), ("B", "......D.....D.")]),
    );
    assert_eq!(
        r.violations.iter().map(|v| v.kind).collect::<Vec<_>>(),
        vec![K::MaxWeekends],
        "{:?}",
        r.violations
    );
    assert!(r.violations[0].detail.contains("2 weekends"));
}

#[test]
fn structural_problems_are_reported_not_assumed_away() {
    let inst = instance();
    // Unknown staff id, and B missing (counted as off every day).
    assert_eq!(
        kinds(&inst, &plan(&[("A", A_OK), ("Z", B_OFF)])),
        vec![K::StaffMissing, K::UnknownStaff]
    );
    // Wrong length.
    assert_eq!(
        kinds(&inst, &plan(&[("A", A_OK), ("B", "....")])),
        vec![K::WrongLength]
    );
    // Unknown shift: reported, and counted as a day off for the penalty.
    let r = check_roster(&inst, &plan(&[("A", A_OK), ("B", "X.............")]));
    assert_eq!(
        r.violations.iter().map(|v| v.kind).collect::<Vec<_>>(),
        vec![K::UnknownShift]
    );
    assert_eq!(r.evaluation.penalty, 22);
}

const DATA: &str = "/work/shared/data/roster/curtois2014";

#[test]
fn reads_every_curtois_instance() {
    let dir = Path::new(DATA);
    if !dir.exists() {
        eprintln!("SKIP: {DATA} not present");
        return;
    }
    // (file, horizon, staff, shift types) from curtois2014_reference_values.csv.
    for (file, h, n, s) in [
        ("Instance1.txt", 14, 8, 1),
        ("Instance2.txt", 14, 14, 2),
        ("Instance4.txt", 28, 10, 2),
        ("Instance7.txt", 28, 20, 3),
        ("Instance11.txt", 28, 50, 6),
        ("Instance23.txt", 364, 100, 16),
    ] {
        let inst = tillit::io::curtois::read_curtois(&dir.join(file)).unwrap();
        assert_eq!(
            (inst.horizon, inst.staff.len(), inst.shifts.len()),
            (h, n, s),
            "{file}"
        );
        // Every (day, shift) has a cover line in this family.
        assert_eq!(inst.cover.len(), h * s, "{file}");
        // The all-off roster is evaluable: penalty = all on-requests + all under-cover.
        let off = RosterPlan {
            assignments: inst
                .staff
                .iter()
                .map(|p| (p.id.clone(), vec![String::new(); h]))
                .collect(),
        };
        let ev = check_roster(&inst, &off).evaluation;
        let on: i64 = inst.on_requests.iter().map(|r| i64::from(r.weight)).sum();
        let under: i64 = inst
            .cover
            .iter()
            .map(|c| i64::from(c.requirement) * i64::from(c.weight_under))
            .sum();
        assert_eq!(ev.penalty, on + under, "{file}");
    }
}
