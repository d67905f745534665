//! Ruin (adjacent string removal) and recreate (greedy insertion with blinks) of
//! Slack Induction by String Removals: J. Christiaens and G. Vanden Berghe, "Slack induction by
//! string removals for vehicle routing problems", *Transportation Science* 54(2):417–433, 2020.

use rand::RngExt;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::RouteParams;
use super::solution::{Data, Route, Sol};

/// Removes strings of consecutive visits from routes near a random seed visit (the paper's
/// Algorithm 2) and returns the removed visits. Ruined routes are rescheduled; if removing a
/// visit breaks a route (possible when travel times violate the triangle inequality), visits
/// are removed from the first violation until the route is feasible again.
pub(crate) fn ruin(sol: &mut Sol, data: &Data, p: &RouteParams, rng: &mut ChaCha8Rng) -> Vec<u32> {
    let mut removed = Vec::new();
    let used = sol.routes.iter().filter(|r| !r.visits.is_empty()).count();
    if used == 0 {
        return removed;
    }
    let avg = sol.served() as f64 / used as f64;
    let ls_max = (p.max_string_len as f64).min(avg);
    let ks_max = 4.0 * p.mean_removed / (1.0 + ls_max) - 1.0;
    let ks = rng.random_range(1.0..(ks_max + 1.0).max(1.0 + f64::EPSILON)) as usize;
    let n = sol.route_of.len();
    let seed = rng.random_range(0..n);
    let mut ruined = vec![false; sol.routes.len()];
    let mut n_ruined = 0;
    for &c in &data.adjacency[seed] {
        if n_ruined >= ks.max(1) {
            break;
        }
        let Some(r) = sol.route_of[c as usize] else {
            continue;
        };
        let r = r as usize;
        if ruined[r] {
            continue;
        }
        let route = &mut sol.routes[r];
        let len = route.visits.len();
        let lt_max = ls_max.min(len as f64);
        let lt =
            (rng.random_range(1.0..(lt_max + 1.0).max(1.0 + f64::EPSILON)) as usize).clamp(1, len);
        let pos = route
            .visits
            .iter()
            .position(|&v| v == c)
            .unwrap_or_default();
        let split = lt < len && rng.random::<f64>() < p.split_rate;
        if split {
            let m_max = len - lt;
            let mut m = 1;
            while m < m_max && rng.random::<f64>() >= p.split_depth {
                m += 1;
            }
            let span = lt + m;
            let s = string_start(pos, span, len, rng);
            let keep_at = rng.random_range(0..=lt);
            let mut kept = Vec::with_capacity(len - lt);
            for (k, &v) in route.visits.iter().enumerate() {
                let inside = k >= s && k < s + span;
                if inside && !(k - s >= keep_at && k - s < keep_at + m) {
                    removed.push(v);
                } else {
                    kept.push(v);
                }
            }
            route.visits = kept;
        } else {
            let s = string_start(pos, lt, len, rng);
            removed.extend(route.visits.drain(s..s + lt));
        }
        ruined[r] = true;
        n_ruined += 1;
    }
    for (r, route) in sol.routes.iter_mut().enumerate() {
        if !ruined[r] {
            continue;
        }
        route.update(data);
        while let Some(i) = route.first_violation().filter(|_| !route.visits.is_empty()) {
            let k = i.clamp(1, route.visits.len()) - 1;
            removed.push(route.visits.remove(k));
            route.update(data);
        }
    }
    for &v in &removed {
        sol.route_of[v as usize] = None;
    }
    removed
}

/// A uniform start of a string of `span` consecutive positions in `0..len` containing `pos`.
fn string_start(pos: usize, span: usize, len: usize, rng: &mut ChaCha8Rng) -> usize {
    let lo = (pos + 1).saturating_sub(span);
    let hi = pos.min(len - span);
    rng.random_range(lo..=hi)
}

/// The order in which removed visits are reinserted.
#[derive(Clone, Copy, Debug)]
enum Order {
    Random,
    Demand,
    Far,
    Close,
    Window,
}

