//! The roster engine (`roster::solve`): every roster it returns is judged by the independent
//! evaluator (`plan::roster_check`); on tiny random instances its objective equals a brute-force
//! optimum; infeasible instances are explained; same seed → same roster. Runs stop on
//! iteration and node limits, never on the clock.

use std::collections::BTreeMap;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use tillit::Error;
use tillit::io::roster_json::assignments;
use tillit::model::roster::{Cover, RosterInstance, ShiftRequest, ShiftType, StaffRules};
use tillit::plan::roster_check::{RosterPlan, check_roster};
use tillit::roster::cg::column_bound;
use tillit::roster::{RosterParams, RosterRun, RosterSolution, RosterStatus, solve};

fn run(seed: u64, iterations: u64) -> RosterRun {
    RosterRun {
        seed,
        deadline: None,
        max_iterations: Some(iterations),
        ..RosterRun::default()
    }
}

/// Solves and asserts the evaluator accepts the roster and agrees on the objective.
fn solve_checked(inst: &RosterInstance, params: &RosterParams, r: &RosterRun) -> RosterSolution {
    let sol = solve(inst, params, r).expect("solvable");
    assert_checked(inst, &sol);
    sol
}

fn assert_checked(inst: &RosterInstance, sol: &RosterSolution) {
    let plan = RosterPlan {
        assignments: assignments(inst, &sol.grid),
    };
    let report = check_roster(inst, &plan);
    assert!(report.is_feasible(), "{:?}", report.violations);
    assert_eq!(report.evaluation.penalty, sol.objective);
    if let Some(b) = sol.bound {
        assert!(
            b <= sol.objective,
            "bound {b} above objective {}",
            sol.objective
        );
    }
}

/// A random instance: 2 staff, 7 days (one weekend), 2 shift types.
fn tiny(seed: u64) -> RosterInstance {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let h = 7;
    let shifts = vec![
        ShiftType {
            id: "E".into(),
            minutes: 420,
            cannot_follow: vec![],
        },
        ShiftType {
            id: "N".into(),
            minutes: 600,
            cannot_follow: vec![0],
        },
    ];
    let staff = (0..2)
        .map(|e| {
            let off: usize = rng.random_range(0..h + 3);
            StaffRules {
                id: format!("S{e}"),
                max_shifts: vec![rng.random_range(2..=7), rng.random_range(0..=3)],
                max_total_minutes: rng.random_range(1500..=3500),
                min_total_minutes: rng.random_range(0..=1200),
                max_consecutive_shifts: rng.random_range(2..=5),
                min_consecutive_shifts: rng.random_range(1..=3),
                min_consecutive_days_off: rng.random_range(1..=2),
                max_weekends: rng.random_range(0..=1),
                days_off: if off < h { vec![off] } else { vec![] },
            }
        })
        .collect();
    let mut on = Vec::new();
    let mut off = Vec::new();
    for _ in 0..4 {
        let req = ShiftRequest {
            staff: rng.random_range(0..2),
            day: rng.random_range(0..h),
            shift: rng.random_range(0..2),
            weight: rng.random_range(1..=5),
        };
        if rng.random_range(0..2u32) == 0 {
            on.push(req);
        } else {
            off.push(req);
        }
    }
    let mut cover = Vec::new();
    for d in 0..h {
        for s in 0..2 {
            cover.push(Cover {
                day: d,
                shift: s,
                requirement: rng.random_range(0..=2),
                weight_under: rng.random_range(1..=10),
                weight_over: rng.random_range(1..=3),
            });
        }
    }
    RosterInstance {
        name: format!("tiny{seed}"),
        horizon: h,
        shifts,
        staff,
        on_requests: on,
        off_requests: off,
        cover,
        rota: Default::default(),
    }
}

/// Brute force with the evaluator only: every row per person (3^7), keep the rows that break
/// no rule of that person, then every combination of kept rows. `None` when infeasible.
fn brute_force(inst: &RosterInstance) -> Option<i64> {
    let h = inst.horizon;
    let ids: Vec<String> = std::iter::once(String::new())
        .chain(inst.shifts.iter().map(|s| s.id.clone()))
        .collect();
    let k = ids.len();
    let mut feasible_rows: Vec<Vec<Vec<String>>> = Vec::new();
    for person in &inst.staff {
        let mut rows = Vec::new();
        for code in 0..k.pow(h as u32) {
            let mut c = code;
            let row: Vec<String> = (0..h)
                .map(|_| {
                    let x = ids[c % k].clone();
                    c /= k;
                    x
                })
                .collect();
            let mut a = BTreeMap::new();
            a.insert(person.id.clone(), row.clone());
            let report = check_roster(inst, &RosterPlan { assignments: a });
            if report.violations.iter().all(|v| v.staff != person.id) {
                rows.push(row);
            }
        }
        feasible_rows.push(rows);
    }
    let mut best: Option<i64> = None;
    for r0 in &feasible_rows[0] {
        for r1 in &feasible_rows[1] {
            let mut a = BTreeMap::new();
            a.insert(inst.staff[0].id.clone(), r0.clone());
            a.insert(inst.staff[1].id.clone(), r1.clone());
            let report = check_roster(inst, &RosterPlan { assignments: a });
            assert!(report.is_feasible());
            let p = report.evaluation.penalty;
            best = Some(best.map_or(p, |b: i64| b.min(p)));
        }
    }
    best
}

