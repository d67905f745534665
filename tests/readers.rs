//! Instance readers: VRPLIB `.vrp`/`.sol` (the shared Solomon and Gehring & Homberger
//! benchmarks), the Solomon text format and tillit's JSON format.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tillit::Error;
use tillit::io::instance_json::{InstanceDto, parse_instance_json, read_instance_json};
use tillit::io::solomon::{parse_solomon, read_solomon};
use tillit::io::vrplib::{parse_sol, parse_vrplib, read_sol, read_vrplib};
use tillit::model::{Instance, InstanceParts, LocIdx};

const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");
const SETS: [(&str, usize); 3] = [("solomon", 100), ("gh200", 200), ("gh400", 400)];

fn vrptw_dir() -> PathBuf {
    Path::new(MANIFEST).join("../shared/data/vrptw")
}

fn local(rel: &str) -> PathBuf {
    Path::new(MANIFEST).join(rel)
}

/// Files of `dir` with extension `ext`, sorted; `None` (and a SKIP line) if the folder is absent.
fn files(dir: &Path, ext: &str) -> Option<Vec<PathBuf>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("SKIP {}: folder absent", dir.display());
        return None;
    };
    let mut v: Vec<PathBuf> = entries
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    Some(v)
}

/// Best-known DIMACS (distance, routes) per instance from bks.csv.
fn bks() -> HashMap<String, (f64, usize)> {
    let Ok(text) = std::fs::read_to_string(vrptw_dir().join("bks.csv")) else {
        return HashMap::new();
    };
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            Some((
                f.first()?.to_string(),
                (f.get(3)?.parse().ok()?, f.get(4)?.parse().ok()?),
            ))
        })
        .collect()
}

