//! The independent plan checker (`plan::check`) and the plan file (`io::plan_json`).
//!
//! Hand-built instances with the expected values worked out in comments, one plan per
//! violation kind that breaks exactly that rule, then the published best-known VRPTW solutions
//! (skipped when `../shared/data/vrptw` is absent).

mod common;

use std::path::Path;

use tillit::io::plan_json::{parse_plan_json, plan_to_json};
use tillit::io::vrplib::{read_sol, read_vrplib};
use tillit::model::{
    Carer, Instance, InstanceParts, Link, LocIdx, Matrix, Objective, SkillSet, TimeWindow, Units,
    Visit, VisitIdx,
};
use tillit::plan::{Evaluation, Plan, Route, Stop, Unassigned, ViolationKind, check};

/// Travel durations between the 4 locations (0 = office, 1, 2, 3 = clients a, b, c).
#[rustfmt::skip]
const DURATIONS: [i64; 16] = [
    //  0   1   2   3
        0, 10, 20, 15, // 0
       10,  0, 12, 25, // 1
       20, 12,  0,  8, // 2
       15, 25,  8,  0, // 3
];

/// The tiny instance every hand-built test uses. Distances are 100 × durations, so distance
/// sums are recognisable.
///
/// - visit "a" at 1: 30 ticks, windows [0, 50] and [200, 300], demand 2;
/// - visit "b" at 2: 20 ticks, window [60, 120], demand 3, needs skill "insulin";
/// - visit "c" at 3: 10 ticks, window [0, 1000], demand 4;
/// - carer "anna": office → office, shift [0, 500], capacity 10, has "insulin";
/// - carer "bo": office → office, shift [100, 400], capacity 5, no skill.
fn parts() -> InstanceParts {
    let visit = |id: &str, loc, duration, windows: &[(i64, i64)], demand, skills| Visit {
        id: id.into(),
        location: LocIdx(loc),
        duration,
        windows: windows
            .iter()
            .map(|&(s, e)| TimeWindow::new(s, e))
            .collect(),
        demand,
        skills: SkillSet(skills),
        carer_durations: Vec::new(),
        late_allowed: false,
        service: None,
        ..Visit::default()
    };
    let carer = |id: &str, shift: (i64, i64), capacity, skills| Carer {
        id: id.into(),
        start: LocIdx(0),
        end: LocIdx(0),
        shift: TimeWindow::new(shift.0, shift.1),
        capacity: Some(capacity),
        skills: SkillSet(skills),
        matrix: 0,
        ..Carer::default()
    };
    InstanceParts {
        name: "tiny".into(),
        visits: vec![
            visit("a", 1, 30, &[(0, 50), (200, 300)], 2, 0),
            visit("b", 2, 20, &[(60, 120)], 3, 1),
            visit("c", 3, 10, &[(0, 1000)], 4, 0),
        ],
        carers: vec![
            carer("anna", (0, 500), 10, 1),
            carer("bo", (100, 400), 5, 0),
        ],
        matrices: vec![Matrix {
            n: 4,
            durations: DURATIONS.to_vec(),
            distances: DURATIONS.iter().map(|d| d * 100).collect(),
        }],
        skills: vec!["insulin".into()],
        units: Units::default(),
        ..InstanceParts::default()
    }
}

fn tiny() -> Instance {
    Instance::new(parts()).expect("the tiny instance is valid")
}

fn stop(visit: &str, start: i64, end: i64) -> Stop {
    Stop {
        visit: visit.into(),
        start,
        end,
    }
}

fn route(carer: &str, stops: Vec<Stop>) -> Route {
    Route {
        carer: carer.into(),
        stops,
        breaks: Vec::new(),
    }
}

fn unassigned(visit: &str) -> Unassigned {
    Unassigned {
        visit: visit.into(),
        reason: "shift_capacity".into(),
        detail: String::new(),
    }
}

/// anna: office → a [10, 40] → b [60, 80] → office; bo: office → c [150, 160] → office.
fn valid_plan() -> Plan {
    Plan {
        routes: vec![
            route("anna", vec![stop("a", 10, 40), stop("b", 60, 80)]),
            route("bo", vec![stop("c", 150, 160)]),
        ],
        unassigned: vec![],
    }
}

