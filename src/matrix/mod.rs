//! Travel-time matrices between arbitrary points ([`Router::matrix`]).
//!
//! Points are snapped onto the road graph ([`snap`]); the many-to-many costs come from the
//! contraction hierarchy ([`crate::graph::ch`]) seeded with the partial edge costs of each snapped
//! point, plus the direct path when two points lie on the same segment. Points that do not snap
//! get no costs (`None`), never zeros.

mod path;
pub mod snap;

use std::path::Path;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::graph::ch::{ChParams, ContractionHierarchy};
use crate::graph::{BBox, RoadGraph};
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

/// Which points of a set snapped onto the road graph ([`Router::snap_checked`]), for the
/// caller's warning about the points left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapReport {
    /// Number of points.
    pub points: usize,
    /// Indices of the points that did not snap, in point order.
    pub unsnapped: Vec<usize>,
}

impl SnapReport {
    /// The report of the snaps of a point set.
    pub fn of(snaps: &[Option<Snap>]) -> SnapReport {
        SnapReport {
            points: snaps.len(),
            unsnapped: snaps
                .iter()
                .enumerate()
                .filter(|(_, s)| s.is_none())
                .map(|(i, _)| i)
                .collect(),
        }
    }
}

/// Why no point snapped, judged from where the points lie against the graph's bounding box
/// (widened by the snap radius): outside it (wrong extract), inside it once latitude and
/// longitude are swapped, or inside it but off the roads (snap radius too small).
fn no_snap_hint(bbox: &BBox, points: &[LatLon], radius_m: f64, profile: &str) -> String {
    const METRES_PER_DEGREE: f64 = 111_195.0;
    let max_abs_lat = bbox.max_lat.abs().max(bbox.min_lat.abs()).min(89.0);
    let dlat = radius_m / METRES_PER_DEGREE;
    let dlon = radius_m / (METRES_PER_DEGREE * max_abs_lat.to_radians().cos());
    let inside = |lat: f64, lon: f64| {
        (bbox.min_lat - dlat..=bbox.max_lat + dlat).contains(&lat)
            && (bbox.min_lon - dlon..=bbox.max_lon + dlon).contains(&lon)
    };
    let in_area = points.iter().filter(|p| inside(p.lat, p.lon)).count();
    let swapped = points.iter().filter(|p| inside(p.lon, p.lat)).count();
    let area = format!(
        "the extract's usable roads span lat {:.4}..{:.4}, lon {:.4}..{:.4}",
        bbox.min_lat, bbox.max_lat, bbox.min_lon, bbox.max_lon
    );
    let n = points.len();
    let observed = if in_area == 0 && swapped > 0 {
        format!(
            "with lat and lon swapped, {swapped} of the {n} would lie in the extract's area ({area}): are the columns lat and lon swapped?"
        )
    } else if in_area == 0 {
        format!("all {n} lie outside the extract's area ({area}): is it the right extract?")
    } else {
        format!(
            "{in_area} of the {n} lie in the extract's area ({area}) but off its `{profile}` roads: is the snap radius (--snap-radius, {radius_m} m) too small, or the profile wrong?"
        )
    };
    format!(
        "likely causes: a wrong extract, latitude and longitude swapped, or a snap radius too small; here {observed}"
    )
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

    /// Snaps every point like [`Router::snap_all`] and reports which did not snap. A matrix
    /// of points none of which snapped would hold no route at all: that is an input error
    /// ([`Error::NoPointSnapped`]) naming `points_path` (and `osm_path`, the graph's source)
    /// with the likely cause; so is an empty point set.
    pub fn snap_checked(
        &self,
        points: &[LatLon],
        params: &MatrixParams,
        points_path: &Path,
        osm_path: &Path,
    ) -> Result<(Vec<Option<Snap>>, SnapReport)> {
        if points.is_empty() {
            return Err(Error::Input {
                path: points_path.to_path_buf(),
                record: "line 1 (header)".into(),
                field: "id".into(),
                msg: "the file has no points (a header and no rows)".into(),
            });
        }
        let snaps = self.snap_all(points, params);
        let report = SnapReport::of(&snaps);
        if report.unsnapped.len() == report.points {
            let stats = &self.graph.stats;
            return Err(Error::NoPointSnapped {
                path: points_path.to_path_buf(),
                points: report.points,
                radius_m: params.snap_radius_m,
                profile: stats.profile.clone(),
                osm: osm_path.to_path_buf(),
                hint: no_snap_hint(&stats.bbox, points, params.snap_radius_m, &stats.profile),
            });
        }
        Ok((snaps, report))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_snap_hint_tells_the_likely_cause_apart() {
        let bbox = BBox {
            min_lon: 24.93,
            min_lat: 60.16,
            max_lon: 24.96,
            max_lat: 60.18,
        };
        let at = |lat, lon| LatLon { lat, lon };
        let hint = |p: &[LatLon]| no_snap_hint(&bbox, p, 500.0, "car");
        assert!(hint(&[at(24.945, 60.17)]).contains("swapped?"));
        assert!(hint(&[at(59.91, 10.75)]).contains("right extract?"));
        assert!(
            hint(&[at(60.17, 24.945)]).contains("snap radius (--snap-radius, 500 m) too small")
        );
        // Just outside the box but within the snap radius counts as inside the area.
        assert!(hint(&[at(60.183, 24.945)]).contains("too small"));
        for h in [hint(&[at(24.945, 60.17)]), hint(&[at(59.91, 10.75)])] {
            assert!(h.starts_with("likely causes: a wrong extract, latitude and longitude swapped, or a snap radius too small"), "{h}");
        }
    }
}
