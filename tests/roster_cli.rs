//! The `tillit roster` / `tillit roster-check` command-line contract: the roster file's
//! fields, exit codes 0 / 3 / 2, and no output on error.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::cli::{run, stderr};

const TINY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/roster_tiny.txt");

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn roster(dir: &Path, extra: &[&str]) -> (Output, PathBuf) {
    let out = dir.join("roster.json");
    let mut args = vec!["roster", "--format", "curtois", TINY, "--out", s(&out)];
    args.extend_from_slice(extra);
    (run(&args), out)
}

#[test]
fn roster_writes_the_contract_fields_and_roster_check_accepts_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (o, out) = roster(dir.path(), &["--time-limit", "20", "--seed", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).expect("output written")).expect("JSON");
    let a = v["assignments"].as_object().expect("assignments object");
    assert_eq!(a.len(), 3);
    for (id, days) in a {
        let days = days.as_array().expect("array of days");
        assert_eq!(days.len(), 7, "{id}");
        assert!(days.iter().all(|d| d.is_string()), "{id}: {days:?}");
    }
    assert!(v["objective"].is_i64(), "{v}");
    // A 3 × 7 instance is proved optimal by the first MIP.
    assert_eq!(v["status"], "optimal", "{v}");
    assert_eq!(v["bound"], v["objective"], "{v}");
    assert_eq!(v["seed"], 3);

    let c = run(&["roster-check", TINY, s(&out)]);
    assert_eq!(c.status.code(), Some(0), "{}", stderr(&c));
    let r: serde_json::Value = serde_json::from_slice(&c.stdout).expect("JSON report");
    assert_eq!(r["feasible"], true);
    assert_eq!(r["objective"], v["objective"]);
}

#[test]
fn roster_check_exit_3_on_broken_rules() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.json");
    // B works D on its day off 0 and six days in a row (max 5); C is missing.
    std::fs::write(
        &bad,
        r#"{"assignments":{"A":["D","D","","","D","D",""],"B":["D","D","D","D","D","D",""]}}"#,
    )
    .expect("write");
    let c = run(&["roster-check", TINY, s(&bad)]);
    assert_eq!(c.status.code(), Some(3), "{}", stderr(&c));
    let r: serde_json::Value = serde_json::from_slice(&c.stdout).expect("JSON report");
    assert_eq!(r["feasible"], false);
    let kinds: Vec<&str> = r["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .filter_map(|v| v["kind"].as_str())
        .collect();
    for k in ["day_off", "max_consecutive_shifts", "staff_missing"] {
        assert!(kinds.contains(&k), "{kinds:?} lacks {k}");
    }
}

#[test]
fn bad_input_exit_2_names_line_and_field_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(TINY).expect("fixture");
    let broken = dir.path().join("broken.txt");
    std::fs::write(&broken, text.replace("B,4,D,3", "B,4,Q,3")).expect("write");
    let out = dir.path().join("roster.json");
    let o = run(&[
        "roster",
        "--format",
        "curtois",
        s(&broken),
        "--time-limit",
        "5",
        "--out",
        s(&out),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("broken.txt") && err.contains("line 29") && err.contains("ShiftID"),
        "{err}"
    );
    assert!(!out.exists());

    // A roster file that is not JSON.
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{\"assignments\": [").expect("write");
    let c = run(&["roster-check", TINY, s(&junk)]);
    assert_eq!(c.status.code(), Some(2), "{}", stderr(&c));
}

#[test]
fn infeasible_input_exit_2_names_the_binding_rule() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(TINY).expect("fixture");
    // B may work 7 D shifts but must work 4000 minutes of at most 2400.
    let inf = dir.path().join("inf.txt");
    std::fs::write(
        &inf,
        text.replace("B,D=7|L=0,2400,1440", "B,D=7|L=0,5000,4000"),
    )
    .expect("write");
    let out = dir.path().join("roster.json");
    let o = run(&[
        "roster",
        "--format",
        "curtois",
        s(&inf),
        "--time-limit",
        "5",
        "--out",
        s(&out),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("infeasible")
            && err.contains("staff \"B\"")
            && err.contains("MinTotalMinutes"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn no_time_no_roster_exit_4_and_no_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (o, out) = roster(dir.path(), &["--time-limit", "0"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(4), "{err}");
    assert!(err.contains("no solution found"), "{err}");
    assert!(!out.exists());
}
