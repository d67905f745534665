//! tillit — routing and staffing optimisation for Norwegian municipal home care
//! (*hjemmetjeneste*).
//!
//! This crate is the Rust core; the `tillit` binary (`src/bin/cli.rs`) and the Python package
//! (`python/`) sit on top of it:
//!
//! - [`osm`]: read an OpenStreetMap PBF extract ([`osm::read_pbf`]) and decide per travel
//!   [`osm::Profile`] which ways are usable, in which direction, at what speed;
//! - [`graph`]: the directed road graph restricted to its largest strongly connected component
//!   ([`graph::RoadGraph`]) and its contraction hierarchy ([`graph::ch`]);
//! - [`matrix`]: snap points onto the graph and compute many-to-many travel durations and
//!   distances ([`matrix::Router`]);
//! - [`model`]: the routing [`model::Instance`] (visits, carers, travel matrices), validated once;
//! - [`plan`]: plans and the independent checker [`plan::check()`], which shares no code with any
//!   solver;
//! - [`assign`]: team assignment of clients (MIP with HiGHS); [`plan::assign_check`] is its
//!   independent checker;
//! - [`roster`]: shift rostering (Curtois & Qu benchmark model) with HiGHS MIPs and
//!   large-neighbourhood search; [`plan::roster_check`] is its independent evaluator;
//! - [`scenario`]: a home-care service's client book, staff and teams (CSV directory or JSON),
//!   and the synthetic generator ([`scenario::generate`]);
//! - [`pipeline`]: scenario + road graphs → team assignment → rotas → daily routes → key
//!   figures ([`pipeline::plan`]), for the trust and the purchaser-provider model;
//! - [`report`]: `routes.geojson` and the self-contained `report.html`;
//! - [`io`]: the file formats (points CSV, matrix JSON, VRPLIB / Solomon / JSON instances, plan
//!   JSON, atomic writes);
//! - [`limits`]: time limits and deadlines that cannot overflow, and their edge check;
//! - [`units`]: integer costs (milliseconds, centimetres) and their packed form [`units::Cost`];
//! - [`error`]: one error type whose messages name the file, record and field.
//!
//! # Example
//!
//! Travel times by car between two places in the embedded Helsinki extract:
//!
//! ```
//! use std::path::Path;
//! use tillit::graph::RoadGraph;
//! use tillit::matrix::{MatrixParams, Router};
//! use tillit::osm::{LatLon, Profile};
//!
//! let graph = RoadGraph::from_osm(Path::new("data/helsinki_centre.osm.pbf"), Profile::Car)?;
//! let router = Router::new(graph);
//! let points = [
//!     LatLon { lat: 60.1699, lon: 24.9384 }, // near the railway station
//!     LatLon { lat: 60.1675, lon: 24.9520 }, // near the market square
//! ];
//! let m = router.matrix(&points, &MatrixParams::default());
//! let there = m.get(0, 1).expect("both points snap onto the graph");
//! assert!(there.seconds() > 60.0 && there.metres() > 700.0);
//! assert_eq!(m.get(1, 1).map(|c| c.seconds()), Some(0.0));
//! # Ok::<(), tillit::Error>(())
//! ```
#![warn(missing_docs)]

pub mod assign;
pub mod care;
pub mod error;
pub mod graph;
pub mod io;
pub mod limits;
pub mod matrix;
pub mod model;
pub mod osm;
pub mod pipeline;
pub mod plan;
pub mod report;
pub mod roster;
pub mod route;
pub mod scenario;
pub mod units;

pub use error::{Error, Result};
