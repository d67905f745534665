//! OpenStreetMap input: PBF reading and travel profiles.
pub mod profile;
pub use profile::{Profile, WayAccess, way_access};
