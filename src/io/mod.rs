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
pub mod vrplib;

use std::path::Path;

use crate::error::Error;

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
