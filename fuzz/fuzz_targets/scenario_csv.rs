//! A scenario directory: `teams.csv`, `staff.csv`, `clients.csv`, `visits.csv` and an
//! optional `settings.json`, in that order, separated by NUL bytes in one input.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

use tillit::scenario::{ScenarioFiles, parse_scenario_csv};

fuzz_target!(|data: &[u8]| {
    let p = common::parts(data, 5);
    let file = |i: usize| p.get(i).copied().unwrap_or_default();
    let settings = match p.get(4) {
        Some(b) => match common::text(b) {
            Some(t) => Some(t),
            None => return,
        },
        None => None,
    };
    let files = ScenarioFiles {
        teams: file(0),
        staff: file(1),
        clients: file(2),
        visits: file(3),
        settings,
    };
    common::ok(parse_scenario_csv(Path::new("scenario"), files));
});
