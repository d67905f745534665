//! The VRPTW solver (`route::solve`), judged by the independent checker (`plan::check`) and,
//! on tiny instances, by a brute-force optimum that shares no code with the solver.
//!
//! The Solomon tests read `../shared/data/vrptw` and skip when it is absent.

mod common;

use std::time::Instant;

use proptest::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tillit::Error;
use tillit::io::vrplib::read_vrplib;
use tillit::model::{
    Carer, Instance, InstanceParts, LocIdx, Matrix, SkillSet, TimeWindow, Units, Visit,
};
use tillit::plan::check;
use tillit::plan::{Plan, Route, Stop};
use tillit::route::{RouteParams, RunCtx, Solution, improve, solve};

fn ctx(seed: u64, iterations: u64) -> RunCtx {
    RunCtx {
        seed,
        max_iterations: Some(iterations),
        threads: 1,
        ..RunCtx::default()
    }
}

/// Asserts the checker accepts the plan and its distance equals the solver's claim.
fn assert_checked(inst: &Instance, sol: &Solution) {
    let report = check(inst, &sol.plan);
    assert!(
        report.is_feasible(),
        "instance {}: violations {:#?}\nplan {:#?}",
        inst.name(),
        report.violations,
        sol.plan
    );
    assert_eq!(report.evaluation.distance, sol.distance, "{}", inst.name());
}

/// A visit description for [`build`]: location index, duration, windows, demand, skills.
struct V(u32, i64, Vec<(i64, i64)>, i64, u64);

/// A carer description for [`build`]: shift, capacity, skills, matrix.
struct C((i64, i64), Option<i64>, u64, usize);

/// An instance on points `pts` (location 0 = office) with Euclidean distances rounded down;
/// matrix 0 has durations = distances, matrix 1 (if asked) durations = 2 × distances.
fn build(name: &str, pts: &[(i64, i64)], visits: Vec<V>, carers: Vec<C>) -> Instance {
    Instance::new(build_parts(name, pts, visits, carers)).expect("test instance is valid")
}

/// The parts of [`build`], before validation.
fn build_parts(name: &str, pts: &[(i64, i64)], visits: Vec<V>, carers: Vec<C>) -> InstanceParts {
    let n = pts.len();
    let mut dist = vec![0; n * n];
    for (i, a) in pts.iter().enumerate() {
        for (j, b) in pts.iter().enumerate() {
            let (dx, dy) = ((a.0 - b.0) as f64, (a.1 - b.1) as f64);
            dist[i * n + j] = (dx * dx + dy * dy).sqrt().floor() as i64;
        }
    }
    let m0 = Matrix {
        n,
        durations: dist.clone(),
        distances: dist.clone(),
    };
    let m1 = Matrix {
        n,
        durations: dist.iter().map(|d| 2 * d).collect(),
        distances: dist,
    };
    InstanceParts {
        name: name.into(),
        visits: visits
            .into_iter()
            .enumerate()
            .map(|(i, V(loc, duration, ws, demand, skills))| Visit {
                id: format!("v{i}"),
                location: LocIdx(loc),
                duration,
                windows: ws.iter().map(|&(s, e)| TimeWindow::new(s, e)).collect(),
                demand,
                skills: SkillSet(skills),
                carer_durations: Vec::new(),
                late_allowed: false,
                service: None,
                ..Visit::default()
            })
            .collect(),
        carers: carers
            .into_iter()
            .enumerate()
            .map(|(i, C(shift, capacity, skills, matrix))| Carer {
                id: format!("c{i}"),
                start: LocIdx(0),
                end: LocIdx(0),
                shift: TimeWindow::new(shift.0, shift.1),
                capacity,
                skills: SkillSet(skills),
                matrix,
                ..Carer::default()
            })
            .collect(),
        matrices: vec![m0, m1],
        skills: vec!["insulin".into(), "lift".into()],
        units: Units::default(),
        ..InstanceParts::default()
    }
}

