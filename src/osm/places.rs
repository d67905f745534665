//! Homes in an OpenStreetMap PBF extract: residential buildings and address points, the places
//! where synthetic clients live ([`crate::scenario::generate`]).
//!
//! A place is
//! - a way tagged `building` = `apartments`, `residential`, `dormitory`, `house`, `detached`,
//!   `semidetached_house`, `terrace`, `bungalow` or `farm`, or `building=yes` with an
//!   `addr:housenumber`, or `building=yes` without one but with a footprint of 60–5,000 m²
//!   (at the mean of its distinct node coordinates);
//! - a node with `addr:housenumber` that is not a point of interest (no `shop`, `amenity`,
//!   `office`, `tourism`, `craft`, `leisure` or `healthcare` tag) and does not lie inside one of
//!   the buildings above (that building already stands for it).
//!
//! Places closer than [`DEDUP_METRES`] to an earlier one (buildings first, then nodes, each by
//! OSM id) are dropped. The result is sorted by [`OsmRef`], so it does not depend on the order
//! of the file or on the number of threads.

use std::collections::HashMap;
use std::path::Path;

use osmpbf::{BlobDecode, BlobReader, Element};
use rayon::prelude::*;
use rstar::RTree;
use rstar::primitives::{GeomWithData, Rectangle};

use crate::error::{Error, Result};
use crate::osm::LatLon;

/// Places closer than this many metres to an earlier place are the same home.
pub const DEDUP_METRES: f64 = 5.0;

/// What kind of OSM object a place comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaceKind {
    /// `building=apartments` (a block of flats).
    Apartments,
    /// `building=residential` or `dormitory` (a residential building of unknown type).
    Residential,
    /// `house`, `detached`, `semidetached_house`, `terrace`, `bungalow` or `farm`.
    House,
    /// An address: a node with `addr:housenumber`, or `building=yes` with one.
    Address,
    /// `building=yes` without an address and a footprint of [`MIN_BUILDING_M2`] to
    /// [`MAX_BUILDING_M2`] (a building of untagged use: most are homes in residential areas;
    /// extracts such as Monaco tag almost every building this way).
    Building,
}

/// Smallest footprint of an untagged `building=yes` counted as a home (smaller: sheds, garages).
pub const MIN_BUILDING_M2: f64 = 60.0;
/// Largest footprint of an untagged `building=yes` counted as a home (larger: halls, factories).
pub const MAX_BUILDING_M2: f64 = 5000.0;

/// The OSM object a place was read from (ways sort before nodes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OsmRef {
    /// A building way.
    Way(i64),
    /// An address node.
    Node(i64),
}

/// A home: where a client may live.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Place {
    /// Source object.
    pub osm: OsmRef,
    /// Position (a way's node centroid).
    pub location: LatLon,
    /// Kind of building or address.
    pub kind: PlaceKind,
    /// `building:levels`, when tagged (the integer part; 0 or unparsable = `None`).
    pub levels: Option<u8>,
}

/// Reads the places of a PBF extract.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read; [`Error::Osm`] naming the file and blob if it is
/// not a readable PBF file.
pub fn read_places(path: &Path) -> Result<Vec<Place>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    read_places_bytes(path, &bytes)
}

/// Like [`read_places`], from bytes already in memory; `path` is used in messages only.
///
/// # Errors
/// [`Error::Osm`] naming the file and blob if the bytes are not a readable PBF file.
pub fn read_places_bytes(path: &Path, bytes: &[u8]) -> Result<Vec<Place>> {
    let mut blobs = Vec::new();
    for (index, blob) in BlobReader::new(bytes).enumerate() {
        blobs.push(blob.map_err(|e| osm_error(path, index, format!("cannot read blob: {e}")))?);
    }
    if blobs.is_empty() {
        return Err(osm_error(path, 0, "empty file: no OSMHeader blob"));
    }
    let decoded: Vec<Result<BlobPlaces>> = blobs
        .par_iter()
        .enumerate()
        .map(|(index, blob)| decode_blob(path, index, blob))
        .collect();
    let mut nodes: Vec<(i64, LatLon)> = Vec::new();
    let mut addr_nodes = Vec::new();
    let mut buildings = Vec::new();
    for d in decoded {
        let d = d?;
        nodes.extend(d.nodes);
        addr_nodes.extend(d.addr_nodes);
        buildings.extend(d.buildings);
    }
    nodes.sort_by_key(|n| n.0);
    nodes.dedup_by_key(|n| n.0);
    Ok(assemble(&nodes, addr_nodes, buildings))
}

