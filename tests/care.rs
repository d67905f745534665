//! The home-care planner (`care::solve`) rule by rule, the reason given for every kind of
//! unplanned visit, the checker's home-care rules (one hand-made plan per broken rule), and the
//! home-care fields of the JSON instance format.
//!
//! Instances are small JSON documents on a line of locations: location `i` is `300·i` seconds
//! and `1000·i` metres from location 0 (the office) by car, and `|i − j|` times that between
//! two clients. Every plan the planner makes must pass the independent checker.

mod common;

use std::path::Path;

use serde_json::{Value, json};
use tillit::care::{CareParams, solve};
use tillit::io::instance_json::{InstanceDto, parse_instance_json};
use tillit::model::Instance;
use tillit::plan::{Break, Plan, Report, Route, Stop, ViolationKind, check};
use tillit::route::RunCtx;

const H: i64 = 3600;

/// An `n × n` line matrix with `per` per step.
fn line(n: usize, per: i64) -> Vec<Vec<i64>> {
    (0..n)
        .map(|i| (0..n).map(|j| (i as i64 - j as i64).abs() * per).collect())
        .collect()
}

/// An instance on 6 locations with the given visits and carers (and any further top-level
/// fields).
fn doc(visits: Value, carers: Value) -> Value {
    json!({
        "name": "t",
        "skills": ["medication"],
        "matrix": {"durations": line(6, 300), "distances": line(6, 1000)},
        "profiles": {"bike": {"durations": line(6, 450), "distances": line(6, 1000)}},
        "visits": visits,
        "carers": carers,
    })
}

/// Adds the fields of `extra` (an object) to `base`.
fn with(mut base: Value, extra: Value) -> Value {
    if let (Some(b), Value::Object(e)) = (base.as_object_mut(), extra) {
        b.extend(e);
    }
    base
}

fn visit(id: &str, loc: u32, dur: i64, win: (i64, i64)) -> Value {
    json!({"id": id, "location": loc, "duration": dur, "windows": [[win.0, win.1]]})
}

fn carer(id: &str, shift: (i64, i64)) -> Value {
    json!({"id": id, "start": 0, "end": 0, "shift": [shift.0, shift.1]})
}

fn instance(v: &Value) -> Instance {
    let parts = parse_instance_json(Path::new("t.json"), &v.to_string()).expect("valid JSON");
    Instance::new(parts).expect("valid instance")
}

/// Plans `v` (seed 0, 400 iterations) and checks the plan: it must break no rule.
fn plan(v: &Value) -> (Instance, Plan, Report) {
    let inst = instance(v);
    let ctx = RunCtx {
        seed: 0,
        max_iterations: Some(400),
        threads: 1,
        ..RunCtx::default()
    };
    let sol = solve(&inst, &CareParams::default(), &ctx);
    let report = check(&inst, &sol.plan);
    assert!(
        report.is_feasible(),
        "the checker rejects the planner's plan: {:#?}\n{:#?}",
        report.violations,
        sol.plan
    );
    (inst, sol.plan, report)
}

/// The carer and stop of visit `id` in `plan`.
fn stop_of<'a>(plan: &'a Plan, id: &str) -> Option<(&'a str, &'a Stop)> {
    plan.routes.iter().find_map(|r| {
        r.stops
            .iter()
            .find(|s| s.visit == id)
            .map(|s| (r.carer.as_str(), s))
    })
}

fn carer_of<'a>(plan: &'a Plan, id: &str) -> &'a str {
    stop_of(plan, id).map_or("(unplanned)", |(c, _)| c)
}

fn reason_of(plan: &Plan, id: &str) -> String {
    plan.unassigned
        .iter()
        .find(|u| u.visit == id)
        .map(|u| {
            assert!(!u.detail.is_empty(), "reason {} has no sentence", u.reason);
            u.reason.clone()
        })
        .unwrap_or_else(|| format!("(planned by {})", carer_of(plan, id)))
}

// ---------------------------------------------------------------------------------------------
// The planner honours each rule.

