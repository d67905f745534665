//! Inputs shared by the benches: the embedded extract and, when present, the larger extracts in
//! ../shared/data/osm (or `$TILLIT_SHARED_DATA/osm`). Missing files are skipped with a message.
#![allow(dead_code)]

use std::path::PathBuf;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tillit::graph::RoadGraph;
use tillit::osm::LatLon;

/// `(name, path)` of every extract available for benchmarking.
pub fn extracts() -> Vec<(&'static str, PathBuf)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = std::env::var_os("TILLIT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/data"));
    let mut out = vec![("helsinki", root.join("data/helsinki_centre.osm.pbf"))];
    for (name, file) in [
        ("liechtenstein", "liechtenstein.osm.pbf"),
        ("grid4x4", "grid_liechtenstein_4x4.osm.pbf"),
    ] {
        let p = shared.join("osm").join(file);
        if p.exists() {
            out.push((name, p));
        } else {
            eprintln!(
                "SKIP {name}: {} not found (set TILLIT_SHARED_DATA)",
                p.display()
            );
        }
    }
    out
}

/// `count` random points spread over the graph's nodes (each point is a node position moved by
/// up to ~30 m), so that they snap and reflect where roads are.
pub fn points(graph: &RoadGraph, count: usize, seed: u64) -> Vec<LatLon> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..count)
        .map(|_| {
            let c = graph.coords[rng.random_range(0..graph.coords.len())];
            LatLon {
                lat: c.lat + rng.random_range(-0.0003..0.0003),
                lon: c.lon + rng.random_range(-0.0005..0.0005),
            }
        })
        .collect()
}