#[test]
fn every_benchmark_instance_parses_and_validates() {
    for (set, customers) in SETS {
        let Some(paths) = files(&vrptw_dir().join(set), "vrp") else {
            continue;
        };
        assert_eq!(paths.len(), 40, "{set}: 40 instances");
        for p in paths {
            let parts = read_vrplib(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            assert_eq!(parts.visits.len(), customers, "{}", p.display());
            assert_eq!(parts.matrices.len(), 1);
            assert_eq!(parts.matrices[0].n, customers + 1);
            assert_eq!(
                Some(parts.name.as_str()),
                p.file_stem().and_then(|s| s.to_str())
            );
            Instance::new(parts).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        }
    }
}

#[test]
fn c101_spot_check() {
    let p = vrptw_dir().join("solomon/C101.vrp");
    if !p.exists() {
        eprintln!("SKIP {}: absent", p.display());
        return;
    }
    let inst = Instance::new(read_vrplib(&p).expect("C101 parses")).expect("C101 is valid");
    assert_eq!(inst.name(), "C101");
    assert_eq!(inst.visits().len(), 100);
    assert_eq!(inst.carers().len(), 25);
    assert_eq!(inst.units().ticks_per_unit, 10);
    assert_eq!(inst.units().distance_per_unit, 10);
    assert_eq!(inst.units().unit_name, "file units");
    for c in inst.carers() {
        assert_eq!(c.capacity, Some(200));
        assert_eq!((c.start, c.end), (LocIdx(0), LocIdx(0)));
        assert_eq!((c.shift.start, c.shift.end), (0, 12360));
    }
    let v1 = inst.visit(inst.visit_by_id("1").expect("customer 1"));
    assert_eq!(v1.location, LocIdx(1));
    assert_eq!(v1.duration, 900);
    assert_eq!(v1.demand, 10);
    assert_eq!((v1.windows[0].start, v1.windows[0].end), (9120, 9670));
    assert!(inst.visits().iter().all(|v| v.duration == 900));
    assert!(inst.visit_by_id("0").is_none() && inst.visit_by_id("100").is_some());
    let m = &inst.matrices()[0];
    // Node 1 (40,50) → node 2 (45,68): floor(10·sqrt(25 + 324)) = 186.
    assert_eq!(m.distance(LocIdx(0), LocIdx(1)), 186);
    assert_eq!(m.duration(LocIdx(0), LocIdx(1)), 186);
    assert_eq!(m.distance(LocIdx(1), LocIdx(0)), 186);
    // Node 2 (45,68) → node 3 (45,70): exactly 2 → 20.
    assert_eq!(m.distance(LocIdx(1), LocIdx(2)), 20);
}

/// Every `.sol` parses, has the best-known number of routes, visits every customer once, and its
/// cost recomputed on our integer matrix equals the file's `Cost` exactly: this checks the
/// DIMACS truncation on all 120 instances.
#[test]
fn solutions_match_the_dimacs_matrix() {
    let bks = bks();
    for (set, customers) in SETS {
        let Some(paths) = files(&vrptw_dir().join(set), "sol") else {
            continue;
        };
        assert_eq!(paths.len(), 40, "{set}: 40 solutions");
        for p in paths {
            let sol = read_sol(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let name = p.file_stem().and_then(|s| s.to_str()).expect("utf-8 name");
            let (bks_cost, bks_routes) = bks[name];
            assert_eq!(sol.routes.len(), bks_routes, "{name}: routes");
            let cost = sol.cost.expect("Cost line");
            assert!(
                (cost - bks_cost).abs() < 1e-9,
                "{name}: cost {cost} vs {bks_cost}"
            );

            let inst = Instance::new(read_vrplib(&p.with_extension("vrp")).expect("parses"))
                .expect("valid");
            let m = &inst.matrices()[0];
            let mut seen = vec![false; customers + 1];
            let mut total = 0;
            for route in &sol.routes {
                let mut at = LocIdx(0);
                for c in route {
                    let v = inst.visit(inst.visit_by_id(c).expect("known customer"));
                    let k = v.location.0 as usize;
                    assert!(!seen[k], "{name}: customer {c} twice");
                    seen[k] = true;
                    total += m.distance(at, v.location);
                    at = v.location;
                }
                total += m.distance(at, LocIdx(0));
            }
            assert!(
                seen[1..].iter().all(|&s| s),
                "{name}: every customer served"
            );
            assert_eq!(total, (cost * 10.0).round() as i64, "{name}: DIMACS cost");
        }
    }
}

#[test]
fn solomon_text_equals_vrplib() {
    let txt = read_solomon(&local("tests/data/c101_10.txt")).expect("solomon fixture parses");
    let vrp = read_vrplib(&local("tests/data/c101_10.vrp")).expect("vrplib fixture parses");
    assert_eq!(txt, vrp);
    assert_eq!(txt.visits.len(), 10);
    assert_eq!(txt.carers.len(), 25);
    Instance::new(txt).expect("valid");
    // And both agree with the first 11 nodes of the full C101 where it is available.
    let full = vrptw_dir().join("solomon/C101.vrp");
    if let Ok(full) = read_vrplib(&full) {
        let (a, b) = (&vrp.matrices[0], &full.matrices[0]);
        for i in 0..11 {
            for j in 0..11 {
                assert_eq!(a.distances[i * 11 + j], b.distances[i * b.n + j]);
            }
        }
        assert_eq!(vrp.visits[..], full.visits[..10]);
    }
}

const GOOD: &str = "NAME : T
TYPE : CVRPTW
DIMENSION : 3
VEHICLES : 2
CAPACITY : 10
SERVICE_TIME : 5
EDGE_WEIGHT_TYPE : EUC_2D
NODE_COORD_SECTION
1 0 0
2 3 4
3 0 1
DEMAND_SECTION
1 0
2 1
3 2
TIME_WINDOW_SECTION
1 0 100
2 10 20.5
3 0 50
DEPOT_SECTION
1
-1
EOF
";

fn vrp(text: &str) -> tillit::Result<InstanceParts> {
    parse_vrplib(Path::new("t.vrp"), text)
}

fn assert_input(
    r: tillit::Result<impl std::fmt::Debug>,
    line: usize,
    want_field: &str,
    what: &str,
) {
    match r {
        Err(Error::Input {
            path,
            record,
            field,
            msg,
        }) => {
            assert!(
                path.ends_with("t.vrp")
                    || path.ends_with("t.sol")
                    || path.ends_with("t.txt")
                    || path.ends_with("t.json")
            );
            assert_eq!(record, format!("line {line}"), "{what}: record ({msg})");
            assert_eq!(field, want_field, "{what}: field ({msg})");
            assert!(!msg.is_empty());
        }
        other => panic!("{what}: expected Error::Input, got {other:?}"),
    }
}

#[test]
fn small_vrplib_converts_exactly() {
    let p = vrp(GOOD).expect("parses");
    assert_eq!(p.visits.len(), 2);
    assert_eq!(p.carers.len(), 2);
    assert_eq!(p.visits[0].id, "1");
    assert_eq!(p.visits[0].duration, 50);
    assert_eq!(
        (p.visits[0].windows[0].start, p.visits[0].windows[0].end),
        (100, 205)
    );
    assert_eq!(
        p.matrices[0].distances,
        vec![0, 50, 10, 50, 0, 42, 10, 42, 0]
    );
    // Without VEHICLES: one carer per customer; a SERVICE_TIME_SECTION overrides the key.
    let text = GOOD.replace("VEHICLES : 2\n", "").replace(
        "DEPOT_SECTION",
        "SERVICE_TIME_SECTION\n1 0\n2 7\n3 8.5\nDEPOT_SECTION",
    );
    let p = vrp(&text).expect("parses");
    assert_eq!(p.carers.len(), 2);
    assert_eq!(
        p.visits.iter().map(|v| v.duration).collect::<Vec<_>>(),
        vec![70, 85]
    );
    // Depot elsewhere than node 1; no DEPOT_SECTION means node 1.
    let p = vrp(&GOOD.replace("DEPOT_SECTION\n1\n", "DEPOT_SECTION\n3\n")).expect("parses");
    assert_eq!(p.carers[0].start, LocIdx(2));
    assert_eq!(
        p.visits.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(),
        ["0", "1"]
    );
    let p = vrp(&GOOD.replace("DEPOT_SECTION\n1\n-1\n", "")).expect("parses");
    assert_eq!(p.carers[0].start, LocIdx(0));
}

#[test]
fn vrplib_errors_name_line_and_field() {
    let cases: &[(&str, String, usize, &str)] = &[
        (
            "malformed header",
            GOOD.replace("TYPE : CVRPTW", "TYPE CVRPTW"),
            2,
            "header",
        ),
        (
            "unknown key",
            GOOD.replace("TYPE : CVRPTW", "FOO : 1"),
            2,
            "FOO",
        ),
        (
            "wrong type",
            GOOD.replace("TYPE : CVRPTW", "TYPE : CVRP"),
            2,
            "TYPE",
        ),
        (
            "edge weights",
            GOOD.replace("EUC_2D", "EXPLICIT"),
            7,
            "EDGE_WEIGHT_TYPE",
        ),
        (
            "dimension",
            GOOD.replace("DIMENSION : 3", "DIMENSION : three"),
            3,
            "DIMENSION",
        ),
        (
            "capacity",
            GOOD.replace("CAPACITY : 10", "CAPACITY : ten"),
            5,
            "CAPACITY",
        ),
        (
            "service",
            GOOD.replace("SERVICE_TIME : 5", "SERVICE_TIME : 5.25"),
            6,
            "SERVICE_TIME",
        ),
        (
            "repeated key",
            GOOD.replace("VEHICLES : 2", "NAME : U"),
            4,
            "NAME",
        ),
        (
            "section before dimension",
            GOOD.replace("DIMENSION : 3\n", "")
                .replace("NAME : T", "NAME : T\nNODE_COORD_SECTION"),
            2,
            "DIMENSION",
        ),
        (
            "missing dimension",
            GOOD.replace("DIMENSION : 3\n", "")
                .split("NODE_COORD")
                .next()
                .unwrap_or("")
                .to_string(),
            6,
            "DIMENSION",
        ),
        (
            "missing capacity",
            GOOD.replace("CAPACITY : 10\n", ""),
            22,
            "CAPACITY",
        ),
        (
            "coord row too short",
            GOOD.replace("2 3 4", "2 3"),
            10,
            "NODE_COORD_SECTION",
        ),
        (
            "coord not numeric",
            GOOD.replace("2 3 4", "2 3 x"),
            10,
            "NODE_COORD_SECTION",
        ),
        (
            "node out of range",
            GOOD.replace("3 0 1", "4 0 1"),
            11,
            "NODE_COORD_SECTION",
        ),
        (
            "node zero",
            GOOD.replace("1 0 0\n", "0 0 0\n"),
            9,
            "NODE_COORD_SECTION",
        ),
        (
            "node twice",
            GOOD.replace("3 0 1", "2 0 1"),
            11,
            "NODE_COORD_SECTION",
        ),
        (
            "too few coords",
            GOOD.replace("3 0 1\n", ""),
            8,
            "NODE_COORD_SECTION",
        ),
        (
            "demand not integer",
            GOOD.replace("2 1\n", "2 1.5\n"),
            14,
            "DEMAND_SECTION",
        ),
        (
            "too many demand values",
            GOOD.replace("2 1\n", "2 1 1\n"),
            14,
            "DEMAND_SECTION",
        ),
        (
            "window value",
            GOOD.replace("2 10 20.5", "2 10 20.55"),
            18,
            "TIME_WINDOW_SECTION",
        ),
        (
            "window missing",
            GOOD.replace("2 10 20.5\n", ""),
            16,
            "TIME_WINDOW_SECTION",
        ),
        (
            "missing section",
            GOOD.replace("DEMAND_SECTION\n1 0\n2 1\n3 2\n", ""),
            19,
            "DEMAND_SECTION",
        ),
        (
            "repeated section",
            GOOD.replace("TIME_WINDOW_SECTION", "DEMAND_SECTION"),
            16,
            "DEMAND_SECTION",
        ),
        (
            "no service time",
            GOOD.replace("SERVICE_TIME : 5\n", ""),
            22,
            "SERVICE_TIME",
        ),
        (
            "empty depot section",
            GOOD.replace("DEPOT_SECTION\n1\n", "DEPOT_SECTION\n"),
            20,
            "DEPOT_SECTION",
        ),
        (
            "depot out of range",
            GOOD.replace("DEPOT_SECTION\n1\n", "DEPOT_SECTION\n9\n"),
            21,
            "DEPOT_SECTION",
        ),
        (
            "two depots",
            GOOD.replace("DEPOT_SECTION\n1\n", "DEPOT_SECTION\n1\n2\n"),
            22,
            "DEPOT_SECTION",
        ),
        (
            "depot not numeric",
            GOOD.replace("DEPOT_SECTION\n1\n", "DEPOT_SECTION\none\n"),
            21,
            "DEPOT_SECTION",
        ),
        (
            "after -1",
            GOOD.replace("-1\n", "-1\n2\n"),
            23,
            "DEPOT_SECTION",
        ),
    ];
    for (what, text, line, field) in cases {
        assert_input(vrp(text), *line, field, what);
    }
    // Garbage never panics.
    for text in [
        "",
        "EOF",
        "NODE_COORD_SECTION\n1 2 3",
        "DIMENSION : 99999999999999999999999",
        "DIMENSION : 1000000000000\nNODE_COORD_SECTION",
        "DIMENSION : 2\nVEHICLES : 1000000000000",
    ] {
        assert!(vrp(text).is_err(), "{text:?}");
    }
}

#[test]
fn sol_parsing_and_errors() {
    let p = Path::new("t.sol");
    let s = parse_sol(p, "Route #1: 1 2 3\nRoute #2: 4\n\nCost 12.5\nTime 3\n").expect("parses");
    assert_eq!(s.routes, vec![vec!["1", "2", "3"], vec!["4"]]);
    assert_eq!(s.cost, Some(12.5));
    assert_eq!(parse_sol(p, "Route #1: 1\n").expect("parses").cost, None);
    assert_input(parse_sol(p, "Route #1 1 2\n"), 1, "Route", "no colon");
    assert_input(
        parse_sol(p, "Route #1: 1\nRoute #3: 2\n"),
        2,
        "Route",
        "sequence",
    );
    assert_input(parse_sol(p, "Route #1: 1 x\n"), 1, "Route #1", "customer");
    assert_input(parse_sol(p, "Route #1: 1\nCost abc\n"), 2, "Cost", "cost");
    assert_input(parse_sol(p, "Cost 1\nCost 2\n"), 2, "Cost", "cost twice");
}

#[test]
fn solomon_errors_name_line_and_field() {
    let good = std::fs::read_to_string(local("tests/data/c101_10.txt")).expect("fixture");
    let sol = |t: &str| parse_solomon(Path::new("t.txt"), t);
    sol(&good).expect("fixture parses");
    let cases: &[(&str, String, usize, &str)] = &[
        (
            "no VEHICLE",
            good.replace("VEHICLE\n", "VEHICLES\n"),
            3,
            "VEHICLE",
        ),
        (
            "vehicle header",
            good.replace("NUMBER     CAPACITY", "N C"),
            4,
            "VEHICLE",
        ),
        (
            "vehicle row",
            good.replace("  25         200", "  25"),
            5,
            "VEHICLE",
        ),
        (
            "vehicle number",
            good.replace("  25         200", "  x         200"),
            5,
            "NUMBER",
        ),
        (
            "capacity",
            good.replace("  25         200", "  25         2.5"),
            5,
            "CAPACITY",
        ),
        (
            "no CUSTOMER",
            good.replace("CUSTOMER\n", "CUSTOMERS\n"),
            7,
            "CUSTOMER",
        ),
        (
            "column header",
            good.replace("CUST NO.", "NO."),
            8,
            "CUSTOMER",
        ),
        (
            "short row",
            good.replace(
                "    1       45         68         10        912        967         90",
                "1 45 68",
            ),
            11,
            "CUSTOMER",
        ),
        (
            "order",
            good.replace("    1       45", "    7       45"),
            11,
            "CUST NO.",
        ),
        (
            "x",
            good.replace("    1       45", "    1       4x"),
            11,
            "XCOORD.",
        ),
        (
            "demand",
            good.replace("68         10", "68         1.5"),
            11,
            "DEMAND",
        ),
        ("ready", good.replace("912", "91.25"), 11, "READY TIME"),
        ("due", good.replace("967", "-"), 11, "DUE DATE"),
        (
            "service",
            good.replace("  967         90", "  967         9e"),
            11,
            "SERVICE TIME",
        ),
        (
            "no rows",
            good.split("    0 ").next().unwrap_or("").to_string(),
            9,
            "CUSTOMER",
        ),
        ("empty", String::new(), 0, "VEHICLE"),
    ];
    for (what, text, line, field) in cases {
        assert_input(sol(text), *line, field, what);
    }
}

#[test]
fn json_example_is_valid_and_round_trips() {
    let path = local("data/example_instance.json");
    let parts = read_instance_json(&path).expect("example parses");
    assert_eq!(parts.skills, ["nurse"]);
    assert_eq!(parts.visits.len(), 6);
    assert_eq!(parts.carers.len(), 2);
    assert_eq!(parts.carers[0].capacity, None);
    assert_eq!(parts.visits[1].windows.len(), 2);
    assert!(parts.carers[0].skills.covers(parts.visits[0].skills));
    assert!(!parts.carers[1].skills.covers(parts.visits[0].skills));
    let inst = Instance::new(parts.clone()).expect("example is valid");
    assert_eq!(inst.matrices()[0].duration(LocIdx(0), LocIdx(1)), 133);

    // parts → JSON → parts is the identity, also for a DIMACS instance with its units.
    let json_path = Path::new("t.json");
    for p in [
        parts,
        read_vrplib(&local("tests/data/c101_10.vrp")).expect("parses"),
    ] {
        let text = serde_json::to_string(&InstanceDto::from_parts(&p).expect("one matrix"))
            .expect("serialises");
        assert_eq!(parse_instance_json(json_path, &text).expect("re-parses"), p);
    }
    // The second example is the C101_10 fixture in tillit's JSON format.
    let c101 = read_instance_json(&local("data/example_c101_10.json")).expect("parses");
    assert_eq!(
        c101,
        read_vrplib(&local("tests/data/c101_10.vrp")).expect("parses")
    );

    // Written files read back.
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("i.json");
    tillit::io::instance_json::write_instance_json(&out, &c101).expect("writes");
    assert_eq!(read_instance_json(&out).expect("reads"), c101);
}

#[test]
fn json_errors_name_record_and_field() {
    let good = std::fs::read_to_string(local("data/example_instance.json")).expect("example");
    let json = |t: &str| parse_instance_json(Path::new("t.json"), t);
    let err = |t: String| match json(&t) {
        Err(Error::Input {
            record, field, msg, ..
        }) => (record, field, msg),
        other => panic!("expected Error::Input, got {other:?}"),
    };
    let (record, field, msg) = err(good.replace("\"duration\": 600", "\"duraton\": 600"));
    assert!(record.starts_with("line 37, column"), "{record}");
    // The field is the value's path in the document, the misspelt key at its end.
    assert!(
        field.starts_with("visits[") && field.ends_with("].duraton"),
        "{field}"
    );
    assert!(msg.contains("duraton"), "{msg}");
    let (record, field, _) = err(good.replace("\"location\": 3", "\"location\": 7"));
    assert_eq!(
        (record.as_str(), field.as_str()),
        ("visit \"v3\"", "location")
    );
    let (record, field, _) = err(good.replace(
        "\"end\": 0, \"shift\": [28800, 43200]",
        "\"end\": 9, \"shift\": [28800, 43200]",
    ));
    assert_eq!((record.as_str(), field.as_str()), ("carer \"c2\"", "end"));
    let (record, field, msg) = err(good.replace(
        "[[36000, 39600]], \"skills\": [\"nurse\"]",
        "[[36000, 39600]], \"skills\": [\"nures\"]",
    ));
    assert_eq!(
        (record.as_str(), field.as_str()),
        ("visit \"v4\"", "skills")
    );
    assert!(msg.contains("nures"));
    let (record, field, _) = err(good.replace(
        "[0, 133, 208, 142, 160, 160, 195]",
        "[0, 133, 208, 142, 160, 160]",
    ));
    assert_eq!((record.as_str(), field.as_str()), ("matrix", "durations"));
    let (record, field, _) = err(good
        .replace("      [962, 459, 823, 1256, 663, 611, 0]\n", "")
        .replace("937, 0, 596],", "937, 0, 596]"));
    assert_eq!((record.as_str(), field.as_str()), ("matrix", "distances"));
    let (record, field, _) = err(good
        .replace("    {\"id\": \"f\", \"lat\": 60.173, \"lon\": 24.95}\n", "")
        .replace("24.948},", "24.948}"));
    assert_eq!((record.as_str(), field.as_str()), ("instance", "locations"));
    let (record, field, _) = err(good.replace("60.1712", "91"));
    assert_eq!((record.as_str(), field.as_str()), ("location \"a\"", "lat"));
    // Without a declared skill list, skills are collected, and >64 is an input error.
    let many: Vec<String> = (0..65).map(|i| format!("\"s{i}\"")).collect();
    let (record, field, _) = err(good.replace("  \"skills\": [\"nurse\"],\n", "").replace(
        "\"capacity\": null, \"skills\": [\"nurse\"]",
        &format!("\"capacity\": null, \"skills\": [{}]", many.join(", ")),
    ));
    assert_eq!(
        (record.as_str(), field.as_str()),
        ("carer \"c1\"", "skills")
    );
    // Model-level problems surface from Instance::new with the id and field.
    let parts = json(&good.replace("[[32400, 43200]]", "[[43200, 32400]]")).expect("parses");
    let e = Instance::new(parts).expect_err("inverted window");
    assert_eq!((e.what.as_str(), e.field), ("visit \"v3\"", "windows"));
}

/// Truncated and corrupted inputs give errors (or valid parts), never panics.
#[test]
fn truncated_inputs_never_panic() {
    let txt = std::fs::read_to_string(local("tests/data/c101_10.txt")).expect("fixture");
    let json = std::fs::read_to_string(local("data/example_instance.json")).expect("example");
    for i in 0..GOOD.len() {
        let _ = vrp(&GOOD[..i]);
        let _ = parse_sol(Path::new("t.sol"), &GOOD[..i]);
        let mut corrupted = GOOD.as_bytes().to_vec();
        corrupted[i] = b'9';
        let _ = vrp(&String::from_utf8_lossy(&corrupted));
    }
    for i in 0..txt.len() {
        let _ = parse_solomon(Path::new("t.txt"), &txt[..i]);
    }
    for i in (0..json.len()).step_by(7) {
        let _ = parse_instance_json(Path::new("t.json"), &json[..i]);
    }
}

/// Issue 18: a file cut at a section boundary must be an error naming the file and what is
/// missing, never an instance that silently lacks a section. Every text reader is cut before
/// each of its section keywords; the JSON readers lose each mandatory key in turn.
#[test]
fn every_reader_rejects_a_file_cut_at_a_section_boundary() {
    // Byte offsets of the lines for which `starts` holds.
    fn cuts(text: &str, starts: impl Fn(&str) -> bool) -> Vec<usize> {
        let mut at = 0;
        let mut out = Vec::new();
        for line in text.split_inclusive('\n') {
            if starts(line.trim()) {
                out.push(at);
            }
            at += line.len();
        }
        out
    }
    fn expect_error<T>(what: &str, r: tillit::Result<T>, file: &str) {
        match r {
            Ok(_) => panic!("{what}: accepted"),
            Err(e) => {
                let msg = e.to_string();
                assert!(matches!(e, Error::Input { .. }), "{what}: {msg}");
                assert!(msg.contains(file), "{what}: {msg}");
            }
        }
    }
    // VRPLIB: cut before every mandatory *_SECTION header (DEPOT_SECTION is optional:
    // node 1 is the depot without it).
    let vrp_text = std::fs::read_to_string(local("tests/data/c101_10.vrp")).expect("fixture");
    let at = cuts(&vrp_text, |l| {
        l.ends_with("_SECTION") && l != "DEPOT_SECTION"
    });
    assert!(at.len() >= 3);
    for &i in &at {
        expect_error(
            &format!("vrplib cut at {i}"),
            parse_vrplib(Path::new("cut.vrp"), &vrp_text[..i]),
            "cut.vrp",
        );
    }
    // Solomon: before the VEHICLE and CUSTOMER blocks, and after their header lines.
    let txt = std::fs::read_to_string(local("tests/data/c101_10.txt")).expect("fixture");
    let at = cuts(&txt, |l| {
        ["VEHICLE", "CUSTOMER", "NUMBER"].contains(&l)
            || l.starts_with("CUST ")
            || l.starts_with("NUMBER")
    });
    assert!(at.len() >= 4);
    for &i in &at {
        expect_error(
            &format!("solomon cut at {i}"),
            parse_solomon(Path::new("cut.txt"), &txt[..i]),
            "cut.txt",
        );
    }
    // Mankowska: before every keyword.
    let hhc = std::fs::read_to_string(local("tests/data/hhcrsp_tiny.txt")).expect("fixture");
    let at = cuts(&hhc, |l| l.chars().next().is_some_and(char::is_alphabetic));
    assert!(at.len() >= 10);
    for &i in at.iter().skip(1) {
        expect_error(
            &format!("mankowska cut at {i}"),
            tillit::io::mankowska::parse_mankowska(Path::new("cut.txt"), &hhc[..i]),
            "cut.txt",
        );
    }
    // Rota JSON: without shift types, or with neither demand nor visits.
    let rota: serde_json::Value = serde_json::from_slice(
        &std::fs::read(local("data/example_rota.json")).expect("example rota"),
    )
    .expect("JSON");
    for keys in [&["shift_types"][..], &["demand", "visits"][..]] {
        let mut v = rota.clone();
        for k in keys {
            v.as_object_mut().expect("object").remove(*k);
        }
        expect_error(
            &format!("rota without {keys:?}"),
            tillit::io::rota_json::parse_rota_json(Path::new("cut.json"), &v.to_string()),
            "cut.json",
        );
        let msg = tillit::io::rota_json::parse_rota_json(Path::new("cut.json"), &v.to_string())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(msg.contains(keys[0]), "{msg}");
    }
    // Italian (shared data): each key the reader needs.
    let dir = Path::new(MANIFEST).join("../shared/data/hhc/italian_ceschia/instances");
    let Some(first) = files(&dir, "json").and_then(|f| f.into_iter().next()) else {
        return;
    };
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&first).expect("italian")).expect("JSON");
    let tmp = tempfile::tempdir().expect("temp dir");
    for key in ["distances", "patients", "caregivers", "services"] {
        let mut v = doc.clone();
        v.as_object_mut().expect("object").remove(key);
        let path = tmp.path().join("cut.json");
        std::fs::write(&path, v.to_string()).expect("write");
        let r = tillit::io::italian::read_italian(&path);
        let msg = r.as_ref().err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains(key), "italian without {key}: {msg}");
        expect_error(&format!("italian without {key}"), r, "cut.json");
    }
}
