//! Linked visits (two-carer visits and ordered pairs): both routed or neither, by two
//! different carers, the second starting `min_gap..=max_gap` ticks after the first.

use crate::model::{CarerIdx, Instance};

use super::{Sink, ViolationKind};

/// `served[v]` = (carer index, start) of every routed visit.
pub(super) fn check(inst: &Instance, served: &[Option<(u32, i64)>], sink: &mut Sink) {
    for l in inst.links() {
        let (a, b) = (inst.visit(l.first), inst.visit(l.second));
        let names = format!("\"{}\" and \"{}\"", a.id, b.id);
        match (served[l.first.0 as usize], served[l.second.0 as usize]) {
            (None, None) => {}
            (Some(_), None) | (None, Some(_)) => sink.push(
                ViolationKind::Link,
                None,
                Some(if served[l.first.0 as usize].is_some() {
                    &a.id
                } else {
                    &b.id
                }),
                format!("linked visits {names}: only one of them is routed"),
            ),
            (Some((ca, sa)), Some((cb, sb))) => {
                if ca == cb {
                    sink.push(
                        ViolationKind::LinkSameCarer,
                        Some(&inst.carer(CarerIdx(ca)).id),
                        Some(&b.id),
                        format!("linked visits {names} need two different carers"),
                    );
                }
                let gap = sb.saturating_sub(sa);
                if gap < l.min_gap || gap > l.max_gap {
                    sink.push(
                        ViolationKind::Link,
                        None,
                        Some(&b.id),
                        format!(
                            "linked visits {names} start {gap} ticks apart ({sa} and {sb}); \
                             the gap must be between {} and {}",
                            l.min_gap, l.max_gap
                        ),
                    );
                }
            }
        }
    }
}
