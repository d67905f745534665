//! The directed road graph of one travel profile.
//!
//! Nodes are the OSM nodes used by routable ways, numbered densely in ascending OSM id order.
//! Each consecutive pair of way nodes gives one directed edge per allowed direction, with its
//! length (great-circle, centimetres) and travel time (length ÷ profile speed, milliseconds).
//! The graph is then restricted to its largest strongly connected component, so that every
//! node can reach every other: points snapped onto it are mutually reachable.

use std::path::Path;

use petgraph::graph::{DiGraph, NodeIndex};
use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::graph::geo::haversine_m;
use crate::osm::{LatLon, OsmData, Profile, way_access};
use crate::units::{Centimetres, Cost, Millis};

/// A directed edge between two consecutive way nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    /// Tail node.
    pub from: u32,
    /// Head node.
    pub to: u32,
    /// Travel time.
    pub duration: Millis,
    /// Length.
    pub distance: Centimetres,
}

impl Edge {
    /// The packed (duration, distance) cost.
    pub fn cost(&self) -> Cost {
        Cost::new(self.duration, self.distance)
    }
}

/// Bounding box in degrees.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BBox {
    /// Western edge.
    pub min_lon: f64,
    /// Southern edge.
    pub min_lat: f64,
    /// Eastern edge.
    pub max_lon: f64,
    /// Northern edge.
    pub max_lat: f64,
}

/// Counts describing a built graph.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GraphStats {
    /// Travel profile the graph was built for.
    pub profile: String,
    /// Ways with a `highway` tag in the extract.
    pub highway_ways: usize,
    /// Ways usable by the profile in at least one direction.
    pub usable_ways: usize,
    /// Way node references whose node is missing from the extract (segments dropped).
    pub missing_node_refs: usize,
    /// Nodes of the full graph (before the SCC restriction).
    pub nodes: usize,
    /// Directed edges of the full graph.
    pub edges: usize,
    /// Nodes in the largest strongly connected component.
    pub scc_nodes: usize,
    /// Directed edges inside the largest strongly connected component.
    pub scc_edges: usize,
    /// Number of strongly connected components of the full graph.
    pub components: usize,
    /// Bounding box of the SCC's nodes.
    pub bbox: BBox,
    /// Highest edge speed in the SCC, km/h.
    pub max_speed_kmh: f64,
}

/// The road graph restricted to its largest strongly connected component.
#[derive(Clone, Debug)]
pub struct RoadGraph {
    /// Profile it was built for.
    pub profile: Profile,
    /// Node coordinates.
    pub coords: Vec<LatLon>,
    /// OSM id of each node.
    pub osm_ids: Vec<i64>,
    /// Directed edges sorted by (from, to, duration, distance).
    pub edges: Vec<Edge>,
    /// Counts.
    pub stats: GraphStats,
}

/// One way segment before node numbering.
struct Segment {
    a: i64,
    b: i64,
    length_m: f64,
    forward_kmh: Option<f64>,
    backward_kmh: Option<f64>,
}

fn edge_between(from: u32, to: u32, length_m: f64, speed_kmh: f64) -> Edge {
    // Both values are finite and non-negative (length from haversine, speed checked > 0);
    // `as` saturates, and u32 centimetres cover 42 949 km: far beyond any single segment.
    let distance = Centimetres((length_m * 100.0).round() as u32);
    let duration = Millis((length_m / (speed_kmh / 3.6) * 1000.0).round() as u32);
    Edge {
        from,
        to,
        duration,
        distance,
    }
}

impl RoadGraph {
    /// Reads `path` and builds the graph for `profile`.
    pub fn from_osm(path: &Path, profile: Profile) -> Result<RoadGraph> {
        let osm = crate::osm::read_pbf(path)?;
        RoadGraph::build(&osm, profile, path)
    }

