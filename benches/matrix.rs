//! Contraction-hierarchy preparation and many-to-many matrices (100², 500², 1000² points) on
//! car graphs of the available extracts. Fixed points (seeded), fixed work.

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use tillit::graph::RoadGraph;
use tillit::graph::ch::{ChParams, ContractionHierarchy};
use tillit::matrix::{MatrixParams, Router};
use tillit::osm::Profile;

fn bench(c: &mut Criterion) {
    let params = MatrixParams::default();
    for (name, path) in common::extracts() {
        let graph = RoadGraph::from_osm(&path, Profile::Car).expect("builds");
        let edges = graph.cost_edges();
        let mut g = c.benchmark_group(format!("matrix/{name}"));
        g.sample_size(10);
        g.bench_function("prepare", |b| {
            b.iter(|| {
                ContractionHierarchy::build(
                    graph.num_nodes(),
                    black_box(&edges),
                    &ChParams::default(),
                )
            })
        });
        let points = common::points(&graph, 1000, 7);
        let router = Router::new(graph);
        for n in [100, 500, 1000] {
            let snaps = router.snap_all(&points[..n], &params);
            g.bench_with_input(BenchmarkId::new("many_to_many", n), &snaps, |b, snaps| {
                b.iter(|| router.matrix_from_snaps(black_box(snaps.clone()), &params))
            });
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
