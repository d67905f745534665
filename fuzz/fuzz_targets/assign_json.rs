//! A team-assignment input: the JSON, then (after a NUL byte, if any) a clients CSV that
//! replaces its clients (`tillit assign FILE --clients CSV`).
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let p = common::parts(data, 2);
    let Some(text) = p.first().and_then(|b| common::text(b)) else {
        return;
    };
    let csv = p.get(1).map(|b| (Path::new("clients.csv"), *b));
    common::ok(tillit::io::assign_json::parse_assign(
        Path::new("assign.json"),
        text,
        csv,
    ));
});
