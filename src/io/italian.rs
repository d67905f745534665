//! The real-city home health care instances of Ceschia, Di Gaspero, Rosati & Schaerf (Rome,
//! Cesena, Udine, Milan, Macerata; `../shared/data/hhc/SOURCES.md`): JSON with an integer
//! travel-time matrix in minutes (order: office, p1 … pn), patients with a time window,
//! one or two required services with durations and, for two, a synchronisation
//! (`simultaneous`, or `sequential` with a `[min, max]` gap), and caregivers with abilities.
//!
//! Mapping to the model: visit `"<patient>/<service>"` per required service (shown in plans as
//! patient + service), carer = caregiver id, all starting and ending at the (first) central
//! office with no shift limit; the window's end is soft (tardiness); the second service of a
//! patient starts `min..=max` minutes after the first (`0..=0` if simultaneous), by another
//! caregiver; the objective is (travel + total tardiness + largest tardiness) / 3 as for
//! Mankowska et al. Travel time = distance = the matrix entry. Window bounds are truncated
//! to whole minutes (the files carry floating-point noise such as 478.99999999999994, which
//! the authors' own plans treat as 478). One minute = 1000 ticks so that
//! fractional times in solution files stay exact.

use std::path::Path;

use serde::Deserialize;

use crate::error::Result;
use crate::model::{
    Carer, InstanceParts, Link, LocIdx, Matrix, OPEN_END, Objective, SkillSet, TimeWindow, Units,
    Visit, VisitIdx,
};

use super::input_error;

/// Ticks per minute.
pub const TICKS: i64 = 1000;

#[derive(Deserialize)]
struct Doc {
    name: String,
    distances: Vec<Vec<f64>>,
    patients: Vec<Patient>,
    caregivers: Vec<Caregiver>,
    services: Vec<Service>,
}

#[derive(Deserialize)]
struct Patient {
    id: String,
    time_window: [f64; 2],
    required_caregivers: Vec<Required>,
    #[serde(default)]
    synchronization: Option<Sync>,
}

#[derive(Deserialize)]
struct Required {
    service: String,
    duration: f64,
}

#[derive(Deserialize)]
struct Sync {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    distance: Option<[f64; 2]>,
}

#[derive(Deserialize)]
struct Caregiver {
    id: String,
    abilities: Vec<String>,
}

#[derive(Deserialize)]
struct Service {
    id: String,
}

/// Reads an instance of the Italian real-city set.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) if unreadable; [`Error::Input`](crate::Error::Input) naming the patient / caregiver and field for
/// malformed JSON, an unknown service, a matrix that is not square over office + patients,
/// negative or non-finite numbers, or a synchronisation on a patient without two services.
pub fn read_italian(path: &Path) -> Result<InstanceParts> {
    let text = crate::io::text::read_text(path)?;
    parse_italian(path, &text)
}

