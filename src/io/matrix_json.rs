//! The matrix output file:
//! `{"ids":[...],"durations":[[s,...],...],"distances":[[m,...],...],
//!   "snapped":[{"id":..,"snap_m":..,"lat":..,"lon":..}],"unsnapped":[ids]}`.
//! Durations in seconds (millisecond precision), distances in metres (centimetre precision),
//! `null` where no path exists. Rows are origins, columns destinations, both in `ids` order.
//!
//! [`MatrixDto`] holds the whole matrix as values (about 32 bytes per pair); to write a big
//! matrix, [`crate::io::matrix_out::write_json`] streams the same bytes row by row.

use serde::Serialize;

use crate::matrix::TravelMatrix;

/// One snapped point.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SnappedDto {
    /// Point id.
    pub id: String,
    /// Distance from the input position to the road, metres.
    pub snap_m: f64,
    /// Snapped latitude.
    pub lat: f64,
    /// Snapped longitude.
    pub lon: f64,
}

/// The serialised matrix.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MatrixDto {
    /// Point ids in input order.
    pub ids: Vec<String>,
    /// Seconds, `null` if unreachable.
    pub durations: Vec<Vec<Option<f64>>>,
    /// Metres, `null` if unreachable.
    pub distances: Vec<Vec<Option<f64>>>,
    /// Points that snapped onto the road graph.
    pub snapped: Vec<SnappedDto>,
    /// Ids of points farther than the snap radius from any usable road.
    pub unsnapped: Vec<String>,
}

impl MatrixDto {
    /// Builds the DTO from ids (in point order) and the computed matrix.
    pub fn new(ids: &[String], m: &TravelMatrix) -> MatrixDto {
        let n = m.n;
        let cell = |i: usize, j: usize, f: fn(crate::units::Cost) -> f64| m.get(i, j).map(f);
        MatrixDto {
            ids: ids.to_vec(),
            durations: (0..n)
                .map(|i| (0..n).map(|j| cell(i, j, |c| c.seconds())).collect())
                .collect(),
            distances: (0..n)
                .map(|i| (0..n).map(|j| cell(i, j, |c| c.metres())).collect())
                .collect(),
            snapped: crate::io::matrix_out::snapped_dtos(ids, m).collect(),
            unsnapped: ids
                .iter()
                .zip(&m.snaps)
                .filter(|(_, s)| s.is_none())
                .map(|(id, _)| id.clone())
                .collect(),
        }
    }
}
