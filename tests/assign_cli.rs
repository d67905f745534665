//! The `tillit assign` / `tillit assign-check` command-line contract: the assignment file's
//! fields and its CSV, the independent checker's verdict (exit 0 / 3 / 2), infeasible input
//! named and nothing written; and `tillit roster-check --format json` on team rotas.

mod common;

use std::path::Path;

use common::cli::{run, stderr, write};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/example_assign.json");
const CLIENTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/example_assign_clients.csv"
);

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn json(p: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(p).expect("file written")).expect("JSON")
}

#[test]
fn assign_writes_the_contract_fields_and_the_checker_agrees() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("assign.json");
    let o = run(&["assign", EXAMPLE, "--time-limit", "30", "--out", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&out);
    let a = v["assignment"].as_object().expect("assignment object");
    assert!(!a.is_empty());
    for key in [
        "teams",
        "moves",
        "objective",
        "status",
        "bound",
        "gap",
        "candidate_teams",
        "seconds",
    ] {
        assert!(v.get(key).is_some(), "missing {key}: {v}");
    }
    let teams = v["teams"].as_array().expect("teams");
    let clients: u64 = teams.iter().map(|t| t["clients"].as_u64().unwrap()).sum();
    assert_eq!(clients as usize, a.len());
    let csv = std::fs::read_to_string(dir.path().join("assign.csv")).expect("CSV beside");
    assert_eq!(csv.lines().count(), a.len() + 1, "{csv}");
    assert!(csv.starts_with("client,team,previous_team,travel_minutes"));

    let c = run(&["assign-check", EXAMPLE, s(&out)]);
    assert_eq!(c.status.code(), Some(0), "{}", stderr(&c));
    let r: serde_json::Value = serde_json::from_slice(&c.stdout).expect("JSON report");
    assert_eq!(r["feasible"], true, "{r}");
    let (claimed, checked) = (
        v["objective"].as_f64().unwrap(),
        r["objective"].as_f64().unwrap(),
    );
    assert!((claimed - checked).abs() <= 1e-9 * claimed.abs().max(1.0));
    assert_eq!(r["moves"], v["moves"]);
    // A bound never above the objective.
    if let Some(b) = v["bound"].as_f64() {
        assert!(b <= claimed + 1e-6 * claimed.abs().max(1.0), "{v}");
    }
}

