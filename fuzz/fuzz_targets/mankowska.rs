//! Mankowska et al. home health care text, then the model's validation (`Instance::new`).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::instance(data, "fuzz.txt", tillit::io::mankowska::parse_mankowska);
});
