//! `tillit matrix` output formats (json, npy, csv) read back and compared with each other, the
//! all-or-nothing rule for the npy file set, and what the command says about points that do
//! not snap (none: exit 2; some: a warning) and about big matrices.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::cli::{run, stderr, write};

const HELSINKI: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/helsinki_centre.osm.pbf");

/// Points inside the Helsinki extract, one of them ("far") 7 km south of it, ids that need
/// CSV quoting.
const POINTS: &[u8] = b"id,lat,lon\n\
a,60.170,24.945\n\
far,60.100,24.945\n\
\"b,2\",60.172,24.948\n\
c,60.1675,24.9520\n";

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn matrix(points: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "matrix",
        "--osm",
        HELSINKI,
        "--points",
        s(points),
        "--out",
        s(out),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The JSON matrix of `POINTS` (the reference the other formats are compared with).
fn json_reference(dir: &Path, points: &Path) -> serde_json::Value {
    let out = dir.join("ref.json");
    let o = matrix(points, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&std::fs::read(&out).expect("json")).expect("JSON")
}

/// A parsed `.npy` file: shape and float32 data. Checks the parts of the format numpy needs.
fn read_npy(path: &Path) -> (Vec<usize>, Vec<f32>) {
    let bytes = std::fs::read(path).expect("npy file");
    assert_eq!(&bytes[..6], b"\x93NUMPY", "magic");
    assert_eq!((bytes[6], bytes[7]), (1, 0), "version 1.0");
    let len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
    let header = std::str::from_utf8(&bytes[10..10 + len]).expect("ASCII header");
    assert_eq!((10 + len) % 64, 0, "data aligned to 64 bytes");
    assert!(header.ends_with('\n'), "{header:?}");
    assert!(header.contains("'descr': '<f4'"), "{header}");
    assert!(header.contains("'fortran_order': False"), "{header}");
    let shape_text = header
        .split("'shape': (")
        .nth(1)
        .and_then(|r| r.split(')').next())
        .expect("shape");
    let shape: Vec<usize> = shape_text
        .split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(|x| x.parse().expect("dimension"))
        .collect();
    let data: Vec<f32> = bytes[10 + len..]
        .chunks(4)
        .map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))
        .collect();
    assert_eq!(data.len(), shape.iter().product::<usize>(), "data size");
    (shape, data)
}

#[test]
fn npy_arrays_and_ids_hold_the_json_values() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pts = write(dir.path(), "p.csv", POINTS);
    let reference = json_reference(dir.path(), &pts);
    let out = dir.path().join("m.npy");
    let o = matrix(&pts, &out, &["--format", "npy"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        files_in(dir.path()),
        ["m.distances.npy", "m.ids.csv", "m.npy", "p.csv", "ref.json"]
    );
    for (file, key) in [("m.npy", "durations"), ("m.distances.npy", "distances")] {
        let (shape, data) = read_npy(&dir.path().join(file));
        assert_eq!(shape, [4, 4], "{file}");
        let rows = reference[key].as_array().expect("rows");
        for (i, row) in rows.iter().enumerate() {
            for (j, want) in row.as_array().expect("row").iter().enumerate() {
                let got = data[i * 4 + j];
                match want.as_f64() {
                    None => assert!(got.is_nan(), "{file} ({i},{j}): {got}, JSON null"),
                    Some(w) => assert!(
                        (f64::from(got) - w).abs() <= w * 1e-7,
                        "{file} ({i},{j}): {got} vs JSON {w}"
                    ),
                }
            }
        }
        assert!(data[2] > 0.0, "{file}: a → b has a route");
    }
    let mut ids = csv::Reader::from_path(dir.path().join("m.ids.csv")).expect("ids csv");
    assert_eq!(
        ids.headers().expect("header"),
        vec!["row", "id", "snapped", "snap_m", "lat", "lon"]
    );
    let rows: Vec<csv::StringRecord> = ids.records().map(|r| r.expect("row")).collect();
    let got: Vec<(&str, &str, &str)> = rows.iter().map(|r| (&r[0], &r[1], &r[2])).collect();
    assert_eq!(
        got,
        [
            ("0", "a", "true"),
            ("1", "far", "false"),
            ("2", "b,2", "true"),
            ("3", "c", "true")
        ]
    );
    let snapped = reference["snapped"].as_array().expect("snapped");
    assert_eq!(
        rows[0][3].parse::<f64>().ok(),
        snapped[0]["snap_m"].as_f64(),
        "snap distance as in the JSON"
    );
    assert!(rows[1][3].is_empty() && rows[1][4].is_empty());
}