/// The `kind` of every violation in a checker's report.
fn kinds(report: &serde_json::Value) -> Vec<&str> {
    report["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .map(|v| v["kind"].as_str().expect("kind"))
        .collect()
}

/// Writes `assignment` as an assignment file, has `assign-check` judge it against the example,
/// expects exit 3 and returns the report.
fn rejected(
    dir: &Path,
    name: &str,
    assignment: serde_json::Map<String, serde_json::Value>,
) -> serde_json::Value {
    let text = serde_json::json!({ "assignment": assignment }).to_string();
    let file = write(dir, name, text.as_bytes());
    let c = run(&["assign-check", EXAMPLE, s(&file)]);
    assert_eq!(c.status.code(), Some(3), "{}", stderr(&c));
    let r: serde_json::Value = serde_json::from_slice(&c.stdout).expect("JSON report");
    assert_eq!(r["feasible"], false, "{r}");
    r
}

#[test]
fn assign_check_exit_3_names_team_and_client() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (inst, _) =
        tillit::io::assign_json::read_assign(Path::new(EXAMPLE), None).expect("example reads");
    // Everybody in the first team: over its capacity and its max_clients.
    let first = &inst.teams[0].id;
    let all: serde_json::Map<String, serde_json::Value> = inst
        .clients
        .iter()
        .map(|c| (c.id.clone(), serde_json::Value::from(first.clone())))
        .collect();
    let r = rejected(dir.path(), "bad.json", all);
    let kinds = kinds(&r);
    assert!(kinds.contains(&"capacity"), "{r}");
    assert!(kinds.contains(&"max_clients"), "{r}");
    assert!(
        r["violations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["team"] == first.as_str()),
        "{r}"
    );

    // The first client sent to a team that does not exist, the others left out.
    let mut partial = serde_json::Map::new();
    partial.insert(inst.clients[0].id.clone(), "Atlantis".into());
    let r = rejected(dir.path(), "partial.json", partial);
    assert_eq!(r["violations"][0]["kind"], "unknown_team", "{r}");
    assert_eq!(r["violations"][0]["team"], "Atlantis", "{r}");
    assert_eq!(r["violations"][1]["kind"], "client_missing", "{r}");

    // Not an assignment file: bad input, exit 2, the file and field named.
    let junk = write(dir.path(), "junk.json", b"{\"assignment\": [");
    let c = run(&["assign-check", EXAMPLE, s(&junk)]);
    assert_eq!(c.status.code(), Some(2), "{}", stderr(&c));
    assert!(stderr(&c).contains("junk.json") && stderr(&c).contains("assignment"));
}

#[test]
fn assign_with_clients_csv_and_checker_on_the_same_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("a.json");
    let o = run(&[
        "assign",
        EXAMPLE,
        "--clients",
        CLIENTS,
        "--time-limit",
        "30",
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let c = run(&["assign-check", EXAMPLE, s(&out), "--clients", CLIENTS]);
    assert_eq!(c.status.code(), Some(0), "{}", stderr(&c));
}

#[test]
fn infeasible_assignment_input_names_the_level_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = write(
        dir.path(),
        "short.json",
        br#"{"levels": ["helsefagarbeider", "sykepleier"],
  "teams": [{"id": "A", "base": [59.9, 10.7], "capacity": {"helsefagarbeider": 20, "sykepleier": 2}}],
  "clients": [{"id": "k1", "location": [59.91, 10.71], "hours": {"sykepleier": 3}},
              {"id": "k2", "location": [59.92, 10.72], "hours": {"helsefagarbeider": 4}}]}"#,
    );
    let out = dir.path().join("out.json");
    std::fs::write(&out, "keep me").expect("write");
    let o = run(&["assign", s(&input), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("sykepleier") && e.contains("infeasible"), "{e}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    assert!(!dir.path().join("out.csv").exists());
}

/// Two weeks, day and evening shifts, two staff (the rota format of docs/roster-format.md).
const ROTA: &str = r#"{"name": "small", "weeks": 2,
  "shift_types": [{"id": "D", "start": "07:30", "end": "15:00", "break_minutes": 30},
                  {"id": "A", "start": "15:00", "end": "22:00", "break_minutes": 30}],
  "demand": [{"shift": "D", "carers": [1, 1, 1, 1, 1, 0, 0]},
             {"shift": "A", "carers": [1, 1, 1, 1, 1, 0, 0]}],
  "staff": [{"id": "a", "contract_percent": 60}, {"id": "b", "contract_percent": 60}],
  "rules": {"weekend_every": 2, "contract_tolerance_hours": 8}}"#;

#[test]
fn roster_check_judges_team_rotas_with_format_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rota = write(dir.path(), "rota.json", ROTA.as_bytes());
    let out = dir.path().join("roster.json");
    let o = run(&[
        "roster",
        "--format",
        "json",
        s(&rota),
        "--iterations",
        "5",
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&out);
    let c = run(&["roster-check", "--format", "json", s(&rota), s(&out)]);
    assert_eq!(c.status.code(), Some(0), "{}", stderr(&c));
    let r: serde_json::Value = serde_json::from_slice(&c.stdout).expect("JSON report");
    assert_eq!(r["feasible"], true);
    assert_eq!(r["objective"], v["objective"]);

    // Evening, day off, day in the first week for a: 33.5 h rest, not the 35 h of
    // arbeidsmiljøloven § 10-8 (2), and no other rest day that week.
    let bad = write(
        dir.path(),
        "bad.json",
        br#"{"assignments": {
  "a": ["A", "", "D", "D", "D", "D", "D", "", "", "D", "D", "", "", ""],
  "b": ["", "", "", "", "", "", "", "", "", "", "", "", "", ""]}}"#,
    );
    let c = run(&["roster-check", "--format", "json", s(&rota), s(&bad)]);
    assert_eq!(c.status.code(), Some(3), "{}", stderr(&c));
    let r: serde_json::Value = serde_json::from_slice(&c.stdout).expect("JSON report");
    let kinds = kinds(&r);
    assert!(kinds.contains(&"weekly_rest"), "{r}");
    // The Curtois reader on a JSON rota: bad input, exit 2.
    let c = run(&["roster-check", s(&rota), s(&bad)]);
    assert_eq!(c.status.code(), Some(2), "{}", stderr(&c));
}
