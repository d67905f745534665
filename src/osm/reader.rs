//! Reads an OpenStreetMap PBF file: node coordinates and the ways that carry a `highway` tag.
//!
//! Blobs are framed sequentially (cheap: only bytes are copied) and then decompressed and decoded
//! in parallel with rayon, keeping file order so that the result is deterministic. Every failure
//! names the blob and its byte offset.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use osmpbf::{BlobDecode, BlobReader, Element};
use rayon::prelude::*;

use crate::error::{Error, Result};

/// A node position in degrees (WGS84).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatLon {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
}

/// A way that may be part of the road network: its node references and all of its tags.
#[derive(Clone, Debug, PartialEq)]
pub struct OsmWay {
    /// OSM way id.
    pub id: i64,
    /// OSM node ids, in way order.
    pub refs: Vec<i64>,
    /// All tags of the way.
    pub tags: Vec<(Box<str>, Box<str>)>,
}

impl OsmWay {
    /// Tags as borrowed pairs, the shape [`crate::osm::way_access`] takes.
    pub fn tag_refs(&self) -> Vec<(&str, &str)> {
        self.tags.iter().map(|(k, v)| (&**k, &**v)).collect()
    }
}

/// The part of an extract the road graph needs.
#[derive(Clone, Debug, Default)]
pub struct OsmData {
    /// Node ids, sorted ascending, unique.
    pub node_ids: Vec<i64>,
    /// Coordinates, parallel to `node_ids`.
    pub node_coords: Vec<LatLon>,
    /// Ways with a `highway` tag, in file order.
    pub ways: Vec<OsmWay>,
    /// Number of blobs read.
    pub blobs: usize,
}

impl OsmData {
    /// Coordinates of an OSM node, if the extract contains it.
    pub fn coord(&self, id: i64) -> Option<LatLon> {
        self.node_ids
            .binary_search(&id)
            .ok()
            .and_then(|i| self.node_coords.get(i).copied())
    }
}

/// What one decoded blob contributes.
#[derive(Default)]
struct BlobContent {
    nodes: Vec<(i64, LatLon)>,
    ways: Vec<OsmWay>,
}

/// A reader that counts the bytes consumed, so that trailing garbage or a file cut inside a blob
/// header can be detected (the PBF format has no footer).
struct CountingReader<R> {
    inner: R,
    pos: Arc<AtomicU64>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn osm_error(path: &Path, record: String, msg: impl ToString) -> Error {
    Error::Osm {
        path: path.to_path_buf(),
        record,
        msg: msg.to_string(),
    }
}

/// Reads `path` and returns all nodes and all ways tagged `highway`.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read; [`Error::Osm`] naming the blob and byte offset if the
/// file is truncated, corrupt, not a PBF file, or needs an unsupported feature.
pub fn read_pbf(path: &Path) -> Result<OsmData> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    read_pbf_bytes(path, &bytes)
}

/// Like [`read_pbf`], from bytes already in memory; `path` is used in messages only.
pub fn read_pbf_bytes(path: &Path, bytes: &[u8]) -> Result<OsmData> {
    let pos = Arc::new(AtomicU64::new(0));
    let reader = BlobReader::new(CountingReader {
        inner: bytes,
        pos: Arc::clone(&pos),
    });
    let mut blobs = Vec::new();
    let mut end_of_last_blob = 0u64;
    for (index, blob) in reader.enumerate() {
        let blob = blob.map_err(|e| {
            osm_error(
                path,
                format!("blob {index} (byte offset {end_of_last_blob})"),
                format!("cannot read blob: {e}"),
            )
        })?;
        blobs.push((end_of_last_blob, blob));
        end_of_last_blob = pos.load(Ordering::Relaxed);
    }
    let len = bytes.len() as u64;
    if end_of_last_blob != len {
        return Err(osm_error(
            path,
            format!("blob {} (byte offset {end_of_last_blob})", blobs.len()),
            format!(
                "file is truncated or has {} stray bytes after the last complete blob",
                len - end_of_last_blob
            ),
        ));
    }
    if blobs.is_empty() {
        return Err(osm_error(
            path,
            "blob 0 (byte offset 0)".into(),
            "empty file: no OSMHeader blob",
        ));
    }

    let decoded: Vec<Result<BlobContent>> = blobs
        .par_iter()
        .enumerate()
        .map(|(index, (offset, blob))| decode_blob(path, index, *offset, blob))
        .collect();

    let mut content = Vec::with_capacity(decoded.len());
    for d in decoded {
        content.push(d?);
    }
    assemble(content, blobs.len())
}

fn decode_blob(path: &Path, index: usize, offset: u64, blob: &osmpbf::Blob) -> Result<BlobContent> {
    let record = || format!("blob {index} (byte offset {offset})");
    let decoded = blob
        .decode()
        .map_err(|e| osm_error(path, record(), format!("cannot decode: {e}")))?;
    let mut out = BlobContent::default();
    match decoded {
        BlobDecode::OsmHeader(header) => {
            if index != 0 {
                return Err(osm_error(
                    path,
                    record(),
                    "OSMHeader blob after the first blob",
                ));
            }
            for feature in header.required_features() {
                if !matches!(feature.as_str(), "OsmSchema-V0.6" | "DenseNodes") {
                    return Err(osm_error(
                        path,
                        record(),
                        format!("unsupported required feature `{feature}`"),
                    ));
                }
            }
        }
        BlobDecode::OsmData(block) => {
            if index == 0 {
                return Err(osm_error(
                    path,
                    record(),
                    "first blob is not an OSMHeader: not an OSM PBF file",
                ));
            }
            block.for_each_element(|element| match element {
                Element::DenseNode(n) => out.nodes.push((
                    n.id(),
                    LatLon {
                        lat: n.lat(),
                        lon: n.lon(),
                    },
                )),
                Element::Node(n) => out.nodes.push((
                    n.id(),
                    LatLon {
                        lat: n.lat(),
                        lon: n.lon(),
                    },
                )),
                Element::Way(w) => {
                    if w.tags().any(|(k, _)| k == "highway") {
                        out.ways.push(OsmWay {
                            id: w.id(),
                            refs: w.refs().collect(),
                            tags: w.tags().map(|(k, v)| (k.into(), v.into())).collect(),
                        });
                    }
                }
                Element::Relation(_) => {}
            });
        }
        BlobDecode::Unknown(kind) => {
            return Err(osm_error(
                path,
                record(),
                format!("unknown blob type `{kind}`: not an OSM PBF file"),
            ));
        }
    }
    Ok(out)
}

fn assemble(content: Vec<BlobContent>, blobs: usize) -> Result<OsmData> {
    let node_count = content.iter().map(|c| c.nodes.len()).sum();
    let way_count = content.iter().map(|c| c.ways.len()).sum();
    let mut nodes: Vec<(i64, LatLon)> = Vec::with_capacity(node_count);
    let mut ways = Vec::with_capacity(way_count);
    for c in content {
        nodes.extend(c.nodes);
        ways.extend(c.ways);
    }
    if !nodes.is_sorted_by(|a, b| a.0 < b.0) {
        // Files written by osmium/osmosis are sorted; others get sorted here. A node that
        // appears twice keeps its first position (stable sort).
        nodes.sort_by_key(|n| n.0);
        nodes.dedup_by_key(|n| n.0);
    }
    let (node_ids, node_coords) = nodes.into_iter().unzip();
    Ok(OsmData {
        node_ids,
        node_coords,
        ways,
        blobs,
    })
}
