//! Python bindings for tillit (module `tillit._core`). The full API arrives with the product
//! issue; for now the module reports its version and builds against the core crate.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use pyo3::prelude::*;

/// The version of the tillit core the module was built from.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// The private extension module; `tillit/__init__.py` re-exports its public names.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(version, m)?)?;
    Ok(())
}
