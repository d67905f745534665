//! The independent team-assignment checker: [`check_assignment`] recomputes every hard rule
//! and every objective term of an [`AssignPlan`] from scratch against an [`AssignInstance`].
//!
//! It depends on [`crate::model::assign`] only and must never import from `crate::assign` (the
//! MIP): it is the referee and shares no code with the player. It works on the assignment *as
//! written* — client id → team id — so unknown ids and missing clients are reported rather than
//! assumed away.
//!
//! The computation differs from the MIP's on purpose: the MIP adds, per client, the hours of
//! every level and above to each level's row; here each team first sums its clients' hours
//! level by level and then takes the running sums from the top level down.

use std::collections::BTreeMap;
use std::fmt;

use crate::model::assign::AssignInstance;

/// An assignment as written in an assignment file: client id → team id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AssignPlan {
    /// Client id → team id.
    pub assignment: BTreeMap<String, String>,
}

impl AssignPlan {
    /// The assignment file of a team index per client (in instance order).
    pub fn of(inst: &AssignInstance, team_of: &[usize]) -> Self {
        AssignPlan {
            assignment: inst
                .clients
                .iter()
                .zip(team_of)
                .filter_map(|(c, &t)| Some((c.id.clone(), inst.teams.get(t)?.id.clone())))
                .collect(),
        }
    }
}

/// The documented weights and tolerance the objective and the capacity rule are judged by
/// (the same numbers as the solver's parameters, given separately so that this module does
/// not depend on the solver).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AssignRules {
    /// Cost per travel minute × weekly care hour.
    pub travel_weight: f64,
    /// Cost per client moved away from its current team.
    pub move_weight: f64,
    /// Cost per hour of weekly load away from the team's fair share.
    pub balance_weight: f64,
    /// A team's load may exceed its capacity by this share.
    pub capacity_tolerance: f64,
}

/// Which hard rule an assignment breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum AssignViolationKind {
    /// The assignment names a client the instance does not have.
    UnknownClient,
    /// A client of the instance has no team.
    ClientMissing,
    /// A client is given a team the instance does not have.
    UnknownTeam,
    /// A team's hours of some competence level and above exceed its capacity of that level
    /// and above, tolerance included.
    Capacity,
    /// A team has more clients than its `max_clients`.
    MaxClients,
}

impl fmt::Display for AssignViolationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::UnknownClient => "unknown_client",
            Self::ClientMissing => "client_missing",
            Self::UnknownTeam => "unknown_team",
            Self::Capacity => "capacity",
            Self::MaxClients => "max_clients",
        })
    }
}

/// One broken rule.
#[derive(Clone, Debug, PartialEq)]
pub struct AssignViolation {
    /// The rule.
    pub kind: AssignViolationKind,
    /// The client concerned, if the rule is about one client.
    pub client: Option<String>,
    /// The team concerned, if the rule is about one team.
    pub team: Option<String>,
    /// The numbers behind it, in words.
    pub detail: String,
}

impl fmt::Display for AssignViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        if let Some(c) = &self.client {
            write!(f, " client {c:?}")?;
        }
        if let Some(t) = &self.team {
            write!(f, " team {t:?}")?;
        }
        write!(f, ": {}", self.detail)
    }
}

/// The objective terms of an assignment, each recomputed from its definition.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AssignEvaluation {
    /// `travel_weight × Σ travel(client, team) × client hours`.
    pub travel: f64,
    /// Clients assigned away from their current team.
    pub moves: usize,
    /// `move_weight × moves`.
    pub move_cost: f64,
    /// `balance_weight × Σ_t |load(t) − share × capacity(t)|`.
    pub balance: f64,
    /// The sum of the three costs.
    pub objective: f64,
    /// Weekly hours (all levels) per team, in instance order.
    pub loads: Vec<f64>,
    /// Clients per team, in instance order.
    pub clients: Vec<usize>,
}

/// What [`check_assignment`] found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AssignReport {
    /// Every broken rule (empty: the assignment is feasible).
    pub violations: Vec<AssignViolation>,
    /// The objective of the clients that have a known team.
    pub evaluation: AssignEvaluation,
}

impl AssignReport {
    /// True when no rule is broken.
    pub fn is_feasible(&self) -> bool {
        self.violations.is_empty()
    }
}

