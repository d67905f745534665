//! File formats: serde DTOs and readers/writers around the model. Algorithms never import `io`.
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
pub mod assign_json;
pub mod atomic;
pub mod csv_dialect;
pub mod curtois;
pub mod instance_json;
pub mod italian;
pub mod mankowska;
pub mod matrix_json;
pub mod matrix_out;
pub mod output;
pub mod plan_json;
pub mod points_csv;
pub mod roster_json;
pub mod rota_json;
pub mod solomon;
pub mod text;
pub mod vrplib;

use std::path::Path;

use crate::error::{Error, Result};
use crate::osm::LatLon;

/// An [`Error::Input`] naming file, record (e.g. "line 7") and field.
pub(crate) fn input_error(
    path: &Path,
    record: impl Into<String>,
    field: &str,
    msg: impl ToString,
) -> Error {
    Error::Input {
        path: path.to_path_buf(),
        record: record.into(),
        field: field.to_string(),
        msg: msg.to_string(),
    }
}

/// A position checked to be on the globe: latitude in [-90, 90], longitude in [-180, 180], both
/// finite. `fields` are the names of the latitude and longitude fields as the user's file
/// spells them (e.g. `["lat", "lon"]` or `["base[0]", "base[1]"]`).
///
/// # Errors
/// [`Error::Input`] naming file, record and the field out of range.
pub(crate) fn lat_lon(
    path: &Path,
    record: &str,
    fields: [&str; 2],
    lat: f64,
    lon: f64,
) -> Result<LatLon> {
    let [lat_field, lon_field] = fields;
    for (field, v, limit, what) in [
        (lat_field, lat, 90.0, "latitude"),
        (lon_field, lon, 180.0, "longitude"),
    ] {
        if !(v.is_finite() && v.abs() <= limit) {
            return Err(input_error(
                path,
                record,
                field,
                format!(
                    "{} is not a {what} (out of range [-{limit}, {limit}] degrees)",
                    text::show_number(v)
                ),
            ));
        }
    }
    Ok(LatLon { lat, lon })
}