/// Asserts that `plan` breaks exactly one rule, of `kind`, on `route` at `visit`.
fn expect_one(plan: &Plan, kind: ViolationKind, route: Option<&str>, visit: Option<&str>) {
    let report = check(&tiny(), plan);
    let got: Vec<String> = report.violations.iter().map(|v| v.to_string()).collect();
    assert_eq!(report.violations.len(), 1, "violations: {got:#?}");
    let v = &report.violations[0];
    assert_eq!(v.kind, kind, "{v}");
    assert_eq!(v.route.as_deref(), route, "{v}");
    assert_eq!(v.visit.as_deref(), visit, "{v}");
}

#[test]
fn valid_plan_passes_with_exact_evaluation() {
    let report = check(&tiny(), &valid_plan());
    assert!(report.is_feasible(), "{:#?}", report.violations);
    // anna: departs at max(0, 10 − 10) = 0, reaches a at 10 (window [0, 50]), a ends at 40;
    //       b is ready at 40 + 12 = 52, starts at 60: waits 8; ends 80; back at 80 + 20 = 100.
    //       travel 10 + 12 + 20 = 42, route time 100 − 0 = 100.
    // bo:   departs at max(100, 150 − 15) = 135, c [150, 160], back at 175.
    //       travel 15 + 15 = 30, route time 175 − 135 = 40.
    // Check: travel 72 + service 60 + waiting 8 = route time 140.
    assert_eq!(
        report.evaluation,
        Evaluation {
            distance: 7200,
            travel_time: 72,
            service_time: 60,
            waiting: 8,
            routes_used: 2,
            unassigned: 0,
            route_time: 140,
            lateness: 0,
            max_lateness: 0,
            // anna's shift 500 + bo's 300; each visit is its own client, seen by one carer.
            paid_time: 800,
            clients: 3,
            client_carers: 3,
            max_carers_per_client: 1,
            // Route times 100 and 40.
            route_time_spread: 60,
            ..Evaluation::default()
        }
    );
}

