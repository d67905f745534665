//! Scenario input: both forms, round trips, and errors that name the file, record and field.

use std::path::Path;

use tillit::scenario::{parse_days, parse_scenario_json, read_scenario, write_scenario};

fn example() -> String {
    std::fs::read_to_string("data/example_scenario.json").expect("example")
}

fn err_of(text: &str) -> String {
    match parse_scenario_json(Path::new("s.json"), text) {
        Ok(_) => panic!("accepted bad input"),
        Err(e) => {
            assert!(e.is_input(), "{e}");
            e.to_string()
        }
    }
}

#[test]
fn example_reads_and_round_trips_through_csv() {
    let s = read_scenario(Path::new("data/example_scenario.json")).expect("json");
    assert_eq!((s.teams.len(), s.staff.len(), s.clients.len()), (2, 12, 30));
    assert_eq!(s.settings.costs.budget_per_day, Some(40000.0));
    let dir = tempfile::tempdir().expect("tmp");
    write_scenario(&s, dir.path()).expect("write");
    let mut back = read_scenario(dir.path()).expect("read back");
    back.name = s.name.clone();
    assert_eq!(back, s);
}

#[test]
fn days_parse() {
    assert_eq!(parse_days("daily"), Some((0..7).collect()));
    assert_eq!(parse_days("weekdays"), Some((0..5).collect()));
    assert_eq!(parse_days("fri;mon, mon"), Some(vec![0, 4]));
    assert_eq!(parse_days("someday"), None);
    assert_eq!(parse_days(""), None);
}

#[test]
fn json_errors_name_record_and_field() {
    let text = example();
    let cases = [
        (r#""team": "T1""#, r#""team": "T9""#, "team"),
        (r#""level": "nurse""#, r#""level": "doctor""#, "level"),
        (r#""need": "low""#, r#""need": "tiny""#, "need"),
        (
            r#""window": ["07:30", "09:30"]"#,
            r#""window": ["09:30", "07:30"]"#,
            "latest",
        ),
        (r#""duration": 20"#, r#""duration": 0"#, "duration"),
        (r#""days": "daily""#, r#""days": "sometimes""#, "days"),
        (r#""profile": "car""#, r#""profile": "plane""#, "profile"),
        (
            r#""preferred": ["T1-s1"]"#,
            r#""preferred": ["nobody"]"#,
            "preferred",
        ),
    ];
    for (from, to, field) in cases {
        assert!(text.contains(from), "example lacks {from}");
        let bad = text.replacen(from, to, 1);
        let msg = err_of(&bad);
        assert!(msg.contains(&format!("field `{field}`")), "{field}: {msg}");
        assert!(msg.contains("s.json"), "{msg}");
    }
    let msg = err_of(&text.replacen(r#""need": "low""#, r#""need": "low", "colour": 1"#, 1));
    assert!(msg.contains("colour"), "{msg}");
}

#[test]
fn csv_errors_name_file_line_and_column() {
    let src = Path::new("data/example_scenario");
    let dir = tempfile::tempdir().expect("tmp");
    for f in [
        "teams.csv",
        "staff.csv",
        "clients.csv",
        "visits.csv",
        "settings.json",
    ] {
        std::fs::copy(src.join(f), dir.path().join(f)).expect("copy");
    }
    let visits = dir.path().join("visits.csv");
    let good = std::fs::read_to_string(&visits).expect("read");
    let mut lines: Vec<String> = good.lines().map(str::to_string).collect();
    lines[3] = lines[3].replacen("07:30", "7h30", 1);
    std::fs::write(&visits, lines.join("\n")).expect("write");
    let msg = read_scenario(dir.path()).expect_err("bad time").to_string();
    assert!(
        msg.contains("visits.csv") && msg.contains("line 4") && msg.contains("field `earliest`"),
        "{msg}"
    );
    std::fs::write(&visits, good.replace("client,", "kunde,")).expect("write");
    let msg = read_scenario(dir.path())
        .expect_err("bad header")
        .to_string();
    assert!(msg.contains("missing column `client`"), "{msg}");
    std::fs::write(&visits, &good).expect("write");
    std::fs::write(
        dir.path().join("settings.json"),
        r#"{"costs": {"budget_per_dag": 1}}"#,
    )
    .expect("write");
    let msg = read_scenario(dir.path())
        .expect_err("bad settings")
        .to_string();
    assert!(
        msg.contains("settings.json") && msg.contains("budget_per_dag"),
        "{msg}"
    );
    std::fs::copy(src.join("settings.json"), dir.path().join("settings.json")).expect("copy");
    std::fs::remove_file(dir.path().join("teams.csv")).expect("rm");
    let msg = read_scenario(dir.path())
        .expect_err("missing file")
        .to_string();
    assert!(msg.contains("teams.csv"), "{msg}");
}

#[test]
fn csv_parses_from_bytes_as_from_the_directory() {
    use tillit::scenario::{ScenarioFiles, parse_scenario_csv};
    let dir = Path::new("data/example_scenario");
    let read = |f: &str| std::fs::read(dir.join(f)).expect("read");
    let (teams, staff, clients, visits) = (
        read("teams.csv"),
        read("staff.csv"),
        read("clients.csv"),
        read("visits.csv"),
    );
    let settings = std::fs::read_to_string(dir.join("settings.json")).expect("read");
    let files = ScenarioFiles {
        teams: &teams,
        staff: &staff,
        clients: &clients,
        visits: &visits,
        settings: Some(&settings),
    };
    let from_bytes = parse_scenario_csv(dir, files).expect("parses");
    assert_eq!(from_bytes, read_scenario(dir).expect("reads"));
    assert_eq!(from_bytes.clients.len(), 30);
    // Errors name the file of the directory the bytes stand for.
    let bad = String::from_utf8(visits.clone())
        .expect("utf-8")
        .replacen("07:30", "7h30", 1);
    let files = ScenarioFiles {
        visits: bad.as_bytes(),
        settings: None,
        ..files
    };
    let msg = parse_scenario_csv(dir, files)
        .expect_err("bad time")
        .to_string();
    assert!(
        msg.contains("example_scenario/visits.csv") && msg.contains("field `earliest`"),
        "{msg}"
    );
}
