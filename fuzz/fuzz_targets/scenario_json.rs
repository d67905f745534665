//! A scenario as one JSON file.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else {
        return;
    };
    common::ok(tillit::scenario::parse_scenario_json(
        Path::new("scenario.json"),
        text,
    ));
});
