//! OpenStreetMap input: PBF reading ([`reader`]) and travel profiles ([`profile`]).
pub mod profile;
pub mod reader;

pub use profile::{Profile, WayAccess, way_access};
pub use reader::{LatLon, OsmData, OsmWay, read_pbf};
