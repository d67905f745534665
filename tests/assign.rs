//! Team assignment (`assign::solve`): the MIP's objective equals a brute-force optimum
//! computed here from the model's definition on tiny instances; capacity that cannot hold is
//! explained; same seed → same assignment; the example input reads from JSON and CSV alike.
//! The independent checker (`plan::assign_check`) agrees with that definition on every
//! assignment of the tiny instances, and the two-phase solve proves the same optimum as the
//! full MIP alone.

use std::path::Path;
use std::time::Duration;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use tillit::Error;
use tillit::assign::{AssignParams, solve};
use tillit::model::assign::{AssignClient, AssignInstance, AssignTeam};
use tillit::plan::assign_check::{AssignPlan, check_assignment};

fn tiny(seed: u64) -> AssignInstance {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let clients = (0..6)
        .map(|c| AssignClient {
            id: format!("c{c}"),
            hours: vec![
                f64::from(rng.random_range(1..=8u32)),
                f64::from(rng.random_range(0..=2u32)),
            ],
            current: if c % 2 == 0 {
                Some(rng.random_range(0..3))
            } else {
                None
            },
        })
        .collect();
    let teams = (0..3)
        .map(|t| AssignTeam {
            id: format!("T{t}"),
            capacity: vec![f64::from(rng.random_range(8..=20u32)), 3.0],
            max_clients: if t == 0 { Some(2) } else { None },
        })
        .collect();
    let travel = (0..6)
        .map(|_| {
            (0..3)
                .map(|_| f64::from(rng.random_range(1..=30u32)))
                .collect()
        })
        .collect();
    AssignInstance {
        levels: vec!["basic".into(), "nurse".into()],
        clients,
        teams,
        travel,
    }
}

/// The objective of `team_of` straight from the documented definition, or `None` when a
/// hard rule is broken.
fn evaluate(inst: &AssignInstance, p: &AssignParams, team_of: &[usize]) -> Option<f64> {
    let nt = inst.teams.len();
    let total: f64 = inst.clients.iter().flat_map(|c| c.hours.iter()).sum();
    let cap_total: f64 = inst.teams.iter().flat_map(|t| t.capacity.iter()).sum();
    let mut obj = 0.0;
    for t in 0..nt {
        let team = &inst.teams[t];
        let mine: Vec<usize> = (0..team_of.len()).filter(|&c| team_of[c] == t).collect();
        if team.max_clients.is_some_and(|m| mine.len() > m) {
            return None;
        }
        for k in 0..inst.levels.len() {
            let need: f64 = mine
                .iter()
                .map(|&c| inst.clients[c].hours[k..].iter().sum::<f64>())
                .sum();
            let cap: f64 = team.capacity[k..].iter().sum::<f64>() * (1.0 + p.capacity_tolerance);
            if need > cap + 1e-9 {
                return None;
            }
        }
        let load: f64 = mine
            .iter()
            .map(|&c| inst.clients[c].hours.iter().sum::<f64>())
            .sum();
        let fair = total / cap_total * team.capacity.iter().sum::<f64>();
        obj += p.balance_weight * (load - fair).abs();
    }
    for (c, &t) in team_of.iter().enumerate() {
        let client = &inst.clients[c];
        obj += p.travel_weight * inst.travel[c][t] * client.hours.iter().sum::<f64>();
        if client.current.is_some_and(|cur| cur != t) {
            obj += p.move_weight;
        }
    }
    Some(obj)
}

/// Assignment number `code` of all `nt^nc`: client `c` gets digit `c` of `code` in base `nt`.
fn decode(mut code: usize, nc: usize, nt: usize) -> Vec<usize> {
    (0..nc)
        .map(|_| {
            let t = code % nt;
            code /= nt;
            t
        })
        .collect()
}

fn brute(inst: &AssignInstance, p: &AssignParams) -> Option<f64> {
    let (nc, nt) = (inst.clients.len(), inst.teams.len());
    let mut best: Option<f64> = None;
    for code in 0..nt.pow(nc as u32) {
        let team_of = decode(code, nc, nt);
        if let Some(v) = evaluate(inst, p, &team_of) {
            best = Some(best.map_or(v, |b: f64| b.min(v)));
        }
    }
    best
}

#[test]
fn matches_brute_force_on_tiny_instances() {
    let p = AssignParams {
        candidate_teams: 0,
        ..AssignParams::default()
    };
    let mut solved = 0;
    for seed in 0..8 {
        let inst = tiny(seed);
        match (
            brute(&inst, &p),
            solve(&inst, &p, 0, Duration::from_secs(30)),
        ) {
            (Some(opt), Ok(a)) => {
                assert_eq!(a.status, "optimal", "seed {seed}");
                let mine = evaluate(&inst, &p, &a.team_of).expect("feasible");
                assert!(
                    (mine - opt).abs() < 1e-4 * opt.max(1.0),
                    "seed {seed}: {mine} vs {opt}"
                );
                assert!(
                    (a.objective - opt).abs() < 1e-4 * opt.max(1.0),
                    "seed {seed}"
                );
                solved += 1;
            }
            (None, Err(Error::Infeasible { .. })) => {}
            (b, r) => panic!("seed {seed}: brute force {b:?}, solver {r:?}"),
        }
    }
    assert!(solved >= 4, "{solved}");
}

