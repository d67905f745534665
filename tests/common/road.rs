//! Test-only road references, deliberately plain and independent of the code under test: a
//! matrix computed by physically splitting the snapped edges, a random road network generator, and a brute-force nearest segment.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tillit::graph::RoadGraph;
use tillit::matrix::{MatrixParams, Snap, SnapIndex};
use tillit::osm::{LatLon, OsmData, OsmWay};
use tillit::units::{Centimetres, Cost, Millis};

/// The matrix between snapped points computed without the snap seeds, the direct-segment rule
/// or the contraction hierarchy: every segment carrying points is cut into pieces at those points
/// (piece between fractions t1 < t2 of an edge of cost c costs round(t2·c) − round(t1·c), for
/// duration and distance separately), then plain Dijkstra runs from each point's node.
pub fn reference_matrix(
    graph: &RoadGraph,
    index: &SnapIndex,
    snaps: &[Option<Snap>],
    params: &MatrixParams,
) -> Vec<Option<Cost>> {
    let n_nodes = graph.num_nodes();
    // Cheapest edge per directed node pair.
    let mut best: std::collections::BTreeMap<(u32, u32), Cost> = Default::default();
    for e in &graph.edges {
        let c = e.cost();
        best.entry((e.from, e.to))
            .and_modify(|x| *x = (*x).min(c))
            .or_insert(c);
    }
    // Points per segment (keyed by the unordered node pair), with their node ids.
    let mut on_segment: std::collections::BTreeMap<(u32, u32), Vec<(f64, u32)>> =
        Default::default();
    for (i, s) in snaps.iter().enumerate() {
        if let Some(s) = s {
            let seg = index.segment(s.segment);
            on_segment
                .entry((seg.a, seg.b))
                .or_default()
                .push((s.t, (n_nodes + i) as u32));
        }
    }
    let round_part = |c: u32, t: f64| (f64::from(c) * t).round() as u32;
    let mut edges: Vec<(u32, u32, u64)> = Vec::new();
    for (&(u, v), &c) in &best {
        let (a, b) = (u.min(v), u.max(v));
        let Some(points) = on_segment.get(&(a, b)) else {
            edges.push((u, v, c.0));
            continue;
        };
        // Cut positions along a → b, including both ends.
        let mut cuts: Vec<(f64, u32)> = vec![(0.0, a)];
        let mut pts = points.clone();
        pts.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        cuts.extend(pts);
        cuts.push((1.0, b));
        for w in cuts.windows(2) {
            let ((t1, n1), (t2, n2)) = (w[0], w[1]);
            let piece = |part: fn(Cost) -> u32| {
                let at = |t: f64| {
                    if t >= 1.0 {
                        part(c)
                    } else {
                        round_part(part(c), t)
                    }
                };
                at(t2) - at(t1)
            };
            let d = piece(|c| c.duration().0);
            let l = piece(|c| c.distance().0);
            let w = Cost::new(Millis(d), Centimetres(l)).0;
            if u == a {
                edges.push((n1, n2, w));
            } else {
                edges.push((n2, n1, w));
            }
            // Two points at the same spot of a segment are zero apart both ways, whatever the
            // direction of travel allowed on the segment.
            if t1 == t2 && n1 >= n_nodes as u32 && n2 >= n_nodes as u32 {
                edges.push((n1, n2, 0));
                edges.push((n2, n1, 0));
            }
        }
    }
    let total = n_nodes + snaps.len();
    let k = snaps.len();
    let mut out = vec![None; k * k];
    for i in 0..k {
        if snaps[i].is_none() {
            continue;
        }
        let dist = super::dijkstra::multi_seed(total, &edges, &[((n_nodes + i) as u32, 0)]);
        for j in 0..k {
            if snaps[j].is_none() {
                continue;
            }
            let d = dist[n_nodes + j];
            if d == u64::MAX {
                continue;
            }
            let mut c = Cost(d);
            if i != j {
                c = c.saturating_add(Cost::new(params.stop_overhead, Centimetres(0)));
            }
            out[i * k + j] = Some(c);
        }
    }
    out
}

/// Squared distance from `q` to segment `a`–`b` in the plane.
pub fn point_segment_dist2(q: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((q[0] - a[0]) * dx + (q[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (px, py) = (a[0] + t * dx - q[0], a[1] + t * dy - q[1]);
    px * px + py * py
}

/// A random road network on a jittered grid of `side × side` nodes near Helsinki (~40 m apart):
/// random ways (runs along grid lines), random classes, one-ways and reversed one-ways, some
/// nodes shared by several ways, some dangling references to missing nodes.
pub fn random_osm(seed: u64, side: usize) -> OsmData {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut node_ids = Vec::new();
    let mut node_coords = Vec::new();
    for r in 0..side {
        for c in 0..side {
            node_ids.push((r * side + c) as i64 + 1);
            node_coords.push(LatLon {
                lat: 60.17 + r as f64 * 0.00036 + rng.random_range(-0.0001..0.0001),
                lon: 24.94 + c as f64 * 0.00072 + rng.random_range(-0.0002..0.0002),
            });
        }
    }
    let classes = [
        "residential",
        "primary",
        "service",
        "tertiary",
        "footway",
        "living_street",
    ];
    let mut ways = Vec::new();
    let way_count = side * 2;
    for w in 0..way_count {
        let horizontal = rng.random_bool(0.5);
        let line = rng.random_range(0..side);
        let start = rng.random_range(0..side - 1);
        let len = rng.random_range(2..=side - start);
        let mut refs: Vec<i64> = (start..start + len)
            .map(|k| {
                let (r, c) = if horizontal { (line, k) } else { (k, line) };
                (r * side + c) as i64 + 1
            })
            .collect();
        if rng.random_bool(0.05) {
            refs.push(1_000_000 + w as i64); // a node missing from the extract
        }
        let mut tags: Vec<(Box<str>, Box<str>)> = vec![(
            "highway".into(),
            classes[rng.random_range(0..classes.len())].into(),
        )];
        match rng.random_range(0..10) {
            0 | 1 => tags.push(("oneway".into(), "yes".into())),
            2 => tags.push(("oneway".into(), "-1".into())),
            3 => tags.push(("maxspeed".into(), "30".into())),
            _ => {}
        }
        ways.push(OsmWay {
            id: w as i64 + 1,
            refs,
            tags,
        });
    }
    OsmData {
        node_ids,
        node_coords,
        ways,
        blobs: 1,
    }
}

/// Random points around the bounding box of `graph` (10 % margin, so some fall outside).
pub fn random_points(seed: u64, graph: &RoadGraph, count: usize) -> Vec<LatLon> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let b = graph.stats.bbox;
    let (dlat, dlon) = (b.max_lat - b.min_lat, b.max_lon - b.min_lon);
    (0..count)
        .map(|_| LatLon {
            lat: rng.random_range(b.min_lat - 0.1 * dlat..b.max_lat + 0.1 * dlat),
            lon: rng.random_range(b.min_lon - 0.1 * dlon..b.max_lon + 0.1 * dlon),
        })
        .collect()
}
