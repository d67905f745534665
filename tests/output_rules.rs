//! The output rules of every command (README "Where outputs go"): only regular files or a
//! directory the run creates; devices, FIFOs, symbolic links, inputs and non-empty directories
//! are refused with exit 2 before any work, and nothing is changed. Also parameter edges that
//! must be refused clearly at the command line (issue 18, items 1, 4 and 5).

mod common;

use std::path::Path;
use std::process::Output;

use common::cli::{run, stderr, write};

const HELSINKI: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/helsinki_centre.osm.pbf");
const POINTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/helsinki_points.csv");
const SOLOMON: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/c101_10.txt");
const ROSTER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/roster_tiny.txt");
const ASSIGN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/example_assign.json");
const SCENARIO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/example_scenario.json");

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Exit 2, stderr names `--out` (or `flag`) and every needle, no panic.
fn refused(o: &Output, flag: &str, needles: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert!(err.contains(flag), "stderr {err:?} lacks {flag:?}");
    for n in needles {
        assert!(err.contains(n), "stderr {err:?} lacks {n:?}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

/// No `.tillit-*` temporary left in `dir`.
fn no_temporaries(dir: &Path) {
    let left: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tillit"))
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "temporaries left: {left:?}");
}

#[test]
fn an_output_equal_to_an_input_is_refused_and_the_input_kept() {
    let dir = tempfile::tempdir().expect("dir");
    let inst = dir.path().join("c101.txt");
    std::fs::copy(SOLOMON, &inst).expect("copy");
    let before = std::fs::read(&inst).expect("read");
    let o = run(&["solve", s(&inst), "--iterations", "10", "--out", s(&inst)]);
    refused(&o, "--out", &["is the input"]);
    assert_eq!(std::fs::read(&inst).expect("read"), before);

    // The same input through another spelling of its path.
    let other = dir.path().join(".").join("c101.txt");
    let o = run(&["solve", s(&inst), "--iterations", "10", "--out", s(&other)]);
    refused(&o, "--out", &["is the input"]);

    let points = write(dir.path(), "p.csv", &std::fs::read(POINTS).expect("read"));
    let before = std::fs::read(&points).expect("read");
    let o = run(&[
        "matrix",
        "--osm",
        HELSINKI,
        "--points",
        s(&points),
        "--out",
        s(&points),
    ]);
    refused(&o, "--out", &["is the input"]);
    assert_eq!(std::fs::read(&points).expect("read"), before);

    let roster = dir.path().join("r.txt");
    std::fs::copy(ROSTER, &roster).expect("copy");
    let o = run(&[
        "roster",
        "--format",
        "curtois",
        s(&roster),
        "--iterations",
        "1",
        "--out",
        s(&roster),
    ]);
    refused(&o, "--out", &["is the input"]);
    no_temporaries(dir.path());
}

#[cfg(unix)]
#[test]
fn devices_symlinks_and_fifos_are_refused_untouched() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().expect("dir");
    // /dev/null stays a device (as root the old rename replaced it with a regular file).
    let o = run(&["solve", SOLOMON, "--iterations", "10", "--out", "/dev/null"]);
    refused(&o, "--out", &["a device"]);
    let meta = std::fs::metadata("/dev/null").expect("/dev/null");
    assert!(meta.file_type().is_char_device());

    let real = write(dir.path(), "real.json", b"keep me");
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let o = run(&["solve", SOLOMON, "--iterations", "10", "--out", s(&link)]);
    refused(&o, "--out", &["symbolic link"]);
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read(&real).expect("read"), b"keep me");

    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let o = run(&["assign", ASSIGN, "--time-limit", "5", "--out", s(&fifo)]);
    refused(&o, "--out", &["FIFO"]);
    assert!(
        std::fs::symlink_metadata(&fifo)
            .expect("fifo")
            .file_type()
            .is_fifo()
    );
    no_temporaries(dir.path());
}