/// Judges `plan` against `inst` under `rules`.
pub fn check_assignment(
    inst: &AssignInstance,
    rules: &AssignRules,
    plan: &AssignPlan,
) -> AssignReport {
    let nt = inst.teams.len();
    let nl = inst.levels.len();
    let team_index: BTreeMap<&str, usize> = inst
        .teams
        .iter()
        .enumerate()
        .map(|(t, team)| (team.id.as_str(), t))
        .collect();
    let client_index: BTreeMap<&str, usize> = inst
        .clients
        .iter()
        .enumerate()
        .map(|(c, client)| (client.id.as_str(), c))
        .collect();
    let mut violations = Vec::new();
    for id in plan.assignment.keys() {
        if !client_index.contains_key(id.as_str()) {
            violations.push(AssignViolation {
                kind: AssignViolationKind::UnknownClient,
                client: Some(id.clone()),
                team: None,
                detail: "not a client of the instance".into(),
            });
        }
    }

    let mut ev = AssignEvaluation {
        loads: vec![0.0; nt],
        clients: vec![0; nt],
        ..AssignEvaluation::default()
    };
    // Hours per team and level (not cumulative).
    let mut by_level = vec![vec![0.0f64; nl]; nt];
    for (c, client) in inst.clients.iter().enumerate() {
        let Some(team_id) = plan.assignment.get(&client.id) else {
            violations.push(AssignViolation {
                kind: AssignViolationKind::ClientMissing,
                client: Some(client.id.clone()),
                team: None,
                detail: "the client has no team".into(),
            });
            continue;
        };
        let Some(&t) = team_index.get(team_id.as_str()) else {
            violations.push(AssignViolation {
                kind: AssignViolationKind::UnknownTeam,
                client: Some(client.id.clone()),
                team: Some(team_id.clone()),
                detail: "not a team of the instance".into(),
            });
            continue;
        };
        let mut hours = 0.0;
        for (slot, &h) in by_level[t].iter_mut().zip(&client.hours) {
            *slot += h;
            hours += h;
        }
        ev.loads[t] += hours;
        ev.clients[t] += 1;
        let minutes = inst
            .travel
            .get(c)
            .and_then(|row| row.get(t))
            .copied()
            .unwrap_or(f64::NAN);
        ev.travel += rules.travel_weight * minutes * hours;
        if client.current.is_some_and(|cur| cur != t) {
            ev.moves += 1;
        }
    }
    ev.move_cost = rules.move_weight * ev.moves as f64;

    let demand: f64 = inst.clients.iter().flat_map(|c| c.hours.iter()).sum();
    let supply: f64 = inst.teams.iter().flat_map(|t| t.capacity.iter()).sum();
    let share = if supply > 0.0 { demand / supply } else { 0.0 };
    for (t, team) in inst.teams.iter().enumerate() {
        // Running sums from the highest level down: hours of level ≥ k against capacity ≥ k.
        let (mut need, mut cap) = (0.0f64, 0.0f64);
        for k in (0..nl).rev() {
            need += by_level[t][k];
            cap += team.capacity.get(k).copied().unwrap_or(0.0);
            let allowed = cap * (1.0 + rules.capacity_tolerance);
            if need > allowed + 1e-6 {
                violations.push(AssignViolation {
                    kind: AssignViolationKind::Capacity,
                    client: None,
                    team: Some(team.id.clone()),
                    detail: format!(
                        "{need:.2} h/week of level {:?} and above, capacity {cap:.2} h/week × {:.2} = {allowed:.2}",
                        inst.levels[k],
                        1.0 + rules.capacity_tolerance
                    ),
                });
            }
        }
        if let Some(max) = team.max_clients
            && ev.clients[t] > max
        {
            violations.push(AssignViolation {
                kind: AssignViolationKind::MaxClients,
                client: None,
                team: Some(team.id.clone()),
                detail: format!("{} clients, at most {max}", ev.clients[t]),
            });
        }
        let fair = share * team.capacity.iter().sum::<f64>();
        ev.balance += rules.balance_weight * (ev.loads[t] - fair).abs();
    }
    ev.objective = ev.travel + ev.move_cost + ev.balance;
    AssignReport {
        violations,
        evaluation: ev,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::assign::{AssignClient, AssignTeam};

    fn inst() -> AssignInstance {
        let client = |id: &str, basic: f64, nurse: f64, current: Option<usize>| AssignClient {
            id: id.into(),
            hours: vec![basic, nurse],
            current,
        };
        let team = |id: &str, basic: f64, nurse: f64, max: Option<usize>| AssignTeam {
            id: id.into(),
            capacity: vec![basic, nurse],
            max_clients: max,
        };
        AssignInstance {
            levels: vec!["basic".into(), "nurse".into()],
            clients: vec![
                client("a", 4.0, 0.0, Some(0)),
                client("b", 2.0, 3.0, Some(0)),
                client("c", 5.0, 0.0, None),
            ],
            teams: vec![team("T", 8.0, 2.0, Some(2)), team("U", 10.0, 4.0, None)],
            travel: vec![vec![10.0, 20.0], vec![5.0, 15.0], vec![30.0, 1.0]],
        }
    }

    fn rules() -> AssignRules {
        AssignRules {
            travel_weight: 1.0,
            move_weight: 60.0,
            balance_weight: 5.0,
            capacity_tolerance: 0.0,
        }
    }

    fn plan(pairs: &[(&str, &str)]) -> AssignPlan {
        AssignPlan {
            assignment: pairs
                .iter()
                .map(|&(c, t)| (c.to_string(), t.to_string()))
                .collect(),
        }
    }

    #[test]
    fn terms_by_hand() {
        // a → T, b → U (a move), c → U. Demand 14 h, capacity 24 h: share 7/12.
        let r = check_assignment(
            &inst(),
            &rules(),
            &plan(&[("a", "T"), ("b", "U"), ("c", "U")]),
        );
        assert!(r.is_feasible(), "{:?}", r.violations);
        let ev = &r.evaluation;
        assert_eq!(ev.loads, vec![4.0, 10.0]);
        assert_eq!(ev.clients, vec![1, 2]);
        assert_eq!(ev.moves, 1);
        // travel: 10·4 + 15·5 + 1·5 = 120
        assert!((ev.travel - 120.0).abs() < 1e-9);
        assert!((ev.move_cost - 60.0).abs() < 1e-9);
        // fair: 7/12·10 = 5.8333, 7/12·14 = 8.1667; |4 − 5.8333| + |10 − 8.1667| = 3.6667
        assert!(
            (ev.balance - 5.0 * 11.0 / 3.0).abs() < 1e-9,
            "{}",
            ev.balance
        );
        assert!((ev.objective - (120.0 + 60.0 + 55.0 / 3.0)).abs() < 1e-9);
    }

    #[test]
    fn nurse_hours_need_nurse_capacity() {
        // b's 3 nurse hours in T (2 nurse hours of capacity): level "nurse" breaks, and with c
        // the basic-and-above hours 2 + 3 + 5 = 10 fit 8 + 2 = 10 exactly.
        let r = check_assignment(
            &inst(),
            &rules(),
            &plan(&[("a", "U"), ("b", "T"), ("c", "T")]),
        );
        let kinds: Vec<_> = r.violations.iter().map(|v| v.kind).collect();
        assert_eq!(
            kinds,
            vec![AssignViolationKind::Capacity],
            "{:?}",
            r.violations
        );
        assert!(r.violations[0].detail.contains("\"nurse\""));
        // With 50 % tolerance it fits.
        let loose = AssignRules {
            capacity_tolerance: 0.5,
            ..rules()
        };
        let r = check_assignment(
            &inst(),
            &loose,
            &plan(&[("a", "U"), ("b", "T"), ("c", "T")]),
        );
        assert!(r.is_feasible(), "{:?}", r.violations);
    }

    #[test]
    fn ids_and_max_clients_are_checked() {
        let r = check_assignment(
            &inst(),
            &AssignRules {
                capacity_tolerance: 10.0,
                ..rules()
            },
            &plan(&[("a", "T"), ("b", "T"), ("c", "T"), ("x", "U")]),
        );
        let kinds: Vec<_> = r.violations.iter().map(|v| v.kind).collect();
        assert_eq!(
            kinds,
            vec![
                AssignViolationKind::UnknownClient,
                AssignViolationKind::MaxClients
            ]
        );
        let r = check_assignment(&inst(), &rules(), &plan(&[("a", "T"), ("b", "V")]));
        let kinds: Vec<_> = r.violations.iter().map(|v| v.kind).collect();
        assert_eq!(
            kinds,
            vec![
                AssignViolationKind::UnknownTeam,
                AssignViolationKind::ClientMissing
            ]
        );
        assert!(r.violations[1].to_string().contains("client \"c\""));
    }
}