fn osm_error(path: &Path, index: usize, msg: impl ToString) -> Error {
    Error::Osm {
        path: path.to_path_buf(),
        record: format!("blob {index}"),
        msg: msg.to_string(),
    }
}

/// A candidate building way before its coordinates are known.
struct BuildingWay {
    id: i64,
    refs: Vec<i64>,
    kind: PlaceKind,
    levels: Option<u8>,
}

#[derive(Default)]
struct BlobPlaces {
    nodes: Vec<(i64, LatLon)>,
    addr_nodes: Vec<(i64, LatLon)>,
    buildings: Vec<BuildingWay>,
}

impl BlobPlaces {
    /// A node of the blob; `address` when it is an address point (see [`is_address_node`]).
    fn node(&mut self, id: i64, lat: f64, lon: f64, address: bool) {
        let p = LatLon { lat, lon };
        self.nodes.push((id, p));
        if address {
            self.addr_nodes.push((id, p));
        }
    }
}

const POI_KEYS: [&str; 7] = [
    "shop",
    "amenity",
    "office",
    "tourism",
    "craft",
    "leisure",
    "healthcare",
];

/// The place kind of a building way with these tags, if it is a home.
fn building_kind<'a>(
    tags: impl Iterator<Item = (&'a str, &'a str)>,
) -> Option<(PlaceKind, Option<u8>)> {
    let mut building = None;
    let mut has_addr = false;
    let mut levels = None;
    for (k, v) in tags {
        match k {
            "building" => building = Some(v),
            "addr:housenumber" => has_addr = true,
            "building:levels" => levels = parse_levels(v),
            _ => {}
        }
    }
    let kind = match building? {
        "apartments" => PlaceKind::Apartments,
        "residential" | "dormitory" => PlaceKind::Residential,
        "house" | "detached" | "semidetached_house" | "terrace" | "bungalow" | "farm" => {
            PlaceKind::House
        }
        "yes" if has_addr => PlaceKind::Address,
        "yes" => PlaceKind::Building,
        _ => return None,
    };
    Some((kind, levels))
}

/// Leading integer of a `building:levels` value (`"4"`, `"4.5"`, `"3;5"`); 0 → `None`.
fn parse_levels(v: &str) -> Option<u8> {
    let digits: String = v.trim().chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<u8>().ok().filter(|&l| l > 0)
}

fn is_address_node<'a>(mut tags: impl Iterator<Item = (&'a str, &'a str)>) -> bool {
    let mut addr = false;
    let mut poi = false;
    tags.by_ref().for_each(|(k, _)| {
        addr |= k == "addr:housenumber";
        poi |= POI_KEYS.contains(&k);
    });
    addr && !poi
}

fn decode_blob(path: &Path, index: usize, blob: &osmpbf::Blob) -> Result<BlobPlaces> {
    let decoded = blob
        .decode()
        .map_err(|e| osm_error(path, index, format!("cannot decode: {e}")))?;
    let mut out = BlobPlaces::default();
    match decoded {
        BlobDecode::OsmHeader(_) => {}
        BlobDecode::OsmData(block) => {
            block.for_each_element(|element| match element {
                Element::DenseNode(n) => {
                    out.node(n.id(), n.lat(), n.lon(), is_address_node(n.tags()));
                }
                Element::Node(n) => {
                    out.node(n.id(), n.lat(), n.lon(), is_address_node(n.tags()));
                }
                Element::Way(w) => {
                    if let Some((kind, levels)) = building_kind(w.tags()) {
                        out.buildings.push(BuildingWay {
                            id: w.id(),
                            refs: w.refs().collect(),
                            kind,
                            levels,
                        });
                    }
                }
                Element::Relation(_) => {}
            });
        }
        BlobDecode::Unknown(kind) => {
            return Err(osm_error(
                path,
                index,
                format!("unknown blob type `{kind}`: not an OSM PBF file"),
            ));
        }
    }
    Ok(out)
}

