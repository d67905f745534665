//! Local search: relocate, swap, 2-opt* and or-opt over granular neighbourhoods.
//!
//! The neighbourhoods are those of the classic VRPTW local searches (relocate and exchange of
//! M. W. P. Savelsbergh, "The vehicle routing problem with time windows: minimizing route
//! duration", *ORSA J. Computing* 4(2), 1992; 2-opt* of J.-Y. Potvin and J.-M. Rousseau,
//! "An exchange heuristic for routeing problems with time windows", *J. Oper. Res. Soc.* 46,
//! 1995; or-opt of I. Or, 1976), restricted to granular neighbourhoods (P. Toth and D. Vigo,
//! "The granular tabu search and its application to the vehicle-routing problem", *INFORMS J.
//! Computing* 15(4), 2003): a move is only tried between a visit `u` and one of its
//! [`RouteParams::ls_neighbours`] nearest visits `v`, and it creates an arc touching `u` and `v`.
//!
//! Every move rebuilds at most two routes, each described as *prefix of route X up to position
//! `p`* + *a short list of visits* + *suffix of route Y from position `j`*. Its time
//! feasibility is checked by propagating the earliest start from `X.earliest[p]` through the
//! short list and comparing the arrival at `j` with `Y.latest[j]` (forward/backward slack, see
//! `feasibility`), its distance from the routes' cumulative distances: O(1) for 2-opt*,
//! inter-route relocate, swap and or-opt, O(distance between `u` and `v` in the route) for
//! intra-route moves. A suffix moves to another carer only when both carers share the end
//! location, the shift end and the travel matrix (otherwise its cached latest starts would not
//! apply); skills and capacity are checked for every moved visit.
//!
//! The search is first-improvement, visits in index order, and stops at a local optimum (or
//! after one sweep for [`pass`]). It never makes the solution worse: a move is applied only if
//! it is feasible and strictly shortens the total distance.

use crate::model::CarerIdx;

use super::RouteParams;
use super::feasibility::{NEVER, TOO_LATE, first_start};
use super::solution::{Data, Route, Sol};

/// One rebuilt route: prefix of `routes[x]` up to extended position `p`, then `mid`, then the
/// suffix of `routes[y]` from extended position `j`. The result belongs to `routes[x]`'s carer.
#[derive(Clone, Copy)]
struct Piece {
    x: usize,
    p: usize,
    y: usize,
    j: usize,
}

/// Reusable buffers of the search.
struct Scratch {
    mid_a: Vec<u32>,
    mid_b: Vec<u32>,
}

/// Runs [`pass`] until no improving move is left (or [`RouteParams::ls_max_passes`] sweeps);
/// returns the total distance saved.
pub(crate) fn improve(sol: &mut Sol, data: &Data, params: &RouteParams) -> i64 {
    let mut touched = vec![true; sol.routes.len()];
    improve_touched(sol, data, params, &mut touched)
}

/// As [`improve`], but only visits on routes marked in `touched` start moves (their partners may
/// be anywhere); a route changed by a move is marked too. Used after ruin and recreate, when
/// the untouched routes were already searched.
pub(crate) fn improve_touched(
    sol: &mut Sol,
    data: &Data,
    params: &RouteParams,
    touched: &mut [bool],
) -> i64 {
    let mut saved = 0;
    let mut passes = 0;
    while params.ls_max_passes == 0 || passes < params.ls_max_passes {
        let s = pass(sol, data, params, touched);
        passes += 1;
        if s == 0 {
            break;
        }
        saved += s;
    }
    saved
}

/// One sweep over the served visits on touched routes, applying each improving move as soon as
/// it is found; returns the distance saved (0 when no move improves).
fn pass(sol: &mut Sol, data: &Data, params: &RouteParams, touched: &mut [bool]) -> i64 {
    let n = sol.route_of.len();
    let k = params.ls_neighbours;
    let mut scratch = Scratch {
        mid_a: Vec::with_capacity(16),
        mid_b: Vec::with_capacity(16),
    };
    let mut saved = 0;
    for u in 0..n as u32 {
        if !sol.route_of[u as usize].is_some_and(|r| touched[r as usize]) {
            continue;
        }
        for &v in data.adjacency[u as usize].iter().skip(1).take(k) {
            let (ra, rb) = (sol.route_of[u as usize], sol.route_of[v as usize]);
            if let Some(gain) = try_moves(sol, data, u, v, &mut scratch) {
                saved += gain;
                for r in [ra, rb].into_iter().flatten() {
                    touched[r as usize] = true;
                }
            }
        }
    }
    saved
}