    /// Builds the graph for `profile` from parsed OSM data; `path` is used in messages.
    ///
    /// # Errors
    /// [`Error::EmptyGraph`] if no way is usable by the profile.
    pub fn build(osm: &OsmData, profile: Profile, path: &Path) -> Result<RoadGraph> {
        // 1. Segments of usable ways, in parallel; order kept (deterministic).
        let per_way: Vec<(bool, usize, Vec<Segment>)> = osm
            .ways
            .par_iter()
            .map(|way| {
                let tags = way.tag_refs();
                let Some(access) = way_access(profile, &tags) else {
                    return (false, 0, Vec::new());
                };
                let fwd = access.forward.filter(|s| s.is_finite() && *s > 0.0);
                let bwd = access.backward.filter(|s| s.is_finite() && *s > 0.0);
                if fwd.is_none() && bwd.is_none() {
                    return (false, 0, Vec::new());
                }
                let mut missing = 0;
                let mut segs = Vec::with_capacity(way.refs.len().saturating_sub(1));
                for pair in way.refs.windows(2) {
                    let (a, b) = (pair[0], pair[1]);
                    match (osm.coord(a), osm.coord(b)) {
                        (Some(pa), Some(pb)) => {
                            if a != b {
                                segs.push(Segment {
                                    a,
                                    b,
                                    length_m: haversine_m(pa, pb),
                                    forward_kmh: fwd,
                                    backward_kmh: bwd,
                                });
                            }
                        }
                        _ => missing += 1,
                    }
                }
                (true, missing, segs)
            })
            .collect();
        let usable_ways = per_way.iter().filter(|w| w.0).count();
        let missing_node_refs = per_way.iter().map(|w| w.1).sum();
        let segments: Vec<Segment> = per_way.into_iter().flat_map(|w| w.2).collect();

        // 2. Dense node numbering in ascending OSM id order.
        let mut ids: Vec<i64> = segments.iter().flat_map(|s| [s.a, s.b]).collect();
        ids.par_sort_unstable();
        ids.dedup();
        let index = |id: i64| -> u32 {
            // Every id of a segment is in `ids` (built from the same segments above).
            ids.binary_search(&id).expect("segment node is numbered") as u32
        };
        let mut edges = Vec::with_capacity(segments.len() * 2);
        for s in &segments {
            let (a, b) = (index(s.a), index(s.b));
            if let Some(v) = s.forward_kmh {
                edges.push(edge_between(a, b, s.length_m, v));
            }
            if let Some(v) = s.backward_kmh {
                edges.push(edge_between(b, a, s.length_m, v));
            }
        }
        if edges.is_empty() {
            return Err(Error::EmptyGraph {
                path: path.to_path_buf(),
                profile: profile.to_string(),
            });
        }
        let (nodes, edge_count) = (ids.len(), edges.len());

        // 3. Largest strongly connected component (petgraph's Tarjan).
        let mut g: DiGraph<(), (), u32> = DiGraph::with_capacity(nodes, edges.len());
        for _ in 0..nodes {
            g.add_node(());
        }
        g.extend_with_edges(edges.iter().map(|e| (e.from, e.to)));
        let components = petgraph::algo::tarjan_scc(&g);
        let component_count = components.len();
        let largest = components
            .into_iter()
            .map(|mut c| {
                c.sort_unstable();
                c
            })
            // Largest; ties go to the component holding the smallest node id.
            .min_by_key(|c| (std::cmp::Reverse(c.len()), c.first().map(|n| n.index())))
            .unwrap_or_default();
        drop(g);

        let mut new_id = vec![u32::MAX; nodes];
        for (i, n) in largest.iter().enumerate() {
            new_id[n.index()] = i as u32;
        }
        let keep = |old: u32| new_id[old as usize];
        let mut scc_edges: Vec<Edge> = edges
            .iter()
            .filter(|e| keep(e.from) != u32::MAX && keep(e.to) != u32::MAX)
            .map(|e| Edge {
                from: keep(e.from),
                to: keep(e.to),
                ..*e
            })
            .collect();
        scc_edges.par_sort_unstable();
        let osm_ids: Vec<i64> = largest
            .iter()
            .map(|n: &NodeIndex<u32>| ids[n.index()])
            .collect();
        let coords: Vec<LatLon> = osm_ids
            .iter()
            .map(|id| osm.coord(*id).expect("graph node has coordinates"))
            .collect();

        let mut bbox = BBox {
            min_lon: f64::INFINITY,
            min_lat: f64::INFINITY,
            max_lon: f64::NEG_INFINITY,
            max_lat: f64::NEG_INFINITY,
        };
        for c in &coords {
            bbox.min_lon = bbox.min_lon.min(c.lon);
            bbox.min_lat = bbox.min_lat.min(c.lat);
            bbox.max_lon = bbox.max_lon.max(c.lon);
            bbox.max_lat = bbox.max_lat.max(c.lat);
        }
        let max_speed_kmh = scc_edges
            .iter()
            .filter(|e| e.duration.0 > 0)
            .map(|e| f64::from(e.distance.0) / 100.0 / (f64::from(e.duration.0) / 1000.0) * 3.6)
            .fold(0.0, f64::max);

        let stats = GraphStats {
            profile: profile.to_string(),
            highway_ways: osm.ways.len(),
            usable_ways,
            missing_node_refs,
            nodes,
            edges: edge_count,
            scc_nodes: coords.len(),
            scc_edges: scc_edges.len(),
            components: component_count,
            bbox,
            max_speed_kmh,
        };
        Ok(RoadGraph {
            profile,
            coords,
            osm_ids,
            edges: scc_edges,
            stats,
        })
    }

    /// Number of nodes.
    pub fn num_nodes(&self) -> usize {
        self.coords.len()
    }

    /// Edges as `(from, to, cost)` triples, the input of the contraction hierarchy.
    pub fn cost_edges(&self) -> Vec<(u32, u32, Cost)> {
        self.edges
            .iter()
            .map(|e| (e.from, e.to, e.cost()))
            .collect()
    }
}
