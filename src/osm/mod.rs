//! OpenStreetMap input: PBF reading ([`reader`]), homes for synthetic clients ([`places`]) and
//! travel profiles ([`profile`]).
//! Input here is untrusted: no unwrap, expect, panic or unchecked indexing outside tests.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]
pub mod places;
pub mod profile;
pub mod reader;

pub use places::{OsmRef, Place, PlaceKind, read_places, read_places_bytes};
pub use profile::{Profile, WayAccess, way_access};
pub use reader::{LatLon, OsmData, OsmWay, read_pbf};
