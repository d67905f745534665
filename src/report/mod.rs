//! Reports derived from a [`PlanOutput`](crate::pipeline::PlanOutput) alone:
//!
//! - [`geojson()`]: the routes, visits and team bases as a GeoJSON FeatureCollection
//!   (RFC 7946, `[lon, lat]`), for QGIS or any web map;
//! - [`html()`]: one self-contained HTML page (no external scripts, styles, fonts or images)
//!   with maps, Gantt charts of the carers' days, key figures, the budget, equity by need
//!   level and, for two plans, a side-by-side comparison of the care models;
//! - [`road_lines`]: the road segments of a graph inside a bounding box, drawn under the
//!   routes in the HTML maps.
//!
//! ```no_run
//! use tillit::graph::RoadGraph;
//! use tillit::pipeline::PlanOutput;
//!
//! fn write_reports(
//!     before: &PlanOutput,
//!     after: &PlanOutput,
//!     graph: &RoadGraph,
//! ) -> std::io::Result<()> {
//!     let roads = tillit::report::road_lines(graph, after.bbox);
//!     let plans = [("purchaser-provider", before), ("trust model", after)];
//!     let page = tillit::report::html(&plans, &roads);
//!     std::fs::write("report.html", page)?;
//!     std::fs::write("routes.geojson", tillit::report::geojson(after).to_string())
//! }
//! ```

mod format;
mod geojson;
mod html;

pub use self::geojson::geojson;
pub use self::html::html;

use crate::graph::RoadGraph;

/// How much [`road_lines`] enlarges its bounding box on each side, as a share of the box's
/// width and height (at least [`ROAD_MARGIN_MIN_DEG`]): roads leaving the map's edge are
/// still drawn up to the edge.
pub const ROAD_MARGIN: f64 = 0.05;

/// The least enlargement of [`road_lines`]' bounding box on each side, degrees.
pub const ROAD_MARGIN_MIN_DEG: f64 = 0.001;

/// The box `bbox = [min_lon, min_lat, max_lon, max_lat]` enlarged as [`road_lines`] does
/// ([`ROAD_MARGIN`], [`ROAD_MARGIN_MIN_DEG`]).
pub fn road_bbox(bbox: [f64; 4]) -> [f64; 4] {
    let dx = ((bbox[2] - bbox[0]) * ROAD_MARGIN).max(ROAD_MARGIN_MIN_DEG);
    let dy = ((bbox[3] - bbox[1]) * ROAD_MARGIN).max(ROAD_MARGIN_MIN_DEG);
    [bbox[0] - dx, bbox[1] - dy, bbox[2] + dx, bbox[3] + dy]
}

/// The road segments of `graph` with both ends inside `bbox = [min_lon, min_lat, max_lon,
/// max_lat]` enlarged by [`road_bbox`], as two-point `[lon, lat]` lines: each undirected
/// segment once (a two-way road has two directed edges; the line is listed once, from the
/// lower node index to the higher), in node order. Pass the result to [`html()`].
pub fn road_lines(graph: &RoadGraph, bbox: [f64; 4]) -> Vec<Vec<[f64; 2]>> {
    let [min_lon, min_lat, max_lon, max_lat] = road_bbox(bbox);
    let inside = |i: u32| {
        graph.coords.get(i as usize).and_then(|p| {
            (p.lon >= min_lon && p.lon <= max_lon && p.lat >= min_lat && p.lat <= max_lat)
                .then_some([p.lon, p.lat])
        })
    };
    let mut pairs: Vec<(u32, u32)> = graph
        .edges
        .iter()
        .filter(|e| e.from != e.to)
        .map(|e| (e.from.min(e.to), e.from.max(e.to)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
        .into_iter()
        .filter_map(|(a, b)| Some(vec![inside(a)?, inside(b)?]))
        .collect()
}
