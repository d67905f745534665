//! Qualifications: the carer has every skill the visit requires, a competence level at least
//! the visit's minimum (sykepleier 3 ≥ helsefagarbeider 2 ≥ assistent 1; a higher level may do
//! a lower task), and is not on the visit's forbidden list.

use crate::model::{CarerIdx, Instance, Visit};

use super::{Sink, ViolationKind};

pub(super) fn check_stop(
    inst: &Instance,
    ci: CarerIdx,
    v: &Visit,
    rid: Option<&str>,
    vid: Option<&str>,
    sink: &mut Sink,
) {
    let c = inst.carer(ci);
    let missing = v.skills.0 & !c.skills.0;
    if missing != 0 {
        let names: Vec<&str> = inst
            .skills()
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < 64 && (missing >> i) & 1 == 1)
            .map(|(_, s)| s.as_str())
            .collect();
        sink.push(
            ViolationKind::Skill,
            rid,
            vid,
            format!("the carer lacks skill(s) {}", names.join(", ")),
        );
    }
    if c.level < v.min_level {
        sink.push(
            ViolationKind::Competence,
            rid,
            vid,
            format!(
                "the visit needs competence level {} and the carer has level {}",
                v.min_level, c.level
            ),
        );
    }
    if v.forbidden.contains(&ci) {
        sink.push(
            ViolationKind::ForbiddenCarer,
            rid,
            vid,
            format!("carer \"{}\" is on the visit's forbidden list", c.id),
        );
    }
}
