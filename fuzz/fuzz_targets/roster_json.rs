//! A roster file (output of `tillit roster`), judged by the independent checker against a
//! fixed instance (`tests/data/roster_tiny.txt`), as `tillit roster-check` does.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

use std::sync::OnceLock;

use tillit::model::roster::RosterInstance;
use tillit::plan::roster_check::check_roster;

fn instance() -> &'static RosterInstance {
    static INST: OnceLock<RosterInstance> = OnceLock::new();
    INST.get_or_init(|| {
        let text = include_str!("../../tests/data/roster_tiny.txt");
        tillit::io::curtois::parse_curtois(Path::new("roster_tiny.txt"), text)
            .unwrap_or_else(|e| panic!("fixed instance: {e}"))
    })
}

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else {
        return;
    };
    let Some(plan) = common::ok(tillit::io::roster_json::parse_roster_json(
        Path::new("roster.json"),
        text,
    )) else {
        return;
    };
    let report = check_roster(instance(), &plan);
    std::hint::black_box(report.violations.len());
});