/// Parses the text of an instance of the Italian real-city set; `path` is used in messages.
///
/// # Errors
/// As [`read_italian`], without the I/O error.
pub fn parse_italian(path: &Path, text: &str) -> Result<InstanceParts> {
    let doc: Doc = crate::io::text::parse_json(path, text)?;
    let n = doc.patients.len() + 1;
    if doc.distances.len() != n || doc.distances.iter().any(|row| row.len() != n) {
        return Err(input_error(
            path,
            "distances",
            "distances",
            format!("must be {n} × {n} (office + {} patients)", n - 1),
        ));
    }
    if doc.services.len() > 64 {
        return Err(input_error(
            path,
            "services",
            "services",
            "at most 64 services",
        ));
    }
    let ticks = |v: f64, record: &str, field: &str| -> Result<i64> {
        if v.is_finite() && (0.0..1e9).contains(&v) {
            Ok((v * TICKS as f64).round() as i64)
        } else {
            Err(input_error(
                path,
                record,
                field,
                format!("{} is not a time", crate::io::text::show_number(v)),
            ))
        }
    };
    let mut dist = Vec::with_capacity(n * n);
    for (i, row) in doc.distances.iter().enumerate() {
        for v in row {
            dist.push(ticks(*v, &format!("distances row {}", i + 1), "distances")?);
        }
    }
    let skill = |name: &str, record: &str, field: &str| -> Result<u64> {
        doc.services
            .iter()
            .position(|s| s.id == name)
            .map(|i| 1u64 << i)
            .ok_or_else(|| input_error(path, record, field, format!("unknown service \"{name}\"")))
    };
    let mut visits = Vec::new();
    let mut links = Vec::new();
    for (i, p) in doc.patients.iter().enumerate() {
        let rec = format!("patient \"{}\"", p.id);
        // The files hold whole minutes with floating-point noise (478.99999999999994): like the
        // authors' solver, truncate to the minute (their Macerata plan starts p97 at 478).
        let [e, l] = p.time_window.map(f64::trunc);
        let window = TimeWindow::new(
            ticks(e, &rec, "time_window")?,
            ticks(l, &rec, "time_window")?,
        );
        if window.start > window.end || p.required_caregivers.is_empty() {
            return Err(input_error(
                path,
                rec,
                "time_window",
                "needs a window with start ≤ end and at least one required caregiver",
            ));
        }
        let first = visits.len();
        for req in &p.required_caregivers {
            visits.push(Visit {
                id: format!("{}/{}", p.id, req.service),
                location: LocIdx(i as u32 + 1),
                duration: ticks(req.duration, &rec, "duration")?,
                windows: vec![window],
                demand: 0,
                skills: SkillSet(skill(&req.service, &rec, "service")?),
                carer_durations: Vec::new(),
                late_allowed: true,
                service: Some(req.service.clone()),
                ..Visit::default()
            });
        }
        match (&p.synchronization, p.required_caregivers.len()) {
            (None, 1) => {}
            (Some(sync), 2) => {
                let (min_gap, max_gap) = match (sync.kind.as_str(), sync.distance) {
                    ("simultaneous", _) => (0, 0),
                    ("sequential", Some([lo, hi])) if lo <= hi => (
                        ticks(lo, &rec, "synchronization")?,
                        ticks(hi, &rec, "synchronization")?,
                    ),
                    (other, _) => {
                        return Err(input_error(
                            path,
                            rec,
                            "synchronization",
                            format!("unknown type \"{other}\" or missing [min, max] distance"),
                        ));
                    }
                };
                links.push(Link {
                    first: VisitIdx(first as u32),
                    second: VisitIdx(first as u32 + 1),
                    min_gap,
                    max_gap,
                });
            }
            (_, k) => {
                return Err(input_error(
                    path,
                    rec,
                    "synchronization",
                    format!("{k} required caregivers need a synchronisation exactly when k = 2"),
                ));
            }
        }
    }
    let mut carers = Vec::with_capacity(doc.caregivers.len());
    for c in &doc.caregivers {
        let rec = format!("caregiver \"{}\"", c.id);
        let mut skills = 0;
        for a in &c.abilities {
            skills |= skill(a, &rec, "abilities")?;
        }
        carers.push(Carer {
            id: c.id.clone(),
            start: LocIdx(0),
            end: LocIdx(0),
            shift: TimeWindow::new(0, OPEN_END),
            capacity: None,
            skills: SkillSet(skills),
            matrix: 0,
            ..Carer::default()
        });
    }
    Ok(InstanceParts {
        name: doc.name,
        visits,
        carers,
        matrices: vec![Matrix {
            n,
            durations: dist.clone(),
            distances: dist,
        }],
        skills: doc.services.iter().map(|s| s.id.clone()).collect(),
        units: Units {
            ticks_per_unit: TICKS,
            distance_per_unit: TICKS,
            unit_name: "min".into(),
        },
        links,
        objective: Objective {
            distance: 1.0 / 3.0,
            lateness: 1.0 / 3.0,
            max_lateness: 1.0 / 3.0,
            face_to_face: 0.0,
            balance: 0.0,
            ..Objective::default()
        },
        continuity: None,
    })
}
