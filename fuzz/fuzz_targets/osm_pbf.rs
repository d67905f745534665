//! OpenStreetMap PBF: the road reader, then the road graph built from what was read (as
//! `tillit matrix` does), and the places reader (addresses and named places).
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

use tillit::graph::RoadGraph;
use tillit::osm::Profile;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.osm.pbf");
    common::ok(tillit::osm::read_places_bytes(path, data));
    let Some(osm) = common::ok(tillit::osm::reader::read_pbf_bytes(path, data)) else {
        return;
    };
    common::ok(RoadGraph::build(&osm, Profile::Car, path));
});
