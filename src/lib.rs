//! tillit — routing and staffing optimisation for Norwegian municipal home care.
#![warn(missing_docs)]

pub mod error;
pub mod graph;
pub mod io;
pub mod matrix;
pub mod osm;
pub mod units;

pub use error::{Error, Result};
