//! `tillit plan` and `tillit compare` from the command line: outputs, exit codes, nothing
//! written on bad input.

use std::path::Path;
use std::process::{Command, Output};

const OSM: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/helsinki_centre.osm.pbf");
const SCENARIO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/example_scenario");

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tillit"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

const FILES: [&str; 6] = [
    "plan.json",
    "routes.csv",
    "rosters.csv",
    "kpis.json",
    "routes.geojson",
    "report.html",
];

#[test]
fn plan_writes_every_output_and_a_summary() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("out");
    let o = run(&[
        "plan",
        "--scenario",
        SCENARIO,
        "--osm",
        OSM,
        "--iterations",
        "100",
        "--seed",
        "3",
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("summary JSON");
    assert_eq!(v["clients"], 30);
    assert_eq!(v["model"], "trust");
    for f in FILES {
        assert!(out.join(f).is_file(), "missing {f}");
    }
    let k: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("kpis.json")).expect("kpis")).expect("json");
    assert_eq!(k["total"]["visits_total"], v["visits_total"]);
    assert_eq!(k["seed"], 3);
    // No stray temporary directory beside the output.
    let stray: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tillit"))
        .collect();
    assert!(stray.is_empty());
}

#[test]
fn bad_input_exits_2_and_leaves_the_output_alone() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("plan.json"), "old").expect("old file");
    let bad = dir.path().join("bad.json");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/example_scenario.json"
    ))
    .expect("example");
    std::fs::write(&bad, text.replacen(r#""team": "T1""#, r#""team": "T7""#, 1)).expect("write");
    let o = run(&[
        "plan",
        "--scenario",
        s(&bad),
        "--osm",
        OSM,
        "--iterations",
        "10",
        // The directory is not empty: --force lets the run reach the bad scenario.
        "--force",
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("field `team`") && stderr(&o).contains("T7"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("plan.json"))
            .ok()
            .as_deref(),
        Some("old")
    );
    let o = run(&[
        "plan",
        "--scenario",
        SCENARIO,
        "--osm",
        "/nonexistent.pbf",
        "--force",
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // A parameter out of range, an unknown care model: exit 2, no output directory.
    let fresh = dir.path().join("fresh");
    for (flag, value) in [("--days", "0"), ("--model", "stopwatch")] {
        let o = run(&[
            "plan",
            "--scenario",
            SCENARIO,
            "--osm",
            OSM,
            flag,
            value,
            "--out",
            s(&fresh),
        ]);
        assert_eq!(o.status.code(), Some(2), "{flag}: {}", stderr(&o));
        assert!(!fresh.exists());
    }
}

#[test]
fn compare_plans_both_models_side_by_side() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("cmp");
    let o = run(&[
        "compare",
        "--scenario",
        SCENARIO,
        "--osm",
        OSM,
        "--iterations",
        "100",
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for sub in ["purchaser_provider", "trust"] {
        for f in FILES {
            assert!(out.join(sub).join(f).is_file(), "missing {sub}/{f}");
        }
    }
    assert!(out.join("compare.json").is_file() && out.join("report.html").is_file());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("summary");
    // Part-time positions in the purchaser-provider model, the contracts as given in the other.
    assert_eq!(v["purchaser_provider"]["full_time_share"], 0.0);
    assert!(v["trust"]["full_time_share"].as_f64() > Some(0.5), "{v}");
    let html = std::fs::read_to_string(out.join("report.html")).expect("report");
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
}
