//! Continuity of care (soft, counted and priced): visits done by a carer outside a non-empty
//! preferred list, and the distinct carers each client sees over the horizon — the carers of
//! earlier days (`Continuity::history`, by id, whether or not they work in this instance)
//! plus the carers of this plan.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{CarerIdx, Instance};

use super::Evaluation;

/// `served[v]` = (carer index, start) of every routed visit.
pub(super) fn evaluate(inst: &Instance, served: &[Option<(u32, i64)>], ev: &mut Evaluation) {
    let mut seen: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (v, s) in inst.visits().iter().zip(served) {
        let client = v.client.as_deref().unwrap_or(&v.id);
        let carers = seen.entry(client).or_default();
        let Some((c, _)) = *s else { continue };
        if !v.preferred.is_empty() && !v.preferred.contains(&CarerIdx(c)) {
            ev.preferred_misses += 1;
        }
        carers.insert(inst.carer(CarerIdx(c)).id.as_str());
    }
    let limit = inst.continuity();
    for (client, carers) in &mut seen {
        if let Some(earlier) = limit.and_then(|l| l.history.get(*client)) {
            carers.extend(earlier.iter().map(String::as_str));
        }
        let n = carers.len();
        ev.clients += 1;
        ev.client_carers += n;
        ev.max_carers_per_client = ev.max_carers_per_client.max(n);
        if let Some(l) = limit {
            ev.continuity_excess += n.saturating_sub(l.max_carers);
        }
    }
}