#[test]
fn second_window_and_unassigned_and_empty_route() {
    // bo:   departs at max(100, 200 − 10) = 190, a in its second window [200, 230], back 240.
    // anna: departs at max(0, 60 − 20) = 40, b [60, 80], c ready 80 + 8 = 88, [88, 98],
    //       back at 98 + 15 = 113.
    // travel 10 + 10 + 20 + 8 + 15 = 63; route time 50 + 73 = 123 = 63 + service 60 + 0.
    let plan = Plan {
        routes: vec![
            route("bo", vec![stop("a", 200, 230)]),
            route("anna", vec![stop("b", 60, 80), stop("c", 88, 98)]),
        ],
        unassigned: vec![],
    };
    let report = check(&tiny(), &plan);
    assert!(report.is_feasible(), "{:#?}", report.violations);
    assert_eq!(
        report.evaluation,
        Evaluation {
            distance: 6300,
            travel_time: 63,
            service_time: 60,
            waiting: 0,
            routes_used: 2,
            unassigned: 0,
            route_time: 123,
            lateness: 0,
            max_lateness: 0,
            paid_time: 800,
            clients: 3,
            client_carers: 3,
            max_carers_per_client: 1,
            // Route times 50 (bo) and 73 (anna).
            route_time_spread: 23,
            ..Evaluation::default()
        }
    );

    // c listed unassigned and bo's route empty: only anna's a → b counts. (Leaving c out is
    // an avoidable omission: bo is free and could do it alone, office → c at 115 → back at
    // 140, inside the shift; the evaluation is the same.)
    let plan = Plan {
        routes: vec![
            route("anna", vec![stop("a", 10, 40), stop("b", 60, 80)]),
            route("bo", vec![]),
        ],
        unassigned: vec![unassigned("c")],
    };
    let report = check(&tiny(), &plan);
    let kinds: Vec<(ViolationKind, Option<&str>)> = report
        .violations
        .iter()
        .map(|v| (v.kind, v.visit.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [(ViolationKind::AvoidableOmission, Some("c"))],
        "{:#?}",
        report.violations
    );
    assert!(report.violations[0].detail.contains("\"bo\""));
    assert_eq!(
        report.evaluation,
        Evaluation {
            distance: 4200,
            travel_time: 42,
            service_time: 50,
            waiting: 8,
            routes_used: 1,
            unassigned: 1,
            route_time: 100,
            lateness: 0,
            max_lateness: 0,
            // Only anna's route is used; c (mandatory) is left out and seen by no carer.
            mandatory_unassigned: 1,
            paid_time: 500,
            clients: 3,
            client_carers: 2,
            max_carers_per_client: 1,
            ..Evaluation::default()
        }
    );
}

#[test]
fn unknown_carer() {
    let mut plan = valid_plan();
    plan.routes.push(route("zed", vec![]));
    expect_one(&plan, ViolationKind::UnknownCarer, Some("zed"), None);
}

#[test]
fn carer_used_twice() {
    let mut plan = valid_plan();
    plan.routes.push(route("bo", vec![]));
    expect_one(&plan, ViolationKind::CarerUsedTwice, Some("bo"), None);
}

#[test]
fn unknown_visit_in_route_and_in_unassigned() {
    let mut plan = valid_plan();
    // Skipped for timing: bo still goes c → office.
    plan.routes[1].stops.push(stop("x", 170, 180));
    expect_one(&plan, ViolationKind::UnknownVisit, Some("bo"), Some("x"));

    let mut plan = valid_plan();
    plan.unassigned.push(unassigned("y"));
    expect_one(&plan, ViolationKind::UnknownVisit, None, Some("y"));
}

#[test]
fn visit_twice() {
    // Routed and unassigned.
    let mut plan = valid_plan();
    plan.unassigned.push(unassigned("c"));
    expect_one(&plan, ViolationKind::VisitTwice, None, Some("c"));

    // Routed twice: anna does a again after b: ready 80 + 12 = 92, waits for a's second
    // window, [200, 230], back at 240; demand 2 + 3 + 2 = 7 ≤ 10.
    let mut plan = valid_plan();
    plan.routes[0].stops.push(stop("a", 200, 230));
    expect_one(&plan, ViolationKind::VisitTwice, Some("anna"), Some("a"));
}

#[test]
fn visit_missing() {
    let mut plan = valid_plan();
    plan.routes[1].stops.clear();
    expect_one(&plan, ViolationKind::VisitMissing, None, Some("c"));
}

#[test]
fn time_window() {
    // a at 60 is between its windows [0, 50] and [200, 300]; b then starts at
    // 60 + 30 + 12 = 102, inside [60, 120], and anna is back at 122 + 20 = 142.
    let mut plan = valid_plan();
    plan.routes[0].stops = vec![stop("a", 60, 90), stop("b", 102, 122)];
    expect_one(&plan, ViolationKind::TimeWindow, Some("anna"), Some("a"));
}

#[test]
fn shift_start() {
    // c at 105 means leaving at 105 − 15 = 90, before bo's shift starts at 100.
    let mut plan = valid_plan();
    plan.routes[1].stops = vec![stop("c", 105, 115)];
    expect_one(&plan, ViolationKind::ShiftStart, Some("bo"), Some("c"));
}

#[test]
fn shift_end() {
    // c [380, 390], back at 390 + 15 = 405 > 400.
    let mut plan = valid_plan();
    plan.routes[1].stops = vec![stop("c", 380, 390)];
    expect_one(&plan, ViolationKind::ShiftEnd, Some("bo"), None);
}

#[test]
fn travel() {
    // anna: a [10, 40], b [60, 80], c ready at 80 + 8 = 88 but starts at 85.
    let mut plan = valid_plan();
    plan.routes[0].stops.push(stop("c", 85, 95));
    plan.routes[1].stops.clear();
    expect_one(&plan, ViolationKind::Travel, Some("anna"), Some("c"));
}

#[test]
fn duration() {
    // a takes 30 ticks, not 31; b is still reachable (41 + 12 = 53 ≤ 60).
    let mut plan = valid_plan();
    plan.routes[0].stops[0].end = 41;
    expect_one(&plan, ViolationKind::Duration, Some("anna"), Some("a"));
}

#[test]
fn skill() {
    // bo does b (needs insulin): departs 100, b [120, 140], back 160.
    // anna: a [10, 40], c ready 40 + 25 = 65, [65, 75], back 90.
    let plan = Plan {
        routes: vec![
            route("anna", vec![stop("a", 10, 40), stop("c", 65, 75)]),
            route("bo", vec![stop("b", 120, 140)]),
        ],
        unassigned: vec![],
    };
    expect_one(&plan, ViolationKind::Skill, Some("bo"), Some("b"));
    let report = check(&tiny(), &plan);
    assert!(report.violations[0].to_string().contains("insulin"));
}

#[test]
fn capacity() {
    // bo: a [200, 230] (second window), c ready 230 + 25 = 255, [255, 265], back 280;
    // demand 2 + 4 = 6 > 5. anna: b [60, 80].
    let plan = Plan {
        routes: vec![
            route("bo", vec![stop("a", 200, 230), stop("c", 255, 265)]),
            route("anna", vec![stop("b", 60, 80)]),
        ],
        unassigned: vec![],
    };
    expect_one(&plan, ViolationKind::Capacity, Some("bo"), None);
}

/// Home-care rules on the tiny instance: per-carer durations, soft window ends with lateness
/// and its weighted cost, and linked visits (gap and two different carers).
fn home_care() -> Instance {
    let mut p = parts();
    // Visit c takes 10 ticks with anna and 25 with bo; its window [0, 1000] becomes [0, 140]
    // with a soft end.
    p.visits[2].carer_durations = vec![10, 25];
    p.visits[2].windows = vec![TimeWindow::new(0, 140)];
    p.visits[2].late_allowed = true;
    // b must start 90..=100 ticks after a starts, by another carer.
    p.links = vec![Link {
        first: VisitIdx(0),
        second: VisitIdx(1),
        min_gap: 90,
        max_gap: 100,
    }];
    // bo gets the insulin skill, room for b and c, and a shift from 80.
    p.carers[1].skills = SkillSet(1);
    p.carers[1].capacity = Some(10);
    p.carers[1].shift = TimeWindow::new(80, 400);
    p.objective = Objective {
        distance: 0.5,
        lateness: 2.0,
        max_lateness: 1.0,
        ..Objective::default()
    };
    Instance::new(p).expect("valid home-care instance")
}

#[test]
fn carer_dependent_duration_and_lateness() {
    let inst = home_care();
    // bo does c from 150 (10 late) to 175 (25 ticks with bo); a and b unassigned together.
    let plan = Plan {
        routes: vec![route("bo", vec![stop("c", 150, 175)])],
        unassigned: vec![unassigned("a"), unassigned("b")],
    };
    let report = check(&inst, &plan);
    assert!(report.is_feasible(), "{:#?}", report.violations);
    let ev = report.evaluation;
    assert_eq!(
        (ev.lateness, ev.max_lateness, ev.service_time),
        (10, 10, 25)
    );
    // bo: departs 135, office → c 15 + back 15 = 30 ticks = 3000 distance units.
    // cost = 0.5 × 3000 + 2 × 10 + 1 × 10 = 1530.
    assert_eq!(ev.distance, 3000);
    assert!((ev.cost(&inst) - 1530.0).abs() < 1e-9, "{}", ev.cost(&inst));
    // With anna's 10 ticks it is a duration violation for bo.
    let wrong = Plan {
        routes: vec![route("bo", vec![stop("c", 150, 160)])],
        unassigned: vec![unassigned("a"), unassigned("b")],
    };
    let report = check(&inst, &wrong);
    assert_eq!(report.violations.len(), 1, "{:#?}", report.violations);
    assert_eq!(report.violations[0].kind, ViolationKind::Duration);
    // Starting before the window opens is still a violation, soft end or not.
    let mut p = parts();
    p.visits[2].windows = vec![TimeWindow::new(200, 300)];
    p.visits[2].late_allowed = true;
    let early = Instance::new(p).expect("valid");
    let report = check(
        &early,
        &Plan {
            routes: vec![
                route("anna", vec![stop("a", 10, 40), stop("b", 60, 80)]),
                route("bo", vec![stop("c", 150, 160)]),
            ],
            unassigned: vec![],
        },
    );
    assert_eq!(report.violations.len(), 1, "{:#?}", report.violations);
    assert_eq!(report.violations[0].kind, ViolationKind::TimeWindow);
}

#[test]
fn linked_visits() {
    let inst = home_care();
    let kinds = |plan: &Plan| -> Vec<ViolationKind> {
        check(&inst, plan)
            .violations
            .iter()
            .map(|v| v.kind)
            .collect()
    };
    // a by anna at 20, b by bo at 115 (bo leaves at 95): gap 95, two carers — fine.
    let ok = Plan {
        routes: vec![
            route("anna", vec![stop("a", 20, 50)]),
            route("bo", vec![stop("b", 115, 135), stop("c", 150, 175)]),
        ],
        unassigned: vec![],
    };
    assert_eq!(kinds(&ok), vec![]);
    // Gap 105 > 100.
    let late = Plan {
        routes: vec![
            route("anna", vec![stop("a", 10, 40)]),
            route("bo", vec![stop("b", 115, 135), stop("c", 150, 175)]),
        ],
        unassigned: vec![],
    };
    assert_eq!(kinds(&late), vec![ViolationKind::Link]);
    // Both by anna (gap 95): same carer.
    let same = Plan {
        routes: vec![
            route("anna", vec![stop("a", 10, 40), stop("b", 105, 125)]),
            route("bo", vec![stop("c", 150, 175)]),
        ],
        unassigned: vec![],
    };
    assert_eq!(kinds(&same), vec![ViolationKind::LinkSameCarer]);
    // Only a routed (and c, unlinked, left out although bo is free and could do it alone).
    let alone = Plan {
        routes: vec![route("anna", vec![stop("a", 10, 40)])],
        unassigned: vec![unassigned("b"), unassigned("c")],
    };
    assert_eq!(
        kinds(&alone),
        vec![ViolationKind::Link, ViolationKind::AvoidableOmission]
    );
}

#[test]
fn display_is_one_sentence_naming_route_and_visit() {
    let mut plan = valid_plan();
    plan.routes[0].stops[0].end = 41;
    let report = check(&tiny(), &plan);
    let text = report.violations[0].to_string();
    assert!(!text.contains('\n'), "{text}");
    assert!(
        text.contains("\"anna\"") && text.contains("\"a\""),
        "{text}"
    );
    assert!(text.contains("31") && text.contains("30"), "{text}");
}

#[test]
fn plan_json_round_trip_in_tenths() {
    // With 10 ticks per unit, 15 ticks are written as 1.5 and read back as 15.
    let mut p = parts();
    p.units = Units {
        ticks_per_unit: 10,
        distance_per_unit: 10,
        unit_name: "file units".into(),
    };
    let inst = Instance::new(p).expect("valid");
    let mut plan = valid_plan();
    plan.unassigned.push(Unassigned {
        visit: "zzz".into(),
        reason: "skill".into(),
        detail: "quotes \" and\nnewlines survive".into(),
    });
    let report = check(&inst, &plan);
    let text = plan_to_json(&inst, &plan, &report, "feasible", Some(7));
    assert!(
        text.contains("\"start\": 1,") && text.contains("\"end\": 4\n"),
        "{text}"
    );
    assert!(text.contains("\"start\": 15,"), "{text}");
    assert!(text.contains("\"waiting\": 0.8"), "{text}");
    assert!(text.contains("\"distance\": 720"), "{text}");
    assert!(text.contains("\"seed\": 7"), "{text}");
    let back = parse_plan_json(Path::new("plan.json"), &text, inst.units()).expect("reads back");
    assert_eq!(back, plan);

    // Source-unit floats: 1.5 units = 15 ticks; 1.55 units is not a whole tick.
    let text = r#"{"routes":[{"carer":"bo","stops":[{"visit":"c","start":15.0,"end":16}]}],
                   "unassigned":[],"objective":{},"status":"x"}"#;
    let back = parse_plan_json(Path::new("p.json"), text, inst.units()).expect("reads");
    assert_eq!(back.routes[0].stops[0], stop("c", 150, 160));
    let text = text.replace("15.0", "15.05");
    let err = parse_plan_json(Path::new("p.json"), &text, inst.units()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("route \"bo\" stop 1") && msg.contains("`start`"),
        "{msg}"
    );
}

