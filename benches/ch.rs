//! Contraction hierarchy (src/graph/ch.rs): preparation, and 100×100 / 1000×1000 many-to-many
//! queries, on synthetic road-like graphs of ~48 000 and ~219 000 nodes generated with a fixed
//! seed (a jittered grid of junctions joined by chains of degree-2 nodes, like OSM ways). Fixed
//! work, fixed seeds; the real extracts are benchmarked in benches/matrix.rs.

use std::hint::black_box;

#[path = "../tests/common/synthetic.rs"]
mod synthetic;

use synthetic::road_like;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tillit::graph::ch::{ChParams, ContractionHierarchy};
use tillit::units::Cost;

/// `count` single-seed points on random nodes.
fn points(n: usize, count: usize, seed: u64) -> Vec<Vec<(u32, Cost)>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..count)
        .map(|_| vec![(rng.random_range(0..n as u32), Cost(0))])
        .collect()
}

fn bench(c: &mut Criterion) {
    for (name, side) in [("road48k", 90), ("road219k", 190)] {
        let (n, edges) = road_like(side, 42);
        let mut g = c.benchmark_group(format!("ch/{name}"));
        g.sample_size(10);
        g.bench_function("build", |b| {
            b.iter(|| ContractionHierarchy::build(n, black_box(&edges), &ChParams::default()))
        });
        let ch = ContractionHierarchy::build(n, &edges, &ChParams::default());
        let pts = points(n, 1000, 7);
        for k in [100, 1000] {
            let p = &pts[..k];
            g.bench_with_input(BenchmarkId::new("many_to_many", k), &p, |b, p| {
                b.iter(|| ch.many_to_many(black_box(p), black_box(p)))
            });
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