#[test]
fn matches_brute_force_on_tiny_random_instances() {
    let mut solved = 0;
    for seed in 0..12 {
        let inst = tiny(seed);
        let brute = brute_force(&inst);
        match (brute, solve(&inst, &RosterParams::default(), &run(seed, 5))) {
            (Some(opt), Ok(sol)) => {
                assert_checked(&inst, &sol);
                assert_eq!(sol.objective, opt, "seed {seed}");
                assert_eq!(sol.status, RosterStatus::Optimal, "seed {seed}");
                assert_eq!(sol.bound, Some(opt), "seed {seed}");
                solved += 1;
            }
            (None, Err(Error::Infeasible { explanation, .. })) => {
                assert!(explanation.contains("staff \"S"), "{explanation}");
            }
            (b, r) => panic!("seed {seed}: brute force {b:?} but solver {r:?}"),
        }
    }
    assert!(solved >= 6, "too few feasible random instances ({solved})");
}

/// Column generation's Lagrangian bound (weak duality over HiGHS's pricing bounds) is a
/// proof: on tiny random instances the pricing converges and the bound never exceeds the
/// brute-force optimum.
#[test]
fn column_bound_never_exceeds_the_optimum() {
    let mut checked = 0;
    for seed in 0..12 {
        let inst = tiny(seed);
        let Some(opt) = brute_force(&inst) else {
            continue;
        };
        let (bound, converged) =
            column_bound(&inst, seed as u32, 100, std::time::Duration::from_secs(60))
                .expect("feasible instance");
        assert!(converged, "seed {seed}: pricing did not converge");
        let b = bound.expect("a converged round proves a bound");
        assert!(
            b <= opt as f64 + 1e-6,
            "seed {seed}: bound {b} above optimum {opt}"
        );
        checked += 1;
    }
    assert!(
        checked >= 6,
        "too few feasible random instances ({checked})"
    );
}

/// The search with and without column generation: both rosters pass the evaluator, and
/// neither is worse than where its search started.
#[test]
fn search_with_and_without_columns_stays_feasible() {
    let inst = medium();
    for columns in [true, false] {
        let params = RosterParams {
            columns,
            ..lns_params()
        };
        let sol = solve_checked(&inst, &params, &run(5, 4));
        assert!(sol.objective <= sol.initial_objective, "columns {columns}");
    }
}

/// 10 staff × 28 days × 2 shift types, built to need the neighbourhood search: the first MIP
/// is cut after one node.
fn medium() -> RosterInstance {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let h = 28;
    let shifts = vec![
        ShiftType {
            id: "D".into(),
            minutes: 480,
            cannot_follow: vec![],
        },
        ShiftType {
            id: "L".into(),
            minutes: 480,
            cannot_follow: vec![0],
        },
    ];
    let staff = (0..10)
        .map(|e| StaffRules {
            id: format!("P{e}"),
            max_shifts: vec![28, if e % 3 == 0 { 0 } else { 28 }],
            max_total_minutes: 9600,
            min_total_minutes: 7200,
            max_consecutive_shifts: 5,
            min_consecutive_shifts: 2,
            min_consecutive_days_off: 2,
            max_weekends: 2,
            days_off: vec![rng.random_range(0..h)],
        })
        .collect();
    let mut on = Vec::new();
    for _ in 0..40 {
        on.push(ShiftRequest {
            staff: rng.random_range(0..10),
            day: rng.random_range(0..h),
            shift: rng.random_range(0..2),
            weight: rng.random_range(1..=3),
        });
    }
    let cover = (0..h)
        .flat_map(|d| {
            (0..2).map(move |s| Cover {
                day: d,
                shift: s,
                requirement: if d % 7 >= 5 { 2 } else { 3 + s as u32 },
                weight_under: 100,
                weight_over: 1,
            })
        })
        .collect();
    RosterInstance {
        name: "medium".into(),
        horizon: h,
        shifts,
        staff,
        on_requests: on,
        off_requests: vec![],
        cover,
        rota: Default::default(),
    }
}

/// Node limits only (the time caps are far away), so runs are reproducible.
fn lns_params() -> RosterParams {
    RosterParams {
        initial_nodes: Some(1),
        sub_mip_nodes: 50,
        sub_mip_seconds: 120.0,
        ..RosterParams::default()
    }
}

