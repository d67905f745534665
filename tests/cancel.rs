//! Ctrl-C from the command line: a running `tillit` child is sent SIGINT (with `kill`, as a
//! terminal would). The first signal stops the search and writes the best result so far with
//! status `cancelled` (exit 130), which the checkers accept; a second signal stops at once and
//! writes nothing, leaving no temporary file behind.
#![cfg(unix)]

mod common;

use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use common::cli::{run, stderr};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data");

fn data(name: &str) -> String {
    format!("{DATA}/{name}")
}

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_tillit"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts")
}

/// Sends SIGINT to `child` with the `kill` command.
fn interrupt(child: &Child) {
    let ok = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(ok.success(), "kill -INT failed");
}

/// Waits for `child` to end, at most `limit`; kills it and fails the test after that.
fn wait_for(child: &mut Child, limit: Duration) -> (ExitStatus, String) {
    let t = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let out = child.wait_with_output_ref();
            return (status, out);
        }
        if t.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("tillit did not stop within {limit:?} of the signal");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

trait StderrText {
    fn wait_with_output_ref(&mut self) -> String;
}

impl StderrText for Child {
    fn wait_with_output_ref(&mut self) -> String {
        use std::io::Read;
        let mut text = String::new();
        if let Some(mut e) = self.stderr.take() {
            let _ = e.read_to_string(&mut text);
        }
        text
    }
}

/// Names in `dir` that start with `.tillit-` (temporaries left behind).
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tillit-"))
        .collect()
}

fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("output written");
    serde_json::from_str(&text).expect("valid JSON")
}

#[test]
fn solve_writes_the_best_plan_with_status_cancelled_on_sigint() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("plan.json");
    let instance = data("example_homecare.json");
    let mut child = spawn(&[
        "solve",
        &instance,
        "--time-limit",
        "600",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    std::thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().expect("wait").is_none(), "still searching");
    interrupt(&child);
    let (status, err) = wait_for(&mut child, Duration::from_secs(30));
    assert_eq!(status.code(), Some(130), "stderr: {err}");
    let plan = read_json(&out);
    assert_eq!(plan["status"], "cancelled", "{plan}");
    assert!(temporaries(dir.path()).is_empty());
    let check = run(&["check", &instance, out.to_str().expect("utf-8")]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn roster_writes_the_best_roster_with_status_cancelled_on_sigint() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("roster.json");
    // The first full MIP gets 1 % of the limit (6 s): HiGHS cannot be interrupted, the search
    // stops after the solve under way.
    let params = common::cli::write(dir.path(), "params.json", br#"{"initial_share": 0.01}"#);
    let rota = data("example_rota.json");
    let mut child = spawn(&[
        "roster",
        "--format",
        "json",
        &rota,
        "--time-limit",
        "600",
        "--params",
        params.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    std::thread::sleep(Duration::from_millis(2000));
    assert!(child.try_wait().expect("wait").is_none(), "still searching");
    interrupt(&child);
    let (status, err) = wait_for(&mut child, Duration::from_secs(60));
    assert_eq!(status.code(), Some(130), "stderr: {err}");
    let roster = read_json(&out);
    assert_eq!(roster["status"], "cancelled", "{roster}");
    assert!(out.with_extension("csv").exists(), "the CSV beside it");
    assert!(temporaries(dir.path()).is_empty());
    let check = run(&[
        "roster-check",
        "--format",
        "json",
        &rota,
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

/// A week's `plan` into `out` with a 600 s limit, interrupted once after 3 s of planning.
fn interrupted_week_plan(out: &std::path::Path) -> std::process::Child {
    let mut child = spawn(&[
        "plan",
        "--scenario",
        &data("example_scenario"),
        "--osm",
        &data("helsinki_centre.osm.pbf"),
        "--days",
        "7",
        "--time-limit",
        "600",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    std::thread::sleep(Duration::from_millis(3000));
    assert!(child.try_wait().expect("wait").is_none(), "still planning");
    interrupt(&child);
    child
}

#[test]
fn plan_writes_the_best_plan_with_status_cancelled_on_sigint() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let mut child = interrupted_week_plan(&out);
    let (status, err) = wait_for(&mut child, Duration::from_secs(90));
    assert_eq!(status.code(), Some(130), "stderr: {err}");
    let plan = read_json(&out.join("plan.json"));
    assert_eq!(plan["status"], "cancelled");
    assert_eq!(plan["days"], 7);
    // Every phase after the signal says so: the routes of each team-day and the rotas that
    // were cut (a rota or assignment finished before the signal keeps its own status).
    let day_statuses: Vec<&str> = plan["teams"]
        .as_array()
        .expect("teams")
        .iter()
        .flat_map(|t| t["days"].as_array().expect("days").iter())
        .filter_map(|d| d["status"].as_str())
        .collect();
    assert_eq!(day_statuses.len(), 2 * 7, "{day_statuses:?}");
    assert!(
        day_statuses.iter().all(|s| *s == "cancelled"),
        "{day_statuses:?}"
    );
    for f in ["routes.csv", "rosters.csv", "kpis.json", "report.html"] {
        assert!(out.join(f).exists(), "{f} written");
    }
    assert!(temporaries(dir.path()).is_empty());
}

#[test]
fn a_second_signal_stops_at_once_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let mut child = interrupted_week_plan(&out);
    std::thread::sleep(Duration::from_millis(100));
    interrupt(&child);
    let (status, err) = wait_for(&mut child, Duration::from_secs(10));
    assert_eq!(status.code(), Some(130), "stderr: {err}");
    assert!(err.contains("nothing written"), "{err}");
    assert!(!out.exists(), "nothing may be written");
    assert!(
        temporaries(dir.path()).is_empty(),
        "{:?}",
        temporaries(dir.path())
    );
}

#[test]
fn commands_that_cannot_stop_early_stop_at_once_on_the_first_signal() {
    // `assign` is one HiGHS MIP, which cannot be interrupted: the first signal ends it.
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("m.json");
    let mut child = spawn(&[
        "bench",
        "assign",
        "--clients",
        "3000",
        "--teams",
        "40",
        "--time-limit",
        "600",
    ]);
    std::thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().expect("wait").is_none(), "still solving");
    interrupt(&child);
    let (status, err) = wait_for(&mut child, Duration::from_secs(10));
    assert_eq!(status.code(), Some(130), "stderr: {err}");
    assert!(!out.exists());
}
