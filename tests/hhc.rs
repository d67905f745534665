//! Home-care benchmark data: the Mankowska et al. (2014) reader and the independent checker
//! against the published solutions of Ceschia et al. (`../shared/data/hhc`; skipped with a
//! message when absent).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tillit::io::italian::read_italian;
use tillit::io::mankowska::{read_ceschia_solution, read_ceschia_solution_raw_ids, read_mankowska};
use tillit::model::Instance;
use tillit::plan::check;

/// `../shared/data/hhc`, or `None` after printing a SKIP line for `test`.
fn hhc_dir(test: &str) -> Option<PathBuf> {
    let dir = common::shared_data().join("hhc");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIP {test}: {} not found", dir.display());
        None
    }
}

/// The Ceschia et al. solution file of Mankowska instance `stem` (`sol-<stem>-<seed>.json`).
fn ceschia_solution(dir: &Path, stem: &str) -> PathBuf {
    std::fs::read_dir(dir.join("mankowska2014_solutions_ceschia"))
        .expect("solutions folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&format!("sol-{stem}-")))
        })
        .unwrap_or_else(|| panic!("no solution file for {stem}"))
}

/// `file → ceschia_uniud_best` from the reference CSV.
fn reference(dir: &Path) -> BTreeMap<String, f64> {
    let text = std::fs::read_to_string(dir.join("mankowska2014_reference_values.csv"))
        .expect("reference values readable");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (cf, cb) = (col("file"), col("ceschia_uniud_best"));
    lines
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            Some((f.get(cf)?.to_string(), f.get(cb)?.parse().ok()?))
        })
        .collect()
}

/// Every published Ceschia et al. solution passes the checker (every visit served by a
/// qualified carer, durations of that carer, travel times, synchronisation and precedence
/// gaps, two different carers per double service) and its cost, recomputed as
/// (travel + total tardiness + largest tardiness) / 3, equals the published one within 0.001.
#[test]
fn published_solutions_pass_with_their_cost() {
    let Some(dir) = hhc_dir("published_solutions_pass_with_their_cost") else {
        return;
    };
    let refs = reference(&dir);
    let mut checked = 0;
    let mut worst: f64 = 0.0;
    for (file, published) in &refs {
        let stem = file.trim_end_matches(".txt");
        let sol = ceschia_solution(&dir, stem);
        let parts = read_mankowska(&dir.join("mankowska2014").join(file)).expect("instance reads");
        let inst = Instance::new(parts).expect("valid instance");
        let plan = read_ceschia_solution(&sol).expect("solution reads");
        let report = check(&inst, &plan);
        assert!(
            report.is_feasible(),
            "{file}: {} violations, first: {}",
            report.violations.len(),
            report.violations[0]
        );
        assert_eq!(report.evaluation.unassigned, 0, "{file}");
        let cost = report.evaluation.cost(&inst);
        let diff = (cost - published).abs();
        worst = worst.max(diff);
        assert!(
            diff <= 0.001 + 1e-9,
            "{file}: cost {cost:.4}, published {published}"
        );
        checked += 1;
    }
    eprintln!("{checked} published solutions checked; largest cost difference {worst:.6}");
    assert_eq!(checked, 49);
}

/// The checker is not fooled: in a published plan, delaying one service of a simultaneous
/// double service by a single tick is a link violation, and giving a stop the duration of
/// another caregiver is a duration violation.
#[test]
fn perturbed_published_solution_fails() {
    let Some(dir) = hhc_dir("perturbed_published_solution_fails") else {
        return;
    };
    let inst = Instance::new(
        read_mankowska(&dir.join("mankowska2014/InstanzCPLEX_HCSRP_25_1.txt")).expect("reads"),
    )
    .expect("valid");
    let sol = ceschia_solution(&dir, "InstanzCPLEX_HCSRP_25_1");
    let plan = read_ceschia_solution(&sol).expect("reads");
    assert!(check(&inst, &plan).is_feasible());
    let sync = inst
        .links()
        .iter()
        .find(|l| l.min_gap == 0 && l.max_gap == 0)
        .expect("a simultaneous double service");
    let second = inst.visit(sync.second).id.clone();
    let mut late = plan.clone();
    for stop in late.routes.iter_mut().flat_map(|r| r.stops.iter_mut()) {
        if stop.visit == second {
            stop.start += 1;
            stop.end += 1;
        }
    }
    let kinds = |plan: &tillit::plan::Plan| -> Vec<tillit::plan::ViolationKind> {
        check(&inst, plan)
            .violations
            .iter()
            .map(|v| v.kind)
            .collect()
    };
    let late_kinds = kinds(&late);
    assert!(
        late_kinds.contains(&tillit::plan::ViolationKind::Link),
        "{late_kinds:?}"
    );
    let mut longer = plan.clone();
    let stop = &mut longer.routes[0].stops[0];
    stop.end += 1;
    let longer_kinds = kinds(&longer);
    assert!(
        longer_kinds.contains(&tillit::plan::ViolationKind::Duration),
        "{longer_kinds:?}"
    );
}

