//! Test-only reference code shared by the integration tests: plain, obviously-correct
//! implementations that share nothing with the code under test.
#![allow(dead_code)]

pub mod cli;
pub mod dijkstra;
pub mod road;
pub mod synthetic;

/// `../shared/data` beside the project (or `$TILLIT_SHARED_DATA`); tests that need it skip with
/// a visible message when it is absent.
pub fn shared_data() -> std::path::PathBuf {
    std::env::var_os("TILLIT_SHARED_DATA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"))
}
