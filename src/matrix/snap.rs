//! Snapping points onto the road graph: each point goes to the nearest point of the nearest
//! road segment (an R-tree over segments, `rstar`), within a radius.
//!
//! A segment is the undirected pair of nodes `(a, b)` with `a < b`; it carries the cheapest
//! directed edge each way, if any. A point snapped at fraction `t` from `a` splits every edge of
//! the segment: the part between `a` and the point costs `round(t·c)`, the part between the point
//! and `b` costs `c − round(t·c)`, for duration and distance separately. This one rule is used for
//! departures, arrivals and two points on the same segment, so partial costs always add up.

use rstar::primitives::{GeomWithData, Line};
use rstar::{PointDistance, RTree};

use crate::graph::RoadGraph;
use crate::graph::geo::{LocalProjection, haversine_m};
use crate::osm::LatLon;
use crate::units::{Centimetres, Cost, Millis};

/// An undirected road segment with the cheapest directed edge each way.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SnapSegment {
    /// Lower node id.
    pub a: u32,
    /// Higher node id.
    pub b: u32,
    /// Cheapest edge a → b, if the segment may be travelled that way.
    pub forward: Option<Cost>,
    /// Cheapest edge b → a, if the segment may be travelled that way.
    pub backward: Option<Cost>,
}

/// Where a point landed on the graph.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Snap {
    /// Index of the segment (see [`SnapIndex::segment`]).
    pub segment: u32,
    /// Position along the segment from `a` (0) to `b` (1).
    pub t: f64,
    /// The snapped position.
    pub position: LatLon,
    /// Great-circle distance from the input point to the snapped position, metres.
    pub distance_m: f64,
}

/// Splits cost `c` at fraction `t`: `(part before, part after)`, each part of duration and
/// distance rounded so that the two parts add up to `c` exactly.
pub fn split_cost(c: Cost, t: f64) -> (Cost, Cost) {
    let d = c.duration().0;
    let l = c.distance().0;
    // t ∈ [0, 1]: the products lie in [0, d] and [0, l], so the casts are exact and in range.
    let d1 = (f64::from(d) * t).round().clamp(0.0, f64::from(d)) as u32;
    let l1 = (f64::from(l) * t).round().clamp(0.0, f64::from(l)) as u32;
    (
        Cost::new(Millis(d1), Centimetres(l1)),
        Cost::new(Millis(d - d1), Centimetres(l - l1)),
    )
}

/// Spatial index over the graph's segments.
pub struct SnapIndex {
    projection: LocalProjection,
    tree: RTree<GeomWithData<Line<[f64; 2]>, u32>>,
    segments: Vec<SnapSegment>,
}

