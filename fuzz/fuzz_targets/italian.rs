//! The Italian real-city home health care JSON (Ceschia et al.), then the model's validation (`Instance::new`).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::instance(data, "fuzz.json", tillit::io::italian::parse_italian);
});
