//! Which hard rule makes an instance infeasible.
//!
//! In the Curtois model every hard rule concerns one person (cover is soft), so the instance
//! has a roster iff every person has one on their own. [`check_feasible`] solves one small
//! feasibility MIP per person; for a person without a roster it switches each rule off in turn
//! and reports the rules whose removal makes a roster possible ("these rules bind"), or, when
//! no single rule does, that the combination binds.

use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::model::roster::RosterInstance;

use super::Grid;
use super::mip::{self, Rule, SolveLimits, Spec};

/// Why one person has no roster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocked {
    /// Staff id.
    pub staff: String,
    /// Rules each of which, switched off alone, makes a roster possible.
    pub binding: Vec<Rule>,
}

impl Blocked {
    /// One sentence for people.
    pub fn explain(&self) -> String {
        let names: Vec<&str> = self.binding.iter().map(|r| r.name()).collect();
        match names.as_slice() {
            [] => format!(
                "staff {:?}: no roster meets all hard rules together, and dropping any single rule does not help",
                self.staff
            ),
            [one] => format!(
                "staff {:?}: no roster meets the hard rules; the rule that binds is {one} (without it a roster exists)",
                self.staff
            ),
            many => format!(
                "staff {:?}: no roster meets the hard rules; dropping any one of {} would make a roster possible",
                self.staff,
                many.join(", ")
            ),
        }
    }
}

fn person_feasible(
    inst: &RosterInstance,
    e: usize,
    rules: &[Rule],
    empty: &Grid,
    seed: u32,
    deadline: Option<Instant>,
) -> Result<Option<Vec<Option<usize>>>> {
    let mut free = vec![vec![false; inst.horizon]; inst.staff.len()];
    free[e] = vec![true; inst.horizon];
    let spec = Spec {
        free: &free,
        base: empty,
        rules,
        objective: false,
        warm_start: false,
        relax: false,
        prices: None,
    };
    let out = mip::solve(
        inst,
        &spec,
        SolveLimits {
            seed,
            // (At most a minute, and never past the run's deadline.)
            time: deadline.map_or(Duration::from_secs(60), |d| {
                d.saturating_duration_since(Instant::now())
                    .min(Duration::from_secs(60))
            }),
            nodes: None,
            abs_gap: mip::INTEGRAL_GAP,
        },
    )?;
    if let Some(mut g) = out.grid {
        return Ok(Some(std::mem::take(&mut g[e])));
    }
    if out.infeasible {
        return Ok(None);
    }
    if deadline.is_some_and(|d| Instant::now() >= d) {
        return Err(Error::NoSolution {
            what: format!("roster {}", inst.name),
            msg: format!(
                "the check that staff {:?} has a roster of their own did not end in time; give more time",
                inst.staff[e].id
            ),
        });
    }
    Err(Error::Internal(format!(
        "feasibility MIP for staff {:?} ended without a verdict",
        inst.staff[e].id
    )))
}

/// Every person without a roster of their own, with the rules that bind (empty: feasible).
///
/// # Errors
/// Only HiGHS failures ([`Error::Internal`]).
pub fn blocked_staff(inst: &RosterInstance, seed: u32) -> Result<Vec<Blocked>> {
    Ok(rows_or_blocked(inst, seed, None)?.1)
}

/// A roster of its own for every person who has one (`None` rows for the others), and the
/// blocked people with their binding rules.
fn rows_or_blocked(
    inst: &RosterInstance,
    seed: u32,
    deadline: Option<Instant>,
) -> Result<(Grid, Vec<Blocked>)> {
    let empty: Grid = vec![vec![None; inst.horizon]; inst.staff.len()];
    let mut grid = empty.clone();
    let mut out = Vec::new();
    for (e, slot) in grid.iter_mut().enumerate() {
        if let Some(row) = person_feasible(inst, e, &Rule::ALL, &empty, seed, deadline)? {
            *slot = row;
            continue;
        }
        let mut binding = Vec::new();
        for r in Rule::ALL {
            let rest: Vec<Rule> = Rule::ALL.into_iter().filter(|&x| x != r).collect();
            if person_feasible(inst, e, &rest, &empty, seed, deadline)?.is_some() {
                binding.push(r);
            }
        }
        out.push(Blocked {
            staff: inst.staff[e].id.clone(),
            binding,
        });
    }
    Ok((grid, out))
}

/// A feasible roster (each person's own roster, put together: every hard rule concerns one
/// person) when every person has one; otherwise [`Error::Infeasible`] naming each blocked
/// person and the rules that bind.
///
/// # Errors
/// [`Error::Infeasible`], or [`Error::Internal`] on HiGHS failures.
pub fn check_feasible(inst: &RosterInstance, seed: u32) -> Result<Grid> {
    check_feasible_by(inst, seed, None)
}

/// As [`check_feasible`], each person's MIP cut at `deadline`.
///
/// # Errors
/// As [`check_feasible`]; [`Error::NoSolution`] when the deadline comes before a verdict.
pub fn check_feasible_by(
    inst: &RosterInstance,
    seed: u32,
    deadline: Option<Instant>,
) -> Result<Grid> {
    let (grid, blocked) = rows_or_blocked(inst, seed, deadline)?;
    if blocked.is_empty() {
        return Ok(grid);
    }
    let lines: Vec<String> = blocked.iter().map(Blocked::explain).collect();
    Err(Error::Infeasible {
        what: format!("roster {}", inst.name),
        explanation: lines.join("; "),
    })
}