#[cfg(unix)]
#[test]
fn outputs_get_the_mode_of_a_plain_new_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("plan.json");
    let o = run(&["solve", SOLOMON, "--iterations", "20", "--out", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mode = std::fs::metadata(&out).expect("out").permissions().mode() & 0o777;
    let plain = write(dir.path(), "plain", b"x");
    let expect = std::fs::metadata(&plain)
        .expect("plain")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(
        mode, expect,
        "solve wrote {mode:o}, a plain new file is {expect:o}"
    );
}

/// A non-empty output directory is refused before any work: the error is about `--out` even
/// though the OSM file does not exist (reading it would have failed first otherwise).
#[test]
fn directory_outputs_are_checked_before_any_work() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    let keep = write(&out, "notes.txt", b"mine");
    let missing_osm = dir.path().join("missing.osm.pbf");
    for cmd in ["plan", "compare"] {
        let o = run(&[
            cmd,
            "--scenario",
            SCENARIO,
            "--osm",
            s(&missing_osm),
            "--out",
            s(&out),
        ]);
        refused(&o, "--out", &["not empty", "--force"]);
    }
    let o = run(&["demo", "--out", s(&out)]);
    refused(&o, "--out", &["not empty"]);
    let o = run(&[
        "generate",
        "--osm",
        s(&missing_osm),
        "--clients",
        "5",
        "--out",
        s(&out),
    ]);
    refused(&o, "--out", &["not empty"]);
    assert_eq!(std::fs::read(&keep).expect("kept"), b"mine");

    // A file where a directory must go, and a directory under a file: refused before work.
    let file = write(dir.path(), "f", b"x");
    let o = run(&[
        "plan",
        "--scenario",
        SCENARIO,
        "--osm",
        s(&missing_osm),
        "--out",
        s(&file),
    ]);
    refused(&o, "--out", &["a regular file"]);
    let under = file.join("out");
    let o = run(&["demo", "--out", s(&under)]);
    refused(&o, "--out", &["not a directory"]);

    // An output directory holding an input.
    let scen_dir = dir.path().join("scen");
    std::fs::create_dir(&scen_dir).expect("mkdir");
    let scen = write(
        &scen_dir,
        "scenario.json",
        &std::fs::read(SCENARIO).expect("read"),
    );
    let o = run(&[
        "plan",
        "--scenario",
        s(&scen),
        "--osm",
        HELSINKI,
        "--force",
        "--out",
        s(&scen_dir),
    ]);
    refused(&o, "--out", &["holds the input"]);
    no_temporaries(dir.path());
}

#[test]
fn generate_writes_a_new_directory_whole_and_refuses_absurd_sizes() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("book");
    for n in ["18446744073709551615", "1000000000", "0"] {
        let o = run(&[
            "generate",
            "--osm",
            HELSINKI,
            "--clients",
            n,
            "--out",
            s(&out),
        ]);
        refused(&o, "--clients", &["out of range"]);
        assert!(!out.exists());
    }
    let o = run(&[
        "generate",
        "--osm",
        HELSINKI,
        "--clients",
        "8",
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in [
        "teams.csv",
        "staff.csv",
        "clients.csv",
        "visits.csv",
        "settings.json",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    // Run again into the now non-empty directory: refused without --force, fine with it.
    let o = run(&[
        "generate",
        "--osm",
        HELSINKI,
        "--clients",
        "8",
        "--out",
        s(&out),
    ]);
    refused(&o, "--out", &["not empty"]);
    let o = run(&[
        "generate",
        "--osm",
        HELSINKI,
        "--clients",
        "8",
        "--force",
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    no_temporaries(dir.path());
}

#[test]
fn negative_numbers_reach_the_value_check() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("p.json");
    let o = run(&["solve", SOLOMON, "--seed", "-1", "--out", s(&out)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("--seed"), "{err}");
    assert!(!err.contains("unexpected argument"), "{err}");
    assert!(err.contains("a seed is a whole number from 0 to"), "{err}");
    let o = run(&["solve", SOLOMON, "--time-limit", "-3", "--out", s(&out)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("--time-limit"), "{err}");
    assert!(!out.exists());
}
