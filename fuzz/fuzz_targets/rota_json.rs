//! A rota input (JSON).
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else {
        return;
    };
    common::ok(tillit::io::rota_json::parse_rota_json(
        Path::new("rota.json"),
        text,
    ));
});