/// Reinserts `todo` plus the solution's unserved visits greedily (the paper's Algorithm 3):
/// each visit goes to the cheapest feasible position over all routes, where every position is
/// skipped ("blinked") with probability `blink_rate`, and only one empty route per carer class
/// is tried (none once `sol.route_cap` routes are in use). Visits with no feasible position
/// stay unserved.
pub(crate) fn recreate(
    sol: &mut Sol,
    data: &Data,
    p: &RouteParams,
    mut todo: Vec<u32>,
    rng: &mut ChaCha8Rng,
) {
    todo.append(&mut sol.unassigned);
    todo.shuffle(rng);
    // Weights of the paper: random 4, demand 4, far 2, close 1; time-window length 2.
    let order = match rng.random_range(0..13) {
        0..4 => Order::Random,
        4..8 => Order::Demand,
        8..10 => Order::Far,
        10..11 => Order::Close,
        _ => Order::Window,
    };
    let inst = data.inst;
    let depot_dist = |v: u32| -> i64 {
        let visit = &inst.visits()[v as usize];
        inst.carers().first().map_or(0, |c| {
            inst.matrices()[c.matrix].distance(c.start, visit.location)
        })
    };
    let window_len = |v: u32| -> i64 {
        inst.visits()[v as usize]
            .windows
            .iter()
            .map(|w| w.end - w.start)
            .sum()
    };
    match order {
        Order::Random => {}
        Order::Demand => todo.sort_by_key(|&v| std::cmp::Reverse(inst.visits()[v as usize].demand)),
        Order::Far => todo.sort_by_key(|&v| std::cmp::Reverse(depot_dist(v))),
        Order::Close => todo.sort_by_key(|&v| depot_dist(v)),
        Order::Window => todo.sort_by_key(|&v| window_len(v)),
    }
    let mut class_tried = vec![false; data.n_classes];
    let mut used = sol.routes_used();
    // Now and then the first visit that can open a new route must do so: greedy insertion alone
    // hardly ever opens one, even where more, shorter routes would be better.
    let mut open = p.open_route_rate > 0.0 && rng.random::<f64>() < p.open_route_rate;
    for v in todo {
        if data.excluded[v as usize] {
            sol.unassigned.push(v);
            continue;
        }
        class_tried.fill(false);
        let mut best: Option<(i64, usize, usize)> = None;
        for (r, route) in sol.routes.iter().enumerate() {
            if open && !route.visits.is_empty() {
                continue;
            }
            if route.visits.is_empty() {
                if used >= sol.route_cap {
                    continue;
                }
                let cl = data.class[route.carer];
                if class_tried[cl] {
                    continue;
                }
                class_tried[cl] = true;
            }
            if !route.admits(data, v) {
                continue;
            }
            for pos in route.candidate_range(data, v) {
                if rng.random::<f64>() < p.blink_rate {
                    continue;
                }
                if let Some(d) = route.insertion_delta(data, v, pos)
                    && best.is_none_or(|(bd, _, _)| d < bd)
                {
                    best = Some((d, r, pos));
                }
            }
        }
        if open {
            if best.is_none() {
                // No new route for this visit: insert it normally, keep trying with the next.
                class_tried.fill(false);
                for (r, route) in sol.routes.iter().enumerate() {
                    if route.visits.is_empty() || !route.admits(data, v) {
                        continue;
                    }
                    for pos in route.candidate_range(data, v) {
                        if let Some(d) = route.insertion_delta(data, v, pos)
                            && best.is_none_or(|(bd, _, _)| d < bd)
                        {
                            best = Some((d, r, pos));
                        }
                    }
                }
            } else {
                open = false;
            }
        }
        match best {
            Some((_, r, pos)) => {
                let route: &mut Route = &mut sol.routes[r];
                used += usize::from(route.visits.is_empty());
                route.visits.insert(pos, v);
                route.update(data);
                sol.route_of[v as usize] = Some(r as u32);
            }
            None => sol.unassigned.push(v),
        }
    }
}

