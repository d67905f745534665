//! A plan file (output of `tillit solve`), read in the units of a fixed instance
//! (`data/example_instance.json`) and judged by the independent checker, as `tillit check`
//! does.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

use std::sync::OnceLock;

use tillit::model::Instance;

fn instance() -> &'static Instance {
    static INST: OnceLock<Instance> = OnceLock::new();
    INST.get_or_init(|| {
        let text = include_str!("../../data/example_instance.json");
        let parts = tillit::io::instance_json::parse_instance_json(
            Path::new("example_instance.json"),
            text,
        )
        .unwrap_or_else(|e| panic!("fixed instance: {e}"));
        Instance::new(parts).unwrap_or_else(|e| panic!("fixed instance: {e}"))
    })
}

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else {
        return;
    };
    let inst = instance();
    let Some(plan) = common::ok(tillit::io::plan_json::parse_plan_json(
        Path::new("plan.json"),
        text,
        inst.units(),
    )) else {
        return;
    };
    let report = tillit::plan::check::check(inst, &plan);
    std::hint::black_box(report);
});
