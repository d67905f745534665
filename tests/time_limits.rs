//! Time limits and cancellation, deterministically: extreme limits are rejected at the edge
//! (exit 2 naming `--time-limit`, nothing written) and can never panic in the library; a run
//! whose deadline has passed, or that is cancelled before it starts, returns at once with the
//! status that says so. (How close runs come to their limits is measured by
//! `benches/time_limits.sh`, not asserted here.)

mod common;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use common::cli::{run, stderr};
use tillit::osm::Profile;
use tillit::pipeline::{self, CareModel, Graphs, PlanParams, Quiet};
use tillit::roster::{RosterParams, RosterRun, RosterStatus};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data");

fn data(name: &str) -> String {
    format!("{DATA}/{name}")
}

/// Every command with a time limit, with `limit` as its value and an output in `dir`.
fn commands(dir: &Path, limit: &str) -> Vec<Vec<String>> {
    let out = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        s(&[
            "solve",
            &data("example_homecare.json"),
            "--time-limit",
            limit,
            "--out",
            &out("p.json"),
        ]),
        s(&[
            "plan",
            "--scenario",
            &data("example_scenario"),
            "--osm",
            &data("helsinki_centre.osm.pbf"),
            "--time-limit",
            limit,
            "--out",
            &out("plan"),
        ]),
        s(&[
            "compare",
            "--scenario",
            &data("example_scenario"),
            "--osm",
            &data("helsinki_centre.osm.pbf"),
            "--time-limit",
            limit,
            "--out",
            &out("cmp"),
        ]),
        s(&["demo", "--time-limit", limit, "--out", &out("demo")]),
        s(&[
            "roster",
            "--format",
            "json",
            &data("example_rota.json"),
            "--time-limit",
            limit,
            "--out",
            &out("r.json"),
        ]),
        s(&[
            "assign",
            &data("example_assign.json"),
            "--time-limit",
            limit,
            "--out",
            &out("a.json"),
        ]),
        s(&[
            "bench",
            "assign",
            "--clients",
            "10",
            "--teams",
            "2",
            "--time-limit",
            limit,
        ]),
    ]
}

#[test]
fn extreme_time_limits_are_rejected_at_the_edge_naming_the_flag() {
    for limit in ["1e19", "1e30", "604801", "NaN", "inf", "-1"] {
        let dir = tempfile::tempdir().expect("temp dir");
        for args in commands(dir.path(), limit) {
            let mut argv: Vec<&str> = args.iter().map(String::as_str).collect();
            // A negative number is a value, not a flag, after `=`.
            let joined;
            if limit.starts_with('-') {
                let i = argv
                    .iter()
                    .position(|a| *a == "--time-limit")
                    .expect("flag");
                joined = format!("--time-limit={limit}");
                argv[i] = &joined;
                argv.remove(i + 1);
            }
            let o = run(&argv);
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{argv:?}: {err}");
            assert!(err.contains("--time-limit"), "{argv:?}: {err}");
            assert!(!err.contains("panicked"), "{argv:?}: {err}");
            let written: Vec<_> = std::fs::read_dir(dir.path())
                .expect("read dir")
                .filter_map(|e| e.ok())
                .map(|e| e.file_name())
                .collect();
            assert!(written.is_empty(), "{argv:?} wrote {written:?}");
        }
    }
}

