//! Ruin and recreate with simulated annealing over [`State`]s.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::CareParams;
use super::state::{Model, NONE, Scratch, State};

/// Greedy cheapest insertion of `todo` (in an order drawn at random from several rules),
/// with blinks. Linked visits follow their partners directly. A visit is inserted only if
/// that costs less than leaving it out.
pub(crate) fn recreate(
    st: &mut State,
    m: &Model,
    p: &CareParams,
    mut todo: Vec<u32>,
    rng: &mut ChaCha8Rng,
    sc: &mut Scratch,
) {
    let visits = m.inst.visits();
    let open = |v: u32| visits[v as usize].windows.first().map_or(0, |w| w.start);
    let close = |v: u32| visits[v as usize].windows.last().map_or(0, |w| w.end);
    match rng.random_range(0..5u32) {
        0 => shuffle(&mut todo, rng),
        1 => todo.sort_by_key(|&v| (open(v), v)),
        2 => todo.sort_by_key(|&v| (close(v) - open(v), v)),
        3 => todo.sort_by_key(|&v| (std::cmp::Reverse(m.dur(v, 0)), v)),
        _ => todo.sort_by_key(|&v| (close(v), v)),
    }
    // Linked visits right after their partners (those not yet placed come next).
    let mut order = Vec::with_capacity(todo.len());
    let mut queued = vec![false; m.nv];
    for &v in &todo {
        if queued[v as usize] {
            continue;
        }
        queued[v as usize] = true;
        order.push(v);
        for q in &m.partners[v as usize] {
            let o = q.other as usize;
            if !queued[o] && st.route_of[o] == NONE && todo.contains(&q.other) {
                queued[o] = true;
                order.push(q.other);
            }
        }
    }
    let mut late_max = st.late_max(m);
    let mut cands: Vec<(f64, usize, usize)> = Vec::new();
    for v in order {
        if st.route_of[v as usize] != NONE {
            continue;
        }
        cands.clear();
        for &r in &m.qualified[v as usize] {
            let r = r as usize;
            if !st.admits(m, v, r) {
                continue;
            }
            for pos in 0..=st.routes[r].len() {
                if rng.random::<f64>() < p.blink_rate {
                    continue;
                }
                if let Some(lb) = st.insertion_bound(m, v, r, pos, late_max) {
                    cands.push((lb, r, pos));
                }
            }
        }
        let key = |a: &(f64, usize, usize), b: &(f64, usize, usize)| {
            a.0.total_cmp(&b.0).then((a.1, a.2).cmp(&(b.1, b.2)))
        };
        // Cheapest bound first; stop when the bound reaches the best cost found. The first
        // candidate usually settles the budget, so only the ones below it are sorted.
        let mut best: Option<(f64, usize, usize)> = None;
        let mut budget = m.drop[v as usize];
        if let Some(k) = (0..cands.len()).min_by(|&a, &b| key(&cands[a], &cands[b])) {
            let (lb, r, pos) = cands.swap_remove(k);
            if (lb < budget || m.w_f2f > 0.0)
                && let Some(d) = st.try_insert(m, v, r, pos, late_max, budget, sc)
                && d < budget
            {
                best = Some((d, r, pos));
                budget = d;
            }
            // Face-to-face pricing can make an insertion cheaper than its bound: try them all.
            let f2f = m.w_f2f > 0.0;
            cands.retain(|c| f2f || c.0 < budget);
            cands.sort_by(key);
            for &(lb, r, pos) in cands.iter() {
                if lb >= budget && !f2f {
                    break;
                }
                if let Some(d) = st.try_insert(m, v, r, pos, late_max, budget, sc)
                    && d < budget
                {
                    best = Some((d, r, pos));
                    budget = d;
                }
            }
        }
        if let Some((d, r, pos)) = best
            && d < m.drop[v as usize]
            && st.insert(m, v, r, pos, sc)
        {
            // Starts only grew: the visits the insertion moved give the new largest lateness.
            late_max = late_max.max(st.late_max_changed(m, sc));
        }
    }
}

/// Removes about `mean_removed` visits: strings of neighbours on nearby routes, visits close
/// in time, the latest visits, or a random set; linked partners usually go along.
pub(crate) fn ruin(st: &mut State, m: &Model, p: &CareParams, rng: &mut ChaCha8Rng) -> Vec<u32> {
    let assigned: Vec<u32> = (0..m.nv as u32)
        .filter(|&v| st.route_of[v as usize] != NONE)
        .collect();
    if assigned.is_empty() {
        return Vec::new();
    }
    let mean = p.mean_removed.min(assigned.len() as f64 / 3.0).max(1.0);
    let k = ((rng.random::<f64>() * 2.0 * mean) as usize).clamp(1, assigned.len());
    let seed = assigned[rng.random_range(0..assigned.len())];
    let mut out: Vec<u32> = Vec::with_capacity(k + 4);
    let take = |st: &mut State, v: u32, out: &mut Vec<u32>, rng: &mut ChaCha8Rng| {
        if st.route_of[v as usize] == NONE {
            return;
        }
        st.remove(m, v);
        out.push(v);
        if rng.random::<f64>() < p.pair_removal {
            for q in &m.partners[v as usize] {
                if st.route_of[q.other as usize] != NONE {
                    st.remove(m, q.other);
                    out.push(q.other);
                }
            }
        }
    };
    match rng.random_range(0..10u32) {
        // Strings around the neighbours of a seed (SISR-like), on distinct routes.
        0..=4 => {
            let mut ruined = vec![false; m.nc];
            let mut list = vec![seed];
            list.extend(m.near[seed as usize].iter().copied());
            for u in list {
                if out.len() >= k {
                    break;
                }
                let r = st.route_of[u as usize];
                if r == NONE || ruined[r as usize] {
                    continue;
                }
                ruined[r as usize] = true;
                let route = &st.routes[r as usize];
                let len = route.len();
                let l = rng
                    .random_range(1..=p.max_string_len.max(1))
                    .min(len)
                    .min(k - out.len());
                let at = st.idx[u as usize] as usize;
                let lo = at.saturating_sub(rng.random_range(0..l));
                let lo = lo.min(len - l);
                let string: Vec<u32> = route[lo..lo + l].to_vec();
                for v in string {
                    take(st, v, &mut out, rng);
                }
            }
        }
        // Visits whose starts are close to the seed's.
        5..=6 => {
            let t = st.start[seed as usize];
            let mut by_time = assigned.clone();
            by_time.sort_by_key(|&v| ((st.start[v as usize] - t).abs(), v));
            for v in by_time {
                if out.len() >= k {
                    break;
                }
                take(st, v, &mut out, rng);
            }
        }
        // The latest visits (lateness first), with some randomness.
        7 => {
            let mut by_late = assigned.clone();
            by_late.sort_by_cached_key(|&v| {
                (
                    std::cmp::Reverse(m.lateness(v, st.start[v as usize])),
                    rng.random::<u32>(),
                )
            });
            for v in by_late {
                if out.len() >= k {
                    break;
                }
                take(st, v, &mut out, rng);
            }
        }
        // Random visits.
        _ => {
            let mut pool = assigned;
            shuffle(&mut pool, rng);
            for v in pool {
                if out.len() >= k {
                    break;
                }
                take(st, v, &mut out, rng);
            }
        }
    }
    out
}

fn shuffle(v: &mut [u32], rng: &mut ChaCha8Rng) {
    for i in (1..v.len()).rev() {
        let j = rng.random_range(0..=i);
        v.swap(i, j);
    }
}
