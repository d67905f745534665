//! The face-to-face post-pass: on each route, from the last visit backwards, every visit
//! first stretches inside its elastic band into the waiting before the next fixed point (the
//! next visit's start, the break, or the return), and a visit that is not linked then starts as
//! late as its window (without new lateness) and the next fixed point allow. Linked visits,
//! breaks and the return keep their times, so no link, lateness or overtime changes; waiting
//! turns into face-to-face time or moves to the start of the route, where the carer leaves
//! later.

use crate::model::CarerIdx;

use super::state::{Model, State, UNSET};

/// Planned starts and durations of route `r`'s visits after the post-pass.
pub(crate) fn route(m: &Model, st: &State, r: usize) -> (Vec<i64>, Vec<i64>) {
    let inst = m.inst;
    let seq = &st.routes[r];
    let carer = &inst.carers()[r];
    let n = seq.len();
    let mut start: Vec<i64> = seq.iter().map(|&v| st.start[v as usize]).collect();
    let mut planned: Vec<i64> = seq.iter().map(|&v| m.dur(v, r)).collect();
    let brk = st.brk[r];
    // The break sits at the location of the last visit that ends before it.
    let brk_after = (brk != UNSET).then(|| start.iter().take_while(|&&s| s < brk).count());
    let loc = |k: usize| m.loc[seq[k] as usize];
    for k in (0..n).rev() {
        let v = seq[k];
        let latest_end = if brk_after == Some(k + 1) {
            brk
        } else if k + 1 < n {
            start[k + 1] - m.tt_visit(r, loc(k), loc(k + 1))
        } else {
            st.end[r] - m.tt_end(r, loc(k), carer.end)
        };
        let visit = &inst.visits()[v as usize];
        let linked = !m.partners[v as usize].is_empty();
        let min_d = m.dur(v, r);
        let max_d = visit.max_duration_for(CarerIdx(r as u32));
        let s0 = start[k];
        let d = (latest_end - s0).clamp(min_d, max_d.max(min_d));
        planned[k] = d;
        if !linked {
            // Start later, staying in the same window and adding no lateness.
            let cap = visit
                .windows
                .iter()
                .find(|w| w.start <= s0 && s0 <= w.end)
                .map_or(s0, |w| w.end);
            start[k] = (latest_end - d).min(cap).max(s0);
        }
    }
    (start, planned)
}

/// Face-to-face time lost on route `r` after the post-pass (ticks): the elastic band left
/// unused plus the waiting between leaving the start location and arriving at the end (time
/// that is neither travel, stop overhead, service nor break).
pub(crate) fn loss(m: &Model, st: &State, r: usize) -> i64 {
    let seq = &st.routes[r];
    let Some(&first) = seq.first() else {
        return 0;
    };
    let carer = &m.inst.carers()[r];
    let (start, planned) = route(m, st, r);
    let mut unused = 0;
    let mut busy = 0;
    let mut at = carer.start;
    for (k, &v) in seq.iter().enumerate() {
        let top = m.inst.visits()[v as usize].max_duration_for(CarerIdx(r as u32));
        unused += (top - planned[k]).max(0);
        let to = m.loc[v as usize];
        busy += m.tt_visit(r, at, to) + planned[k];
        at = to;
    }
    busy += m.tt_end(r, at, carer.end);
    let brk = st.brk[r];
    if brk != UNSET {
        busy += carer.break_rule.map_or(0, |b| b.duration);
    }
    // Leave as late as the (post-pass) first visit allows, or at the break if it comes first.
    let leave = m.leave(r, first, start[0], brk);
    let waiting = (st.end[r] - leave - busy).max(0);
    unused + waiting
}