/// Earliest-start schedule of one `.sol` route: leave at the shift start, start each visit as
/// soon as it is reached, waiting for its next window if early.
fn schedule(inst: &Instance, carer: &str, visits: &[String]) -> Route {
    let ci = inst.carer_by_id(carer).expect("the fleet is large enough");
    let c = inst.carer(ci);
    let m = inst.matrix_of(ci);
    let (mut loc, mut t) = (c.start, c.shift.start);
    let mut stops = Vec::with_capacity(visits.len());
    for id in visits {
        let v = inst.visit(inst.visit_by_id(id).expect("sol names a known customer"));
        let ready = t + m.duration(loc, v.location);
        let start = v
            .windows
            .iter()
            .find(|w| w.end >= ready)
            .map_or(ready, |w| ready.max(w.start));
        stops.push(stop(id, start, start + v.duration));
        loc = v.location;
        t = start + v.duration;
    }
    Route {
        carer: carer.into(),
        stops,
        breaks: Vec::new(),
    }
}

#[test]
fn best_known_vrptw_solutions_pass_with_their_distance() {
    let root = common::shared_data().join("vrptw");
    let root = root.as_path();
    if !root.is_dir() {
        eprintln!(
            "SKIP best-known VRPTW solutions: {} not found",
            root.display()
        );
        return;
    }
    let bks_text = std::fs::read_to_string(root.join("bks.csv")).expect("bks.csv");
    let mut lines = bks_text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (c_name, c_dist) = (col("instance"), col("bks_dimacs_distance"));
    let bks: std::collections::HashMap<String, f64> = lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[c_name].to_string(), f[c_dist].parse().expect("distance"))
        })
        .collect();

    let mut checked = 0;
    let mut failures = Vec::new();
    for dir in ["solomon", "gh200", "gh400"] {
        let mut sols: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "sol"))
            .collect();
        sols.sort();
        for sol_path in sols {
            let name = sol_path
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            let parts = read_vrplib(&sol_path.with_extension("vrp")).expect("instance reads");
            let inst = Instance::new(parts).expect("instance is valid");
            let sol = read_sol(&sol_path).expect("solution reads");
            let plan = Plan {
                routes: sol
                    .routes
                    .iter()
                    .enumerate()
                    .map(|(k, r)| schedule(&inst, &(k + 1).to_string(), r))
                    .collect(),
                unassigned: vec![],
            };
            let report = check(&inst, &plan);
            if name == "C101" {
                // Control: the same routes driven backwards miss C101's tight windows.
                let mut reversed = plan.clone();
                for (k, r) in sol.routes.iter().enumerate() {
                    let back: Vec<String> = r.iter().rev().cloned().collect();
                    reversed.routes[k] = schedule(&inst, &(k + 1).to_string(), &back);
                }
                let bad = check(&inst, &reversed);
                assert!(
                    bad.violations
                        .iter()
                        .any(|v| v.kind == ViolationKind::TimeWindow),
                    "reversed C101 routes should break time windows"
                );
            }
            let expected = (bks[&name] * 10.0).round() as i64;
            checked += 1;
            if !report.is_feasible() || report.evaluation.distance != expected {
                failures.push(format!(
                    "{name}: distance {} (expected {expected}), {} violations, first: {:?}",
                    report.evaluation.distance,
                    report.violations.len(),
                    report.violations.first().map(|v| v.to_string())
                ));
            }
        }
    }
    eprintln!("checked {checked} best-known solutions");
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(checked, bks.len(), "every bks.csv row has a .sol file");
}