#[test]
fn example_instance_is_planned_completely_and_passes_the_checker() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example_homecare.json");
    let text = std::fs::read_to_string(&path).expect("data/example_homecare.json");
    let v: Value = serde_json::from_str(&text).expect("JSON");
    let (inst, p, report) = plan(&v);
    let ev = report.evaluation;
    assert_eq!(ev.mandatory_unassigned, 0, "{:#?}", p.unassigned);
    // Route time splits exactly into travel, overhead, face-to-face, waiting and breaks.
    assert_eq!(
        ev.route_time,
        ev.travel_time + ev.overhead + ev.service_time + ev.waiting + ev.break_time
    );
    for c in &report.carers {
        assert_eq!(
            c.route_time,
            c.travel_time + c.overhead + c.service_time + c.waiting + c.break_time,
            "{c:?}"
        );
    }
    // The two-carer visit: together, by two different carers.
    let (ca, a) = stop_of(&p, "v3a").expect("v3a planned");
    let (cb, b) = stop_of(&p, "v3b").expect("v3b planned");
    assert_ne!(ca, cb);
    assert_eq!(a.start, b.start);
    // Insulin 15..45 min before breakfast.
    let (_, ins) = stop_of(&p, "v11a").expect("v11a planned");
    let (_, bf) = stop_of(&p, "v11b").expect("v11b planned");
    assert!((900..=2700).contains(&(bf.start - ins.start)));
    // Medication needs the nurse; hfa2 is forbidden at v5.
    for id in ["v1", "v4", "v11a"] {
        assert_eq!(carer_of(&p, id), "nurse1", "{id}");
    }
    assert_ne!(carer_of(&p, "v5"), "hfa2");
    // Every route longer than 5.5 h has its break.
    for (r, c) in p.routes.iter().zip(&report.carers) {
        if c.route_time > 19_800 {
            assert_eq!(r.breaks.len(), 1, "{}", r.carer);
        }
    }
    // Same seed and iterations: the same plan.
    let again = solve(
        &inst,
        &CareParams::default(),
        &RunCtx {
            seed: 0,
            max_iterations: Some(400),
            threads: 1,
            ..RunCtx::default()
        },
    );
    assert_eq!(again.plan, p);
}

#[test]
fn competence_level_decides_who_may_go() {
    // The helper (level 2) is nearer in time (shift starts first) but the visit needs a nurse.
    let v = doc(
        json!([with(
            visit("med", 1, 600, (8 * H, 9 * H)),
            json!({"min_level": 3})
        )]),
        json!([
            with(carer("helper", (7 * H, 15 * H)), json!({"level": 2})),
            with(carer("nurse", (8 * H, 15 * H)), json!({"level": 3})),
        ]),
    );
    let (_, p, _) = plan(&v);
    assert_eq!(carer_of(&p, "med"), "nurse");
    // A level-3 nurse may do a level-1 task.
    let v = doc(
        json!([with(
            visit("easy", 1, 600, (8 * H, 9 * H)),
            json!({"min_level": 1})
        )]),
        json!([with(carer("nurse", (8 * H, 15 * H)), json!({"level": 3}))]),
    );
    let (_, p, _) = plan(&v);
    assert_eq!(carer_of(&p, "easy"), "nurse");
}

#[test]
fn forbidden_and_preferred_carers() {
    let carers = json!([carer("a", (8 * H, 15 * H)), carer("b", (8 * H, 15 * H))]);
    let v = doc(
        json!([
            with(
                visit("x", 1, 600, (8 * H, 9 * H)),
                json!({"forbidden": ["a"]})
            ),
            with(
                visit("y", 2, 600, (8 * H, 9 * H)),
                json!({"forbidden": ["b"]})
            ),
        ]),
        carers.clone(),
    );
    let (_, p, _) = plan(&v);
    assert_eq!(carer_of(&p, "x"), "b");
    assert_eq!(carer_of(&p, "y"), "a");
    // Equal travel for both carers, but y's client prefers b.
    let v = doc(
        json!([with(
            visit("y", 2, 600, (8 * H, 10 * H)),
            json!({"preferred": ["b"]})
        )]),
        carers,
    );
    let (_, p, report) = plan(&v);
    assert_eq!(carer_of(&p, "y"), "b");
    assert_eq!(report.evaluation.preferred_misses, 0);
    // A preference costs 1000 by default, less than b's 6 km longer trip from location 5.
    let v = doc(
        json!([
            visit("x", 1, 600, (8 * H, 9 * H)),
            with(
                visit("y", 1, 600, (8 * H, 10 * H)),
                json!({"preferred": ["b"]})
            ),
        ]),
        json!([
            carer("a", (8 * H, 15 * H)),
            with(carer("b", (8 * H, 15 * H)), json!({"start": 5, "end": 5}))
        ]),
    );
    let (_, p, report) = plan(&v);
    assert_eq!(carer_of(&p, "y"), "a");
    assert_eq!(report.evaluation.preferred_misses, 1);
}

