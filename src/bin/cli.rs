//! The `tillit` command line.
#![allow(clippy::print_stdout)]
fn main() {}