/// Metres per degree of latitude (mean Earth radius 6,371,008.8 m).
const M_PER_DEG: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;

fn assemble(
    nodes: &[(i64, LatLon)],
    addr_nodes: Vec<(i64, LatLon)>,
    buildings: Vec<BuildingWay>,
) -> Vec<Place> {
    let coord = |id: i64| {
        nodes
            .binary_search_by_key(&id, |n| n.0)
            .ok()
            .and_then(|i| nodes.get(i))
            .map(|n| n.1)
    };
    let mut places = Vec::with_capacity(addr_nodes.len() + buildings.len());
    let mut outlines = Vec::new();
    for b in buildings {
        let mut refs = b.refs;
        if refs.len() > 1 && refs.first() == refs.last() {
            refs.pop();
        }
        let ring: Vec<LatLon> = refs.iter().filter_map(|&r| coord(r)).collect();
        if ring.is_empty() {
            continue;
        }
        if b.kind == PlaceKind::Building
            && !(MIN_BUILDING_M2..=MAX_BUILDING_M2).contains(&area_m2(&ring))
        {
            continue;
        }
        let n = ring.len() as f64;
        let location = LatLon {
            lat: ring.iter().map(|p| p.lat).sum::<f64>() / n,
            lon: ring.iter().map(|p| p.lon).sum::<f64>() / n,
        };
        if ring.len() >= 3 {
            outlines.push(ring);
        }
        places.push(Place {
            osm: OsmRef::Way(b.id),
            location,
            kind: b.kind,
            levels: b.levels,
        });
    }
    // Address nodes inside a building outline are that building's address.
    let tree = RTree::bulk_load(
        outlines
            .iter()
            .enumerate()
            .map(|(i, ring)| {
                let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
                for p in ring {
                    lo = [lo[0].min(p.lon), lo[1].min(p.lat)];
                    hi = [hi[0].max(p.lon), hi[1].max(p.lat)];
                }
                GeomWithData::new(Rectangle::from_corners(lo, hi), i)
            })
            .collect(),
    );
    for (id, p) in addr_nodes {
        let inside = tree
            .locate_all_at_point([p.lon, p.lat])
            .any(|g| outlines.get(g.data).is_some_and(|ring| in_ring(ring, p)));
        if !inside {
            places.push(Place {
                osm: OsmRef::Node(id),
                location: p,
                kind: PlaceKind::Address,
                levels: None,
            });
        }
    }
    places.sort_by_key(|p| p.osm);
    dedup_close(places)
}

/// Area of a ring in square metres (shoelace formula on a local projection).
fn area_m2(ring: &[LatLon]) -> f64 {
    let Some(first) = ring.first() else {
        return 0.0;
    };
    let cos = first.lat.to_radians().cos();
    let xy = |p: &LatLon| {
        (
            (p.lon - first.lon) * M_PER_DEG * cos,
            (p.lat - first.lat) * M_PER_DEG,
        )
    };
    let mut twice = 0.0;
    for (a, b) in ring.iter().zip(ring.iter().cycle().skip(1)) {
        let (pa, pb) = (xy(a), xy(b));
        twice += pa.0 * pb.1 - pb.0 * pa.1;
    }
    (twice / 2.0).abs()
}

/// Even-odd rule point-in-polygon test (ring without the closing node).
fn in_ring(ring: &[LatLon], p: LatLon) -> bool {
    let mut inside = false;
    let mut prev = match ring.last() {
        Some(&q) => q,
        None => return false,
    };
    for &q in ring {
        if (q.lat > p.lat) != (prev.lat > p.lat) {
            let x = prev.lon + (p.lat - prev.lat) / (q.lat - prev.lat) * (q.lon - prev.lon);
            if p.lon < x {
                inside = !inside;
            }
        }
        prev = q;
    }
    inside
}