#[test]
fn neighbourhood_search_never_worsens_and_stays_feasible() {
    let inst = medium();
    let sol = solve_checked(&inst, &lns_params(), &run(3, 6));
    assert!(sol.objective <= sol.initial_objective);
    assert!(sol.iterations <= 6);
    if sol.status != RosterStatus::Optimal {
        assert_eq!(sol.status, RosterStatus::IterationLimit);
        assert_eq!(sol.iterations, 6);
    }
}

#[test]
fn same_seed_same_roster() {
    let inst = medium();
    let a = solve_checked(&inst, &lns_params(), &run(11, 4));
    let b = solve_checked(&inst, &lns_params(), &run(11, 4));
    assert_eq!(a.grid, b.grid);
    assert_eq!(
        (a.objective, a.bound, a.iterations),
        (b.objective, b.bound, b.iterations)
    );
}

/// Sub-MIPs side by side: the roster is the same on one core as on all of them, the
/// iteration limit is kept exactly (each sub-MIP counts), and it is never worse than the
/// start.
#[test]
fn side_by_side_sub_mips_do_not_depend_on_the_cores() {
    let inst = medium();
    let params = RosterParams {
        sub_mips_per_step: 3,
        ..lns_params()
    };
    let one_core = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool");
    let a = one_core.install(|| solve_checked(&inst, &params, &run(5, 7)));
    let b = solve_checked(&inst, &params, &run(5, 7));
    assert_eq!(a.grid, b.grid);
    assert_eq!(
        (a.objective, a.bound, a.iterations),
        (b.objective, b.bound, b.iterations)
    );
    assert!(a.objective <= a.initial_objective);
    if a.status == RosterStatus::IterationLimit {
        assert_eq!(a.iterations, 7);
    }
}

#[test]
fn infeasible_instance_names_the_binding_rules() {
    let mut inst = tiny(0);
    // S0 must work 2400 minutes but may work at most 2 E (420) and 1 N (600) shifts.
    inst.staff[0].min_total_minutes = 2400;
    inst.staff[0].max_total_minutes = 5000;
    inst.staff[0].max_shifts = vec![2, 1];
    let err = solve(&inst, &RosterParams::default(), &run(0, 1)).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, Error::Infeasible { .. }), "{msg}");
    assert!(err.is_input());
    assert!(msg.contains("staff \"S0\""), "{msg}");
    assert!(msg.contains("MinTotalMinutes"), "{msg}");
    assert!(msg.contains("MaxShifts"), "{msg}");
    assert!(!msg.contains("S1"), "{msg}");
}

#[test]
fn person_who_may_work_nothing_but_must_work_minutes_is_infeasible() {
    // Every shift type capped at 0: no variable is left for S0, and the minimum minutes
    // (a row of constants only) must still make the model infeasible.
    let mut inst = tiny(0);
    inst.staff[0].min_total_minutes = 480;
    inst.staff[0].max_shifts = vec![0, 0];
    let err = solve(&inst, &RosterParams::default(), &run(0, 1)).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, Error::Infeasible { .. }), "{msg}");
    assert!(msg.contains("staff \"S0\""), "{msg}");
    assert!(msg.contains("MinTotalMinutes"), "{msg}");
}

#[test]
fn parameters_out_of_range_are_rejected() {
    let inst = tiny(1);
    let p = RosterParams {
        initial_share: 1.5,
        ..RosterParams::default()
    };
    assert!(matches!(
        solve(&inst, &p, &run(0, 1)),
        Err(Error::Param { .. })
    ));
    let p = RosterParams {
        sub_mips_per_step: 0,
        ..RosterParams::default()
    };
    assert!(matches!(
        solve(&inst, &p, &run(0, 1)),
        Err(Error::Param { name, .. }) if name == "sub_mips_per_step"
    ));
    let no_limit = RosterRun::default();
    assert!(matches!(
        solve(&inst, &RosterParams::default(), &no_limit),
        Err(Error::Param { .. })
    ));
    // An empty params file keeps every default.
    let parsed: RosterParams = serde_json::from_str("{}").unwrap();
    assert_eq!(parsed, RosterParams::default());
    assert!(serde_json::from_str::<RosterParams>(r#"{"sub_mip_node":1}"#).is_err());
}

const DATA: &str = "/work/shared/data/roster/curtois2014";

/// Instance 1 (optimum 607): a short run must return a roster the evaluator accepts, never
/// below the optimum; the bound never above it.
#[test]
fn curtois_instance1_short_run() {
    let path = std::path::Path::new(DATA).join("Instance1.txt");
    if !path.exists() {
        eprintln!("SKIP: {DATA} not present");
        return;
    }
    let inst = tillit::io::curtois::read_curtois(&path).unwrap();
    let params = RosterParams {
        initial_nodes: Some(200),
        ..RosterParams::default()
    };
    let sol = solve_checked(&inst, &params, &run(0, 10));
    assert!(sol.objective >= 607);
    assert!(sol.bound.is_none_or(|b| b <= 607));
}
