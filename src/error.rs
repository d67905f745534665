//! Errors: one enum for the library, structured so that every input problem names the file,
//! the record (line, blob, way) and the field. Only `bin/cli.rs` turns them into exit codes.

use std::path::PathBuf;

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in tillit.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be opened, read or written.
    #[error("{path}: {source}")]
    Io {
        /// File concerned.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An OpenStreetMap PBF file is truncated, corrupt or otherwise unreadable.
    #[error("{path}: {record}: {msg}")]
    Osm {
        /// PBF file.
        path: PathBuf,
        /// Where in the file, e.g. "blob 12 (byte offset 40213)".
        record: String,
        /// What is wrong.
        msg: String,
    },
    /// A record of a tabular or JSON input file is invalid.
    #[error("{path}: {record}, field `{field}`: {msg}")]
    Input {
        /// Input file.
        path: PathBuf,
        /// Which record, e.g. "line 7" or "id \"c12\"".
        record: String,
        /// Which field (column) of that record.
        field: String,
        /// What is wrong.
        msg: String,
    },
    /// An instance read from `path` breaks a model rule (names the visit/carer and field).
    #[error("{path}: {source}")]
    Model {
        /// Instance file.
        path: PathBuf,
        /// What is wrong.
        #[source]
        source: crate::model::ModelError,
    },
    /// The road network has no usable edge for the chosen profile.
    #[error("{path}: no road usable by profile `{profile}` in this extract")]
    EmptyGraph {
        /// PBF file.
        path: PathBuf,
        /// Travel profile name.
        profile: String,
    },
    /// `tillit check` found a plan that breaks rules of its instance (the report lists them).
    #[error("the plan breaks {0} rule(s) of the instance (see the report)")]
    PlanInfeasible(usize),
    /// A plan given as a starting point does not fit its instance (unknown or repeated id, or
    /// a route that breaks a rule).
    #[error("start plan: {0}")]
    StartPlan(String),
    /// No solution meets the hard rules of the input; `explanation` names the rule(s) that bind.
    #[error("{what} is infeasible: {explanation}")]
    Infeasible {
        /// What could not be solved, e.g. "roster Instance1".
        what: String,
        /// Which rules bind, for whom.
        explanation: String,
    },
    /// The solver found no solution within its limits (not proven infeasible): give more time.
    #[error("{what}: no solution found within the limits ({msg})")]
    NoSolution {
        /// What was being solved.
        what: String,
        /// The limits, and what to do.
        msg: String,
    },
    /// `tillit roster-check` found a roster that breaks hard rules (the report lists them).
    #[error("the roster breaks {0} hard rule(s) of the instance (see the report)")]
    RosterInfeasible(usize),
    /// `tillit assign-check` found an assignment that breaks hard rules (the report lists them).
    #[error("the assignment breaks {0} hard rule(s) of the instance (see the report)")]
    AssignmentInfeasible(usize),
    /// A bug: an invariant did not hold. Not the user's fault.
    #[error("internal error: {0}")]
    Internal(String),
    /// A parameter is out of its valid range.
    #[error("parameter `{name}`: {msg}")]
    Param {
        /// Parameter name as the user spells it.
        name: String,
        /// What is wrong.
        msg: String,
    },
    /// Not one point of a points file lies near a usable road: a matrix of such points would
    /// hold no route at all. `hint` names the likely cause.
    #[error(
        "{path}: none of the {points} point(s) lies within {radius_m} m of a road usable by profile `{profile}` in {osm}; {hint}"
    )]
    NoPointSnapped {
        /// Points file.
        path: PathBuf,
        /// Number of points in the file.
        points: usize,
        /// The snap radius, metres.
        radius_m: f64,
        /// Travel profile name.
        profile: String,
        /// OSM extract the graph was built from.
        osm: PathBuf,
        /// The likely cause (wrong extract, lat/lon swapped, snap radius too small).
        hint: String,
    },
}

impl Error {
    /// True for errors caused by the user's input (files, parameters), as opposed to internal
    /// failures. The CLI maps input errors to exit code 2.
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            Error::Osm { .. }
                | Error::Input { .. }
                | Error::Model { .. }
                | Error::EmptyGraph { .. }
                | Error::Param { .. }
                | Error::StartPlan(_)
                | Error::Io { .. }
                | Error::Infeasible { .. }
                | Error::NoPointSnapped { .. }
        )
    }

    /// Shorthand for an [`Error::Io`].
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
