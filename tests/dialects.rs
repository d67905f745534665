//! What Norwegian users' files look like: CSV from Excel in Norwegian (`;` separators, decimal
//! commas, Windows-1252), JSON with a UTF-8 byte-order mark, coordinates off the globe, and the
//! messages for each (file, record and field in the user's words). Every fixture is written by
//! the test itself from the examples in `data/`.

mod common;

use std::path::{Path, PathBuf};

use common::cli::{run, stderr, write};
use tillit::Error;

fn local(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `bytes` with a UTF-8 byte-order mark in front.
fn with_bom(bytes: &[u8]) -> Vec<u8> {
    [BOM, bytes].concat()
}

/// The message of an input error, with its record and field.
fn input_error<T: std::fmt::Debug>(r: tillit::Result<T>) -> (String, String, String, String) {
    match r {
        Err(Error::Input {
            path,
            record,
            field,
            msg,
        }) => (path.display().to_string(), record, field, msg),
        other => panic!("expected an input error, got {other:?}"),
    }
}

/// A CSV file as Excel in Norwegian saves it: `;` between values, a decimal comma in the
/// `numeric` columns, Windows-1252 bytes, CRLF line ends. `rows` include the header.
fn excel_no(rows: &[Vec<String>], numeric: &[&str]) -> Vec<u8> {
    let header = &rows[0];
    let numeric: Vec<usize> = numeric
        .iter()
        .filter_map(|n| header.iter().position(|h| h == n))
        .collect();
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for (k, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if k > 0 && numeric.contains(&i) {
                    c.replace('.', ",")
                } else {
                    c.clone()
                }
            })
            .collect();
        w.write_record(&cells).expect("write row");
    }
    let text = String::from_utf8(w.into_inner().expect("flush")).expect("utf-8");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable, "fixture text fits Windows-1252");
    bytes.into_owned()
}

/// The rows of a `,` CSV file (header first), with `from` replaced by `to` in every cell.
fn rows_of(path: &Path, from: &str, to: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .expect("example CSV");
    r.records()
        .map(|rec| {
            rec.expect("record")
                .iter()
                .map(|c| c.replace(from, to))
                .collect()
        })
        .collect()
}

/// The same rows as a plain `,` / `.` UTF-8 CSV.
fn plain(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.write_record(row).expect("write row");
    }
    w.into_inner().expect("flush")
}

/// Numeric columns of the scenario's CSV files.
const SCENARIO_NUMBERS: &[&str] = &[
    "lat",
    "lon",
    "contract_percent",
    "duration",
    "max_duration",
    "carers",
];

#[test]
fn scenario_from_norwegian_excel_reads_like_the_plain_csv() {
    let example = local("data/example_scenario");
    let root = tempfile::tempdir().expect("temp dir");
    let (plain_dir, excel_dir) = (root.path().join("a/bydel"), root.path().join("b/bydel"));
    for d in [&plain_dir, &excel_dir] {
        std::fs::create_dir_all(d).expect("mkdir");
        std::fs::copy(example.join("settings.json"), d.join("settings.json")).expect("copy");
    }
    for name in ["teams.csv", "staff.csv", "clients.csv", "visits.csv"] {
        // Team T1 becomes «Bodø», client c1 «Ærøy-Åse»: letters outside ASCII.
        let rows: Vec<Vec<String>> = rows_of(&example.join(name), "T1", "Bodø")
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|c| if c == "c1" { "Ærøy-Åse".into() } else { c })
                    .collect()
            })
            .collect();
        write(&plain_dir, name, &plain(&rows));
        let bytes = excel_no(&rows, SCENARIO_NUMBERS);
        assert!(bytes.contains(&0xF8), "ø is the single byte 0xF8");
        write(&excel_dir, name, &bytes);
    }
    let a = tillit::scenario::read_scenario(&plain_dir).expect("plain CSV reads");
    let b = tillit::scenario::read_scenario(&excel_dir).expect("Norwegian Excel CSV reads");
    assert_eq!(a, b);
    assert!(b.teams.iter().any(|t| t.id == "Bodø"));
    assert!(b.clients.iter().any(|c| c.id == "Ærøy-Åse"));
    // Decimal commas were read as decimals, not dropped or cut.
    let t = b.teams.iter().find(|t| t.id == "Bodø").expect("team");
    assert!(t.base.lat.fract() != 0.0, "{:?}", t.base);
}

