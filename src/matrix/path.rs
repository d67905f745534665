//! Road geometry of a trip: the node sequence of a fastest path between two snapped points
//! (plain Dijkstra on the road graph, stopping once no shorter arrival is possible), for maps.
//! Travel times come from the contraction hierarchy; this only draws the road taken.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use crate::osm::LatLon;
use crate::units::Cost;

use super::{Router, Snap};

impl Router {
    /// The fastest road path from `from` to `to` as coordinates: the snapped start, the graph
    /// nodes passed, the snapped end. A straight two-point line when both lie on the same
    /// segment and the direct way is allowed, or when no path exists (cannot happen inside the
    /// graph's strongly connected component).
    pub fn path(&self, from: &Snap, to: &Snap) -> Vec<LatLon> {
        let straight = vec![from.position, to.position];
        let targets: HashMap<u32, Cost> = self.index.arrival_seeds(to).into_iter().collect();
        let direct = self.index.direct(from, to);
        let mut dist: HashMap<u32, (Cost, u32)> = HashMap::new();
        let mut heap = BinaryHeap::new();
        for (v, c) in self.index.departure_seeds(from) {
            let better = dist.get(&v).is_none_or(|(d, _)| c < *d);
            if better {
                dist.insert(v, (c, u32::MAX));
                heap.push(Reverse((c.0, v)));
            }
        }
        let mut best: Option<(Cost, u32)> = None;
        let edges = &self.graph.edges;
        while let Some(Reverse((d, v))) = heap.pop() {
            let d = Cost(d);
            if dist.get(&v).is_some_and(|(x, _)| *x < d) {
                continue;
            }
            if best.is_some_and(|(b, _)| b <= d) {
                break;
            }
            if let Some(&tail) = targets.get(&v) {
                let total = d.saturating_add(tail);
                if best.is_none_or(|(b, _)| total < b) {
                    best = Some((total, v));
                }
            }
            let first = edges.partition_point(|e| e.from < v);
            for e in edges.iter().skip(first).take_while(|e| e.from == v) {
                let nd = d.saturating_add(e.cost());
                if dist.get(&e.to).is_none_or(|(x, _)| nd < *x) {
                    dist.insert(e.to, (nd, v));
                    heap.push(Reverse((nd.0, e.to)));
                }
            }
        }
        let Some((total, end)) = best else {
            return straight;
        };
        if direct.is_some_and(|c| c <= total) {
            return straight;
        }
        let mut nodes = vec![end];
        let mut v = end;
        while let Some(&(_, p)) = dist.get(&v) {
            if p == u32::MAX || nodes.len() > dist.len() {
                break;
            }
            nodes.push(p);
            v = p;
        }
        nodes.reverse();
        let mut out = Vec::with_capacity(nodes.len() + 2);
        out.push(from.position);
        out.extend(
            nodes
                .iter()
                .filter_map(|&n| self.graph.coords.get(n as usize).copied()),
        );
        out.push(to.position);
        out
    }
}
