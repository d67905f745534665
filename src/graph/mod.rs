//! The road graph.
pub mod ch;
