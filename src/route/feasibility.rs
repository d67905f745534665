//! Time-window arithmetic and O(1) insertion checks.
//!
//! A route of carer `c` is the sequence `c.start, v1, …, vn, c.end` ("extended positions"
//! `0..=n+1`). For every position the route keeps
//!
//! - `earliest[i]`: the earliest feasible service start, given the predecessors (forward pass;
//!   `earliest[0]` is the shift start, `earliest[n+1]` the arrival back at the end location);
//! - `latest[i]`: the latest service start from which the successors are still feasible
//!   (backward pass; `latest[n+1]` is the shift end).
//!
//! Feasibility of the suffix from position `i` is monotone in the start time (arriving earlier
//! is never worse, because waiting is allowed), so with several disjoint windows per visit the
//! latest start is still a single number: the last point of any window that leaves enough time
//! for the rest. Inserting visit `v` between positions `p` and `p + 1` is then feasible iff `v`
//! has a window point at or after `earliest[p] + duration[p] + travel(p, v)`, and leaving `v`
//! from the first such point reaches position `p + 1` no later than `latest[p + 1]`.

use crate::model::TimeWindow;

/// Marks "no feasible start" in a forward pass.
pub(crate) const NEVER: i64 = i64::MAX;
/// Marks "no feasible start" in a backward pass.
pub(crate) const TOO_LATE: i64 = i64::MIN;

/// The first point at or after `t` that lies in one of `windows` (sorted, disjoint).
pub(crate) fn first_start(windows: &[TimeWindow], t: i64) -> Option<i64> {
    windows.iter().find(|w| t <= w.end).map(|w| t.max(w.start))
}

/// The last point at or before `t` that lies in one of `windows` (sorted, disjoint).
pub(crate) fn last_start(windows: &[TimeWindow], t: i64) -> Option<i64> {
    windows
        .iter()
        .rev()
        .find(|w| w.start <= t)
        .map(|w| t.min(w.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_points() {
        let ws = [TimeWindow::new(10, 20), TimeWindow::new(40, 50)];
        assert_eq!(first_start(&ws, 0), Some(10));
        assert_eq!(first_start(&ws, 15), Some(15));
        assert_eq!(first_start(&ws, 21), Some(40));
        assert_eq!(first_start(&ws, 51), None);
        assert_eq!(last_start(&ws, 60), Some(50));
        assert_eq!(last_start(&ws, 45), Some(45));
        assert_eq!(last_start(&ws, 30), Some(20));
        assert_eq!(last_start(&ws, 9), None);
    }
}