/// Extended position of `v` in its route, and the route.
fn position(sol: &Sol, v: u32) -> Option<(usize, usize)> {
    let r = sol.route_of[v as usize]? as usize;
    let i = sol.routes[r].visits.iter().position(|&w| w == v)?;
    Some((r, i + 1))
}

/// Tries the moves between `u` and its neighbour `v` in a fixed order and applies the first
/// improving one; returns its gain.
fn try_moves(sol: &mut Sol, data: &Data, u: u32, v: u32, s: &mut Scratch) -> Option<i64> {
    let (a, pu) = position(sol, u)?;
    let (b, pv) = position(sol, v)?;
    let na = sol.routes[a].visits.len();
    if a != b {
        // Relocate u after v, then before v.
        s.mid_a.clear();
        s.mid_b.clear();
        s.mid_b.push(u);
        let ra = Piece {
            x: a,
            p: pu - 1,
            y: a,
            j: pu + 1,
        };
        for (p, j) in [(pv, pv + 1), (pv - 1, pv)] {
            let rb = Piece { x: b, p, y: b, j };
            if let Some(g) = attempt(sol, data, ra, rb, s) {
                return Some(g);
            }
        }
        // Swap u and v.
        s.mid_a.clear();
        s.mid_a.push(v);
        let ra = Piece {
            x: a,
            p: pu - 1,
            y: a,
            j: pu + 1,
        };
        let rb = Piece {
            x: b,
            p: pv - 1,
            y: b,
            j: pv + 1,
        };
        if let Some(g) = attempt(sol, data, ra, rb, s) {
            return Some(g);
        }
        // 2-opt*: A up to u then v onwards; B up to v's predecessor then u's successors.
        s.mid_a.clear();
        s.mid_b.clear();
        let ra = Piece {
            x: a,
            p: pu,
            y: b,
            j: pv,
        };
        let rb = Piece {
            x: b,
            p: pv - 1,
            y: a,
            j: pu + 1,
        };
        if let Some(g) = attempt(sol, data, ra, rb, s) {
            return Some(g);
        }
        // 2-opt*, other direction: B up to v then u onwards.
        let ra = Piece {
            x: a,
            p: pu - 1,
            y: b,
            j: pv + 1,
        };
        let rb = Piece {
            x: b,
            p: pv,
            y: a,
            j: pu,
        };
        if let Some(g) = attempt(sol, data, ra, rb, s) {
            return Some(g);
        }
        // Or-opt: the string of 2 or 3 visits starting at u goes after v (forward or reversed).
        for len in [2, 3] {
            if pu + len - 1 > na {
                break;
            }
            let ra = Piece {
                x: a,
                p: pu - 1,
                y: a,
                j: pu + len,
            };
            let rb = Piece {
                x: b,
                p: pv,
                y: b,
                j: pv + 1,
            };
            for reversed in [false, true] {
                s.mid_a.clear();
                s.mid_b.clear();
                s.mid_b
                    .extend_from_slice(&sol.routes[a].visits[pu - 1..pu - 1 + len]);
                if reversed {
                    s.mid_b.reverse();
                }
                if let Some(g) = attempt(sol, data, ra, rb, s) {
                    return Some(g);
                }
            }
        }
        None
    } else {
        // Intra-route relocate of u right after v, and swap of u and v.
        let visits = &sol.routes[a].visits;
        s.mid_b.clear();
        s.mid_a.clear();
        let (lo, hi) = (pu.min(pv), pu.max(pv));
        // Relocate u after v.
        if pu < pv {
            // ... u, x.., v, ... → ..., x.., v, u, ...
            s.mid_a.extend_from_slice(&visits[pu..pv]);
            s.mid_a.push(u);
            let r = Piece {
                x: a,
                p: pu - 1,
                y: a,
                j: pv + 1,
            };
            if let Some(g) = attempt_one(sol, data, r, s) {
                return Some(g);
            }
        } else if pu > pv + 1 {
            // ..., v, x.., u, ... → ..., v, u, x.., ...
            s.mid_a.push(u);
            s.mid_a.extend_from_slice(&visits[pv..pu - 1]);
            let r = Piece {
                x: a,
                p: pv,
                y: a,
                j: pu + 1,
            };
            if let Some(g) = attempt_one(sol, data, r, s) {
                return Some(g);
            }
        }
        // Swap u and v.
        let visits = &sol.routes[a].visits;
        s.mid_a.clear();
        s.mid_a.push(visits[hi - 1]);
        s.mid_a.extend_from_slice(&visits[lo..hi - 1]);
        s.mid_a.push(visits[lo - 1]);
        let r = Piece {
            x: a,
            p: lo - 1,
            y: a,
            j: hi + 1,
        };
        attempt_one(sol, data, r, s)
    }
}