#[test]
fn capacity_shortage_is_explained() {
    let mut inst = tiny(1);
    for t in &mut inst.teams {
        t.capacity[1] = 0.0;
    }
    inst.clients[0].hours[1] = 2.0;
    let err = solve(&inst, &AssignParams::default(), 0, Duration::from_secs(5)).unwrap_err();
    let msg = err.to_string();
    assert!(
        matches!(err, Error::Infeasible { .. }) && msg.contains("\"nurse\""),
        "{msg}"
    );
}

#[test]
fn same_seed_same_assignment_and_candidates_restrict() {
    let inst = tillit::assign::synthetic::synthetic(150, 6, 3);
    let p = AssignParams {
        candidate_teams: 3,
        ..AssignParams::default()
    };
    let a = solve(&inst, &p, 5, Duration::from_secs(60)).unwrap();
    let b = solve(&inst, &p, 5, Duration::from_secs(60)).unwrap();
    assert_eq!(a.team_of, b.team_of);
    assert_eq!(a.status, "optimal_within_candidates");
    assert_eq!(a.candidate_teams, 3);
    assert!(a.variables <= 150 * 4);
    // Every client went to one of its 3 nearest teams or its current one.
    for (c, &t) in a.team_of.iter().enumerate() {
        let mut order: Vec<usize> = (0..6).collect();
        order.sort_by(|&x, &y| {
            inst.travel[c][x]
                .total_cmp(&inst.travel[c][y])
                .then(x.cmp(&y))
        });
        assert!(order[..3].contains(&t) || inst.clients[c].current == Some(t));
    }
}

#[test]
fn example_reads_from_json_and_csv_alike() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let (a, params) =
        tillit::io::assign_json::read_assign(&dir.join("example_assign.json"), None).unwrap();
    let (b, _) = tillit::io::assign_json::read_assign(
        &dir.join("example_assign.json"),
        Some(&dir.join("example_assign_clients.csv")),
    )
    .unwrap();
    assert_eq!(a.clients.len(), 18);
    assert_eq!(a.clients, b.clients);
    assert!(params.is_some());
}

#[test]
fn assign_parses_from_text_and_csv_bytes_as_from_files() {
    use tillit::io::assign_json::{parse_assign, read_assign};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let (json, csv) = (
        dir.join("example_assign.json"),
        dir.join("example_assign_clients.csv"),
    );
    let text = std::fs::read_to_string(&json).unwrap();
    let bytes = std::fs::read(&csv).unwrap();
    let (a, pa) = parse_assign(&json, &text, Some((&csv, &bytes))).unwrap();
    let (b, pb) = read_assign(&json, Some(&csv)).unwrap();
    assert_eq!((a.clients, a.teams, pa), (b.clients, b.teams, pb));
    // A bad row is reported against the CSV, not the JSON.
    let bad = String::from_utf8(bytes)
        .unwrap()
        .replacen("59.9194", "north", 1);
    let msg = parse_assign(&json, &text, Some((&csv, bad.as_bytes())))
        .unwrap_err()
        .to_string();
    assert!(msg.contains("example_assign_clients.csv"), "{msg}");
}

#[test]
fn checker_agrees_with_the_definition_on_every_assignment() {
    let p = AssignParams::default();
    let (mut feasible, mut broken) = (0, 0);
    for seed in 0..4 {
        let inst = tiny(seed);
        let (nc, nt) = (inst.clients.len(), inst.teams.len());
        for code in 0..nt.pow(nc as u32) {
            let team_of = decode(code, nc, nt);
            let report = check_assignment(&inst, &(&p).into(), &AssignPlan::of(&inst, &team_of));
            match evaluate(&inst, &p, &team_of) {
                Some(v) => {
                    assert!(
                        report.is_feasible(),
                        "seed {seed} {team_of:?}: {:?}",
                        report.violations
                    );
                    let got = report.evaluation.objective;
                    assert!(
                        (got - v).abs() < 1e-9 * v.max(1.0),
                        "seed {seed} {team_of:?}: {got} vs {v}"
                    );
                    feasible += 1;
                }
                None => {
                    assert!(!report.is_feasible(), "seed {seed} {team_of:?}");
                    broken += 1;
                }
            }
        }
    }
    // Both verdicts occur, so neither side can pass by always saying the same.
    assert!(
        feasible > 50 && broken > 50,
        "{feasible} feasible, {broken} broken"
    );
}

#[test]
fn two_phases_prove_the_same_optimum_as_the_full_mip() {
    let inst = tillit::assign::synthetic::synthetic(120, 9, 7);
    let base = AssignParams {
        candidate_teams: 4,
        mip_rel_gap: 0.0,
        ..AssignParams::default()
    };
    let full = solve(
        &inst,
        &AssignParams {
            coarse_share: 0.0,
            ..base.clone()
        },
        1,
        Duration::from_secs(120),
    )
    .unwrap();
    let two = solve(
        &inst,
        &AssignParams {
            coarse_share: 0.5,
            ..base.clone()
        },
        1,
        Duration::from_secs(120),
    )
    .unwrap();
    assert_eq!(full.status, "optimal_within_candidates");
    assert_eq!(two.status, "optimal_within_candidates");
    let scale = full.objective.abs().max(1.0);
    assert!(
        (full.objective - two.objective).abs() < 1e-6 * scale,
        "{} vs {}",
        full.objective,
        two.objective
    );
    for a in [&full, &two] {
        let report = check_assignment(&inst, &(&base).into(), &AssignPlan::of(&inst, &a.team_of));
        assert!(report.is_feasible(), "{:?}", report.violations);
        assert!((report.evaluation.objective - a.objective).abs() < 1e-6 * scale);
        assert_eq!(a.bound.map(|b| b <= a.objective + 1e-6 * scale), Some(true));
    }
}