/// The six Italian real-city instances: every published solution passes the checker with its
/// published cost (within 0.001), and the shares of route time (leaving the office to
/// returning) spent face to face, travelling and waiting are reported; pooled over the six
/// plans the face-to-face share is the 54.6 % the home-care issue quotes.
#[test]
fn italian_published_solutions_pass_with_their_cost() {
    let Some(dir) = hhc_dir("italian_published_solutions_pass_with_their_cost") else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("italian_ceschia_reference_values.csv"))
        .expect("reference values");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (ci, cs, cc) = (
        col("instance_file"),
        col("solution_file"),
        col("total_cost"),
    );
    let (mut service, mut travel, mut waiting, mut route) = (0i64, 0i64, 0i64, 0i64);
    let mut checked = 0;
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        let inst = Instance::new(
            read_italian(&dir.join("italian_ceschia/instances").join(f[ci])).expect("reads"),
        )
        .expect("valid");
        let plan =
            read_ceschia_solution_raw_ids(&dir.join("italian_ceschia/solutions").join(f[cs]))
                .expect("solution reads");
        let report = check(&inst, &plan);
        assert!(
            report.is_feasible(),
            "{}: {} violations, first: {}",
            f[ci],
            report.violations.len(),
            report.violations[0]
        );
        let ev = report.evaluation;
        let published: f64 = f[cc].parse().expect("cost");
        let cost = ev.cost(&inst);
        assert!(
            (cost - published).abs() <= 0.001 + 1e-9,
            "{}: {cost} vs {published}",
            f[ci]
        );
        let share = |x: i64| 100.0 * x as f64 / ev.route_time as f64;
        eprintln!(
            "{}: cost {cost:.3}; face to face {:.1} %, travel {:.1} %, waiting {:.1} %, \
             lateness {}",
            f[ci],
            share(ev.service_time),
            share(ev.travel_time),
            share(ev.waiting),
            ev.lateness as f64 / inst.units().ticks_per_unit as f64
        );
        assert_eq!(ev.service_time + ev.travel_time + ev.waiting, ev.route_time);
        service += ev.service_time;
        travel += ev.travel_time;
        waiting += ev.waiting;
        route += ev.route_time;
        checked += 1;
    }
    assert_eq!(checked, 6);
    let pct = |x: i64| (1000.0 * x as f64 / route as f64).round() / 10.0;
    eprintln!(
        "pooled: face to face {} %, travel {} %, waiting {} %",
        pct(service),
        pct(travel),
        pct(waiting)
    );
    // The issue quotes 54.6 % face to face for these plans, which this definition of route time
    // reproduces; it splits the rest 24.3 / 21.1, where the checker's legs (office → first
    // visit and last visit → office included) give 25.0 / 20.5.
    assert_eq!(pct(service), 54.6);
}

#[test]
fn italian_parses_from_text_as_from_the_file() {
    let text = r#"{"name": "tiny", "area": [12.2, 41.7, 12.8, 42.1],
 "distances": [[0, 16, 4], [17, 0, 19], [5, 18, 0]],
 "central_offices": [{"id": "d1", "location": [12.5, 41.9]}],
 "patients": [
  {"id": "p1", "location": [12.58, 41.87], "time_window": [179.0, 239.0],
   "required_caregivers": [{"service": "s1", "duration": 30}]},
  {"id": "p2", "location": [12.51, 41.88], "time_window": [120.0, 478.99999999999994],
   "required_caregivers": [{"service": "s1", "duration": 20}, {"service": "s2", "duration": 25}],
   "synchronization": {"type": "sequential", "distance": [10, 40]}}],
 "caregivers": [{"id": "c1", "abilities": ["s1", "s2"]}, {"id": "c2", "abilities": ["s2"]}],
 "services": [{"id": "s1", "default_duration": 30}, {"id": "s2", "default_duration": 30}]}"#;
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("tiny.json");
    std::fs::write(&path, text).expect("write");
    let parsed = tillit::io::italian::parse_italian(&path, text).expect("parses");
    assert_eq!(parsed, read_italian(&path).expect("reads"));
    assert_eq!(parsed.visits.len(), 3);
    let msg = tillit::io::italian::parse_italian(&path, &text.replace("179.0", "-1"))
        .expect_err("negative time")
        .to_string();
    assert!(msg.contains("tiny.json") && msg.contains("p1"), "{msg}");
}
