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
pub mod atomic;
pub mod instance_json;
pub mod matrix_json;
pub mod plan_json;
pub mod points_csv;
pub mod solomon;
pub mod vrplib;