/// Brute force, independent of the solver: the fewest unserved visits, then the least distance.
mod brute {
    use tillit::model::Instance;

    /// Distance of carer `c` doing `order` with earliest starts, or `None` if infeasible.
    fn route(inst: &Instance, c: usize, order: &[usize]) -> Option<i64> {
        let carer = &inst.carers()[c];
        let m = &inst.matrices()[carer.matrix];
        if order.is_empty() {
            return Some(0);
        }
        let (mut t, mut at, mut dist, mut load) = (carer.shift.start, carer.start, 0, 0);
        for &v in order {
            let visit = &inst.visits()[v];
            if !carer.skills.covers(visit.skills) {
                return None;
            }
            let arrive = t + m.duration(at, visit.location);
            let w = visit.windows.iter().find(|w| arrive <= w.end)?;
            t = arrive.max(w.start) + visit.duration_for(tillit::model::CarerIdx(c as u32));
            dist += m.distance(at, visit.location);
            load += visit.demand;
            at = visit.location;
        }
        let back = t + m.duration(at, carer.end);
        let cap_ok = carer.capacity.is_none_or(|q| load <= q);
        (back <= carer.shift.end && cap_ok).then_some(dist + m.distance(at, carer.end))
    }

    fn best_order(inst: &Instance, c: usize, items: &mut Vec<usize>, k: usize) -> Option<i64> {
        if k == items.len() {
            return route(inst, c, items);
        }
        let mut best: Option<i64> = None;
        for i in k..items.len() {
            items.swap(k, i);
            if let Some(d) = best_order(inst, c, items, k + 1) {
                best = Some(best.map_or(d, |b| b.min(d)));
            }
            items.swap(k, i);
        }
        best
    }

    /// `(unserved, distance)` of an optimal plan.
    pub fn optimum(inst: &Instance) -> (usize, i64) {
        let n = inst.visits().len();
        assert!(n <= 7);
        let full = 1usize << n;
        // per carer, per subset: the best distance.
        let per: Vec<Vec<Option<i64>>> = (0..inst.carers().len())
            .map(|c| {
                (0..full)
                    .map(|mask| {
                        let mut items: Vec<usize> = (0..n).filter(|i| mask >> i & 1 == 1).collect();
                        best_order(inst, c, &mut items, 0)
                    })
                    .collect()
            })
            .collect();
        let mut best = (usize::MAX, i64::MAX);
        let mut stack = vec![(0usize, 0usize, 0i64)]; // (carer, used mask, distance)
        while let Some((c, used, d)) = stack.pop() {
            if c == per.len() {
                let cand = (n - used.count_ones() as usize, d);
                best = best.min(cand);
                continue;
            }
            let free = (full - 1) & !used;
            let mut sub = free;
            loop {
                if let Some(x) = per[c][sub] {
                    stack.push((c + 1, used | sub, d + x));
                }
                if sub == 0 {
                    break;
                }
                sub = (sub - 1) & free;
            }
        }
        best
    }
}

fn served_and_distance(inst: &Instance, sol: &Solution) -> (usize, i64) {
    let report = check(inst, &sol.plan);
    (report.evaluation.unassigned, report.evaluation.distance)
}