#[test]
fn elastic_duration_turns_waiting_into_face_to_face_time() {
    // a at 8:00 (10 min, may stretch to 20); b opens at 9:00 at the same place.
    let v = doc(
        json!([
            with(
                visit("a", 1, 600, (8 * H, 8 * H)),
                json!({"max_duration": 1200})
            ),
            visit("b", 1, 600, (9 * H, 9 * H)),
        ]),
        json!([carer("c", (7 * H, 15 * H))]),
    );
    let (_, p, report) = plan(&v);
    let (_, a) = stop_of(&p, "a").expect("a planned");
    assert_eq!(a.end - a.start, 1200, "stretched to the top of its band");
    assert_eq!(report.evaluation.service_time, 1800);
}

#[test]
fn break_inside_its_window_on_a_long_shift() {
    let brk = json!({"window": [11 * H, 13 * H], "duration": 1800, "after_work": 19_800});
    let v = doc(
        json!([
            visit("m", 1, 1800, (8 * H, 8 * H)),
            visit("n", 2, 1800, (11 * H, 12 * H)),
            visit("e", 3, 1800, (14 * H, 14 * H)),
        ]),
        json!([with(carer("c", (7 * H, 15 * H)), json!({"break": brk}))]),
    );
    let (_, p, report) = plan(&v);
    let r = &p.routes[0];
    assert_eq!(r.breaks.len(), 1);
    let b = r.breaks[0];
    assert!((11 * H..=13 * H).contains(&b.start) && b.end - b.start >= 1800);
    assert!(report.carers[0].route_time > 19_800);
}

#[test]
fn longest_working_time_and_overtime() {
    // Two visits 6 h apart: with max_work 4 h one carer cannot do both.
    let v = doc(
        json!([
            visit("early", 1, 600, (8 * H, 8 * H)),
            visit("late", 1, 600, (14 * H, 14 * H)),
        ]),
        json!([
            with(carer("a", (7 * H, 16 * H)), json!({"max_work": 4 * H})),
            with(carer("b", (7 * H, 16 * H)), json!({"max_work": 4 * H})),
        ]),
    );
    let (_, p, _) = plan(&v);
    assert_ne!(carer_of(&p, "early"), carer_of(&p, "late"));
    // A visit ending after the shift: planned with priced overtime when allowed, …
    let late = visit("x", 2, 1800, (15 * H, 15 * H));
    let v = doc(
        json!([late.clone()]),
        json!([with(carer("a", (8 * H, 15 * H)), json!({"overtime": H}))]),
    );
    let (_, p, report) = plan(&v);
    assert_eq!(carer_of(&p, "x"), "a");
    // back at 15:00 + 30 min + 600 s of travel
    assert_eq!(report.evaluation.overtime, 1800 + 600);
    // … left out with the reason `shift` when not.
    let v = doc(json!([late]), json!([carer("a", (8 * H, 15 * H))]));
    let (_, p, _) = plan(&v);
    assert_eq!(reason_of(&p, "x"), "shift");
}

#[test]
fn soft_window_end_allows_priced_lateness() {
    // Both visits at 8:00 on opposite sides; one carer: one of them must be late.
    let soft = json!({"late_allowed": true});
    let v = with(
        doc(
            json!([
                with(visit("a", 1, 1800, (8 * H, 8 * H)), soft.clone()),
                with(visit("b", 5, 1800, (8 * H, 8 * H)), soft),
            ]),
            json!([carer("c", (7 * H, 15 * H))]),
        ),
        json!({"objective": {"lateness": 1.0}}),
    );
    let (_, p, report) = plan(&v);
    assert!(p.unassigned.is_empty());
    // a at 8:00, ends 8:30, 4 steps of 300 s to b: 20 min late (or the other way round).
    assert_eq!(report.evaluation.lateness, 1800 + 1200);
    assert_eq!(report.evaluation.max_lateness, 3000);
}

