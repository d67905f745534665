//! An assignment file (output of `tillit assign`), judged by the independent checker against
//! a fixed instance (`data/example_assign.json`), as `tillit assign-check` does.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

use std::sync::OnceLock;

use tillit::assign::AssignParams;
use tillit::model::assign::AssignInstance;
use tillit::plan::assign_check::check_assignment;

fn instance() -> &'static AssignInstance {
    static INST: OnceLock<AssignInstance> = OnceLock::new();
    INST.get_or_init(|| {
        let text = include_str!("../../data/example_assign.json");
        tillit::io::assign_json::parse_assign(Path::new("example_assign.json"), text, None)
            .map(|(inst, _)| inst)
            .unwrap_or_else(|e| panic!("fixed instance: {e}"))
    })
}

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else {
        return;
    };
    let Some(plan) = common::ok(tillit::io::assign_json::parse_assignment_json(
        Path::new("assignment.json"),
        text,
    )) else {
        return;
    };
    let report = check_assignment(instance(), &(&AssignParams::default()).into(), &plan);
    std::hint::black_box(report.is_feasible());
});