/// A random instance with `n` visits and 1–2 carers: windows (sometimes two), skills,
/// capacities, and sometimes a slower travel matrix for the second carer.
fn random_instance(seed: u64, n: usize) -> Instance {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let pts: Vec<(i64, i64)> = (0..=n)
        .map(|_| (rng.random_range(0..100), rng.random_range(0..100)))
        .collect();
    let visits = (0..n)
        .map(|i| {
            let s = rng.random_range(0..400);
            let w = rng.random_range(20..300);
            let mut ws = vec![(s, s + w)];
            if rng.random_bool(0.3) {
                let s2 = s + w + rng.random_range(1..200);
                ws.push((s2, s2 + rng.random_range(0..100)));
            }
            let skills = if rng.random_bool(0.2) { 1 } else { 0 };
            V(
                i as u32 + 1,
                rng.random_range(0..30),
                ws,
                rng.random_range(0..5),
                skills,
            )
        })
        .collect();
    let k = rng.random_range(1..=2);
    let carers = (0..k)
        .map(|c| {
            let end = rng.random_range(300..800);
            let cap = rng.random_bool(0.7).then(|| rng.random_range(4..15));
            let skills = if rng.random_bool(0.6) { 1 } else { 0 };
            let matrix = usize::from(c == 1 && rng.random_bool(0.3));
            C((rng.random_range(0..50), end), cap, skills, matrix)
        })
        .collect();
    build(&format!("random-{seed}-{n}"), &pts, visits, carers)
}

/// Six visits on two carers where the optimum is found by brute force; the solver must reach it
/// within 2 000 iterations.
#[test]
fn tiny_instances_reach_the_brute_force_optimum() {
    // Two clusters, one left and one right of the office, windows forcing the order within
    // each cluster; one carer cannot do both clusters in its shift.
    let pts = [
        (0, 0),
        (-30, 0),
        (-30, 10),
        (-40, 5),
        (30, 0),
        (30, 10),
        (40, 5),
    ];
    let visits = vec![
        V(1, 10, vec![(0, 100)], 1, 0),
        V(2, 10, vec![(60, 120)], 1, 0),
        V(3, 10, vec![(0, 200)], 1, 0),
        V(4, 10, vec![(0, 100)], 1, 0),
        V(5, 10, vec![(100, 150), (200, 250)], 1, 1),
        V(6, 10, vec![(0, 300)], 1, 0),
    ];
    let carers = vec![C((0, 200), Some(4), 1, 0), C((0, 200), Some(4), 0, 0)];
    let fixed = build("two-clusters", &pts, visits, carers);
    let mut cases = vec![fixed];
    cases.extend((0..10).map(|s| random_instance(1000 + s, 6)));
    for inst in &cases {
        let sol = solve(inst, &RouteParams::default(), &ctx(7, 2_000));
        assert_checked(inst, &sol);
        let opt = brute::optimum(inst);
        assert_eq!(
            served_and_distance(inst, &sol),
            opt,
            "{}: (unserved, distance) differs from the brute-force optimum",
            inst.name()
        );
    }
}

/// Visits whose duration depends on the carer (a trained carer is quicker): the solver still
/// reaches the brute-force optimum, whose arithmetic uses `Visit::duration_for`.
#[test]
fn carer_dependent_durations_reach_the_brute_force_optimum() {
    for seed in 0..8 {
        let mut parts = {
            let inst = random_instance(2000 + seed, 6);
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut p = build_parts(inst.name(), &[(0, 0)], vec![], vec![]);
            p.visits = inst.visits().to_vec();
            p.carers = inst.carers().to_vec();
            p.matrices = inst.matrices().to_vec();
            for v in &mut p.visits {
                let k = p.carers.len();
                v.carer_durations = (0..k).map(|_| rng.random_range(0..60)).collect();
            }
            p
        };
        parts.name = format!("carer-durations-{seed}");
        let inst = Instance::new(parts).expect("valid");
        let sol = solve(&inst, &RouteParams::default(), &ctx(seed, 2_000));
        assert_checked(&inst, &sol);
        assert_eq!(
            served_and_distance(&inst, &sol),
            brute::optimum(&inst),
            "{}",
            inst.name()
        );
    }
}