#[test]
fn threads_above_the_cores_are_capped_unless_forced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("p.json");
    let o = run(&[
        "solve",
        &data("example_c101_10.json"),
        "--iterations",
        "50",
        "--threads",
        "100000",
        "--force-threads",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--threads"));
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let o = run(&[
        "solve",
        &data("example_c101_10.json"),
        "--iterations",
        "50",
        "--threads",
        &(cores + 1).to_string(),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("capped"), "{}", stderr(&o));
}

fn graphs() -> Graphs {
    Graphs::from_osm(
        Path::new("data/helsinki_centre.osm.pbf"),
        &[Profile::Car, Profile::Bike],
    )
    .expect("embedded extract")
}

fn scenario() -> tillit::scenario::Scenario {
    tillit::scenario::read_scenario(Path::new("data/example_scenario.json"))
        .expect("example scenario")
}

#[test]
fn the_library_rejects_any_time_limit_it_cannot_meet_without_panicking() {
    let g = graphs();
    for t in [1e19, 1e30, f64::MAX, f64::INFINITY, f64::NAN, -1.0, 0.0] {
        let params = PlanParams {
            time_limit: t,
            ..PlanParams::default()
        };
        let e = pipeline::plan(&scenario(), &g, &params, &Quiet).expect_err("rejected");
        assert!(e.is_input(), "{t}: {e}");
        assert!(e.to_string().contains("time_limit"), "{t}: {e}");
    }
    // Roster parameters in seconds saturate instead of panicking.
    let input = tillit::io::rota_json::read_rota_json(Path::new(&data("example_rota.json")))
        .expect("example rota");
    let sol = tillit::roster::solve(
        &input.instance,
        &RosterParams {
            initial_seconds: 1e30,
            sub_mip_seconds: 1e30,
            initial_nodes: Some(1),
            columns: false,
            rins: false,
            ..RosterParams::default()
        },
        &RosterRun {
            max_iterations: Some(1),
            ..RosterRun::default()
        },
    )
    .expect("roster");
    assert_eq!(sol.status, RosterStatus::IterationLimit);
}

#[test]
fn a_plan_whose_deadline_has_passed_returns_at_once_with_status_time_limit() {
    let g = graphs();
    let params = PlanParams {
        // A millisecond: gone before the first phase ends.
        time_limit: 1e-3,
        days: 3,
        threads: 2,
        model: CareModel::Trust,
        ..PlanParams::default()
    };
    let out = pipeline::plan(&scenario(), &g, &params, &Quiet).expect("plan");
    assert_eq!(out.status, "complete");
    for t in &out.teams {
        for d in &t.days {
            assert_eq!(d.status, "time_limit", "team {} day {}", t.id, d.day);
        }
    }
    // Every visit a carer can take is still planned: the first plan of each day is built.
    assert!(out.kpis.total.visits_planned > 0);
}

#[test]
fn a_cancelled_plan_returns_the_quickest_plan_with_status_cancelled() {
    let g = graphs();
    let params = PlanParams {
        time_limit: 600.0,
        days: 2,
        threads: 2,
        cancel: Arc::new(AtomicBool::new(true)),
        ..PlanParams::default()
    };
    let t = Instant::now();
    let out = pipeline::plan(&scenario(), &g, &params, &Quiet).expect("plan");
    assert!(
        t.elapsed() < Duration::from_secs(120),
        "a 600 s budget was not used"
    );
    assert_eq!(out.status, "cancelled");
    assert_eq!(out.assignment.status, "cancelled");
    for team in &out.teams {
        assert_eq!(team.roster.status, "cancelled", "team {}", team.id);
        for d in &team.days {
            assert_eq!(d.status, "cancelled", "team {} day {}", team.id, d.day);
        }
    }
}

#[test]
fn a_cancelled_roster_is_a_valid_roster_with_status_cancelled() {
    let input = tillit::io::rota_json::read_rota_json(Path::new(&data("example_rota.json")))
        .expect("example rota");
    let inst = &input.instance;
    let run = RosterRun {
        deadline: Some(Instant::now() + Duration::from_secs(600)),
        cancel: Arc::new(AtomicBool::new(true)),
        ..RosterRun::default()
    };
    let sol = tillit::roster::solve(inst, &RosterParams::default(), &run).expect("roster");
    assert_eq!(sol.status, RosterStatus::Cancelled);
    assert_eq!(sol.iterations, 0);
    let plan = tillit::plan::roster_check::RosterPlan {
        assignments: tillit::io::roster_json::assignments(inst, &sol.grid),
    };
    let report = tillit::plan::roster_check::check_roster(inst, &plan);
    assert!(report.is_feasible(), "{:?}", report.violations.first());
    assert_eq!(report.evaluation.penalty, sol.objective);
}

#[test]
fn a_year_long_rota_with_a_short_limit_ends_by_its_deadline_without_an_internal_error() {
    // The per-person feasibility MIPs of a 52-week rota took minutes and then failed with an
    // internal error; they are now cut at the run's deadline.
    let input = tillit::io::rota_json::read_rota_json(Path::new(&data("example_rota.json")))
        .expect("example rota");
    let text = std::fs::read_to_string(data("example_rota.json")).expect("read");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    v["weeks"] = 52.into();
    let year = tillit::io::rota_json::parse_rota_json(Path::new("year.json"), &v.to_string())
        .expect("52-week rota");
    assert_eq!(year.instance.horizon, 52 * 7);
    assert_eq!(input.instance.staff.len(), year.instance.staff.len());
    let t = Instant::now();
    let run = RosterRun {
        deadline: Some(Instant::now() + Duration::from_millis(500)),
        ..RosterRun::default()
    };
    match tillit::roster::solve(&year.instance, &RosterParams::default(), &run) {
        Ok(sol) => assert_ne!(sol.status, RosterStatus::IterationLimit),
        Err(e) => assert!(
            matches!(e, tillit::Error::NoSolution { .. }),
            "expected no solution in time, got {e}"
        ),
    }
    assert!(
        t.elapsed() < Duration::from_secs(20),
        "took {:?}",
        t.elapsed()
    );
}