#[test]
fn optional_visit_is_dropped_only_when_cheaper() {
    let far = |cost: f64| {
        doc(
            json!([with(
                visit("social", 5, 1800, (9 * H, 14 * H)),
                json!({"drop_cost": cost})
            )]),
            json!([carer("c", (8 * H, 15 * H))]),
        )
    };
    // Going there costs 10 km = 10 000 distance units.
    let (_, p, report) = plan(&far(5.0));
    assert_eq!(reason_of(&p, "social"), "dropped_optional");
    assert_eq!(report.evaluation.dropped_cost, 5.0);
    assert_eq!(report.evaluation.mandatory_unassigned, 0);
    let (_, p, _) = plan(&far(50_000.0));
    assert_eq!(carer_of(&p, "social"), "c");
}

#[test]
fn continuity_counts_earlier_days() {
    // The client has seen a and b; the limit is 2 carers: c (free earlier) would be a third.
    let v = with(
        doc(
            json!([with(
                visit("x", 1, 600, (8 * H, 9 * H)),
                json!({"client": "kari"})
            )]),
            json!([
                carer("c", (7 * H, 15 * H)),
                carer("b", (8 * H, 15 * H)),
                carer("a", (8 * H, 15 * H)),
            ]),
        ),
        json!({"continuity": {"max_carers": 2, "history": {"kari": ["a", "b"]}}}),
    );
    let (_, p, report) = plan(&v);
    assert!(["a", "b"].contains(&carer_of(&p, "x")));
    assert_eq!(report.evaluation.continuity_excess, 0);
    assert_eq!(report.evaluation.max_carers_per_client, 2);
}

#[test]
fn travel_profile_and_stop_overhead() {
    // bike: 450 s per step; 120 s to get to the door.
    let v = doc(
        json!([visit("x", 2, 600, (8 * H, 12 * H))]),
        json!([with(
            carer("c", (8 * H, 15 * H)),
            json!({"profile": "bike", "stop_overhead": 120})
        )]),
    );
    let (_, p, report) = plan(&v);
    let (_, x) = stop_of(&p, "x").expect("planned");
    assert!(x.start >= 8 * H + 900 + 120);
    let ev = report.evaluation;
    assert_eq!((ev.travel_time, ev.overhead), (1800, 120));
}

#[test]
fn two_carer_visit_starts_together() {
    let v = with(
        doc(
            json!([
                visit("lift1", 3, 1200, (8 * H, 10 * H)),
                visit("lift2", 3, 1200, (8 * H, 10 * H)),
                visit("other", 1, 600, (8 * H, 8 * H)),
            ]),
            json!([carer("a", (8 * H, 15 * H)), carer("b", (8 * H, 15 * H))]),
        ),
        json!({"links": [{"first": "lift1", "second": "lift2"}]}),
    );
    let (_, p, _) = plan(&v);
    let (ca, a) = stop_of(&p, "lift1").expect("planned");
    let (cb, b) = stop_of(&p, "lift2").expect("planned");
    assert_ne!(ca, cb);
    assert_eq!(a.start, b.start);
}

// ---------------------------------------------------------------------------------------------
// Every unplanned visit carries a reason.