/// Linked visits (two carers at once, or an ordered pair) are not planned by the routing core:
/// both are listed unassigned with the reason "linked_visit", the rest is routed.
#[test]
fn linked_visits_are_left_out_with_a_reason() {
    let inst = random_instance(77, 12);
    let mut parts = build_parts("linked", &[(0, 0)], vec![], vec![]);
    parts.visits = inst.visits().to_vec();
    parts.carers = inst.carers().to_vec();
    parts.matrices = inst.matrices().to_vec();
    parts.links = vec![tillit::model::Link {
        first: tillit::model::VisitIdx(3),
        second: tillit::model::VisitIdx(5),
        min_gap: 0,
        max_gap: 0,
    }];
    let inst = Instance::new(parts).expect("valid");
    let sol = solve(&inst, &RouteParams::default(), &ctx(1, 500));
    assert_checked(&inst, &sol);
    let linked: Vec<(&str, &str)> = sol
        .plan
        .unassigned
        .iter()
        .filter(|u| u.reason == "linked_visit")
        .map(|u| (u.visit.as_str(), u.reason.as_str()))
        .collect();
    assert_eq!(linked, [("v3", "linked_visit"), ("v5", "linked_visit")]);
}

/// A visit whose window closes before any carer can reach it is listed as unassigned with the
/// reason "time_window"; one no carer has the skill for gets "skill"; one too heavy for every
/// carer gets "capacity". The rest is routed.
#[test]
fn unreachable_visits_are_unassigned_with_a_reason() {
    let pts = [(0, 0), (50, 0), (10, 0), (0, 10), (5, 5)];
    let visits = vec![
        V(1, 10, vec![(0, 20)], 1, 0),   // 50 ticks away, closes at 20
        V(2, 10, vec![(0, 500)], 1, 0),  // fine
        V(3, 10, vec![(0, 500)], 1, 2),  // needs "lift", nobody has it
        V(4, 10, vec![(0, 500)], 99, 0), // demand 99 > capacity 10
    ];
    let carers = vec![C((0, 500), Some(10), 1, 0)];
    let inst = build("unreachable", &pts, visits, carers);
    let sol = solve(&inst, &RouteParams::default(), &ctx(1, 200));
    assert_checked(&inst, &sol);
    let reasons: Vec<(&str, &str)> = sol
        .plan
        .unassigned
        .iter()
        .map(|u| (u.visit.as_str(), u.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [("v0", "time_window"), ("v2", "skill"), ("v3", "capacity")]
    );
    assert!(sol.plan.unassigned.iter().all(|u| u.detail.ends_with('.')));
    assert_eq!(sol.plan.routes.len(), 1);
    assert_eq!(sol.plan.routes[0].stops.len(), 1);
    assert_eq!(sol.status, "iteration_limit");
    assert_eq!(sol.iterations, 200);
}

#[test]
fn no_visits_gives_an_empty_plan() {
    let inst = build("empty", &[(0, 0)], vec![], vec![C((0, 10), None, 0, 0)]);
    let sol = solve(&inst, &RouteParams::default(), &ctx(0, 100));
    assert_checked(&inst, &sol);
    assert_eq!(sol.status, "no_visits");
    assert!(sol.plan.routes.is_empty() && sol.plan.unassigned.is_empty());
}

#[test]
fn cancel_flag_stops_the_search() {
    let inst = random_instance(5, 20);
    let c = ctx(0, 1_000_000);
    c.cancel.store(true, std::sync::atomic::Ordering::Relaxed);
    let sol = solve(&inst, &RouteParams::default(), &c);
    assert_checked(&inst, &sol);
    assert_eq!((sol.status.as_str(), sol.iterations), ("cancelled", 0));
}

#[test]
fn past_deadline_stops_after_the_construction() {
    let inst = random_instance(6, 20);
    let c = RunCtx {
        deadline: Some(Instant::now()),
        ..RunCtx::default()
    };
    let sol = solve(&inst, &RouteParams::default(), &c);
    assert_checked(&inst, &sol);
    assert_eq!((sol.status.as_str(), sol.iterations), ("time_limit", 0));
}

/// A carer who cannot even get from the start to the end location within the shift is never
/// used; the other carer takes the visits.
#[test]
fn carer_with_an_impossible_shift_is_unused() {
    let pts = [(0, 0), (10, 0), (0, 10), (100, 100)];
    let visits = vec![V(1, 5, vec![(0, 300)], 1, 0), V(2, 5, vec![(0, 300)], 1, 0)];
    let carers = vec![C((0, 300), None, 0, 0), C((0, 300), None, 0, 0)];
    let mut parts = build_parts("impossible-shift", &pts, visits, carers);
    // carer c0 ends at location 3, 141 ticks away, but its shift is only 100 ticks long.
    parts.carers[0].end = LocIdx(3);
    parts.carers[0].shift = TimeWindow::new(0, 100);
    let inst = Instance::new(parts).expect("valid");
    let sol = solve(&inst, &RouteParams::default(), &ctx(3, 300));
    assert_checked(&inst, &sol);
    assert!(sol.plan.unassigned.is_empty());
    assert!(sol.plan.routes.iter().all(|r| r.carer == "c1"));
}

/// Parameters: an empty JSON object gives the defaults, a misspelt key is an error.
#[test]
fn params_from_partial_json() {
    let p: RouteParams = serde_json::from_str("{}").expect("empty object");
    assert_eq!(p, RouteParams::default());
    let p: RouteParams = serde_json::from_str(r#"{"blink_rate": 0.0}"#).expect("one key");
    assert_eq!(p.blink_rate, 0.0);
    assert!(serde_json::from_str::<RouteParams>(r#"{"blinkrate": 0.0}"#).is_err());
}

#[test]
fn same_seed_gives_the_same_plan() {
    for seed in 0..3 {
        let inst = random_instance(50 + seed, 25);
        let a = solve(&inst, &RouteParams::default(), &ctx(seed, 500));
        let b = solve(&inst, &RouteParams::default(), &ctx(seed, 500));
        assert_checked(&inst, &a);
        assert_eq!(a.plan, b.plan, "{}", inst.name());
    }
}

/// 30 random instances, 3–30 visits: the checker accepts every plan; the small ones never beat
/// the brute-force optimum (which would mean a checker or brute-force bug).
#[test]
fn random_instances_pass_the_checker() {
    let mut rng = ChaCha8Rng::seed_from_u64(2024);
    for seed in 0..30 {
        let n = rng.random_range(3..=30);
        let inst = random_instance(seed, n);
        let sol = solve(&inst, &RouteParams::default(), &ctx(seed, 300));
        assert_checked(&inst, &sol);
        if n <= 6 {
            assert!(served_and_distance(&inst, &sol) >= brute::optimum(&inst));
        }
    }
}

fn ctx_threads(seed: u64, iterations: u64, threads: usize) -> RunCtx {
    RunCtx {
        threads,
        ..ctx(seed, iterations)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// On random instances (windows, skills, capacities, two matrices) and 1 or 2 threads:
    /// the checker accepts the plan, and the same seed and thread count give the same plan.
    #[test]
    fn solver_plans_pass_the_checker_and_repeat(
        inst_seed in 0u64..1_000_000,
        n in 3usize..40,
        seed in 0u64..1000,
        threads in 1usize..=2,
        iterations in 0u64..400,
    ) {
        let inst = random_instance(inst_seed, n);
        let c = RunCtx { threads, ..ctx(seed, iterations) };
        let a = solve(&inst, &RouteParams { sync_interval: 50, ..RouteParams::default() }, &c);
        let report = check(&inst, &a.plan);
        prop_assert!(report.is_feasible(), "{}: {:?}", inst.name(), report.violations);
        prop_assert_eq!(report.evaluation.distance, a.distance);
        prop_assert_eq!(a.iterations, iterations);
        let b = solve(&inst, &RouteParams { sync_interval: 50, ..RouteParams::default() }, &c);
        prop_assert_eq!(a.plan, b.plan);
    }

    /// The local search keeps a plan feasible, serves at least the visits of its start (a
    /// visit left out that fits after the moves is served), and when it serves the same visits
    /// the plan is never longer. Its start is a plan of the search without local search.
    #[test]
    fn local_search_never_worsens_its_start(
        inst_seed in 0u64..1_000_000,
        n in 3usize..40,
        seed in 0u64..1000,
        iterations in 0u64..30,
    ) {
        let inst = random_instance(inst_seed, n);
        let raw = RouteParams { local_search: false, ..RouteParams::default() };
        let start = solve(&inst, &raw, &ctx(seed, iterations));
        let better = improve(&inst, &start.plan, &RouteParams::default())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let report = check(&inst, &better.plan);
        prop_assert!(report.is_feasible(), "{}: {:?}", inst.name(), report.violations);
        prop_assert_eq!(report.evaluation.distance, better.distance);
        let left = |p: &Plan| p.unassigned.iter().map(|u| u.visit.clone()).collect::<Vec<_>>();
        let (before, after) = (left(&start.plan), left(&better.plan));
        prop_assert!(after.iter().all(|v| before.contains(v)), "{before:?} → {after:?}");
        if after.len() == before.len() {
            prop_assert!(better.distance <= start.distance);
        }
    }
}

/// A route of `carer` through `visits` with all times 0 (`improve` reschedules a start plan).
fn untimed_route(carer: &str, visits: &[&str]) -> Route {
    Route {
        carer: carer.into(),
        stops: visits
            .iter()
            .map(|v| Stop {
                visit: (*v).into(),
                start: 0,
                end: 0,
            })
            .collect(),
        breaks: Vec::new(),
    }
}

/// Two carers whose routes cross: c0 serves a (east, near) then b (west, far), c1 serves
/// c (west, near) then d (east, far). Swapping the tails (2-opt*) or relocating gives each
/// carer one side: east a, d and west c, b, 4 × (10 + 10) + … shorter than the crossing.
#[test]
fn local_search_uncrosses_two_routes() {
    let pts = [(0, 0), (10, 0), (-20, 0), (-10, 0), (20, 0)];
    let visits = vec![
        V(1, 0, vec![(0, 1000)], 0, 0),
        V(2, 0, vec![(0, 1000)], 0, 0),
        V(3, 0, vec![(0, 1000)], 0, 0),
        V(4, 0, vec![(0, 1000)], 0, 0),
    ];
    let carers = vec![C((0, 1000), None, 0, 0), C((0, 1000), None, 0, 0)];
    let inst = build("crossing", &pts, visits, carers);
    // c0: 0 → 10 → -20 → 0 = 10 + 30 + 20 = 60; c1: 0 → -10 → 20 → 0 = 10 + 30 + 20 = 60.
    let crossing = Plan {
        routes: vec![
            untimed_route("c0", &["v0", "v1"]),
            untimed_route("c1", &["v2", "v3"]),
        ],
        unassigned: vec![],
    };
    assert_eq!(check(&inst, &crossing).evaluation.distance, 120);
    let better = improve(&inst, &crossing, &RouteParams::default()).expect("feasible start");
    assert_checked(&inst, &better);
    // Optimum: one carer 0 → 10 → 20 → 0 and the other 0 → -10 → -20 → 0, 40 each.
    assert_eq!(better.distance, 80);
}

/// A start plan that does not fit the instance is refused with a message naming the problem.
#[test]
fn local_search_refuses_a_bad_start_plan() {
    let inst = random_instance(9, 5);
    let one = |carer: &str, visits: &[&str]| Plan {
        routes: vec![untimed_route(carer, visits)],
        unassigned: vec![],
    };
    for (plan, expect) in [
        (one("nobody", &["v0"]), "unknown carer \"nobody\""),
        (one("c0", &["v9"]), "unknown visit \"v9\""),
        (one("c0", &["v1", "v1"]), "visit \"v1\" is served twice"),
    ] {
        match improve(&inst, &plan, &RouteParams::default()) {
            Err(e @ Error::StartPlan(_)) => {
                assert!(e.to_string().contains(expect), "{e} lacks {expect}")
            }
            other => panic!("expected a start-plan error, got {other:?}"),
        }
    }
    // A window that closes before the carer can arrive.
    let pts = [(0, 0), (50, 0)];
    let tight = build(
        "tight",
        &pts,
        vec![V(1, 0, vec![(0, 10)], 0, 0)],
        vec![C((0, 1000), None, 0, 0)],
    );
    let err = improve(&tight, &one("c0", &["v0"]), &RouteParams::default())
        .expect_err("infeasible route");
    assert!(err.to_string().contains("breaks a time window"), "{err}");
}

/// Three visits, each 10 from the office but 30 from each other: the shortest plan sends three
/// carers (3 × 20 = 60), one carer can do all three (10 + 30 + 30 + 10 = 80). Route
/// minimisation must find the single route; plain distance minimisation the three.
#[test]
fn route_minimisation_trades_distance_for_carers() {
    let pts = [(0, 0), (1, 0), (2, 0), (3, 0)];
    let visits = (1..=3).map(|l| V(l, 5, vec![(0, 1000)], 1, 0)).collect();
    let carers = (0..3).map(|_| C((0, 1000), None, 0, 0)).collect();
    let mut parts = build_parts("star", &pts, visits, carers);
    for m in &mut parts.matrices {
        for a in 0..4 {
            for b in 0..4 {
                let d = match (a, b) {
                    _ if a == b => 0,
                    (0, _) | (_, 0) => 10,
                    _ => 30,
                };
                m.distances[a * 4 + b] = d;
                m.durations[a * 4 + b] = d;
            }
        }
    }
    let inst = Instance::new(parts).expect("valid");
    let plain = solve(&inst, &RouteParams::default(), &ctx(0, 300));
    assert_checked(&inst, &plain);
    assert_eq!((plain.plan.routes.len(), plain.distance), (3, 60));
    let fewer = RouteParams {
        minimise_routes: true,
        ..RouteParams::default()
    };
    let one = solve(&inst, &fewer, &ctx(0, 300));
    assert_checked(&inst, &one);
    assert_eq!((one.plan.routes.len(), one.distance), (1, 80));
    assert_eq!(one.iterations, 300);
    assert_eq!(one.plan, solve(&inst, &fewer, &ctx(0, 300)).plan);
}

/// With route minimisation, random instances still pass the checker, serve every visit the
/// first plan served, and never use more routes than that first plan (the construction, which
/// is the same with and without minimisation for a given seed).
#[test]
fn route_minimisation_never_adds_routes() {
    let fewer = RouteParams {
        minimise_routes: true,
        ..RouteParams::default()
    };
    for seed in 0..12 {
        let inst = random_instance(300 + seed, 30);
        let first = solve(&inst, &RouteParams::default(), &ctx(seed, 0));
        let min = solve(&inst, &fewer, &ctx(seed, 600));
        assert_checked(&inst, &min);
        if first.plan.unassigned.is_empty() {
            assert!(min.plan.unassigned.is_empty(), "{}", inst.name());
        }
        assert!(
            min.plan.routes.len() <= first.plan.routes.len(),
            "{}: {} routes with minimisation, {} in the first plan",
            inst.name(),
            min.plan.routes.len(),
            first.plan.routes.len()
        );
    }
}

/// Two threads with the same seed give the same plan as each other (not as one thread).
#[test]
fn two_threads_repeat_and_pass_the_checker() {
    for seed in 0..3 {
        let inst = random_instance(70 + seed, 40);
        let p = RouteParams {
            sync_interval: 100,
            ..RouteParams::default()
        };
        let a = solve(&inst, &p, &ctx_threads(seed, 1_000, 2));
        let b = solve(&inst, &p, &ctx_threads(seed, 1_000, 2));
        assert_checked(&inst, &a);
        assert_eq!(a.plan, b.plan, "{}", inst.name());
        assert_eq!(a.iterations, 1_000);
    }
}

fn bks(name: &str) -> Option<f64> {
    let text = std::fs::read_to_string(common::shared_data().join("vrptw/bks.csv")).ok()?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next()?.split(',').collect();
    let col = header.iter().position(|h| *h == "bks_dimacs_distance")?;
    lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|f| f.first() == Some(&name))
        .and_then(|f| f.get(col)?.parse().ok())
}

/// C101 and R101 within 10 % of the best-known DIMACS distance.
#[test]
fn solomon_within_ten_percent_of_bks() {
    let dir = common::shared_data().join("vrptw/solomon");
    if !dir.exists() {
        eprintln!(
            "SKIP solomon_within_ten_percent_of_bks: {} not found",
            dir.display()
        );
        return;
    }
    let iterations = 20_000;
    for name in ["C101", "R101"] {
        let parts = read_vrplib(&dir.join(format!("{name}.vrp"))).expect("readable instance");
        let inst = Instance::new(parts).expect("valid instance");
        let t = Instant::now();
        let sol = solve(&inst, &RouteParams::default(), &ctx(1, iterations));
        assert_checked(&inst, &sol);
        assert!(sol.plan.unassigned.is_empty(), "{name}: unassigned visits");
        let bks = bks(name).expect("BKS listed");
        let got = sol.distance as f64 / 10.0;
        let gap = (got / bks - 1.0) * 100.0;
        eprintln!(
            "{name}: {got:.1} vs BKS {bks:.1} ({gap:+.2} %), {} routes, {iterations} iterations \
             in {:.2} s",
            sol.plan.routes.len(),
            t.elapsed().as_secs_f64()
        );
        assert!(gap < 10.0, "{name}: gap {gap:.2} % to BKS");
    }
}

/// Gap to BKS on every instance of a set: `cargo test --release --test route -- --ignored
/// --nocapture`. `TILLIT_VRPTW_SET` picks the folder (`solomon`, `gh200`, `gh400`; default
/// `solomon`), `TILLIT_VRPTW_ITERATIONS` the iterations (default 20 000). Reports; asserts only
/// feasibility.
#[test]
#[ignore]
fn vrptw_gaps() {
    let set = std::env::var("TILLIT_VRPTW_SET").unwrap_or_else(|_| "solomon".into());
    let dir = common::shared_data().join("vrptw").join(set);
    if !dir.exists() {
        eprintln!("SKIP vrptw_gaps: {} not found", dir.display());
        return;
    }
    let iterations: u64 = std::env::var("TILLIT_VRPTW_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("readable directory")
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "vrp").then(|| p.file_stem()?.to_str().map(String::from))?
        })
        .collect();
    names.sort();
    let mut gaps = Vec::new();
    for name in &names {
        let parts = read_vrplib(&dir.join(format!("{name}.vrp"))).expect("readable instance");
        let inst = Instance::new(parts).expect("valid instance");
        let t = Instant::now();
        let sol = solve(&inst, &RouteParams::default(), &ctx(1, iterations));
        assert_checked(&inst, &sol);
        let Some(bks) = bks(name) else { continue };
        let got = sol.distance as f64 / 10.0;
        let gap = (got / bks - 1.0) * 100.0;
        gaps.push(gap);
        eprintln!(
            "{name}: {got:.1} vs BKS {bks:.1} ({gap:+.2} %), {} routes, {} unassigned, {:.2} s",
            sol.plan.routes.len(),
            sol.plan.unassigned.len(),
            t.elapsed().as_secs_f64()
        );
    }
    let mean = gaps.iter().sum::<f64>() / gaps.len().max(1) as f64;
    eprintln!(
        "{} instances, {iterations} iterations each, mean gap {mean:+.2} %",
        gaps.len()
    );
}
