//! Parse (PBF → nodes and highway ways) and build (→ car graph, largest SCC).

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tillit::graph::RoadGraph;
use tillit::osm::{Profile, read_pbf};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("osm");
    g.sample_size(10);
    for (name, path) in common::extracts() {
        g.bench_function(format!("parse/{name}"), |b| {
            b.iter(|| read_pbf(black_box(&path)).expect("readable"))
        });
        let data = read_pbf(&path).expect("readable");
        g.bench_function(format!("build_car/{name}"), |b| {
            b.iter(|| RoadGraph::build(black_box(&data), Profile::Car, &path).expect("builds"))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
