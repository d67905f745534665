//! Solomon VRPTW text, then the model's validation (`Instance::new`).
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
    let Some(parts) = common::ok(tillit::io::solomon::parse_solomon(
        Path::new("fuzz.txt"),
        text,
    )) else {
        return;
    };
    // As every command does after reading an instance.
    if let Err(e) = Instance::new(parts) {
        std::hint::black_box(e.to_string());
    }
});
