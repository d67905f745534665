//! File formats: serde DTOs and readers/writers around the model. Algorithms never import `io`.
pub mod atomic;
pub mod matrix_json;
pub mod points_csv;
