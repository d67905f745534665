//! Synthetic team-assignment instances for scale measurements and tests: clients spread over
//! a square municipality, team bases on a grid, two competence levels, current teams from an
//! old, uneven split. Deterministic in the seed (`ChaCha8Rng`).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::assign::{AssignClient, AssignInstance, AssignTeam};

/// `clients` clients and `teams` teams on a 20 km × 20 km square, travel at 30 km/h × 1.3
/// detour. Capacity is 15 % above the total demand, split evenly; every client has a current
/// team (the nearest base of a coarser old grid), so the instance is feasible.
pub fn synthetic(clients: usize, teams: usize, seed: u64) -> AssignInstance {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let side = 20.0;
    let per_row = (teams as f64).sqrt().ceil().max(1.0) as usize;
    let bases: Vec<(f64, f64)> = (0..teams)
        .map(|t| {
            let (i, j) = (t % per_row, t / per_row);
            let rows = teams.div_ceil(per_row).max(1);
            (
                (i as f64 + 0.5) * side / per_row as f64,
                (j as f64 + 0.5) * side / rows as f64,
            )
        })
        .collect();
    let mut list = Vec::with_capacity(clients);
    let mut travel = Vec::with_capacity(clients);
    let mut total = [0.0f64; 2];
    for c in 0..clients {
        let (x, y) = (rng.random_range(0.0..side), rng.random_range(0.0..side));
        let basic = f64::from(rng.random_range(1..=20u32)) * 0.5;
        let nurse = if rng.random_range(0..4u32) == 0 {
            f64::from(rng.random_range(1..=6u32)) * 0.5
        } else {
            0.0
        };
        total[0] += basic;
        total[1] += nurse;
        let row: Vec<f64> = bases
            .iter()
            .map(|&(bx, by)| ((x - bx).hypot(y - by) * 1.3 / 30.0 * 60.0 * 10.0).round() / 10.0)
            .collect();
        // Old split: nearest base after shifting the client 3 km east (an outdated boundary).
        let current = bases
            .iter()
            .enumerate()
            .min_by(|a, b| {
                let da = (x + 3.0 - a.1.0).hypot(y - a.1.1);
                let db = (x + 3.0 - b.1.0).hypot(y - b.1.1);
                da.total_cmp(&db).then(a.0.cmp(&b.0))
            })
            .map(|(t, _)| t);
        list.push(AssignClient {
            id: format!("c{c}"),
            hours: vec![basic, nurse],
            current,
        });
        travel.push(row);
    }
    let teams_list = (0..teams)
        .map(|t| AssignTeam {
            id: format!("T{t}"),
            capacity: vec![
                (total[0] * 1.15 / teams as f64).ceil(),
                (total[1] * 1.15 / teams as f64).ceil(),
            ],
            max_clients: None,
        })
        .collect();
    AssignInstance {
        levels: vec!["helsefagarbeider".into(), "sykepleier".into()],
        clients: list,
        teams: teams_list,
        travel,
    }
}
