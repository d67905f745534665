// THROWAWAY probe (not to be committed).
use std::time::Instant;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tillit::graph::ch::{ChParams, ContractionHierarchy, Direction};
use tillit::units::{Centimetres, Cost, Millis};

fn road_like(side: u32, seed: u64) -> (usize, Vec<(u32, u32, Cost)>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut n = side * side;
    let mut edges = Vec::new();
    for r in 0..side {
        for c in 0..side {
            let a = r * side + c;
            for (dr, dc) in [(0, 1), (1, 0)] {
                let (r2, c2) = (r + dr, c + dc);
                if r2 >= side || c2 >= side || rng.random_bool(0.15) { continue; }
                let b = r2 * side + c2;
                let kmh: u64 = if r % 8 == 0 || c % 8 == 0 { 80 } else if rng.random_bool(0.3) { 30 } else { 50 };
                let oneway = rng.random_bool(0.1);
                let pieces = rng.random_range(1..=7u32);
                let mut prev = a;
                for k in 0..pieces {
                    let next = if k + 1 == pieces { b } else { n += 1; n - 1 };
                    let cm: u64 = rng.random_range(500..4_000);
                    let ms = cm * 36 / kmh;
                    let cost = Cost::new(Millis(ms as u32), Centimetres(cm as u32));
                    edges.push((prev, next, cost));
                    if !oneway { edges.push((next, prev, cost)); }
                    prev = next;
                }
            }
        }
    }
    (n as usize, edges)
}

fn cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap();
    let f: Vec<&str> = s.rsplit_once(')').unwrap().1.split_whitespace().collect();
    (f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap()) / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).cloned().unwrap_or("syn90".into());
    let t = Instant::now();
    let (n, edges) = if let Some(side) = what.strip_prefix("syn") {
        road_like(side.parse().unwrap(), 42)
    } else {
        let g = tillit::graph::RoadGraph::from_osm(std::path::Path::new(&what), tillit::osm::Profile::Car).unwrap();
        (g.num_nodes(), g.cost_edges())
    };
    eprintln!("graph {what}: {n} nodes, {} edges, load {:?}", edges.len(), t.elapsed());
    let mut params = ChParams::default();
    for kv in args.iter().skip(2) {
        let (k, v) = kv.split_once('=').unwrap();
        let v: u64 = v.parse().unwrap();
        match k {
            "limit" => params.witness_settled_limit = v as usize,
            "lw" => params.level_weight = v,
            "ew" => params.edge_quotient_weight = v,
            "hw" => params.hop_quotient_weight = v,
            "cw" => params.contracted_neighbours_weight = v,
            _ => panic!("{k}"),
        }
    }
    let t = Instant::now();
    let c0 = cpu();
    let ch = ContractionHierarchy::build(n, &edges, &params);
    eprintln!("build wall {:?} cpu {:.2}s {:?}", t.elapsed(), cpu() - c0, ch.stats());
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let pts: Vec<Vec<(u32, Cost)>> = (0..1000).map(|_| vec![(rng.random_range(0..n as u32), Cost(0))]).collect();
    let mut fs = 0; let mut bs = 0;
    for p in &pts { fs += ch.search_space_size(p, Direction::Forward); bs += ch.search_space_size(p, Direction::Backward); }
    eprintln!("mean search space fwd {} bwd {}", fs / 1000, bs / 1000);
    for k in [100usize, 1000] {
        let mut best = f64::MAX;
        let c0 = cpu();
        for _ in 0..3 {
            let t = Instant::now();
            let m = ch.many_to_many(&pts[..k], &pts[..k]);
            std::hint::black_box(&m);
            best = best.min(t.elapsed().as_secs_f64());
        }
        eprintln!("m2m {k}x{k}: best wall {:.1} ms, cpu/run {:.1} ms", best * 1000.0, (cpu() - c0) / 3.0 * 1000.0);
    }
}