/// Applies the two-route move (`ra` with `s.mid_a`, `rb` with `s.mid_b`) if it is feasible and
/// improving; returns the gain.
fn attempt(sol: &mut Sol, data: &Data, ra: Piece, rb: Piece, s: &Scratch) -> Option<i64> {
    let new_a = evaluate(sol, data, ra, &s.mid_a)?;
    let new_b = evaluate(sol, data, rb, &s.mid_b)?;
    let old = sol.routes[ra.x].distance + sol.routes[rb.x].distance;
    let gain = old - new_a - new_b;
    if gain <= 0 {
        return None;
    }
    let va = build(sol, ra, &s.mid_a);
    let vb = build(sol, rb, &s.mid_b);
    install(sol, data, ra.x, va);
    install(sol, data, rb.x, vb);
    Some(gain)
}

/// Applies the one-route move `r` with `s.mid_a` if it is feasible and improving.
fn attempt_one(sol: &mut Sol, data: &Data, r: Piece, s: &Scratch) -> Option<i64> {
    let new = evaluate(sol, data, r, &s.mid_a)?;
    let gain = sol.routes[r.x].distance - new;
    if gain <= 0 {
        return None;
    }
    let v = build(sol, r, &s.mid_a);
    install(sol, data, r.x, v);
    Some(gain)
}

/// The visits of the rebuilt route.
fn build(sol: &Sol, piece: Piece, mid: &[u32]) -> Vec<u32> {
    let x = &sol.routes[piece.x];
    let y = &sol.routes[piece.y];
    let mut out = Vec::with_capacity(piece.p + mid.len() + (y.visits.len() + 1 - piece.j));
    out.extend_from_slice(&x.visits[..piece.p]);
    out.extend_from_slice(mid);
    out.extend_from_slice(&y.visits[piece.j - 1..]);
    out
}

/// Replaces route `r`'s visits and recomputes its schedule.
fn install(sol: &mut Sol, data: &Data, r: usize, visits: Vec<u32>) {
    for &v in &visits {
        sol.route_of[v as usize] = Some(r as u32);
    }
    let route = &mut sol.routes[r];
    route.visits = visits;
    route.update(data);
    debug_assert!(route.feasible(data), "local search keeps routes feasible");
}

/// Distance of the rebuilt route, or `None` if it breaks a time window, the shift, capacity or
/// skills, or if the suffix cannot move to the prefix's carer in O(1).
fn evaluate(sol: &Sol, data: &Data, piece: Piece, mid: &[u32]) -> Option<i64> {
    let x: &Route = &sol.routes[piece.x];
    let y: &Route = &sol.routes[piece.y];
    let inst = data.inst;
    let carer = &inst.carers()[x.carer];
    let ny = y.visits.len();
    if piece.x != piece.y {
        if data.tail_class[x.carer] != data.tail_class[y.carer] {
            return None;
        }
        let other = &inst.carers()[y.carer];
        if !carer.skills.covers(other.skills) {
            for &w in &y.visits[piece.j - 1..] {
                if !carer.skills.covers(inst.visits()[w as usize].skills) {
                    return None;
                }
            }
        }
    }
    for &w in mid {
        if !carer.skills.covers(inst.visits()[w as usize].skills) {
            return None;
        }
    }
    if let Some(q) = carer.capacity {
        let mid_load: i64 = mid.iter().map(|&w| inst.visits()[w as usize].demand).sum();
        let load = x.cum_load[piece.p] + mid_load + (y.load - y.cum_load[piece.j - 1]);
        if load > q {
            return None;
        }
    }
    let m = x.matrix(data);
    let mut t = x.depart[piece.p];
    if t == NEVER {
        return None;
    }
    let mut at = x.loc(piece.p);
    let mut dist = x.cum_dist[piece.p];
    for &w in mid {
        let visit = &inst.visits()[w as usize];
        let arrival = t + m.duration(at, visit.location);
        let start = first_start(&visit.windows, arrival)?;
        t = start + visit.duration_for(CarerIdx(x.carer as u32));
        dist += m.distance(at, visit.location);
        at = visit.location;
    }
    let next = y.loc(piece.j);
    let latest = y.latest[piece.j];
    if latest == TOO_LATE || t + m.duration(at, next) > latest {
        return None;
    }
    let visits = piece.p + mid.len() + (ny + 1 - piece.j);
    if visits == 0 {
        return Some(0);
    }
    dist += m.distance(at, next) + (y.cum_dist[ny + 1] - y.cum_dist[piece.j]);
    Some(dist)
}