/// Issue 18: a plan with no routes and every visit unassigned with a made-up reason was called
/// feasible (and cheaper than the real plan). Unknown reason codes and mandatory visits a free
/// carer could do alone are violations.
#[test]
fn bogus_reasons_and_avoidable_omissions_are_violations() {
    let inst = tiny();
    let all_out = |reason: &str| Plan {
        routes: vec![],
        unassigned: ["a", "b", "c"]
            .iter()
            .map(|v| Unassigned {
                visit: (*v).into(),
                reason: reason.into(),
                detail: String::new(),
            })
            .collect(),
    };
    let count = |plan: &Plan, kind: ViolationKind| {
        check(&inst, plan)
            .violations
            .iter()
            .filter(|v| v.kind == kind)
            .count()
    };
    let bogus = all_out("bogus_reason");
    let report = check(&inst, &bogus);
    assert!(!report.is_feasible());
    assert_eq!(count(&bogus, ViolationKind::UnknownReason), 3);
    let unknown = report
        .violations
        .iter()
        .find(|v| v.kind == ViolationKind::UnknownReason)
        .expect("unknown reason");
    assert!(unknown.to_string().contains("bogus_reason"), "{unknown}");
    // anna alone: a at 10 (back at 50), b at 60 (back at 100), c at 15 (back at 40); all
    // inside her shift [0, 500]: every omission is avoidable.
    assert_eq!(count(&bogus, ViolationKind::AvoidableOmission), 3);
    // A known code does not excuse an avoidable omission.
    let coded = all_out("time_window");
    assert_eq!(count(&coded, ViolationKind::UnknownReason), 0);
    assert_eq!(count(&coded, ViolationKind::AvoidableOmission), 3);
    // Every reason the planners write is known.
    for code in tillit::plan::check::REASONS {
        assert_eq!(
            count(&all_out(code), ViolationKind::UnknownReason),
            0,
            "{code}"
        );
    }
}