/// Keeps the first of every group of places closer than [`DEDUP_METRES`] (input order).
fn dedup_close(places: Vec<Place>) -> Vec<Place> {
    let Some(first) = places.first() else {
        return places;
    };
    let cos = first.location.lat.to_radians().cos().max(0.01);
    let xy = |p: LatLon| (p.lon * M_PER_DEG * cos, p.lat * M_PER_DEG);
    let cell = |v: f64| (v / DEDUP_METRES).floor() as i64;
    let mut grid: HashMap<(i64, i64), Vec<(f64, f64)>> = HashMap::new();
    let mut kept = Vec::with_capacity(places.len());
    for p in places {
        let (x, y) = xy(p.location);
        let (cx, cy) = (cell(x), cell(y));
        let close = (cx - 1..=cx + 1).any(|i| {
            (cy - 1..=cy + 1).any(|j| {
                grid.get(&(i, j)).is_some_and(|pts| {
                    pts.iter()
                        .any(|&(qx, qy)| (qx - x).hypot(qy - y) < DEDUP_METRES)
                })
            })
        });
        if !close {
            grid.entry((cx, cy)).or_default().push((x, y));
            kept.push(p);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_leading_integer() {
        assert_eq!(parse_levels("4"), Some(4));
        assert_eq!(parse_levels(" 4.5"), Some(4));
        assert_eq!(parse_levels("3;5"), Some(3));
        assert_eq!(parse_levels("0"), None);
        assert_eq!(parse_levels("many"), None);
    }

    #[test]
    fn building_kinds() {
        let k = |tags: &[(&'static str, &'static str)]| building_kind(tags.iter().copied());
        assert_eq!(
            k(&[("building", "apartments"), ("building:levels", "6")]),
            Some((PlaceKind::Apartments, Some(6)))
        );
        assert_eq!(k(&[("building", "yes")]), Some((PlaceKind::Building, None)));
        assert_eq!(k(&[("building", "garage")]), None);
        assert_eq!(
            k(&[("building", "yes"), ("addr:housenumber", "3")]),
            Some((PlaceKind::Address, None))
        );
        assert_eq!(
            k(&[("building", "office"), ("addr:housenumber", "3")]),
            None
        );
        assert_eq!(
            k(&[("building", "detached")]),
            Some((PlaceKind::House, None))
        );
    }

    #[test]
    fn ring_test_and_dedup() {
        let sq = [
            LatLon { lat: 0.0, lon: 0.0 },
            LatLon { lat: 0.0, lon: 1.0 },
            LatLon { lat: 1.0, lon: 1.0 },
            LatLon { lat: 1.0, lon: 0.0 },
        ];
        assert!(in_ring(&sq, LatLon { lat: 0.5, lon: 0.5 }));
        assert!(!in_ring(&sq, LatLon { lat: 1.5, lon: 0.5 }));
        // 0.001° × 0.001° at the equator: about 111 m × 111 m.
        let small = sq.map(|p| LatLon {
            lat: p.lat / 1000.0,
            lon: p.lon / 1000.0,
        });
        assert!(
            (area_m2(&small) - 12_364.0).abs() < 50.0,
            "{}",
            area_m2(&small)
        );
        let at = |id, lat| Place {
            osm: OsmRef::Node(id),
            location: LatLon { lat, lon: 10.0 },
            kind: PlaceKind::Address,
            levels: None,
        };
        // 1e-5 degrees of latitude is about 1.1 m; 1e-4 about 11 m.
        let kept = dedup_close(vec![at(1, 60.0), at(2, 60.00001), at(3, 60.0001)]);
        let ids: Vec<OsmRef> = kept.iter().map(|p| p.osm).collect();
        assert_eq!(ids, [OsmRef::Node(1), OsmRef::Node(3)]);
    }
}