/// Serves every unserved visit that fits somewhere: each (in visit order) goes to its cheapest
/// feasible position over all routes, with no blinks and no cap on the routes in use. Run on
/// the final plan, so that a visit is never left out while the plan as written has room for it
/// (the checker calls that an avoidable omission). Deterministic; changes nothing when every
/// visit is served.
pub(crate) fn fill(sol: &mut Sol, data: &Data) {
    let mut todo = std::mem::take(&mut sol.unassigned);
    todo.sort_unstable();
    for v in todo {
        if data.excluded[v as usize] {
            sol.unassigned.push(v);
            continue;
        }
        let mut best: Option<(i64, usize, usize)> = None;
        for (r, route) in sol.routes.iter().enumerate() {
            if !route.admits(data, v) {
                continue;
            }
            for pos in route.candidate_range(data, v) {
                if let Some(d) = route.insertion_delta(data, v, pos)
                    && best.is_none_or(|(bd, _, _)| d < bd)
                {
                    best = Some((d, r, pos));
                }
            }
        }
        match best {
            Some((_, r, pos)) => {
                let route: &mut Route = &mut sol.routes[r];
                route.visits.insert(pos, v);
                route.update(data);
                sol.route_of[v as usize] = Some(r as u32);
            }
            None => sol.unassigned.push(v),
        }
    }
}

/// Route minimisation of the paper (its Section 5, "fleet minimisation"): from a plan serving
/// every visit, take out the route with the fewest visits and try to fit its visits into the
/// others by ruin and recreate with at most the remaining number of routes. A candidate
/// replaces the current plan when it leaves fewer visits out, or visits that were left out less
/// often so far (the sum of their "absence" counters is smaller), which steers the search
/// towards placing the hard visits. Whenever all visits are served, the plan is recorded and
/// the next route is taken out. Runs while `go(iteration)` is true; returns the plan with the
/// fewest routes that serves every visit, and the iterations done.
pub(crate) fn minimise_routes(
    start: &Sol,
    data: &Data,
    p: &RouteParams,
    rng: &mut ChaCha8Rng,
    mut go: impl FnMut(u64) -> bool,
) -> (Sol, u64) {
    let mut best = start.clone();
    if !start.unassigned.is_empty() || start.routes_used() <= 1 {
        return (best, 0);
    }
    let mut absences = vec![0u64; start.route_of.len()];
    let absent =
        |s: &Sol, abs: &[u64]| -> u64 { s.unassigned.iter().map(|&v| abs[v as usize]).sum() };
    let mut cur = start.clone();
    take_out_route(&mut cur, data);
    let mut cand = cur.clone();
    let mut it = 0;
    while go(it) {
        it += 1;
        cand.clone_from(&cur);
        let removed = ruin(&mut cand, data, p, rng);
        recreate(&mut cand, data, p, removed, rng);
        if cand.unassigned.len() < cur.unassigned.len()
            || absent(&cand, &absences) < absent(&cur, &absences)
        {
            std::mem::swap(&mut cur, &mut cand);
            if cur.unassigned.is_empty() {
                best.clone_from(&cur);
                if cur.routes_used() <= 1 {
                    break;
                }
                take_out_route(&mut cur, data);
            }
        }
        for &v in &cand.unassigned {
            absences[v as usize] += 1;
        }
    }
    best.route_cap = best.routes_used();
    (best, it)
}

/// Empties the route with the fewest visits (ties: the lowest index), leaves its visits out and
/// caps the number of routes at those still in use.
fn take_out_route(sol: &mut Sol, data: &Data) {
    let pick = (0..sol.routes.len())
        .filter(|&r| !sol.routes[r].visits.is_empty())
        .min_by_key(|&r| (sol.routes[r].visits.len(), r));
    if let Some(r) = pick {
        let visits = std::mem::take(&mut sol.routes[r].visits);
        for &v in &visits {
            sol.route_of[v as usize] = None;
        }
        sol.unassigned.extend(visits);
        sol.routes[r].update(data);
        sol.route_cap = sol.routes_used();
    }
}
