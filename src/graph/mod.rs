//! The road graph: built from OSM ways for one travel profile, restricted to its largest strongly
//! connected component ([`road`]), and prepared for fast many-to-many queries ([`ch`]).
pub mod ch;
pub mod geo;
pub mod road;

pub use road::{BBox, Edge, GraphStats, RoadGraph};