/// A mandatory visit that fits between two stops of a route without moving them is an
/// avoidable omission; one minute less room and it is not (the rule never flags a forced
/// omission).
#[test]
fn an_omission_is_avoidable_only_when_the_plan_has_room() {
    // bo may not do c, so only a gap on anna's route could take it.
    let mut p = parts();
    p.visits[2].forbidden = vec![tillit::model::CarerIdx(1)];
    let inst = Instance::new(p).expect("valid");
    // anna: a [10, 40] → b [b_start, +20]. c between them: ready 40 + 25 = 65, ends 75, then
    // 8 ticks to b: room when b starts at 83 or later.
    let plan = |b_start: i64| Plan {
        routes: vec![route(
            "anna",
            vec![stop("a", 10, 40), stop("b", b_start, b_start + 20)],
        )],
        unassigned: vec![unassigned("c")],
    };
    let report = check(&inst, &plan(83));
    let kinds: Vec<(ViolationKind, Option<&str>, Option<&str>)> = report
        .violations
        .iter()
        .map(|v| (v.kind, v.route.as_deref(), v.visit.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [(ViolationKind::AvoidableOmission, Some("anna"), Some("c"))]
    );
    let report = check(&inst, &plan(82));
    assert!(report.is_feasible(), "{:#?}", report.violations);
    // A break inside the gap closes it (anna gets a rule so that the break itself is fine).
    let mut p = parts();
    p.visits[2].forbidden = vec![tillit::model::CarerIdx(1)];
    p.carers[0].break_rule = Some(tillit::model::BreakRule {
        window: TimeWindow::new(40, 60),
        duration: 5,
        after_work: 1000,
    });
    let inst_break = Instance::new(p).expect("valid");
    assert_eq!(check(&inst_break, &plan(100)).violations.len(), 1);
    let mut with_break = plan(100);
    with_break.routes[0]
        .breaks
        .push(tillit::plan::Break { start: 45, end: 50 });
    let report = check(&inst_break, &with_break);
    assert!(report.is_feasible(), "{:#?}", report.violations);
    // Nobody can reach c in time: leaving it out is forced, not flagged.
    let mut p = parts();
    p.visits[2].windows = vec![TimeWindow::new(0, 5)];
    let inst = Instance::new(p).expect("valid");
    let forced = Plan {
        routes: vec![route("anna", vec![stop("a", 10, 40), stop("b", 60, 80)])],
        unassigned: vec![unassigned("c")],
    };
    let report = check(&inst, &forced);
    assert!(report.is_feasible(), "{:#?}", report.violations);
    // An optional visit may always be dropped.
    let mut p = parts();
    p.visits[2].drop_cost = Some(5.0);
    let inst = Instance::new(p).expect("valid");
    let report = check(
        &inst,
        &Plan {
            routes: vec![route("anna", vec![stop("a", 10, 40), stop("b", 60, 80)])],
            unassigned: vec![unassigned("c")],
        },
    );
    assert!(report.is_feasible(), "{:#?}", report.violations);
}