#[test]
fn points_and_assignment_clients_from_norwegian_excel() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Points: the Helsinki example, as Excel in Norwegian saves it.
    let rows = rows_of(&local("data/helsinki_points.csv"), "", "");
    let p = write(dir.path(), "p.csv", &excel_no(&rows, &["lat", "lon"]));
    assert_eq!(
        tillit::io::points_csv::read_points_csv(&p).expect("reads"),
        tillit::io::points_csv::read_points_csv(&local("data/helsinki_points.csv")).expect("reads")
    );
    // Assignment clients.
    let json = local("data/example_assign.json");
    let rows = rows_of(&local("data/example_assign_clients.csv"), "", "");
    let header = rows[0].clone();
    let numeric: Vec<&str> = header
        .iter()
        .map(String::as_str)
        .filter(|h| *h == "lat" || *h == "lon" || h.starts_with("hours_"))
        .collect();
    let c = write(dir.path(), "k.csv", &excel_no(&rows, &numeric));
    let (a, _) = tillit::io::assign_json::read_assign(&json, Some(&c)).expect("reads");
    let (b, _) = tillit::io::assign_json::read_assign(
        &json,
        Some(&local("data/example_assign_clients.csv")),
    )
    .expect("reads");
    assert_eq!(a, b);
    // The command line takes it too.
    let out = dir.path().join("a.json");
    let o = run(&[
        "assign",
        json.to_str().expect("utf-8"),
        "--clients",
        c.to_str().expect("utf-8"),
        "--time-limit",
        "10",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_decimal_comma_in_a_comma_separated_file_is_explained() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Unquoted: the comma splits the number, so the line has one value too many.
    let p = write(
        dir.path(),
        "p.csv",
        b"id,lat,lon\na,60.17,24.94\nb,60,18,24.95\n",
    );
    let (file, record, field, msg) = input_error(tillit::io::points_csv::read_points_csv(&p));
    assert!(file.ends_with("p.csv"));
    assert_eq!((record.as_str(), field.as_str()), ("line 3", "lat"));
    assert!(
        msg.contains("decimal comma such as 60,18") && msg.contains("write 60.18"),
        "{msg}"
    );
    // Quoted: one value, with a decimal comma the `,` dialect cannot have.
    let p = write(dir.path(), "q.csv", b"id,lat,lon\na,\"60,17\",24.94\n");
    let (_, record, field, msg) = input_error(tillit::io::points_csv::read_points_csv(&p));
    assert_eq!((record.as_str(), field.as_str()), ("line 2", "lat"));
    assert!(msg.contains("has a decimal comma"), "{msg}");
    // A `;` header with `,` lines: one dialect per file.
    let p = write(dir.path(), "r.csv", b"id;lat;lon\na,60.17,24.94\n");
    let (_, record, field, msg) = input_error(tillit::io::points_csv::read_points_csv(&p));
    assert_eq!((record.as_str(), field.as_str()), ("line 2", "lat"));
    assert!(msg.contains("one dialect"), "{msg}");
    // `;` separators with `.` decimals are unambiguous, and accepted.
    let p = write(dir.path(), "s.csv", b"id;lat;lon\na;60.17;24.94\n");
    assert_eq!(
        tillit::io::points_csv::read_points_csv(&p).expect("reads")[0]
            .pos
            .lat,
        60.17
    );
    // The scenario's CSV files say the same, through the command line (exit 2).
    let sdir = dir.path().join("scen");
    std::fs::create_dir(&sdir).expect("mkdir");
    for name in [
        "teams.csv",
        "staff.csv",
        "clients.csv",
        "visits.csv",
        "settings.json",
    ] {
        std::fs::copy(local("data/example_scenario").join(name), sdir.join(name)).expect("copy");
    }
    let teams = std::fs::read_to_string(sdir.join("teams.csv")).expect("read");
    let broken = teams.replacen("60.171346", "60,171346", 1);
    write(&sdir, "teams.csv", broken.as_bytes());
    let out = dir.path().join("plan");
    let o = run(&[
        "plan",
        "--scenario",
        sdir.to_str().expect("utf-8"),
        "--osm",
        local("data/helsinki_centre.osm.pbf")
            .to_str()
            .expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("teams.csv: line 2, field `lat`") && err.contains("decimal comma"),
        "{err}"
    );
    assert!(!out.exists());
}

/// Reads every JSON input format with and without a byte-order mark; both must give the same.
#[test]
fn every_json_reader_accepts_a_byte_order_mark() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bom_copy = |rel: &str, name: &str| -> PathBuf {
        let bytes = std::fs::read(local(rel)).expect("example");
        write(dir.path(), name, &with_bom(&bytes))
    };
    // Scenario JSON.
    let p = bom_copy("data/example_scenario.json", "example_scenario.json");
    assert_eq!(
        tillit::scenario::read_scenario(&p).expect("scenario.json with BOM"),
        tillit::scenario::read_scenario(&local("data/example_scenario.json")).expect("plain")
    );
    // settings.json inside a CSV scenario.
    let sdir = dir.path().join("example_scenario");
    std::fs::create_dir(&sdir).expect("mkdir");
    for name in ["teams.csv", "staff.csv", "clients.csv", "visits.csv"] {
        std::fs::copy(local("data/example_scenario").join(name), sdir.join(name)).expect("copy");
    }
    let settings = std::fs::read(local("data/example_scenario/settings.json")).expect("read");
    write(&sdir, "settings.json", &with_bom(&settings));
    assert_eq!(
        tillit::scenario::read_scenario(&sdir).expect("settings.json with BOM"),
        tillit::scenario::read_scenario(&local("data/example_scenario")).expect("plain")
    );
    // Instance JSON.
    let p = bom_copy("data/example_instance.json", "i.json");
    let inst = tillit::io::instance_json::read_instance_json(&p).expect("instance with BOM");
    assert_eq!(
        inst,
        tillit::io::instance_json::read_instance_json(&local("data/example_instance.json"))
            .expect("plain")
    );
    // Rota JSON.
    let p = bom_copy("data/example_rota.json", "r.json");
    assert!(tillit::io::rota_json::read_rota_json(&p).is_ok());
    // Assignment input JSON.
    let p = bom_copy("data/example_assign.json", "a.json");
    assert_eq!(
        tillit::io::assign_json::read_assign(&p, None)
            .expect("assign JSON with BOM")
            .0,
        tillit::io::assign_json::read_assign(&local("data/example_assign.json"), None)
            .expect("plain")
            .0
    );
    // Assignment output (assign-check), roster output (roster-check), plan (check).
    let p = write(
        dir.path(),
        "asg.json",
        &with_bom(br#"{"assignment": {"k01": "Nord"}}"#),
    );
    let asg = tillit::io::assign_json::read_assignment_json(&p).expect("assignment with BOM");
    assert_eq!(asg.assignment["k01"], "Nord");
    let p = write(
        dir.path(),
        "ros.json",
        &with_bom(br#"{"assignments": {"s1": ["D", null]}}"#),
    );
    assert!(tillit::io::roster_json::read_roster_json(&p).is_ok());
    let parts = tillit::io::instance_json::read_instance_json(&local("data/example_instance.json"))
        .expect("instance");
    let instance = tillit::model::Instance::new(parts).expect("valid");
    let p = write(
        dir.path(),
        "plan.json",
        &with_bom(br#"{"routes": [], "unassigned": []}"#),
    );
    assert!(tillit::io::plan_json::plan_from_json(&p, &instance).is_ok());
    // A --params file, through the command line.
    let params = write(dir.path(), "params.json", &with_bom(b"{}"));
    let out = dir.path().join("out.json");
    let o = run(&[
        "solve",
        local("data/example_instance.json").to_str().expect("utf-8"),
        "--iterations",
        "10",
        "--params",
        params.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Text formats too (VRPLIB, Solomon).
    let p = bom_copy("tests/data/c101_10.vrp", "c.vrp");
    assert!(tillit::io::vrplib::read_vrplib(&p).is_ok());
    let p = bom_copy("tests/data/c101_10.txt", "c.txt");
    assert!(tillit::io::solomon::read_solomon(&p).is_ok());
}

#[test]
fn coordinates_off_the_globe_are_refused_in_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Team-assignment JSON: a base at [-200, 1000] and a client at latitude 959.9 (exit 2).
    let json = std::fs::read_to_string(local("data/example_assign.json")).expect("example");
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let mut bad_base = v.clone();
    bad_base["teams"][0]["base"] = serde_json::json!([-200.0, 1000.0]);
    let mut bad_client = v.clone();
    bad_client["clients"][0]["location"][0] = serde_json::json!(959.9);
    let cases = [
        (
            bad_base,
            "team \"Nord\", field `base[0]`: -200 is not a latitude",
        ),
        (bad_client, "field `location[0]`: 959.9 is not a latitude"),
    ];
    for (k, (doc, needle)) in cases.into_iter().enumerate() {
        let p = write(
            dir.path(),
            &format!("a{k}.json"),
            doc.to_string().as_bytes(),
        );
        let out = dir.path().join(format!("out{k}.json"));
        let o = run(&[
            "assign",
            p.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(needle), "{err} lacks {needle}");
        assert!(!out.exists());
    }
    // Team-assignment clients CSV, both dialects.
    for (name, bytes) in [
        ("k.csv", &b"id,lat,lon,current_team,hours_helsefagarbeider,hours_sykepleier\nk01,959.9,10.7,Nord,2,3.5\n"[..]),
        ("kno.csv", &b"id;lat;lon;current_team;hours_helsefagarbeider;hours_sykepleier\r\nk01;59,9;190,5;Nord;2;3,5\r\n"[..]),
    ] {
        let c = write(dir.path(), name, bytes);
        let (file, record, field, msg) = input_error(tillit::io::assign_json::read_assign(
            &local("data/example_assign.json"),
            Some(&c),
        ));
        assert!(file.ends_with(name), "{file}");
        assert_eq!(record, "line 2");
        assert!(
            (field == "lat" && msg.starts_with("959.9 is not a latitude"))
                || (field == "lon" && msg.starts_with("190.5 is not a longitude")),
            "{field}: {msg}"
        );
    }
    // Scenario JSON and CSV.
    let text = std::fs::read_to_string(local("data/example_scenario.json")).expect("example");
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    doc["clients"][0]["lon"] = serde_json::json!(-181.0);
    let p = write(dir.path(), "s.json", doc.to_string().as_bytes());
    let (_, _, field, msg) = input_error(tillit::scenario::read_scenario(&p));
    assert_eq!(field, "lon");
    assert!(msg.starts_with("-181 is not a longitude"), "{msg}");
    let sdir = dir.path().join("scen");
    std::fs::create_dir(&sdir).expect("mkdir");
    for name in ["staff.csv", "clients.csv", "visits.csv", "settings.json"] {
        std::fs::copy(local("data/example_scenario").join(name), sdir.join(name)).expect("copy");
    }
    write(
        &sdir,
        "teams.csv",
        b"id;lat;lon\nT1;91,5;24,9\nT2;60,1;24,9\n",
    );
    let (file, record, field, _) = input_error(tillit::scenario::read_scenario(&sdir));
    assert!(file.ends_with("teams.csv"));
    assert_eq!((record.as_str(), field.as_str()), ("line 2", "lat"));
    // Points CSV.
    let p = write(dir.path(), "p.csv", b"id;lat;lon\na;60,1;-180,5\n");
    let (_, record, field, _) = input_error(tillit::io::points_csv::read_points_csv(&p));
    assert_eq!((record.as_str(), field.as_str()), ("line 2", "lon"));
    // Instance JSON locations.
    let text = std::fs::read_to_string(local("data/example_instance.json")).expect("example");
    let p = write(
        dir.path(),
        "i.json",
        text.replacen("\"lat\": 60.1712", "\"lat\": 90.5", 1)
            .as_bytes(),
    );
    let (_, record, field, msg) = input_error(tillit::io::instance_json::read_instance_json(&p));
    assert_eq!((record.as_str(), field.as_str()), ("location \"a\"", "lat"));
    assert!(msg.starts_with("90.5 is not a latitude"), "{msg}");
}

// ---------------------------------------------------------------------------------------------
// Messages: one test per message fixed.

#[test]
fn json_errors_have_no_internal_type_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = write(dir.path(), "scenario.json", b"[]");
    let (_, _, field, msg) = input_error(tillit::scenario::read_scenario(&p));
    assert_eq!(field, "document");
    assert!(!msg.contains("Dto") && !msg.contains("struct"), "{msg}");
    assert!(msg.contains("must hold a JSON object"), "{msg}");
    // A list where an object belongs, inside the document.
    let text = std::fs::read_to_string(local("data/example_scenario.json")).expect("example");
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    doc["teams"][0] = serde_json::json!([]);
    let p = write(dir.path(), "t.json", doc.to_string().as_bytes());
    let (_, _, field, msg) = input_error(tillit::scenario::read_scenario(&p));
    assert_eq!(field, "teams[0]");
    assert_eq!(msg, "expected an object {…}, found a list […]");
    // An untagged enum (`days`) says what it accepts.
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    doc["clients"][0]["visits"][0]["days"] = serde_json::json!(5);
    let p = write(dir.path(), "s.json", doc.to_string().as_bytes());
    let (_, _, field, msg) = input_error(tillit::scenario::read_scenario(&p));
    assert_eq!(field, "clients[0].visits[0].days");
    assert!(
        msg.contains("weekday list") && !msg.contains("DaysDto"),
        "{msg}"
    );
}

#[test]
fn no_field_is_shown_as_a_dash() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A rota file of the wrong type: the field is the JSON path.
    let text = std::fs::read_to_string(local("data/example_rota.json")).expect("example");
    let p = write(
        dir.path(),
        "r.json",
        text.replacen("\"weeks\": 6", "\"weeks\": \"six\"", 1)
            .as_bytes(),
    );
    let (_, _, field, _) = input_error(tillit::io::rota_json::read_rota_json(&p));
    assert_eq!(field, "weeks");
    // An assignment input with a misspelt field.
    let text = std::fs::read_to_string(local("data/example_assign.json")).expect("example");
    let p = write(
        dir.path(),
        "a.json",
        text.replacen("\"max_clients\"", "\"max_klients\"", 1)
            .as_bytes(),
    );
    let (_, _, field, msg) = input_error(tillit::io::assign_json::read_assign(&p, None));
    assert_eq!(field, "teams[0].max_klients");
    assert!(msg.starts_with("unknown field `max_klients`"), "{msg}");
    // An unknown assignment parameter is named with its path, not as `params`.
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    doc["params"] = serde_json::json!({"bogus": 1});
    let p = write(dir.path(), "ap.json", doc.to_string().as_bytes());
    let out = dir.path().join("ap-out.json");
    let o = run(&[
        "assign",
        p.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("field `params.bogus`"), "{err}");
    // A points line with too few values names the first missing column.
    let p = write(dir.path(), "p.csv", b"id,lat,lon\na,60\n");
    let (_, record, field, _) = input_error(tillit::io::points_csv::read_points_csv(&p));
    assert_eq!((record.as_str(), field.as_str()), ("line 2", "lon"));
}

#[test]
fn a_bad_row_of_the_clients_csv_names_the_csv_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let c = write(
        dir.path(),
        "k.csv",
        b"id,lat,lon,current_team,hours_helsefagarbeider,hours_sykepleier\nk01,59.9,10.7,Nord,2,3.5\nk02,59.9,10.7,Nord,-2,1\n",
    );
    let (file, record, field, msg) = input_error(tillit::io::assign_json::read_assign(
        &local("data/example_assign.json"),
        Some(&c),
    ));
    assert!(file.ends_with("k.csv"), "{file}");
    assert_eq!(
        (record.as_str(), field.as_str()),
        ("line 3", "hours_helsefagarbeider")
    );
    assert!(msg.contains("-2 is not a non-negative number"), "{msg}");
    // A client id twice names both lines.
    let c = write(
        dir.path(),
        "k2.csv",
        b"id,lat,lon,current_team,hours_helsefagarbeider,hours_sykepleier\nk01,59.9,10.7,Nord,2,3.5\nk01,59.9,10.7,Nord,2,1\n",
    );
    let (_, record, field, msg) = input_error(tillit::io::assign_json::read_assign(
        &local("data/example_assign.json"),
        Some(&c),
    ));
    assert_eq!((record.as_str(), field.as_str()), ("line 3", "id"));
    assert!(msg.contains("first: line 2"), "{msg}");
}

#[test]
fn huge_numbers_are_not_echoed_in_full() {
    let dir = tempfile::tempdir().expect("temp dir");
    let huge = format!("1{}", "0".repeat(308));
    // CSV: a 309-digit latitude.
    let p = write(
        dir.path(),
        "p.csv",
        format!("id,lat,lon\na,{huge},24.9\n").as_bytes(),
    );
    let (_, _, field, msg) = input_error(tillit::io::points_csv::read_points_csv(&p));
    assert_eq!(field, "lat");
    assert!(
        msg.len() < 80 && msg.starts_with("1e308 is not a latitude"),
        "{msg}"
    );
    // JSON: a 309-digit capacity.
    let text = std::fs::read_to_string(local("data/example_assign.json")).expect("example");
    let p = write(
        dir.path(),
        "a.json",
        text.replacen(
            "\"helsefagarbeider\": 60",
            &format!("\"helsefagarbeider\": -{huge}"),
            1,
        )
        .as_bytes(),
    );
    let (_, _, field, msg) = input_error(tillit::io::assign_json::read_assign(&p, None));
    assert_eq!(field, "capacity.helsefagarbeider");
    assert!(msg.len() < 80, "{msg}");
    // A 309-character value that is not a number at all.
    let p = write(
        dir.path(),
        "q.csv",
        format!("id;lat;lon\na;{huge}x;24,9\n").as_bytes(),
    );
    let (_, _, _, msg) = input_error(tillit::io::points_csv::read_points_csv(&p));
    assert!(
        msg.starts_with("\"100000000000…\" is not a number"),
        "{msg}"
    );
}

#[test]
fn an_instance_without_carers_says_so_for_every_visit() {
    // The routing core (C101) and the home-care planner (the home-care example).
    for example in ["data/example_c101_10.json", "data/example_homecare.json"] {
        let text = std::fs::read_to_string(local(example)).expect("example");
        let mut doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        doc["carers"] = serde_json::json!([]);
        // Drop what names carers (preferences, history).
        for v in doc["visits"].as_array_mut().expect("visits") {
            let v = v.as_object_mut().expect("visit");
            v.remove("preferred");
            v.remove("forbidden");
        }
        doc.as_object_mut().expect("doc").remove("continuity");
        let dir = tempfile::tempdir().expect("temp dir");
        let p = write(dir.path(), "i.json", doc.to_string().as_bytes());
        let out = dir.path().join("plan.json");
        let o = run(&[
            "solve",
            p.to_str().expect("utf-8"),
            "--iterations",
            "10",
            "--out",
            out.to_str().expect("utf-8"),
        ]);
        assert!(o.status.success(), "{example}: {}", stderr(&o));
        let plan: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&out).expect("plan")).expect("JSON");
        assert_eq!(plan["status"], "no_carers", "{example}");
        let unassigned = plan["unassigned"].as_array().expect("list");
        assert!(!unassigned.is_empty(), "{example}");
        for u in unassigned {
            assert_eq!(u["reason"], "no_carers", "{example}: {u}");
        }
    }
}
