//! A points CSV (`tillit matrix --points`).
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::ok(tillit::io::points_csv::parse_points_csv(
        Path::new("points.csv"),
        data,
    ));
});