#[test]
fn reasons_for_unplanned_visits() {
    let nurse = || with(carer("n", (8 * H, 15 * H)), json!({"level": 2}));
    let case = |visits: Value, carers: Value| plan(&doc(visits, carers)).1;

    let p = case(
        json!([with(
            visit("x", 1, 600, (8 * H, 9 * H)),
            json!({"skills": ["medication"]})
        )]),
        json!([nurse()]),
    );
    assert_eq!(reason_of(&p, "x"), "skill");

    let p = case(
        json!([with(
            visit("x", 1, 600, (8 * H, 9 * H)),
            json!({"min_level": 3})
        )]),
        json!([nurse()]),
    );
    assert_eq!(reason_of(&p, "x"), "competence");

    let p = case(
        json!([with(
            visit("x", 1, 600, (8 * H, 9 * H)),
            json!({"forbidden": ["n"]})
        )]),
        json!([nurse()]),
    );
    assert_eq!(reason_of(&p, "x"), "forbidden_carer");

    let p = case(
        json!([with(
            visit("x", 1, 600, (8 * H, 9 * H)),
            json!({"demand": 5})
        )]),
        json!([with(nurse(), json!({"capacity": 4}))]),
    );
    assert_eq!(reason_of(&p, "x"), "capacity");

    // Closes at 8:03; the office is 5 min away and the shift starts at 8:00.
    let p = case(
        json!([visit("x", 1, 600, (7 * H, 8 * H + 180))]),
        json!([nurse()]),
    );
    assert_eq!(reason_of(&p, "x"), "time_window");

    // Longer than the shift.
    let p = case(
        json!([visit("x", 1, 8 * H, (8 * H, 9 * H))]),
        json!([nurse()]),
    );
    assert_eq!(reason_of(&p, "x"), "shift");

    // 10:00–13:00 at a client covers the whole break window 11:00–11:30.
    let brk = json!({"window": [11 * H, 11 * H + 1800], "duration": 1800, "after_work": 3600});
    let p = case(
        json!([visit("x", 1, 3 * H, (10 * H, 10 * H))]),
        json!([with(nurse(), json!({"break": brk}))]),
    );
    assert_eq!(reason_of(&p, "x"), "break");

    // A two-carer visit with one carer.
    let p = plan(&with(
        doc(
            json!([
                visit("x1", 1, 600, (8 * H, 9 * H)),
                visit("x2", 1, 600, (8 * H, 9 * H))
            ]),
            json!([nurse()]),
        ),
        json!({"links": [{"first": "x1", "second": "x2"}]}),
    ))
    .1;
    assert_eq!(reason_of(&p, "x1"), "missing_sync_partner");
    assert_eq!(reason_of(&p, "x2"), "missing_sync_partner");

    let p = case(
        json!([with(
            visit("x", 5, 600, (8 * H, 14 * H)),
            json!({"drop_cost": 1.0})
        )]),
        json!([nurse()]),
    );
    assert_eq!(reason_of(&p, "x"), "dropped_optional");

    // Two one-hour visits at 8:00 sharp, one carer: each fits alone, not both.
    let p = case(
        json!([
            visit("x", 1, H, (8 * H + 300, 8 * H + 300)),
            visit("y", 1, H, (8 * H + 300, 8 * H + 300))
        ]),
        json!([nurse()]),
    );
    let reasons = [reason_of(&p, "x"), reason_of(&p, "y")];
    assert!(
        reasons.contains(&"shift_capacity".to_string())
            && reasons.iter().any(|r| r.starts_with("(planned")),
        "{reasons:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The checker rejects each broken home-care rule.

/// A one-visit instance: visit "x" at location 1 (10–20 min, 8:00–9:00), carer "c" with level
/// 2, a break rule (30 min starting 11:00–13:00, required after 5.5 h), 1 h of overtime and
/// at most 7 h of work, 60 s of stop overhead; carer "d" forbidden at x.
fn one_visit() -> Instance {
    let brk = json!({"window": [11 * H, 13 * H], "duration": 1800, "after_work": 19_800});
    instance(&doc(
        json!([with(
            visit("x", 1, 600, (8 * H, 9 * H)),
            json!({"max_duration": 1200, "min_level": 2, "forbidden": ["d"], "preferred": ["c"]})
        )]),
        json!([
            with(
                carer("c", (8 * H, 15 * H)),
                json!({"level": 2, "break": brk, "overtime": H, "max_work": 7 * H,
                       "stop_overhead": 60})
            ),
            with(carer("d", (8 * H, 15 * H)), json!({"level": 3})),
            with(carer("e", (8 * H, 15 * H)), json!({"level": 1})),
        ]),
    ))
}

fn one_route(carer: &str, stops: &[(i64, i64)], breaks: &[(i64, i64)]) -> Plan {
    Plan {
        routes: vec![Route {
            carer: carer.into(),
            stops: stops
                .iter()
                .map(|&(start, end)| Stop {
                    visit: "x".into(),
                    start,
                    end,
                })
                .collect(),
            breaks: breaks
                .iter()
                .map(|&(start, end)| Break { start, end })
                .collect(),
        }],
        unassigned: vec![],
    }
}

fn kinds(inst: &Instance, p: &Plan) -> Vec<ViolationKind> {
    check(inst, p).violations.iter().map(|v| v.kind).collect()
}

#[test]
fn checker_home_care_rules() {
    let inst = one_visit();
    let t0 = 8 * H + 360; // 300 s of travel + 60 s of overhead after 8:00
    // Valid: 10 to 20 minutes with carer c.
    for d in [600, 900, 1200] {
        let r = check(&inst, &one_route("c", &[(t0, t0 + d)], &[]));
        assert!(r.is_feasible(), "{d}: {:#?}", r.violations);
        assert_eq!(r.evaluation.service_time, d);
        assert_eq!(r.evaluation.overhead, 60);
        assert_eq!(r.evaluation.route_time, 360 + d + 300);
        assert_eq!(r.evaluation.unused_band, 1200 - d);
    }
    // Outside the elastic band.
    assert_eq!(
        kinds(&inst, &one_route("c", &[(t0, t0 + 1201)], &[])),
        [ViolationKind::Duration]
    );
    assert_eq!(
        kinds(&inst, &one_route("c", &[(t0, t0 + 599)], &[])),
        [ViolationKind::Duration]
    );
    // Stop overhead counts: starting at 8:05 means leaving before the shift.
    assert_eq!(
        kinds(&inst, &one_route("c", &[(8 * H + 300, 8 * H + 900)], &[])),
        [ViolationKind::ShiftStart]
    );
    // d is forbidden (and level 3 is enough); e has level 1 < 2.
    let k = kinds(&inst, &one_route("d", &[(t0 - 60, t0 + 540)], &[]));
    assert_eq!(k, [ViolationKind::ForbiddenCarer]);
    let k = kinds(&inst, &one_route("e", &[(t0 - 60, t0 + 540)], &[]));
    assert_eq!(k, [ViolationKind::Competence]);
    // Preferred miss is counted, not a violation.
    let r = check(&inst, &one_route("e", &[(t0 - 60, t0 + 540)], &[]));
    assert_eq!(r.evaluation.preferred_misses, 1);
}

#[test]
fn checker_breaks_working_time_and_overtime() {
    // The visit at 8:06–8:16 (leaving at 8:00); breaks after it make the day longer: the
    // carer travels back after the break.
    let inst = one_visit();
    let t0 = 8 * H + 360;
    // Break after the visit, inside its window: working time 8:00 → 11:35; fine.
    let ok = one_route("c", &[(t0, t0 + 600)], &[(11 * H, 11 * H + 1800)]);
    assert!(
        check(&inst, &ok).is_feasible(),
        "{:#?}",
        check(&inst, &ok).violations
    );
    // Too short, outside its window, overlapping the visit.
    let short = one_route("c", &[(t0, t0 + 600)], &[(11 * H, 11 * H + 1200)]);
    assert_eq!(kinds(&inst, &short), [ViolationKind::Break]);
    let early = one_route("c", &[(t0, t0 + 600)], &[(10 * H, 10 * H + 1800)]);
    assert_eq!(kinds(&inst, &early), [ViolationKind::Break]);
    let over = one_route("c", &[(t0, t0 + 600)], &[(t0 + 300, t0 + 2100)]);
    assert!(kinds(&inst, &over).contains(&ViolationKind::Break));
    // A break on a carer without a rule (d has none; x forbids d too).
    let d = one_route("d", &[(t0 - 60, t0 + 540)], &[(11 * H, 11 * H + 1800)]);
    let k = kinds(&inst, &d);
    assert!(k.contains(&ViolationKind::Break), "{k:?}");
    // A break at 13:30 misses its window (11:00–13:00) and makes a 6 h 35 min day.
    let missing = one_route("c", &[(t0, t0 + 600)], &[(13 * H + 1800, 14 * H + 1800)]);
    let k = kinds(&inst, &missing);
    // The break itself is outside its window, and the 6.5 h day has no valid break.
    assert_eq!(k, [ViolationKind::Break, ViolationKind::Break], "{k:?}");
    // A long break 12:00–15:25: back at 15:30, within shift end + 1 h (30 min of overtime),
    // but 7 h 30 min of work exceed max_work (7 h).
    let ot = one_route("c", &[(t0, t0 + 600)], &[(12 * H, 15 * H + 1500)]);
    let r = check(&inst, &ot);
    let k: Vec<_> = r.violations.iter().map(|v| v.kind).collect();
    assert_eq!(k, [ViolationKind::WorkingTime], "{:#?}", r.violations);
    assert_eq!(r.evaluation.overtime, 1800);
    // Back after shift end + overtime.
    let too_late = one_route("c", &[(t0, t0 + 600)], &[(12 * H, 16 * H)]);
    let k = kinds(&inst, &too_late);
    assert!(k.contains(&ViolationKind::ShiftEnd), "{k:?}");
}

#[test]
fn checker_continuity_and_cost() {
    // Three visits of one client by three carers, limit 2, one carer seen before.
    let v = with(
        doc(
            json!([
                with(visit("x", 1, 600, (8 * H, 12 * H)), json!({"client": "k"})),
                with(visit("y", 2, 600, (8 * H, 12 * H)), json!({"client": "k"})),
                with(
                    visit("z", 3, 600, (8 * H, 12 * H)),
                    json!({"client": "k", "drop_cost": 7.5})
                ),
            ]),
            json!([carer("a", (8 * H, 15 * H)), carer("b", (8 * H, 15 * H))]),
        ),
        json!({"continuity": {"max_carers": 2, "history": {"k": ["old"]}},
               "objective": {"distance": 0.0, "continuity": 100.0, "balance": 0.5}}),
    );
    let inst = instance(&v);
    let p = Plan {
        routes: vec![
            Route {
                carer: "a".into(),
                stops: vec![Stop {
                    visit: "x".into(),
                    start: 8 * H + 300,
                    end: 8 * H + 900,
                }],
                breaks: vec![],
            },
            Route {
                carer: "b".into(),
                stops: vec![Stop {
                    visit: "y".into(),
                    start: 8 * H + 600,
                    end: 8 * H + 1200,
                }],
                breaks: vec![],
            },
        ],
        unassigned: vec![tillit::plan::Unassigned {
            visit: "z".into(),
            reason: "dropped_optional".into(),
            detail: "test".into(),
        }],
    };
    let r = check(&inst, &p);
    assert!(r.is_feasible(), "{:#?}", r.violations);
    let ev = r.evaluation;
    // old, a, b: 3 carers, one over the limit.
    assert_eq!((ev.clients, ev.max_carers_per_client), (1, 3));
    assert_eq!(ev.continuity_excess, 1);
    assert_eq!(ev.dropped_cost, 7.5);
    // a is out 8:00–8:20, b 8:00–8:30: 600 s of spread; no waiting, no elastic band.
    assert_eq!(ev.route_time_spread, 600);
    assert_eq!((ev.waiting, ev.unused_band), (0, 0));
    assert_eq!(ev.cost(&inst), 100.0 + 7.5 + 0.5 * 600.0);
}

// ---------------------------------------------------------------------------------------------
// The JSON format.

#[test]
fn json_home_care_fields_round_trip_and_errors_name_the_field() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example_homecare.json");
    let text = std::fs::read_to_string(&path).expect("example");
    let parts = parse_instance_json(&path, &text).expect("parses");
    assert_eq!(parts.links.len(), 2);
    assert_eq!(parts.matrices.len(), 2);
    assert!(parts.continuity.is_some());
    let dto = InstanceDto::from_parts(&parts).expect("writable");
    let again = serde_json::to_string(&dto).expect("serialises");
    let back = parse_instance_json(&path, &again).expect("reads back");
    assert_eq!(back, parts);

    let bad = |v: Value| {
        parse_instance_json(Path::new("bad.json"), &v.to_string())
            .expect_err("must be rejected")
            .to_string()
    };
    let v = doc(
        json!([with(
            visit("x", 1, 600, (0, 10)),
            json!({"forbidden": ["nobody"]})
        )]),
        json!([carer("c", (0, 100))]),
    );
    let e = bad(v);
    assert!(
        e.contains("visit \"x\"") && e.contains("forbidden") && e.contains("nobody"),
        "{e}"
    );
    let v = doc(
        json!([visit("x", 1, 600, (0, 10))]),
        json!([with(carer("c", (0, 100)), json!({"profile": "boat"}))]),
    );
    let e = bad(v);
    assert!(e.contains("carer \"c\"") && e.contains("profile"), "{e}");
    let v = with(
        doc(
            json!([visit("x", 1, 600, (0, 10))]),
            json!([carer("c", (0, 100))]),
        ),
        json!({"links": [{"first": "x", "second": "y"}]}),
    );
    let e = bad(v);
    assert!(e.contains("link 1") && e.contains("second"), "{e}");
    let v = doc(
        json!([with(
            visit("x", 1, 600, (0, 10)),
            json!({"max_durration": 5})
        )]),
        json!([carer("c", (0, 100))]),
    );
    let e = bad(v);
    assert!(e.contains("max_durration"), "{e}");
}
