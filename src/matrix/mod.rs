//! Travel-time matrices between arbitrary points ([`Router::matrix`]).
//!
//! Points are snapped onto the road graph ([`snap`]); the many-to-many costs come from the
//! contraction hierarchy ([`crate::graph::ch`]) seeded with the partial edge costs of each snapped
//! point, plus the direct path when two points lie on the same segment. Points that do not snap
//! get no costs (`None`), never zeros.

mod path;
pub mod snap;

use rayon::prelude::*;

use crate::graph::RoadGraph;
use crate::graph::ch::{ChParams, ContractionHierarchy};
use crate::osm::LatLon;
use crate::units::{Cost, Millis};
pub use snap::{Snap, SnapIndex, SnapSegment};

/// Matrix options.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixParams {
    /// Points farther than this from every usable road (great-circle metres) are reported as
    /// unsnapped. Larger values accept badly geocoded addresses, at the risk of routing a client
    /// to the wrong road.
    pub snap_radius_m: f64,
    /// Added to every trip between two different points, for parking and walking to the door
    /// (per profile: typically a few minutes by car, less on foot). Default 0.
    pub stop_overhead: Millis,
}

impl Default for MatrixParams {
    fn default() -> Self {
        MatrixParams {
            snap_radius_m: 500.0,
            stop_overhead: Millis(0),
        }
    }
}

/// A many-to-many result.
#[derive(Clone, Debug, PartialEq)]
pub struct TravelMatrix {
    /// Number of points.
    pub n: usize,
    /// Row-major `n × n` costs (duration incl. stop overhead, distance); [`Cost::INF`] where no
    /// path exists (a point did not snap).
    pub costs: Vec<Cost>,
    /// Snap of each point, `None` if unsnapped.
    pub snaps: Vec<Option<Snap>>,
}

impl TravelMatrix {
    /// Cost from point `i` to point `j`, `None` if unreachable.
    pub fn get(&self, i: usize, j: usize) -> Option<Cost> {
        self.costs
            .get(i * self.n + j)
            .copied()
            .filter(|c| *c != Cost::INF)
    }
}

/// A road graph prepared for queries: spatial index and contraction hierarchy.
pub struct Router {
    graph: RoadGraph,
    index: SnapIndex,
    ch: ContractionHierarchy,
}

impl Router {
    /// Prepares `graph` for queries (builds the snap index and the contraction hierarchy).
    pub fn new(graph: RoadGraph) -> Router {
        Router::with_params(graph, &ChParams::default())
    }

    /// Like [`Router::new`] with explicit contraction parameters.
    pub fn with_params(graph: RoadGraph, ch_params: &ChParams) -> Router {
        let (index, ch) = rayon::join(
            || SnapIndex::new(&graph),
            || ContractionHierarchy::build(graph.num_nodes(), &graph.cost_edges(), ch_params),
        );
        Router { graph, index, ch }
    }

    /// The underlying graph.
    pub fn graph(&self) -> &RoadGraph {
        &self.graph
    }

    /// The snap index.
    pub fn snap_index(&self) -> &SnapIndex {
        &self.index
    }

    /// The contraction hierarchy.
    pub fn hierarchy(&self) -> &ContractionHierarchy {
        &self.ch
    }

    /// Snaps every point (in parallel, order kept).
    pub fn snap_all(&self, points: &[LatLon], params: &MatrixParams) -> Vec<Option<Snap>> {
        points
            .par_iter()
            .map(|p| self.index.snap(*p, params.snap_radius_m))
            .collect()
    }

    /// Many-to-many costs between already snapped points.
    pub fn matrix_from_snaps(
        &self,
        snaps: Vec<Option<Snap>>,
        params: &MatrixParams,
    ) -> TravelMatrix {
        let n = snaps.len();
        let seeds = |f: &dyn Fn(&Snap) -> Vec<(u32, Cost)>| -> Vec<Vec<(u32, Cost)>> {
            snaps
                .iter()
                .map(|s| s.as_ref().map(f).unwrap_or_default())
                .collect()
        };
        let sources = seeds(&|s| self.index.departure_seeds(s));
        let targets = seeds(&|s| self.index.arrival_seeds(s));
        let mut costs = self.ch.many_to_many(&sources, &targets);
        let overhead = Cost::new(params.stop_overhead, crate::units::Centimetres(0));
        for (i, si) in snaps.iter().enumerate() {
            for (j, sj) in snaps.iter().enumerate() {
                let c = &mut costs[i * n + j];
                match (si, sj) {
                    (Some(_), Some(_)) if i == j => *c = Cost(0),
                    (Some(a), Some(b)) => {
                        if let Some(d) = self.index.direct(a, b) {
                            *c = (*c).min(d);
                        }
                        *c = c.saturating_add(overhead);
                    }
                    _ => *c = Cost::INF,
                }
            }
        }
        TravelMatrix { n, costs, snaps }
    }

    /// Snaps `points` and computes the many-to-many matrix.
    pub fn matrix(&self, points: &[LatLon], params: &MatrixParams) -> TravelMatrix {
        let snaps = self.snap_all(points, params);
        self.matrix_from_snaps(snaps, params)
    }
}
