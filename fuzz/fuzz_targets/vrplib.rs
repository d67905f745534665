//! VRPLIB CVRPTW text, then the model's validation (`Instance::new`); the same text as a
//! VRPLIB solution (`.sol`).
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

use tillit::model::Instance;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else {
        return;
    };
    common::ok(tillit::io::vrplib::parse_sol(Path::new("fuzz.sol"), text));
    let Some(parts) = common::ok(tillit::io::vrplib::parse_vrplib(
        Path::new("fuzz.vrp"),
        text,
    )) else {
        return;
    };
    if let Err(e) = Instance::new(parts) {
        std::hint::black_box(e.to_string());
    }
});
