//! The team-assignment problem (*tillitsmodellen*: each self-governing team serves its own
//! clients): [`AssignInstance`] = clients with weekly care hours per competence level, teams
//! with a base and a capacity per level, and the travel time from each client to each base.
//!
//! Competence levels are ordered from lowest to highest; a carer of a higher level may do the
//! care of a lower level, so capacity is checked cumulatively from the top: for every level
//! `k`, the hours of levels `≥ k` a team takes on must fit the team's capacity of levels `≥ k`.

/// One client.
#[derive(Clone, Debug, PartialEq)]
pub struct AssignClient {
    /// External id.
    pub id: String,
    /// Weekly care hours per competence level (indexed like [`AssignInstance::levels`]).
    pub hours: Vec<f64>,
    /// Index of the team serving the client today, if any.
    pub current: Option<usize>,
}

/// One team.
#[derive(Clone, Debug, PartialEq)]
pub struct AssignTeam {
    /// External id.
    pub id: String,
    /// Weekly capacity in hours per competence level.
    pub capacity: Vec<f64>,
    /// Maximum number of clients (`None`: no limit).
    pub max_clients: Option<usize>,
}

/// A team-assignment instance.
#[derive(Clone, Debug, PartialEq)]
pub struct AssignInstance {
    /// Competence level names, lowest first.
    pub levels: Vec<String>,
    /// Clients.
    pub clients: Vec<AssignClient>,
    /// Teams.
    pub teams: Vec<AssignTeam>,
    /// `travel[c][t]`: travel minutes between client `c` and the base of team `t`.
    pub travel: Vec<Vec<f64>>,
}