impl SnapIndex {
    /// Builds the index over all edges of `graph`.
    pub fn new(graph: &RoadGraph) -> SnapIndex {
        let bbox = graph.stats.bbox;
        let projection = LocalProjection::new((bbox.min_lat + bbox.max_lat) / 2.0);
        // Edges are sorted by (from, to, cost): group by the unordered pair.
        let mut keyed: Vec<(u32, u32, bool, Cost)> = graph
            .edges
            .iter()
            .map(|e| {
                let forward = e.from < e.to;
                let (a, b) = if forward {
                    (e.from, e.to)
                } else {
                    (e.to, e.from)
                };
                (a, b, forward, e.cost())
            })
            .collect();
        keyed.sort_unstable();
        let mut segments: Vec<SnapSegment> = Vec::new();
        for (a, b, forward, cost) in keyed {
            let same = segments.last().is_some_and(|s| s.a == a && s.b == b);
            if !same {
                segments.push(SnapSegment {
                    a,
                    b,
                    forward: None,
                    backward: None,
                });
            }
            let seg = segments.last_mut().expect("a segment was just pushed");
            let slot = if forward {
                &mut seg.forward
            } else {
                &mut seg.backward
            };
            // Sorted by cost within a direction: the first one seen is the cheapest.
            if slot.is_none() {
                *slot = Some(cost);
            }
        }
        let lines = segments
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let pa = projection.project(graph.coords[s.a as usize]);
                let pb = projection.project(graph.coords[s.b as usize]);
                GeomWithData::new(Line::new(pa, pb), i as u32)
            })
            .collect();
        SnapIndex {
            projection,
            tree: RTree::bulk_load(lines),
            segments,
        }
    }

    /// All segments.
    pub fn segments(&self) -> &[SnapSegment] {
        &self.segments
    }

    /// One segment.
    pub fn segment(&self, i: u32) -> &SnapSegment {
        &self.segments[i as usize]
    }

    /// The projection used for nearest-segment search.
    pub fn projection(&self) -> LocalProjection {
        self.projection
    }

    /// Snaps `p` to the nearest point of the nearest segment; `None` if that point is farther
    /// than `radius_m` (great-circle metres) or the graph is empty.
    pub fn snap(&self, p: LatLon, radius_m: f64) -> Option<Snap> {
        let q = self.projection.project(p);
        let nearest = self.tree.nearest_neighbor(q)?;
        let line = nearest.geom();
        let (from, to) = (line.from, line.to);
        let (dx, dy) = (to[0] - from[0], to[1] - from[1]);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            (((q[0] - from[0]) * dx + (q[1] - from[1]) * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let position = self
            .projection
            .unproject([from[0] + t * dx, from[1] + t * dy]);
        let distance_m = haversine_m(p, position);
        debug_assert!(line.distance_2(&q).is_finite());
        (distance_m <= radius_m).then_some(Snap {
            segment: nearest.data,
            t,
            position,
            distance_m,
        })
    }

    /// Seeds for leaving a snapped point: `(node, cost from the point to the node)`.
    pub fn departure_seeds(&self, s: &Snap) -> Vec<(u32, Cost)> {
        let seg = self.segment(s.segment);
        let mut seeds = Vec::with_capacity(2);
        if let Some(c) = seg.forward {
            seeds.push((seg.b, split_cost(c, s.t).1));
        }
        if let Some(c) = seg.backward {
            seeds.push((seg.a, split_cost(c, s.t).0));
        }
        seeds
    }

    /// Seeds for arriving at a snapped point: `(node, cost from the node to the point)`.
    pub fn arrival_seeds(&self, s: &Snap) -> Vec<(u32, Cost)> {
        let seg = self.segment(s.segment);
        let mut seeds = Vec::with_capacity(2);
        if let Some(c) = seg.forward {
            seeds.push((seg.a, split_cost(c, s.t).0));
        }
        if let Some(c) = seg.backward {
            seeds.push((seg.b, split_cost(c, s.t).1));
        }
        seeds
    }

    /// Cost of going directly along one segment from `from` to `to`, both snapped onto it,
    /// without passing a node; `None` if they are on different segments or the direction is not
    /// allowed.
    pub fn direct(&self, from: &Snap, to: &Snap) -> Option<Cost> {
        if from.segment != to.segment {
            return None;
        }
        let seg = self.segment(from.segment);
        let mut best: Option<Cost> = None;
        if let Some(c) = seg.forward
            && from.t <= to.t
        {
            let (to_end, from_end) = (split_cost(c, to.t).0, split_cost(c, from.t).0);
            best = Some(sub(to_end, from_end));
        }
        if let Some(c) = seg.backward
            && from.t >= to.t
        {
            let d = sub(split_cost(c, from.t).0, split_cost(c, to.t).0);
            best = Some(best.map_or(d, |b| b.min(d)));
        }
        best
    }
}

/// `a − b` part by part; callers guarantee `a ≥ b` in both parts (rounding is monotone in t).
fn sub(a: Cost, b: Cost) -> Cost {
    Cost::new(
        Millis(a.duration().0.saturating_sub(b.duration().0)),
        Centimetres(a.distance().0.saturating_sub(b.distance().0)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_parts_add_up() {
        let c = Cost::new(Millis(1001), Centimetres(333));
        for t in [0.0, 0.1, 0.333, 0.5, 0.999, 1.0] {
            let (x, y) = split_cost(c, t);
            assert_eq!(x.0 + y.0, c.0, "t={t}");
        }
        assert_eq!(
            split_cost(c, 0.5).0,
            Cost::new(Millis(501), Centimetres(167))
        );
    }
}
