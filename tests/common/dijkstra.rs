//! Test-only reference: a plain binary-heap Dijkstra on an edge list, started from several seeds
//! at once, and the many-to-many matrix built from it. Deliberately independent of the code
//! under test (no contraction, no shared data structures). Use with
//! `#[path = "common/dijkstra.rs"] mod dijkstra;`.
#![allow(dead_code)]

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Shortest costs from the seeds `(node, initial cost)` to every node of the directed graph
/// `edges` (`(from, to, cost)`, parallel edges and loops allowed); `u64::MAX` where unreachable.
/// Sums saturate at `u64::MAX`.
pub fn multi_seed(n: usize, edges: &[(u32, u32, u64)], seeds: &[(u32, u64)]) -> Vec<u64> {
    let mut adj: Vec<Vec<(u32, u64)>> = vec![Vec::new(); n];
    for &(u, v, w) in edges {
        adj[u as usize].push((v, w));
    }
    let mut dist = vec![u64::MAX; n];
    let mut heap = BinaryHeap::new();
    for &(s, c) in seeds {
        if c < dist[s as usize] {
            dist[s as usize] = c;
            heap.push(Reverse((c, s)));
        }
    }
    while let Some(Reverse((d, u))) = heap.pop() {
        if d > dist[u as usize] {
            continue;
        }
        for &(v, w) in &adj[u as usize] {
            let nd = d.saturating_add(w);
            if nd < dist[v as usize] {
                dist[v as usize] = nd;
                heap.push(Reverse((nd, v)));
            }
        }
    }
    dist
}

/// Row-major `sources × targets` matrix: for each source, one multi-seed Dijkstra; the entry for
/// a target is the minimum over its seeds `(node, final cost)` of `dist[node] + final cost`.
/// `u64::MAX` where unreachable or where a source or target has no seeds.
pub fn matrix(
    n: usize,
    edges: &[(u32, u32, u64)],
    sources: &[Vec<(u32, u64)>],
    targets: &[Vec<(u32, u64)>],
) -> Vec<u64> {
    let mut out = Vec::with_capacity(sources.len() * targets.len());
    for s in sources {
        let dist = multi_seed(n, edges, s);
        for t in targets {
            let best = t
                .iter()
                .map(|&(node, c)| dist[node as usize].saturating_add(c))
                .min()
                .unwrap_or(u64::MAX);
            out.push(best);
        }
    }
    out
}
