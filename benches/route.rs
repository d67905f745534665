//! The VRPTW solver at fixed seed and fixed work (never under a time limit): construction
//! (the first feasible plan), one local-search pass over that plan, and 1 000 iterations of the
//! main loop. Instances: Solomon R101, C101, R201 (100 visits) and Gehring–Homberger R1_2_1
//! (200) and R1_4_1 (400) from ../shared/data/vrptw (or `$TILLIT_SHARED_DATA/vrptw`), skipped
//! with a message when absent, plus the committed 10-visit fixture.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use tillit::io::vrplib::read_vrplib;
use tillit::model::Instance;
use tillit::route::{RouteParams, RunCtx, improve, solve};

fn instances() -> Vec<(String, Instance)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = std::env::var_os("TILLIT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/data"));
    let mut files = vec![("C101_10".to_string(), root.join("tests/data/c101_10.vrp"))];
    for (set, name) in [
        ("solomon", "R101"),
        ("solomon", "C101"),
        ("solomon", "R201"),
        ("gh200", "R1_2_1"),
        ("gh400", "R1_4_1"),
    ] {
        let p = shared.join("vrptw").join(set).join(format!("{name}.vrp"));
        if p.exists() {
            files.push((name.to_string(), p));
        } else {
            eprintln!(
                "SKIP {name}: {} not found (set TILLIT_SHARED_DATA)",
                p.display()
            );
        }
    }
    files
        .into_iter()
        .filter_map(|(name, path)| {
            let parts = read_vrplib(&path)
                .map_err(|e| eprintln!("SKIP {name}: {e}"))
                .ok()?;
            let inst = Instance::new(parts)
                .map_err(|e| eprintln!("SKIP {name}: {e}"))
                .ok()?;
            Some((format!("{name}/{}", inst.visits().len()), inst))
        })
        .collect()
}

fn ctx(iterations: u64) -> RunCtx {
    RunCtx {
        seed: 0,
        max_iterations: Some(iterations),
        threads: 1,
        ..RunCtx::default()
    }
}

fn route(c: &mut Criterion) {
    let insts = instances();
    let bare = RouteParams {
        local_search: false,
        ..RouteParams::default()
    };
    let mut g = c.benchmark_group("route/construction");
    for (name, inst) in &insts {
        g.bench_with_input(BenchmarkId::from_parameter(name), inst, |b, inst| {
            b.iter(|| solve(black_box(inst), &bare, &ctx(0)))
        });
    }
    g.finish();

    let one_pass = RouteParams {
        ls_max_passes: 1,
        ..RouteParams::default()
    };
    let mut g = c.benchmark_group("route/local_search_pass");
    for (name, inst) in &insts {
        let start = solve(inst, &bare, &ctx(0)).plan;
        g.bench_with_input(BenchmarkId::from_parameter(name), inst, |b, inst| {
            b.iter(|| improve(black_box(inst), &start, &one_pass))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("route/iterations_1000");
    g.sample_size(10);
    for (name, inst) in &insts {
        g.bench_with_input(BenchmarkId::from_parameter(name), inst, |b, inst| {
            b.iter(|| solve(black_box(inst), &RouteParams::default(), &ctx(1_000)))
        });
    }
    g.finish();
}

criterion_group!(benches, route);
criterion_main!(benches);