/// numpy itself loads the arrays (when a Python with numpy is at hand: `$PYTHON` or
/// `python3`; otherwise the test says it skipped).
#[test]
fn numpy_loads_the_npy_arrays() {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let has_numpy = std::process::Command::new(&python)
        .args(["-c", "import numpy"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_numpy {
        eprintln!("SKIP numpy_loads_the_npy_arrays: no numpy in {python}");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let pts = write(dir.path(), "p.csv", POINTS);
    let reference = json_reference(dir.path(), &pts);
    let out = dir.path().join("m.npy");
    let o = matrix(&pts, &out, &["--format", "npy"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let script = "import json, sys, numpy as np\n\
d = np.load(sys.argv[1]); m = np.load(sys.argv[2], mmap_mode='r')\n\
assert d.dtype == np.float32 and d.shape == (4, 4) and m.shape == (4, 4), (d.dtype, d.shape)\n\
print(json.dumps({'durations': [[None if np.isnan(x) else float(x) for x in r] for r in d],\n\
                  'distances': [[None if np.isnan(x) else float(x) for x in r] for r in m]}))\n";
    let o = std::process::Command::new(&python)
        .args([
            "-c",
            script,
            s(&out),
            s(&dir.path().join("m.distances.npy")),
        ])
        .output()
        .expect("python runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let got: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON from python");
    for key in ["durations", "distances"] {
        for (i, row) in reference[key].as_array().expect("rows").iter().enumerate() {
            for (j, want) in row.as_array().expect("row").iter().enumerate() {
                let g = &got[key][i][j];
                match want.as_f64() {
                    None => assert!(g.is_null(), "{key} ({i},{j}): numpy {g}, JSON null"),
                    Some(w) => {
                        let g = g.as_f64().expect("number");
                        assert!((g - w).abs() <= w * 1e-7, "{key} ({i},{j}): {g} vs {w}");
                    }
                }
            }
        }
    }
}

#[test]
fn csv_long_table_holds_the_json_values() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pts = write(dir.path(), "p.csv", POINTS);
    let reference = json_reference(dir.path(), &pts);
    let out = dir.path().join("m.csv");
    let o = matrix(&pts, &out, &["--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut r = csv::Reader::from_path(&out).expect("csv");
    assert_eq!(
        r.headers().expect("header"),
        vec!["from", "to", "duration_s", "distance_m"]
    );
    let ids: Vec<&str> = reference["ids"]
        .as_array()
        .expect("ids")
        .iter()
        .map(|v| v.as_str().expect("id"))
        .collect();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), 16, "one row per ordered pair");
    for (k, row) in rows.iter().enumerate() {
        let (i, j) = (k / 4, k % 4);
        assert_eq!(
            (&row[0], &row[1]),
            (ids[i], ids[j]),
            "row {k}: origin-major order"
        );
        for (col, key) in [(2, "durations"), (3, "distances")] {
            let want = reference[key][i][j].as_f64();
            let got = (!row[col].is_empty()).then(|| row[col].parse::<f64>().expect("number"));
            assert_eq!(got, want, "row {k} {key}");
        }
    }
}

#[test]
fn json_is_the_default_format_and_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pts = write(dir.path(), "p.csv", POINTS);
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    assert!(matrix(&pts, &a, &[]).status.success());
    assert!(matrix(&pts, &b, &["--format", "json"]).status.success());
    let bytes = std::fs::read(&a).expect("a");
    assert_eq!(bytes, std::fs::read(&b).expect("b"));
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(
        text.starts_with("{\"ids\":[\"a\",\"far\",\"b,2\",\"c\"],\"durations\":[[0.0,null,"),
        "{text}"
    );
    assert!(text.ends_with(",\"unsnapped\":[\"far\"]}\n"), "{text}");
    let o = matrix(&pts, &dir.path().join("c.x"), &["--format", "xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("json, npy, csv"), "{}", stderr(&o));
}

#[test]
fn some_points_not_snapping_are_named_in_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut body = String::from("id,lat,lon\nin,60.170,24.945\n");
    for k in 0..7 {
        body.push_str(&format!("out{k},{},24.945\n", 60.0 - 0.01 * f64::from(k)));
    }
    let pts = write(dir.path(), "p.csv", body.as_bytes());
    let out = dir.path().join("m.json");
    let o = matrix(&pts, &out, &["--timings"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let warning = err
        .lines()
        .find(|l| l.starts_with("warning:"))
        .unwrap_or_else(|| panic!("no warning in {err:?}"));
    for needle in [
        "p.csv",
        "7 of 8 points",
        "500 m",
        "\"out0\"",
        "\"out4\"",
        "(2 more)",
    ] {
        assert!(warning.contains(needle), "{warning:?} lacks {needle:?}");
    }
    assert!(!warning.contains("\"in\""), "{warning}");
    assert!(
        !warning.contains("\"out5\""),
        "only the first few ids: {warning}"
    );
    let timings = err.lines().last().expect("timings line");
    assert!(
        serde_json::from_str::<serde_json::Value>(timings).is_ok(),
        "the timings stay one JSON line, last: {err}"
    );
    assert!(out.exists());
}

/// No point snaps → exit 2 naming the points file, the count and the likely cause; nothing
/// written (for the single-file and the three-file formats).
#[test]
fn no_point_snapping_is_an_input_error_and_writes_nothing() {
    let cases: [(&str, &[u8], &[&str], &str); 3] = [
        (
            "wrong extract (Oslo points)",
            b"id,lat,lon\na,59.91,10.75\nb,59.92,10.76\nc,59.93,10.70\n",
            &[],
            "right extract",
        ),
        (
            "lat and lon swapped",
            b"id,lat,lon\na,24.945,60.170\nb,24.948,60.172\nc,24.952,60.1675\n",
            &[],
            "swapped",
        ),
        (
            "snap radius 0",
            b"id,lat,lon\na,60.170,24.945\nb,60.172,24.948\nc,60.1675,24.9520\n",
            &["--snap-radius", "0"],
            "snap radius (--snap-radius",
        ),
    ];
    for (what, body, extra, cause) in cases {
        for format in ["json", "npy", "csv"] {
            let dir = tempfile::tempdir().expect("temp dir");
            let out_dir = dir.path().join("out");
            std::fs::create_dir(&out_dir).expect("out dir");
            let pts = write(dir.path(), "pts.csv", body);
            let out = out_dir.join("m");
            let mut args = vec!["--format", format];
            args.extend_from_slice(extra);
            let o = matrix(&pts, &out, &args);
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{what} {format}: {err}");
            for needle in ["pts.csv", "none of the 3 point(s)", "likely causes", cause] {
                assert!(err.contains(needle), "{what}: {err:?} lacks {needle:?}");
            }
            assert!(!err.contains("panicked"), "{err}");
            assert!(
                files_in(&out_dir).is_empty(),
                "{what} {format}: written {:?}",
                files_in(&out_dir)
            );
        }
    }
}

#[test]
fn a_points_file_without_points_is_an_input_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pts = write(dir.path(), "empty.csv", b"id,lat,lon\n");
    let out = dir.path().join("m.json");
    let o = matrix(&pts, &out, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("empty.csv"), "{}", stderr(&o));
    assert!(stderr(&o).contains("no points"), "{}", stderr(&o));
    assert!(!out.exists());
}

/// The three npy files appear together or not at all: when the last one cannot be written
/// (a directory is in its place), the other two are not left behind.
#[test]
fn npy_files_are_written_all_or_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pts = write(dir.path(), "p.csv", POINTS);
    let blocker = dir.path().join("m.ids.csv");
    std::fs::create_dir(&blocker).expect("dir");
    write(&blocker, "keep", b"x");
    let out = dir.path().join("m.npy");
    let o = matrix(&pts, &out, &["--format", "npy"]);
    assert_ne!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert_eq!(files_in(dir.path()), ["m.ids.csv", "p.csv"]);
}

/// More than 5,000 points: a warning with the expected size and `--format npy`, printed before
/// the work (here the points lie off the map, so the run then stops with exit 2).
#[test]
fn big_matrices_get_a_size_warning_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut body = String::from("id,lat,lon\n");
    for k in 0..5_001 {
        body.push_str(&format!("p{k},{},10.0\n", 50.0 + f64::from(k) * 1e-4));
    }
    let pts: PathBuf = write(dir.path(), "p.csv", body.as_bytes());
    let o = matrix(&pts, &dir.path().join("m.json"), &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let first = err.lines().next().unwrap_or_default();
    for needle in ["warning:", "5001 points", "GB", "--format npy"] {
        assert!(first.contains(needle), "{first:?} lacks {needle:?}");
    }
    let pts_small = write(dir.path(), "q.csv", b"id,lat,lon\na,60.170,24.945\n");
    let o = matrix(&pts_small, &dir.path().join("q.json"), &[]);
    assert!(o.status.success());
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
}

/// A file of the npy set that would replace an input (here the points file named like the ids
/// file) is refused before any work: exit 2, the input unchanged, nothing written.
#[test]
fn npy_files_never_replace_an_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pts = write(dir.path(), "m.ids.csv", POINTS);
    let o = matrix(&pts, &dir.path().join("m.npy"), &["--format", "npy"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("m.ids.csv") && err.contains("input"), "{err}");
    assert_eq!(std::fs::read(&pts).expect("points"), POINTS);
    assert_eq!(files_in(dir.path()), ["m.ids.csv"]);
}
