//! Test-only reference code shared by the integration tests: plain, obviously-correct
//! implementations that share nothing with the code under test.
#![allow(dead_code)]

pub mod dijkstra;
pub mod road;
pub mod synthetic;
