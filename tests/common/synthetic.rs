//! A synthetic road-like network generator shared by the CH tests and benches (fixed seeds).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tillit::units::{Centimetres, Cost, Millis};

/// A road-like network: a `side × side` grid of junctions, 15 % of the links missing, each link
/// cut into a chain of 1–7 edges (0–6 degree-2 nodes) of 5–40 m, 10 % of the links one-way,
/// every 8th row and column an 80 km/h arterial, other links 50 km/h or (30 %) 30 km/h.
/// Costs are packed (ms, cm). About `6 × side²` nodes and `2.1` directed edges per node.
pub fn road_like(side: u32, seed: u64) -> (usize, Vec<(u32, u32, Cost)>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut n = side * side;
    let mut edges = Vec::new();
    for r in 0..side {
        for c in 0..side {
            let a = r * side + c;
            for (dr, dc) in [(0, 1), (1, 0)] {
                let (r2, c2) = (r + dr, c + dc);
                if r2 >= side || c2 >= side || rng.random_bool(0.15) {
                    continue;
                }
                let b = r2 * side + c2;
                let kmh: u64 = if r % 8 == 0 || c % 8 == 0 {
                    80
                } else if rng.random_bool(0.3) {
                    30
                } else {
                    50
                };
                let oneway = rng.random_bool(0.1);
                let pieces = rng.random_range(1..=7u32);
                let mut prev = a;
                for k in 0..pieces {
                    let next = if k + 1 == pieces {
                        b
                    } else {
                        n += 1;
                        n - 1
                    };
                    let cm: u64 = rng.random_range(500..4_000);
                    let ms = cm * 36 / kmh; // 1 km/h = 1/36 cm/ms
                    let cost = Cost::new(Millis(ms as u32), Centimetres(cm as u32));
                    edges.push((prev, next, cost));
                    if !oneway {
                        edges.push((next, prev, cost));
                    }
                    prev = next;
                }
            }
        }
    }
    (n as usize, edges)
}
