//! Breaks (arbeidsmiljøloven § 10-9: a break when the working day exceeds 5.5 hours).
//!
//! A break lies in a gap of the route — before the first stop, between two stops, or after the
//! last — and never overlaps a stop or another break. The gap that holds breaks must also hold
//! the travel (and stop overhead) to the next stop, which is checked with the travel times; a
//! break after the last stop is taken before travelling back. Each break of a carer with a
//! rule lasts at least the rule's `duration` and starts inside its `window`; a route whose
//! working time exceeds `after_work` needs one such break. A carer without a rule gets no
//! breaks.

use crate::model::Carer;
use crate::plan::Break;

use super::{Sink, ViolationKind};

/// The breaks that fall into one gap of a route.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Gap {
    /// Their total length.
    pub total: i64,
    /// The earliest start.
    pub first_start: Option<i64>,
    /// The latest end.
    pub last_end: Option<i64>,
}

/// Breaks sorted into the gaps of a route.
pub(super) struct Placed {
    /// Gap `k` lies before stop `k`; gap `n` after the last stop.
    pub gaps: Vec<Gap>,
    /// Total length of all breaks.
    pub total: i64,
    /// Some break meets the carer's rule (length, window, no overlap).
    pub meets_rule: bool,
}

/// Sorts `breaks` into the gaps between `stops` (`(start, end)` in plan order), reporting every
/// break that overlaps a stop or another break, starts before the shift, or misses the rule.
pub(super) fn place(
    c: &Carer,
    rid: Option<&str>,
    breaks: &[Break],
    stops: &[(i64, i64)],
    sink: &mut Sink,
) -> Placed {
    let n = stops.len();
    let mut gaps = vec![Gap::default(); n + 1];
    let mut sorted = breaks.to_vec();
    sorted.sort_by_key(|b| (b.start, b.end));
    let mut total = 0i64;
    let mut meets_rule = false;
    let mut prev_end: Option<i64> = None;
    for b in sorted {
        let len = b.end.saturating_sub(b.start);
        let at = format!("the break {}..{}", b.start, b.end);
        if len < 0 {
            sink.push(
                ViolationKind::Break,
                rid,
                None,
                format!("{at} ends before it starts"),
            );
            continue;
        }
        total = total.saturating_add(len);
        let Some(rule) = c.break_rule else {
            sink.push(
                ViolationKind::Break,
                rid,
                None,
                format!("{at} is planned for a carer without a break rule"),
            );
            continue;
        };
        let mut ok = true;
        let k = stops.iter().take_while(|&&(_, e)| e <= b.start).count();
        if let Some(&(s, _)) = stops.get(k)
            && b.end > s
        {
            sink.push(
                ViolationKind::Break,
                rid,
                None,
                format!("{at} overlaps the stop starting at {s}"),
            );
            ok = false;
        }
        if let Some(pe) = prev_end
            && b.start < pe
        {
            sink.push(
                ViolationKind::Break,
                rid,
                None,
                format!("{at} overlaps another break, which ends at {pe}"),
            );
            ok = false;
        }
        if b.start < c.shift.start {
            sink.push(
                ViolationKind::Break,
                rid,
                None,
                format!("{at} starts before the shift starts at {}", c.shift.start),
            );
            ok = false;
        }
        if len < rule.duration {
            sink.push(
                ViolationKind::Break,
                rid,
                None,
                format!(
                    "{at} lasts {len} ticks, shorter than the {} the rule requires",
                    rule.duration
                ),
            );
            ok = false;
        }
        if !rule.window.contains(b.start) {
            sink.push(
                ViolationKind::Break,
                rid,
                None,
                format!(
                    "{at} starts outside the break window [{}, {}]",
                    rule.window.start, rule.window.end
                ),
            );
            ok = false;
        }
        meets_rule |= ok;
        prev_end = Some(prev_end.map_or(b.end, |e| e.max(b.end)));
        let g = &mut gaps[k];
        g.total = g.total.saturating_add(len);
        g.first_start = Some(g.first_start.map_or(b.start, |s| s.min(b.start)));
        g.last_end = Some(g.last_end.map_or(b.end, |e| e.max(b.end)));
    }
    Placed {
        gaps,
        total,
        meets_rule,
    }
}

/// Reports a route of `work` ticks that needs a break and has none that meets the rule.
pub(super) fn required(c: &Carer, rid: Option<&str>, work: i64, placed: &Placed, sink: &mut Sink) {
    let Some(rule) = c.break_rule else { return };
    if work > rule.after_work && !placed.meets_rule {
        sink.push(
            ViolationKind::Break,
            rid,
            None,
            format!(
                "the carer works {work} ticks, more than {}, without a break of at least {} \
                 ticks starting in [{}, {}]",
                rule.after_work, rule.duration, rule.window.start, rule.window.end
            ),
        );
    }
}
